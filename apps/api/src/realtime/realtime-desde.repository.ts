import { Injectable } from '@nestjs/common';
import { condicaoVisibilidade } from '../atendimento/tickets/ticket-visibilidade.js';
import { Ticket } from '../atendimento/tickets/ticket.entity.js';
import { TransactionHost } from '../database/transaction-host.js';
import { TenantRepository } from '../database/tenant.repository.js';

/** How far back mensagens are looked at for changes after creation (delivery statuses follow within hours). */
const JANELA_DE_STATUS = `interval '24 hours'`;

/**
 * The catch-up queries: what changed since an instant among the tickets a usuario may see (the tickets module's
 * own visibility condition, so the rule is the REST API's), on existing indexes only:
 * - tickets: last activity `(empresa_id, ultima_atividade_em, id)` plus the ticket event rows
 *   `(empresa_id, ocorrido_em)`, which TicketService writes for every change (creation, status, atribuição,
 *   transferência, prioridade, tags, removal…);
 * - mensagens: created since `(empresa_id, criado_em)`, plus those created in the previous 24 hours whose
 *   row changed since (delivery statuses, edits, reactions).
 */
@Injectable()
export class RealtimeDesdeRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 't');
  }

  /** Ids of visible tickets changed at or after `desde`; `removido` for soft-deleted ones. */
  async ticketsAlterados(
    desde: Date,
    usuarioRestrito: string | null,
    limite: number,
  ): Promise<{ id: string; removido: boolean }[]> {
    const visivel = usuarioRestrito ? `AND ${condicaoVisibilidade('t', '$1', '$4')}` : '';
    return this.tx.query<{ id: string; removido: boolean }>(
      `WITH alterados AS (
         SELECT a.id FROM atendimento_tickets a
          WHERE a.empresa_id = $1 AND a.ultima_atividade_em >= $2 AND a.removido_em IS NULL
         UNION
         SELECT e.ticket_id FROM atendimento_ticket_eventos e
          WHERE e.empresa_id = $1 AND e.ocorrido_em >= $2)
       SELECT t.id, t.removido_em IS NOT NULL AS removido
         FROM alterados
         JOIN atendimento_tickets t ON t.id = alterados.id AND t.empresa_id = $1
        WHERE true ${visivel}
        ORDER BY t.ultima_atividade_em, t.id
        LIMIT $3`,
      [this.empresaId, desde, limite, ...(usuarioRestrito ? [usuarioRestrito] : [])],
    );
  }

  /** Ids of mensagens created or changed at or after `desde` in visible, not deleted tickets, oldest first. */
  async mensagensAlteradas(desde: Date, usuarioRestrito: string | null, limite: number): Promise<string[]> {
    const visivel = usuarioRestrito ? `AND ${condicaoVisibilidade('t', '$1', '$4')}` : '';
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT m.id
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id
        WHERE m.empresa_id = $1
          AND m.criado_em >= $2::timestamptz - ${JANELA_DE_STATUS}
          AND (m.criado_em >= $2 OR m.atualizado_em >= $2)
          AND t.removido_em IS NULL ${visivel}
        ORDER BY m.criado_em, m.id
        LIMIT $3`,
      [this.empresaId, desde, limite, ...(usuarioRestrito ? [usuarioRestrito] : [])],
    );
    return linhas.map((linha) => linha.id);
  }
}
