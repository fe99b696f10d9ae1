import { Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AlterarStatusTicket,
  alterarStatusTicketSchema,
  type AtribuirTicket,
  atribuirTicketSchema,
  type AtualizarTicket,
  atualizarTicketSchema,
  type AvaliarTicket,
  avaliarTicketSchema,
  type CriarTicket,
  criarTicketSchema,
  type ListarTicketEventosQuery,
  listarTicketEventosQuerySchema,
  type ListarTicketsQuery,
  listarTicketsQuerySchema,
  type MotivoTicket,
  motivoTicketSchema,
  ticketEventoPaginaSchema,
  ticketPaginaSchema,
  ticketSchema,
  type TransferirTicket,
  transferirTicketSchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { ApiZodResposta } from './api-resposta.decorator.js';
import { IdParam } from './id-param.decorator.js';
import { TicketService } from './ticket.service.js';

const VISIBILIDADE =
  'Atendentes veem os tickets das suas filas e os atribuídos a eles; supervisores e administradores veem todos os da empresa. Um ticket fora disso responde 404.';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('atendimento/tickets')
export class TicketController {
  constructor(private readonly tickets: TicketService) {}

  @Get()
  @ApiOperation({
    summary: 'Lista tickets (paginação por cursor, mais recentes por atividade primeiro)',
    description: `Filtros combinados com E. q: busca textual nas mensagens (português, sem acentos) ou o número do ticket. ${VISIBILIDADE}`,
  })
  @ApiZodQuery(listarTicketsQuerySchema)
  @ApiZodResposta(ticketPaginaSchema)
  listar(@ZodQuery(listarTicketsQuerySchema) query: ListarTicketsQuery, @AtorAtual() ator: Ator) {
    return this.tickets.listarTickets(query, ator);
  }

  @Post()
  @ApiOperation({
    summary: 'Abre um ticket manualmente para um contato num canal',
    description: '409 se o contato já tem um ticket aberto nesse canal.',
  })
  @ApiZodBody(criarTicketSchema)
  @ApiZodResposta(ticketSchema, HttpStatus.CREATED)
  criar(@ZodBody(criarTicketSchema) dto: CriarTicket, @AtorAtual() ator: Ator) {
    return this.tickets.criarTicket(dto, ator);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um ticket', description: VISIBILIDADE })
  @ApiZodResposta(ticketSchema)
  buscar(@IdParam('id') id: string, @AtorAtual() ator: Ator) {
    return this.tickets.buscarTicket(id, ator);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Altera prioridade e/ou assunto' })
  @ApiZodBody(atualizarTicketSchema)
  @ApiZodResposta(ticketSchema)
  atualizar(@IdParam('id') id: string, @ZodBody(atualizarTicketSchema) dto: AtualizarTicket, @AtorAtual() ator: Ator) {
    return this.tickets.atualizarTicket(id, dto, ator);
  }

  @Delete(':id')
  @Papeis('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove um ticket (administradores; exclusão lógica, o histórico fica)' })
  remover(@IdParam('id') id: string, @AtorAtual() ator: Ator) {
    return this.tickets.removerTicket(id, ator);
  }

  @Get(':id/eventos')
  @ApiOperation({ summary: 'Histórico do ticket (quem fez o quê e quando), do mais antigo ao mais recente' })
  @ApiZodQuery(listarTicketEventosQuerySchema)
  @ApiZodResposta(ticketEventoPaginaSchema)
  eventos(
    @IdParam('id') id: string,
    @ZodQuery(listarTicketEventosQuerySchema) query: ListarTicketEventosQuery,
    @AtorAtual() ator: Ator,
  ) {
    return this.tickets.listarEventos(id, query, ator);
  }

  @Post(':id/atribuir')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Atribui a um atendente (sem atendenteId: a mim)',
    description: 'aberto → em_atendimento. Atendentes só atribuem a si mesmos; para passar a outra pessoa use /transferir.',
  })
  @ApiZodBody(atribuirTicketSchema)
  @ApiZodResposta(ticketSchema)
  atribuir(@IdParam('id') id: string, @ZodBody(atribuirTicketSchema) dto: AtribuirTicket, @AtorAtual() ator: Ator) {
    return this.tickets.atribuirAtendente(id, dto, ator);
  }

  @Post(':id/transferir')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Transfere para uma fila e/ou um atendente, com motivo',
    description: 'Só para uma fila: o ticket sai do atendente e volta a aguardar na fila (aberto).',
  })
  @ApiZodBody(transferirTicketSchema)
  @ApiZodResposta(ticketSchema)
  transferir(@IdParam('id') id: string, @ZodBody(transferirTicketSchema) dto: TransferirTicket, @AtorAtual() ator: Ator) {
    return this.tickets.transferir(id, dto, ator);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Muda o status (ex.: em_atendimento → pendente para aguardar o cliente)',
    description: 'Transições inválidas respondem 409 dizendo de qual para qual status e quais são possíveis.',
  })
  @ApiZodBody(alterarStatusTicketSchema)
  @ApiZodResposta(ticketSchema)
  status(@IdParam('id') id: string, @ZodBody(alterarStatusTicketSchema) dto: AlterarStatusTicket, @AtorAtual() ator: Ator) {
    return this.tickets.atualizarStatus(id, dto, ator);
  }

  @Post(':id/resolver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resolve o ticket' })
  @ApiZodBody(motivoTicketSchema)
  @ApiZodResposta(ticketSchema)
  resolver(@IdParam('id') id: string, @ZodBody(motivoTicketSchema) dto: MotivoTicket, @AtorAtual() ator: Ator) {
    return this.tickets.resolver(id, dto, ator);
  }

  @Post(':id/reabrir')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reabre um ticket resolvido (volta ao atendente, ou à fila se não tiver)' })
  @ApiZodBody(motivoTicketSchema)
  @ApiZodResposta(ticketSchema)
  reabrir(@IdParam('id') id: string, @ZodBody(motivoTicketSchema) dto: MotivoTicket, @AtorAtual() ator: Ator) {
    return this.tickets.reabrir(id, dto, ator);
  }

  @Post(':id/fechar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fecha um ticket resolvido (status final)' })
  @ApiZodBody(motivoTicketSchema)
  @ApiZodResposta(ticketSchema)
  fechar(@IdParam('id') id: string, @ZodBody(motivoTicketSchema) dto: MotivoTicket, @AtorAtual() ator: Ator) {
    return this.tickets.fecharTicket(id, dto, ator);
  }

  @Post(':id/avaliar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Registra a avaliação (CSAT 1–5 e comentário), uma vez por resolução' })
  @ApiZodBody(avaliarTicketSchema)
  @ApiZodResposta(ticketSchema)
  avaliar(@IdParam('id') id: string, @ZodBody(avaliarTicketSchema) dto: AvaliarTicket, @AtorAtual() ator: Ator) {
    return this.tickets.avaliar(id, dto, ator);
  }
}
