import { Injectable } from '@nestjs/common';
import type { MensagemReacao } from '../../atendimento/mensagens/mensagem.entity.js';
import { Mensagem } from '../../atendimento/mensagens/mensagem.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

/** A stored mensagem that an inbound event points at, with what a domain event needs to route it. */
export interface MensagemAlvo {
  id: string;
  ticketId: string;
  filaId: string | null;
  atendenteId: string | null;
  conteudo: string | null;
  removidaEm: Date | null;
  reacoes: MensagemReacao[];
}

interface LinhaAlvo {
  id: string;
  ticket_id: string;
  fila_id: string | null;
  atendente_id: string | null;
  conteudo: string | null;
  removida_em: Date | null;
  reacoes: MensagemReacao[];
}

/**
 * The changes inbound events make to mensagens that already exist: the customer edits, deletes or reacts to
 * a message, and downloaded media is marked on the payload. Saving new mensagens and moving delivery statuses stay with
 * MensagemService; these are the in-place updates it has no method for.
 */
@Injectable()
export class MensagemAlvoRepository extends TenantRepository<Mensagem> {
  constructor(tx: TransactionHost) {
    super(tx, Mensagem, 'mensagem');
  }

  /** By the provider's id on its canal, locked for the update that follows. */
  async findPorExternalId(canalId: string, externalId: string): Promise<MensagemAlvo | null> {
    const rows = await this.tx.query<LinhaAlvo>(
      `SELECT m.id, m.ticket_id, t.fila_id, t.atendente_id, m.conteudo, m.removida_em, m.reacoes
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id
        WHERE m.empresa_id = $1 AND m.canal_id = $2 AND m.external_id = $3
        FOR UPDATE OF m`,
      [this.empresaId, canalId, externalId],
    );
    return rows[0] ? toAlvo(rows[0]) : null;
  }

  /**
   * Our sends to one customer on a canal that a read/delivery watermark (Messenger, Instagram) covers: those
   * the provider accepted (they have its id), created at or before the watermark, and not yet at `status`.
   */
  async enviadasAteMarca(
    canalId: string,
    tipoIdentidade: string,
    destinatario: string,
    ate: Date,
    status: 'entregue' | 'lida',
  ): Promise<string[]> {
    const anteriores = status === 'lida' ? ['enviada', 'entregue'] : ['enviada'];
    const rows = await this.tx.query<{ id: string }>(
      `SELECT m.id FROM atendimento_mensagens m
        WHERE m.empresa_id = $1 AND m.canal_id = $2 AND m.direcao = 'enviada' AND NOT m.privada
          AND m.external_id IS NOT NULL AND m.status = ANY($6::text[]) AND m.criado_em <= $5
          AND m.contato_id IN (SELECT i.contato_id FROM atendimento_contato_identidades i
                                WHERE i.empresa_id = $1 AND i.tipo = $3 AND i.valor = $4)
        ORDER BY m.criado_em, m.id
        LIMIT 1000`,
      [this.empresaId, canalId, tipoIdentidade, destinatario, ate, anteriores],
    );
    return rows.map((row) => row.id);
  }

  async findPorIdComTicket(id: string): Promise<MensagemAlvo | null> {
    const rows = await this.tx.query<LinhaAlvo>(
      `SELECT m.id, m.ticket_id, t.fila_id, t.atendente_id, m.conteudo, m.removida_em, m.reacoes
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id
        WHERE m.empresa_id = $1 AND m.id = $2
        FOR UPDATE OF m`,
      [this.empresaId, id],
    );
    return rows[0] ? toAlvo(rows[0]) : null;
  }

  /** The customer edited the text: the new text replaces it, the first version stays in the payload. */
  async registrarEdicao(id: string, conteudo: string | null, em: Date, original: string | null): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_mensagens
          SET conteudo = $3,
              editada_em = $4,
              payload = CASE WHEN payload->'conteudoOriginal' IS NULL THEN payload || jsonb_build_object('conteudoOriginal', $5::text) ELSE payload END,
              atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2`,
      [id, this.empresaId, conteudo, em, original],
    );
  }

  async registrarRemocao(id: string, em: Date): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_mensagens SET removida_em = $3, atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2 AND removida_em IS NULL`,
      [id, this.empresaId, em],
    );
  }

  /** The customer has at most one reaction per mensagem: a new one replaces it, `null` removes it. */
  async definirReacaoDoContato(id: string, reacao: MensagemReacao | null): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_mensagens
          SET reacoes = (SELECT coalesce(jsonb_agg(r), '[]'::jsonb) FROM jsonb_array_elements(reacoes) r WHERE r->>'autor' <> 'contato')
                        || $3::jsonb,
              atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2`,
      [id, this.empresaId, JSON.stringify(reacao === null ? [] : [reacao])],
    );
  }

  /** Merges facts about the media (download state, anexo id, error) into `payload.midia`. */
  async atualizarMidia(id: string, midia: Record<string, unknown>): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_mensagens
          SET payload = jsonb_set(payload, '{midia}', coalesce(payload->'midia', '{}'::jsonb) || $3::jsonb), atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2`,
      [id, this.empresaId, JSON.stringify(midia)],
    );
  }
}

function toAlvo(row: LinhaAlvo): MensagemAlvo {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    filaId: row.fila_id,
    atendenteId: row.atendente_id,
    conteudo: row.conteudo,
    removidaEm: row.removida_em,
    reacoes: row.reacoes,
  };
}
