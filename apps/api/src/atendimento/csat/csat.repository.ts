import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Ticket } from '../tickets/ticket.entity.js';

/** What the survey needs of a ticket. */
export interface TicketDaPesquisa {
  id: string;
  status: Ticket['status'];
  canalId: string | null;
  contatoId: string;
  resolvidoEm: Date | null;
  avaliadoEm: Date | null;
  avaliacaoSolicitadaEm: Date | null;
}

/** The CSAT settings of the empresa (`empresas.configuracoes.csat`) and the tickets waiting for an answer. */
@Injectable()
export class CsatRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /** The stored settings as they are (validated by the caller); null when never set. */
  async configuracao(): Promise<unknown> {
    const [linha] = await this.tx.query<{ csat: unknown }>(`SELECT configuracoes -> 'csat' AS csat FROM empresas WHERE id = $1`, [
      this.empresaId,
    ]);
    return linha?.csat ?? null;
  }

  async salvarConfiguracao(csat: object): Promise<void> {
    await this.tx.query(
      `UPDATE empresas SET configuracoes = jsonb_set(configuracoes, '{csat}', $2::jsonb), atualizado_em = now() WHERE id = $1`,
      [this.empresaId, JSON.stringify(csat)],
    );
  }

  async ticket(ticketId: string): Promise<TicketDaPesquisa | null> {
    const [linha] = await this.tx.query<TicketDaPesquisa>(
      `SELECT id, status, canal_id AS "canalId", contato_id AS "contatoId", resolvido_em AS "resolvidoEm",
              avaliado_em AS "avaliadoEm", avaliacao_solicitada_em AS "avaliacaoSolicitadaEm"
         FROM atendimento_tickets WHERE empresa_id = $1 AND id = $2 AND removido_em IS NULL`,
      [this.empresaId, ticketId],
    );
    return linha ?? null;
  }

  /**
   * The contato's ticket on the canal whose survey went out within the last `janelaHoras` and is not answered
   * yet, locked; null when the contato has an open ticket there (the mensagem belongs to that conversation).
   */
  async aguardandoResposta(contatoId: string, canalId: string, janelaHoras: number): Promise<string | null> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT t.id FROM atendimento_tickets t
        WHERE t.empresa_id = $1 AND t.contato_id = $2 AND t.canal_id = $3 AND t.removido_em IS NULL
          AND t.status IN ('resolvido', 'fechado') AND t.avaliado_em IS NULL
          AND t.avaliacao_solicitada_em >= now() - make_interval(hours => $4::int)
          AND NOT EXISTS (SELECT 1 FROM atendimento_tickets a
                           WHERE a.empresa_id = t.empresa_id AND a.contato_id = t.contato_id AND a.canal_id = t.canal_id
                             AND a.status NOT IN ('resolvido', 'fechado') AND a.removido_em IS NULL)
        ORDER BY t.avaliacao_solicitada_em DESC LIMIT 1
          FOR UPDATE OF t`,
      [this.empresaId, contatoId, canalId, janelaHoras],
    );
    return linha?.id ?? null;
  }
}
