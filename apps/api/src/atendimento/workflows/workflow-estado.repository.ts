import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { WorkflowEstado } from './workflow-estado.entity.js';

const ATIVOS = `('ativo', 'aguardando_resposta', 'aguardando_tempo')`;

/** A customer mensagem as a workflow question reads it. */
export interface RespostaRecebida {
  texto: string | null;
  interativaId: string | null;
}

/**
 * Where each ticket is in a workflow (`atendimento_workflow_estados`, at most one active per ticket), and the
 * few ticket facts the runtime reads and writes next to it.
 */
@Injectable()
export class WorkflowEstadoRepository extends TenantRepository<WorkflowEstado> {
  constructor(tx: TransactionHost) {
    super(tx, WorkflowEstado, 'estado');
  }

  /** The ticket's active state, locked until commit. */
  async ativoDoTicket(ticketId: string): Promise<WorkflowEstado | null> {
    return this.scoped()
      .andWhere('estado.ticket_id = :ticketId', { ticketId })
      .andWhere(`estado.status IN ${ATIVOS}`)
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Without locking: a cheap check before taking the ticket's lock (always ticket first, then state). */
  async existeAtivo(ticketId: string): Promise<boolean> {
    return this.scoped().andWhere('estado.ticket_id = :ticketId', { ticketId }).andWhere(`estado.status IN ${ATIVOS}`).getExists();
  }

  async travar(id: string): Promise<WorkflowEstado | null> {
    return this.scoped().andWhere('estado.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async doTicket(ticketId: string): Promise<WorkflowEstado[]> {
    return this.scoped()
      .andWhere('estado.ticket_id = :ticketId', { ticketId })
      .orderBy('estado.iniciado_em', 'DESC')
      .addOrderBy('estado.id', 'DESC')
      .getMany();
  }

  /** Whether the workflow already ran on the ticket since `desde` (the conversation's start or last reopening). */
  async jaRodou(ticketId: string, workflowId: string, desde: Date): Promise<boolean> {
    const linhas = await this.tx.query(
      `SELECT 1 FROM atendimento_workflow_estados
        WHERE empresa_id = $1 AND ticket_id = $2 AND workflow_id = $3 AND iniciado_em >= $4 LIMIT 1`,
      [this.empresaId, ticketId, workflowId, desde],
    );
    return linhas.length > 0;
  }

  /** Customer mensagens of the ticket since `desde` (1: the mensagem that opened the conversation). */
  async recebidasDesde(ticketId: string, desde: Date): Promise<number> {
    const [linha] = await this.tx.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_mensagens
        WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND criado_em >= $3`,
      [this.empresaId, ticketId, desde],
    );
    return linha?.total ?? 0;
  }

  /** The text and the tapped choice of a customer mensagem; null when it is not one. */
  async resposta(mensagemId: string): Promise<RespostaRecebida | null> {
    const [linha] = await this.tx.query<RespostaRecebida>(
      `SELECT conteudo AS texto, payload -> 'interativa' ->> 'id' AS "interativaId" FROM atendimento_mensagens
        WHERE empresa_id = $1 AND id = $2 AND direcao = 'recebida' AND NOT privada`,
      [this.empresaId, mensagemId],
    );
    return linha ?? null;
  }

  /** The canal's default fila (where a workflow that ends without a handoff leaves the ticket). */
  async filaPadraoDoCanal(canalId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ fila_padrao_id: string | null }>(
      `SELECT fila_padrao_id FROM atendimento_canais WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, canalId],
    );
    return linha?.fila_padrao_id ?? null;
  }

  async registrarEventoDoTicket(
    ticketId: string,
    tipo: 'workflow_iniciado' | 'workflow_concluido' | 'bot_handoff',
    dados: Record<string, unknown>,
    paraFilaId: string | null = null,
  ): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, ator, para_fila_id, dados)
       VALUES ($1, $2, $3, 'bot', $4, $5::jsonb)`,
      [this.empresaId, ticketId, tipo, paraFilaId, JSON.stringify(dados)],
    );
  }
}
