import { Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IniciarWorkflow, iniciarWorkflowSchema } from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { WorkflowService } from './workflow.service.js';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('atendimento/tickets/:ticketId/workflow')
export class TicketWorkflowController {
  constructor(private readonly workflows: WorkflowService) {}

  @Get()
  @ApiOperation({ summary: 'Workflows que rodaram no ticket (o ativo primeiro), com passo atual e dados coletados' })
  listar(@Param('ticketId', ParseUUIDPipe) ticketId: string, @AtorAtual() ator: Ator) {
    return this.workflows.estadosDoTicket(ticketId, ator);
  }

  @Post()
  @ApiOperation({ summary: 'Iniciar um workflow no ticket (o ticket sai da distribuição até o fim ou o handoff)' })
  @ApiZodBody(iniciarWorkflowSchema)
  iniciar(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @ZodBody(iniciarWorkflowSchema) dto: IniciarWorkflow,
    @AtorAtual() ator: Ator,
  ) {
    return this.workflows.iniciarNoTicket(ticketId, dto, ator);
  }

  @Delete()
  @ApiOperation({ summary: 'Cancelar o workflow em andamento no ticket (o ticket volta para a fila)' })
  cancelar(@Param('ticketId', ParseUUIDPipe) ticketId: string, @AtorAtual() ator: Ator) {
    return this.workflows.cancelarNoTicket(ticketId, ator);
  }
}
