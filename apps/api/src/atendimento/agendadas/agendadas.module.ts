import { Module } from '@nestjs/common';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { SlaModule } from '../sla/sla.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { MensagemAgendadaController } from './mensagem-agendada.controller.js';
import { MensagemAgendadaRepository } from './mensagem-agendada.repository.js';
import { MensagemAgendadaService } from './mensagem-agendada.service.js';

/** Scheduled mensagens (text or template at a date), sent by durable jobs. */
@Module({
  imports: [TicketsModule, MensagensModule, SlaModule],
  controllers: [MensagemAgendadaController],
  providers: [MensagemAgendadaRepository, MensagemAgendadaService],
})
export class AgendadasModule {}
