import { Module } from '@nestjs/common';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CalendarioComercialModule } from './calendario-comercial.module.js';
import { ExpedienteController } from './expediente.controller.js';
import { ExpedienteService } from './expediente.service.js';
import { FeriadoController } from './feriado.controller.js';
import { ForaExpedienteService } from './fora-expediente.service.js';
import { SlaCronometroService } from './sla-cronometro.service.js';
import { SlaPoliticaController } from './sla-politica.controller.js';
import { SlaPoliticaRepository } from './sla-politica.repository.js';
import { SlaPoliticaService } from './sla-politica.service.js';
import { SlaTicketRepository } from './sla-ticket.repository.js';

/** Business hours (expedientes, holidays), SLA policies and the SLA clocks. */
@Module({
  imports: [TicketsModule, MensagensModule, RealtimeModule, CalendarioComercialModule],
  controllers: [ExpedienteController, FeriadoController, SlaPoliticaController],
  providers: [
    ExpedienteService,
    SlaPoliticaRepository,
    SlaPoliticaService,
    SlaTicketRepository,
    SlaCronometroService,
    ForaExpedienteService,
  ],
  exports: [CalendarioComercialModule, ExpedienteService, SlaCronometroService, ForaExpedienteService],
})
export class SlaModule {}
