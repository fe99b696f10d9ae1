import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ListarTicketsDoContatoQuery, listarTicketsDoContatoQuerySchema, ticketPaginaSchema } from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodQuery, ZodQuery } from '../../common/zod-api.decorators.js';
import { ApiZodResposta } from './api-resposta.decorator.js';
import { IdParam } from './id-param.decorator.js';
import { TicketService } from './ticket.service.js';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('atendimento/contatos')
export class ContatoTicketsController {
  constructor(private readonly tickets: TicketService) {}

  @Get(':contatoId/tickets')
  @ApiOperation({ summary: 'Histórico de tickets do contato em todos os canais, mais recentes primeiro' })
  @ApiZodQuery(listarTicketsDoContatoQuerySchema)
  @ApiZodResposta(ticketPaginaSchema)
  listar(
    @IdParam('contatoId') contatoId: string,
    @ZodQuery(listarTicketsDoContatoQuerySchema) query: ListarTicketsDoContatoQuery,
    @AtorAtual() ator: Ator,
  ) {
    return this.tickets.listarTicketsDoContato(contatoId, query, ator);
  }
}
