import { Injectable } from '@nestjs/common';
import { Mensagem } from '../../atendimento/mensagens/mensagem.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

/** A mensagem of a visitor's conversation, as the visitor API shows it. */
export interface LinhaMensagemDoVisitante {
  id: string;
  direcao: 'recebida' | 'enviada';
  tipo: string;
  conteudo: string | null;
  external_id: string | null;
  status: string;
  lida_em: Date | null;
  criado_em: Date;
  anexo_nome: string | null;
  anexo_mime: string | null;
  anexo_tamanho: string | null;
}

/**
 * Reads of the visitor API and of the webchat socket. A visitor's conversation is every ticket of its canal
 * keyed by its visitor id (`conversa_chave`), so nothing here can reach another visitor's tickets, and internal
 * notes and unsent replies never show.
 */
@Injectable()
export class WebchatRepository extends TenantRepository<Mensagem> {
  constructor(tx: TransactionHost) {
    super(tx, Mensagem, 'mensagem');
  }

  /** The latest `limite` mensagens, oldest first. */
  async listarDoVisitante(canalId: string, visitanteId: string, limite: number): Promise<LinhaMensagemDoVisitante[]> {
    const linhas = await this.tx.query<LinhaMensagemDoVisitante>(
      `SELECT m.id, m.direcao, m.tipo, m.conteudo, m.external_id, m.status, m.lida_em, m.criado_em,
              a.nome_arquivo AS anexo_nome, a.mime_tipo AS anexo_mime, a.tamanho_bytes::text AS anexo_tamanho
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.empresa_id = m.empresa_id AND t.id = m.ticket_id
         LEFT JOIN LATERAL (
           SELECT an.nome_arquivo, an.mime_tipo, an.tamanho_bytes FROM atendimento_anexos an
            WHERE an.empresa_id = m.empresa_id AND an.mensagem_id = m.id
            ORDER BY an.criado_em LIMIT 1) a ON true
        WHERE m.empresa_id = $1 AND t.canal_id = $2 AND t.conversa_chave = $3 AND t.removido_em IS NULL
          AND NOT m.privada AND m.removida_em IS NULL AND m.tipo <> 'sistema'
          AND (m.direcao = 'recebida' OR m.status IN ('enviada', 'entregue', 'lida'))
        ORDER BY m.criado_em DESC, m.id DESC
        LIMIT $4`,
      [this.empresaId, canalId, visitanteId, limite],
    );
    return linhas.reverse();
  }

  /** The anexo of a mensagem of this visitor's conversation: ours by mensagem id, the visitor's by its client id. */
  async anexoDoVisitante(canalId: string, visitanteId: string, mensagemId: string, externalId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT an.id
         FROM atendimento_anexos an
         JOIN atendimento_mensagens m ON m.empresa_id = an.empresa_id AND m.id = an.mensagem_id
         JOIN atendimento_tickets t ON t.empresa_id = m.empresa_id AND t.id = m.ticket_id
        WHERE an.empresa_id = $1 AND t.canal_id = $2 AND t.conversa_chave = $3 AND t.removido_em IS NULL
          AND NOT m.privada AND m.removida_em IS NULL
          AND ((m.direcao = 'enviada' AND m.id::text = $4) OR (m.direcao = 'recebida' AND m.external_id = $5))
        ORDER BY an.criado_em
        LIMIT 1`,
      [this.empresaId, canalId, visitanteId, mensagemId, externalId],
    );
    return linha?.id ?? null;
  }

  /** The visitor's open ticket, if any (typing is relayed to whoever has it open). */
  async ticketAbertoDoVisitante(canalId: string, visitanteId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_tickets
        WHERE empresa_id = $1 AND canal_id = $2 AND conversa_chave = $3
          AND status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL
        ORDER BY criado_em DESC
        LIMIT 1`,
      [this.empresaId, canalId, visitanteId],
    );
    return linha?.id ?? null;
  }

  /**
   * The visitor a webchat ticket talks to: its thread key, or for a ticket an agent opened, the contato's most
   * recent webchat identity. Null for tickets of other kinds of canal.
   */
  async visitanteDoTicket(ticketId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ visitante: string | null }>(
      `SELECT coalesce(t.conversa_chave, (
                SELECT i.valor FROM atendimento_contato_identidades i
                 WHERE i.empresa_id = t.empresa_id AND i.contato_id = t.contato_id AND i.tipo = 'webchat'
                 ORDER BY i.ultima_mensagem_em DESC NULLS LAST, i.criado_em DESC
                 LIMIT 1)) AS visitante
         FROM atendimento_tickets t
         JOIN atendimento_canais c ON c.id = t.canal_id AND c.empresa_id = t.empresa_id
        WHERE t.empresa_id = $1 AND t.id = $2 AND c.tipo = 'webchat'`,
      [this.empresaId, ticketId],
    );
    return linha?.visitante ?? null;
  }
}
