import { Module } from '@nestjs/common';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CsatController } from './csat.controller.js';
import { CsatRepository } from './csat.repository.js';
import { CsatService } from './csat.service.js';

/**
 * The CSAT survey after resolution: settings per empresa, the scheduled send, and the answers (recorded with
 * `avaliar`'s rule). `CsatService.enviarPesquisa(ticketId)` is the entry point for automations.
 */
@Module({
  imports: [TicketsModule, MensagensModule],
  controllers: [CsatController],
  providers: [CsatRepository, CsatService],
  exports: [CsatService],
})
export class CsatModule {}
