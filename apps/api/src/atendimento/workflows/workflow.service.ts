import { Injectable } from '@nestjs/common';
import {
  type AtualizarWorkflow,
  type CriarWorkflow,
  criarWorkflowSchema,
  type IniciarWorkflow,
  type WorkflowDefinicao,
  type WorkflowDto,
  type WorkflowEstadoDto,
  type WorkflowEstadoStatus,
} from '@atende/shared';
import type { Ator } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { TicketService } from '../tickets/ticket.service.js';
import { workflowDeExemplo } from './workflow-exemplo.js';
import { WorkflowMotor } from './workflow-motor.service.js';
import type { WorkflowEstado } from './workflow-estado.entity.js';
import { WorkflowEstadoRepository } from './workflow-estado.repository.js';
import type { Workflow } from './workflow.entity.js';
import { WorkflowException } from './workflow.exception.js';
import { WorkflowRepository } from './workflow.repository.js';

function toWorkflowDto(workflow: Workflow): WorkflowDto {
  return {
    id: workflow.id,
    nome: workflow.nome,
    descricao: workflow.descricao,
    gatilho: workflow.gatilho,
    gatilhoConfig: workflow.gatilhoConfig as WorkflowDto['gatilhoConfig'],
    definicao: workflow.definicao as WorkflowDefinicao,
    versao: workflow.versao,
    ativo: workflow.ativo,
    criadoEm: workflow.criadoEm.toISOString(),
    atualizadoEm: workflow.atualizadoEm.toISOString(),
  };
}

function toEstadoDto(estado: WorkflowEstado): WorkflowEstadoDto {
  const variaveis: Record<string, string> = {};
  for (const [nome, valor] of Object.entries(estado.variaveis)) if (typeof valor === 'string') variaveis[nome] = valor;
  return {
    id: estado.id,
    workflowId: estado.workflowId,
    ticketId: estado.ticketId,
    workflowVersao: estado.workflowVersao,
    passoAtual: estado.passoAtual,
    variaveis,
    status: estado.status as WorkflowEstadoStatus,
    aguardandoAte: estado.aguardandoAte?.toISOString() ?? null,
    tentativasInvalidas: estado.tentativasInvalidas,
    erro: estado.erro,
    iniciadoEm: estado.iniciadoEm.toISOString(),
    concluidoEm: estado.concluidoEm?.toISOString() ?? null,
  };
}

/** Workflow CRUD (the graph itself is checked by the shared schema) and the per-ticket start, cancel and history. */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly workflows: WorkflowRepository,
    private readonly estados: WorkflowEstadoRepository,
    private readonly tickets: TicketService,
    private readonly motor: WorkflowMotor,
  ) {}

  async listar(): Promise<WorkflowDto[]> {
    return (await this.workflows.listar()).map(toWorkflowDto);
  }

  async buscar(id: string): Promise<WorkflowDto> {
    return toWorkflowDto(await this.encontrar(id));
  }

  async criar(dto: CriarWorkflow): Promise<WorkflowDto> {
    return this.tx.run(async () => {
      const existente = await this.workflows.findPorNome(dto.nome);
      if (existente) throw WorkflowException.nomeEmUso(existente.nome, existente.id);
      await this.verificarReferencias(dto.definicao, dto.gatilhoConfig.canalIds);
      const workflow = await this.workflows.create({
        nome: dto.nome,
        descricao: dto.descricao ?? null,
        gatilho: dto.gatilho,
        gatilhoConfig: dto.gatilhoConfig,
        definicao: dto.definicao,
        versao: 1,
        ativo: dto.ativo,
      });
      return toWorkflowDto(workflow);
    });
  }

  /** A new definition bumps `versao`; conversations in flight keep the snapshot they started with. */
  async atualizar(id: string, dto: AtualizarWorkflow): Promise<WorkflowDto> {
    return this.tx.run(async () => {
      const workflow = await this.encontrar(id);
      if (dto.nome !== undefined) {
        const existente = await this.workflows.findPorNome(dto.nome, workflow.id);
        if (existente) throw WorkflowException.nomeEmUso(existente.nome, existente.id);
      }
      await this.verificarReferencias(dto.definicao, dto.gatilhoConfig?.canalIds);
      await this.workflows.update(workflow.id, {
        ...(dto.nome !== undefined ? { nome: dto.nome } : {}),
        ...(dto.descricao !== undefined ? { descricao: dto.descricao } : {}),
        ...(dto.gatilho !== undefined ? { gatilho: dto.gatilho } : {}),
        ...(dto.gatilhoConfig !== undefined ? { gatilhoConfig: dto.gatilhoConfig } : {}),
        ...(dto.definicao !== undefined ? { definicao: dto.definicao, versao: workflow.versao + 1 } : {}),
        ...(dto.ativo !== undefined ? { ativo: dto.ativo } : {}),
      });
      return toWorkflowDto(await this.encontrar(id));
    });
  }

  /** The demo empresa's example (inactive), once: see workflow-exemplo.ts. Runs in the caller's empresa context. */
  async semearExemplo(): Promise<void> {
    await this.tx.run(async () => {
      const exemplo = criarWorkflowSchema.parse(workflowDeExemplo());
      if (await this.workflows.findPorNome(exemplo.nome)) return;
      await this.workflows.create({ ...exemplo, descricao: exemplo.descricao ?? null, versao: 1 });
    });
  }

  /** Removing a workflow removes its states too: conversations in it stop and their tickets become distributable. */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.workflows.delete((await this.encontrar(id)).id);
    });
  }

  // --------------------------------------------------------------------------------------------- tickets

  async estadosDoTicket(ticketId: string, ator: Ator): Promise<WorkflowEstadoDto[]> {
    await this.tickets.garantirVisivel(ticketId, ator);
    return (await this.estados.doTicket(ticketId)).map(toEstadoDto);
  }

  /** Manual start: the ticket must be open, have a canal and not be in another workflow. */
  async iniciarNoTicket(ticketId: string, dto: IniciarWorkflow, ator: Ator): Promise<WorkflowEstadoDto> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.carregarVisivel(ticketId, ator, true);
      const workflow = await this.encontrar(dto.workflowId);
      if (!workflow.ativo) throw WorkflowException.inativo(workflow.nome);
      if (ticket.status === 'resolvido' || ticket.status === 'fechado')
        throw WorkflowException.ticketEncerrado(ticket.numero, ticket.status);
      if (!ticket.canalId) throw WorkflowException.ticketSemCanal(ticket.numero);
      const ativo = await this.estados.ativoDoTicket(ticket.id);
      if (ativo) throw WorkflowException.jaEmAndamento(ativo.id);
      const estado = await this.motor.iniciar(ticket, workflow, 'manual');
      return toEstadoDto((await this.estados.findById(estado.id)) ?? estado);
    });
  }

  async cancelarNoTicket(ticketId: string, ator: Ator): Promise<WorkflowEstadoDto> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.carregarVisivel(ticketId, ator, true);
      const estado = await this.estados.ativoDoTicket(ticket.id);
      if (!estado) throw WorkflowException.nenhumEmAndamento();
      await this.motor.cancelar(estado, ticket, 'cancelado pelo usuário');
      return toEstadoDto(estado);
    });
  }

  // ------------------------------------------------------------------------------------------- internals

  private async encontrar(id: string): Promise<Workflow> {
    const workflow = await this.workflows.findById(id);
    if (!workflow) throw WorkflowException.naoEncontrado();
    return workflow;
  }

  /** Filas of `transferir` steps and trigger canais must be this empresa's: 400 naming the step or field. */
  private async verificarReferencias(definicao: WorkflowDefinicao | undefined, canalIds: string[] | undefined): Promise<void> {
    if (definicao) {
      const transferencias = Object.entries(definicao.passos).flatMap(([id, passo]) =>
        passo.tipo === 'transferir' && passo.filaId !== undefined ? [{ id, filaId: passo.filaId }] : [],
      );
      const filas = await this.workflows.filasAtivas(transferencias.map((t) => t.filaId));
      const invalida = transferencias.find((t) => !filas.has(t.filaId));
      if (invalida)
        throw WorkflowException.referenciaInvalida(
          `definicao.passos.${invalida.id}.filaId`,
          `passo "${invalida.id}": fila não encontrada (ou inativa) nesta empresa`,
        );
    }
    if (canalIds && canalIds.length > 0) {
      const canais = await this.workflows.canaisExistentes(canalIds);
      const indice = canalIds.findIndex((id) => !canais.has(id));
      if (indice >= 0) throw WorkflowException.referenciaInvalida(`gatilhoConfig.canalIds.${indice}`, 'canal não encontrado nesta empresa');
    }
  }
}
