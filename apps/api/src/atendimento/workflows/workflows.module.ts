import { Module } from '@nestjs/common';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { CalendarioComercialModule } from '../sla/calendario-comercial.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { TicketWorkflowController } from './ticket-workflow.controller.js';
import { WorkflowEstadoRepository } from './workflow-estado.repository.js';
import { WorkflowMotor } from './workflow-motor.service.js';
import { WorkflowController } from './workflow.controller.js';
import { WorkflowRepository } from './workflow.repository.js';
import { WorkflowService } from './workflow.service.js';

/**
 * Workflows: stored multi-step bots (CRUD), their per-ticket runtime (states, durable waits) and triggers. The
 * inbound pipeline hands it each customer mensagem (`WorkflowMotor.aoMensagemDoCliente`); distribution and the
 * fila menu read its state rows, so this module depends on neither.
 */
@Module({
  imports: [TicketsModule, MensagensModule, CalendarioComercialModule],
  controllers: [WorkflowController, TicketWorkflowController],
  providers: [WorkflowRepository, WorkflowEstadoRepository, WorkflowMotor, WorkflowService],
  exports: [WorkflowMotor, WorkflowService],
})
export class WorkflowsModule {}
