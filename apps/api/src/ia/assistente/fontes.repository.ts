import { Injectable } from '@nestjs/common';
import { Chunk } from '../rag/chunk.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { FonteSugestao } from '../tarefas.js';

// Any of the query's lexemes (OR), not all of them: customers' messages are long and loosely worded.
const CONSULTA_OU = `(SELECT string_agg(quote_literal(l), ' | ')
                        FROM unnest(tsvector_to_array(to_tsvector('atende_portugues'::regconfig, $2))) l)::tsquery`;

/**
 * Full-text retrieval for grounded answers, the same SQL on PostgreSQL and PGlite: published KB articles
 * (and their indexed chunks) and what agents answered in resolved tickets.
 */
@Injectable()
export class FontesRepository extends TenantRepository<Chunk> {
  constructor(tx: TransactionHost) {
    super(tx, Chunk, 'chunk');
  }

  async artigos(texto: string, limite: number): Promise<FonteSugestao[]> {
    const linhas = (await this.tx.manager.query(
      `WITH q AS (SELECT ${CONSULTA_OU} AS consulta)
       SELECT 'artigo:' || a.id AS id, a.titulo, a.conteudo AS texto
         FROM atendimento_artigos a, q
        WHERE a.empresa_id = $1 AND a.publicado AND q.consulta IS NOT NULL
          AND to_tsvector('atende_portugues'::regconfig, a.titulo || ' ' || a.conteudo) @@ q.consulta
        ORDER BY ts_rank(to_tsvector('atende_portugues'::regconfig, a.titulo || ' ' || a.conteudo), q.consulta) DESC, a.id
        LIMIT $3`,
      [this.empresaId, texto, limite],
    )) as FonteSugestao[];
    return linhas;
  }

  /** Agents' answers in other resolved or closed tickets whose text matches. */
  async respostasResolvidas(texto: string, ticketId: string, limite: number): Promise<FonteSugestao[]> {
    const linhas = (await this.tx.manager.query(
      `WITH q AS (SELECT ${CONSULTA_OU} AS consulta)
       SELECT 'ticket:' || t.numero AS id, 'Ticket #' || t.numero AS titulo, m.conteudo AS texto
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id, q
        WHERE m.empresa_id = $1 AND q.consulta IS NOT NULL AND m.ticket_id <> $3
          AND t.status IN ('resolvido', 'fechado') AND t.removido_em IS NULL
          AND m.direcao = 'enviada' AND NOT m.privada AND NOT m.bot AND m.conteudo IS NOT NULL AND m.removida_em IS NULL
          AND m.busca @@ q.consulta
        ORDER BY ts_rank(m.busca, q.consulta) DESC, m.criado_em DESC
        LIMIT $4`,
      [this.empresaId, texto, ticketId, limite],
    )) as FonteSugestao[];
    return linhas;
  }
}
