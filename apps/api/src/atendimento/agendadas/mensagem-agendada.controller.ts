import { Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarMensagemAgendada,
  atualizarMensagemAgendadaSchema,
  type CriarMensagemAgendada,
  criarMensagemAgendadaSchema,
} from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { MensagemAgendadaService } from './mensagem-agendada.service.js';

@ApiTags('mensagens')
@ApiBearerAuth()
@Controller('atendimento/tickets/:ticketId/agendamentos')
export class MensagemAgendadaController {
  constructor(private readonly agendadas: MensagemAgendadaService) {}

  @Get()
  @ApiOperation({ summary: 'Mensagens agendadas do ticket, pela data de envio' })
  listar(@Param('ticketId', ParseUUIDPipe) ticketId: string, @AtorAtual() ator: Ator) {
    return this.agendadas.listar(ticketId, ator);
  }

  @Post()
  @ApiOperation({ summary: 'Agendar um texto ou template para uma data (enviado por um job durável)' })
  @ApiZodBody(criarMensagemAgendadaSchema)
  criar(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @ZodBody(criarMensagemAgendadaSchema) dto: CriarMensagemAgendada,
    @AtorAtual() ator: Ator,
  ) {
    return this.agendadas.criar(ticketId, dto, ator);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Alterar uma mensagem agendada (enquanto não enviada)' })
  @ApiZodBody(atualizarMensagemAgendadaSchema)
  atualizar(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @ZodBody(atualizarMensagemAgendadaSchema) dto: AtualizarMensagemAgendada,
    @AtorAtual() ator: Ator,
  ) {
    return this.agendadas.atualizar(ticketId, id, dto, ator);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancelar uma mensagem agendada (enquanto não enviada); responde com ela cancelada' })
  cancelar(@Param('ticketId', ParseUUIDPipe) ticketId: string, @Param('id', ParseUUIDPipe) id: string, @AtorAtual() ator: Ator) {
    return this.agendadas.cancelar(ticketId, id, ator);
  }
}
