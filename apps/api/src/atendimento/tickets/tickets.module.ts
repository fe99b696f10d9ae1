import { Module } from '@nestjs/common';
import { ContatoTicketsController } from './contato-tickets.controller.js';
import { TicketEventoRepository } from './ticket-evento.repository.js';
import { TicketReferenciasRepository } from './ticket-referencias.repository.js';
import { TicketController } from './ticket.controller.js';
import { TicketRepository } from './ticket.repository.js';
import { TicketService } from './ticket.service.js';

@Module({
  controllers: [TicketController, ContatoTicketsController],
  providers: [TicketRepository, TicketEventoRepository, TicketReferenciasRepository, TicketService],
  exports: [TicketService, TicketRepository, TicketReferenciasRepository],
})
export class TicketsModule {}
