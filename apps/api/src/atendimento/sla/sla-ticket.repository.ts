import { Injectable } from '@nestjs/common';
import type { SlaMeta } from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Ticket, type TicketPrioridade, type TicketStatus } from '../tickets/ticket.entity.js';
import type { EventoDoTicket } from './sla-prazos.js';

/** What the SLA clocks read of a ticket. */
export interface TicketDoSla {
  id: string;
  empresaId: string;
  numero: number;
  status: TicketStatus;
  filaId: string | null;
  atendenteId: string | null;
  prioridade: TicketPrioridade;
  removido: boolean;
  tagIds: string[];
}

export interface PrazosGravados {
  slaPoliticaId: string | null;
  primeiraResposta: Date | null;
  proximaResposta: Date | null;
  resolucao: Date | null;
  violadas: SlaMeta[];
}

interface LinhaTicket {
  id: string;
  empresa_id: string;
  numero: number;
  status: TicketStatus;
  fila_id: string | null;
  atendente_id: string | null;
  prioridade: TicketPrioridade;
  removido: boolean;
  tag_ids: string[] | null;
}

/**
 * The SLA columns of tickets and the SLA event rows. Status changes never happen here (TicketService owns
 * them); this writes only the planned due times, the breach flags and the SLA's own events.
 */
@Injectable()
export class SlaTicketRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /** Locked until commit, so two re-plannings of one ticket run one after the other. */
  async carregarParaPlanejar(ticketId: string): Promise<TicketDoSla | null> {
    const [linha] = await this.tx.query<LinhaTicket>(
      `SELECT t.id, t.empresa_id, t.numero, t.status, t.fila_id, t.atendente_id, t.prioridade, t.removido_em IS NOT NULL AS removido,
              ARRAY(SELECT tt.tag_id FROM atendimento_tickets_tags tt WHERE tt.empresa_id = t.empresa_id AND tt.ticket_id = t.id) AS tag_ids
         FROM atendimento_tickets t WHERE t.empresa_id = $1 AND t.id = $2 FOR UPDATE OF t`,
      [this.empresaId, ticketId],
    );
    if (!linha) return null;
    return {
      id: linha.id,
      empresaId: linha.empresa_id,
      numero: linha.numero,
      status: linha.status,
      filaId: linha.fila_id,
      atendenteId: linha.atendente_id,
      prioridade: linha.prioridade,
      removido: linha.removido,
      tagIds: linha.tag_ids ?? [],
    };
  }

  /** The ticket's whole history in order (the clocks are recomputed from it every time). */
  async eventos(ticketId: string): Promise<EventoDoTicket[]> {
    const linhas = await this.tx.query<{
      tipo: string;
      ator: string;
      de_status: string | null;
      para_status: string | null;
      ocorrido_em: Date;
      dados: Record<string, unknown>;
    }>(
      `SELECT tipo, ator, de_status, para_status, ocorrido_em, dados FROM atendimento_ticket_eventos
        WHERE empresa_id = $1 AND ticket_id = $2 ORDER BY ocorrido_em, criado_em, id`,
      [this.empresaId, ticketId],
    );
    return linhas.map((l) => ({
      tipo: l.tipo,
      ator: l.ator,
      deStatus: l.de_status,
      paraStatus: l.para_status,
      ocorridoEm: new Date(l.ocorrido_em),
      dados: l.dados,
    }));
  }

  /** No policy applies any more: no due times; the breach flags stay (they are history). */
  async limparPrazos(ticketId: string): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_tickets SET sla_politica_id = NULL, sla_primeira_resposta_prazo = NULL, sla_proxima_resposta_prazo = NULL,
              sla_resolucao_prazo = NULL
        WHERE empresa_id = $1 AND id = $2 AND (sla_politica_id IS NOT NULL OR sla_primeira_resposta_prazo IS NOT NULL
              OR sla_proxima_resposta_prazo IS NOT NULL OR sla_resolucao_prazo IS NOT NULL)`,
      [this.empresaId, ticketId],
    );
  }

  async gravarPrazos(ticketId: string, prazos: PrazosGravados): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_tickets SET sla_politica_id = $3, sla_primeira_resposta_prazo = $4, sla_proxima_resposta_prazo = $5,
              sla_resolucao_prazo = $6, sla_primeira_resposta_violado = $7, sla_proxima_resposta_violado = $8,
              sla_resolucao_violado = $9
        WHERE empresa_id = $1 AND id = $2`,
      [
        this.empresaId,
        ticketId,
        prazos.slaPoliticaId,
        prazos.primeiraResposta,
        prazos.proximaResposta,
        prazos.resolucao,
        prazos.violadas.includes('primeira_resposta'),
        prazos.violadas.includes('proxima_resposta'),
        prazos.violadas.includes('resolucao'),
      ],
    );
  }

  /** An SLA event row (`sla_alerta`, `sla_violado`, or the escalation's `prioridade_alterada`). */
  async registrarEvento(
    ticketId: string,
    tipo: 'sla_alerta' | 'sla_violado' | 'prioridade_alterada' | 'fora_expediente',
    ocorridoEm: Date,
    dados: Record<string, unknown>,
  ): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, ator, dados, ocorrido_em)
       VALUES ($1, $2, $3, 'sistema', $4::jsonb, $5)`,
      [this.empresaId, ticketId, tipo, JSON.stringify(dados), ocorridoEm],
    );
  }

  async alterarPrioridade(ticketId: string, prioridade: TicketPrioridade): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_tickets SET prioridade = $3, atualizado_em = now() WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, ticketId, prioridade],
    );
  }

  async filaAtiva(filaId: string): Promise<boolean> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_filas WHERE empresa_id = $1 AND id = $2 AND ativo`,
      [this.empresaId, filaId],
    );
    return linha !== undefined;
  }

  /** A customer's mensagem and what the out-of-hours reply needs of its ticket; null for any other mensagem. */
  async mensagemRecebida(mensagemId: string): Promise<{
    ticketId: string;
    empresaId: string;
    canalId: string | null;
    contatoId: string;
    filaId: string | null;
    foraExpedienteAvisado: boolean;
  } | null> {
    const [linha] = await this.tx.query<{
      ticket_id: string;
      empresa_id: string;
      canal_id: string | null;
      contato_id: string;
      fila_id: string | null;
      avisado: boolean;
    }>(
      `SELECT t.id AS ticket_id, t.empresa_id, t.canal_id, t.contato_id, t.fila_id, t.fora_expediente_avisado_em IS NOT NULL AS avisado
         FROM atendimento_mensagens m JOIN atendimento_tickets t ON t.empresa_id = m.empresa_id AND t.id = m.ticket_id
        WHERE m.empresa_id = $1 AND m.id = $2 AND m.direcao = 'recebida' AND NOT m.privada
          AND t.removido_em IS NULL AND t.status NOT IN ('resolvido', 'fechado')
          -- The AI bot answers round the clock: the closed-hours notice waits for its handoff to people.
          AND NOT t.bot_ativo
          -- So does a workflow in progress.
          AND NOT EXISTS (SELECT 1 FROM atendimento_workflow_estados w
                           WHERE w.empresa_id = t.empresa_id AND w.ticket_id = t.id
                             AND w.status IN ('ativo', 'aguardando_resposta', 'aguardando_tempo'))`,
      [this.empresaId, mensagemId],
    );
    if (!linha) return null;
    return {
      ticketId: linha.ticket_id,
      empresaId: linha.empresa_id,
      canalId: linha.canal_id,
      contatoId: linha.contato_id,
      filaId: linha.fila_id,
      foraExpedienteAvisado: linha.avisado,
    };
  }

  /** Sets the once-per-conversation mark; false when it was already set. */
  async marcarForaExpedienteAvisado(ticketId: string, em: Date): Promise<boolean> {
    const linhas = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_tickets SET fora_expediente_avisado_em = $3
        WHERE empresa_id = $1 AND id = $2 AND fora_expediente_avisado_em IS NULL RETURNING id`,
      [this.empresaId, ticketId, em],
    );
    return linhas.length > 0;
  }

  async atendenteAtivo(atendenteId: string): Promise<boolean> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_atendentes WHERE empresa_id = $1 AND id = $2 AND ativo`,
      [this.empresaId, atendenteId],
    );
    return linha !== undefined;
  }
}
