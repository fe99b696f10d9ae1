import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { TurnoIndexavel } from './fatiamento.js';
import { Chunk, type ChunkFonte } from './chunk.entity.js';
import { assinaturaBinaria } from './quantizacao.js';

export interface NovaFatia {
  ordem: number;
  titulo: string | null;
  texto: string;
  tokens: number;
  embedding: number[] | null;
  embeddingModelo: string | null;
}

export interface ArtigoParaIndexar {
  id: string;
  titulo: string;
  conteudo: string;
  publicado: boolean;
  conteudoHash: string | null;
}

export interface TicketParaIndexar {
  id: string;
  numero: number;
  assunto: string | null;
  resolvido: boolean;
}

export interface TrechoLinha {
  id: string;
  fonte: ChunkFonte;
  artigoId: string | null;
  ticketId: string | null;
  ticketNumero: number | null;
  titulo: string | null;
  texto: string;
}

/**
 * The query's lexemes OR-ed (customers' questions are long and loosely worded; ranking sorts out the best),
 * stemmed and unaccented by the same `atende_portugues` config as the `fts` column.
 */
export const CONSULTA_OU_SQL = (parametro: string) =>
  `(SELECT string_agg(quote_literal(l), ' | ')
      FROM unnest(tsvector_to_array(to_tsvector('atende_portugues'::regconfig, ${parametro}))) l)::tsquery`;

/**
 * Cosine similarity of a stored chunk and the query vector: both are L2-normalised, so it is their dot product,
 * computed with a two-array unnest (no pgvector on either database; the same SQL on PostgreSQL 15 and PGlite).
 */
export const SIMILARIDADE_SQL = (vetor: string) => `(SELECT sum(a * b) FROM unnest(c.embedding, ${vetor}) AS t(a, b))`;

/**
 * The pool that the vector ranking's first stage (Hamming distance of sign bits) hands to the exact cosine: this
 * many chunks per requested result, and at least PRE_SELECAO_MINIMA. The exact cosine costs ≈ 0.1 ms per vector
 * at 384 dimensions (the two-array unnest), so it must see a bounded pool, not the KB: 200 is ≈ 20 ms whatever
 * the KB size, while the Hamming stage costs ≈ 1 µs per chunk. Sign bits only estimate the angle, so a larger
 * pool finds more of the exact top, at a linear cost. With text embeddings a query's real neighbours stand well
 * apart from the bulk and a pool of 10× the results keeps most of them; random vectors, where all are about
 * equally far, are the worst case (bench/README.md, "rag", measures that recall).
 */
export const PRE_SELECAO_POR_RESULTADO = 10;
export const PRE_SELECAO_MINIMA = 200;

/** atendimento_chunks and what indexing reads from articles and resolved tickets. */
@Injectable()
export class ChunkRepository extends TenantRepository<Chunk> {
  constructor(tx: TransactionHost) {
    super(tx, Chunk, 'chunk');
  }

  /**
   * `bloquear` (inside the transaction that rewrites its chunks): the article row is locked before its chunks, the
   * same order as a DELETE of the article (row, then cascade to chunks), so the two wait for each other instead
   * of deadlocking.
   */
  async artigo(artigoId: string, bloquear = false): Promise<ArtigoParaIndexar | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT id, titulo, conteudo, publicado, conteudo_hash AS "conteudoHash"
         FROM atendimento_artigos WHERE empresa_id = $1 AND id = $2${bloquear ? ' FOR NO KEY UPDATE' : ''}`,
      [this.empresaId, artigoId],
    )) as ArtigoParaIndexar[];
    return linha ?? null;
  }

  async ticket(ticketId: string): Promise<TicketParaIndexar | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT id, numero, assunto, status IN ('resolvido', 'fechado') AS resolvido
         FROM atendimento_tickets WHERE empresa_id = $1 AND id = $2 AND removido_em IS NULL`,
      [this.empresaId, ticketId],
    )) as TicketParaIndexar[];
    return linha ?? null;
  }

  /**
   * The customer-facing conversation (transcripts of voice notes included), oldest first; system lines and
   * the system's own prompts (CSAT survey: `payload.finalidade`) say nothing about the case.
   */
  async conversa(ticketId: string, limite: number): Promise<TurnoIndexavel[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT direcao, bot, coalesce(conteudo, transcricao) AS texto
         FROM atendimento_mensagens
        WHERE empresa_id = $1 AND ticket_id = $2 AND NOT privada AND removida_em IS NULL AND tipo <> 'sistema'
          AND payload->>'finalidade' IS NULL AND coalesce(conteudo, transcricao) IS NOT NULL
        ORDER BY criado_em, id
        LIMIT $3`,
      [this.empresaId, ticketId, limite],
    )) as { direcao: string; bot: boolean; texto: string }[];
    return linhas.map((l) => ({ autor: l.direcao === 'recebida' ? 'cliente' : l.bot ? 'bot' : 'atendente', texto: l.texto }));
  }

  async marcarArtigo(artigoId: string, status: 'indexando' | 'indexado' | 'falhou', erro: string | null): Promise<void> {
    await this.tx.manager.query(
      `UPDATE atendimento_artigos
          SET indexacao_status = $3, indexacao_erro = $4,
              indexado_em = CASE WHEN $3 = 'indexado' THEN now() ELSE indexado_em END
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, artigoId, status, erro],
    );
  }

  /** Replaces every chunk of one source (an article or a ticket) in the caller's transaction. */
  async substituir(fonte: ChunkFonte, fonteId: string, fatias: NovaFatia[]): Promise<void> {
    const coluna = fonte === 'artigo' ? 'artigo_id' : 'ticket_id';
    await this.tx.manager.query(`DELETE FROM atendimento_chunks WHERE empresa_id = $1 AND ${coluna} = $2`, [
      this.empresaId,
      fonteId,
    ]);
    for (const f of fatias) {
      await this.tx.manager.query(
        `INSERT INTO atendimento_chunks
           (empresa_id, fonte, ${coluna}, ordem, titulo, texto, tokens, embedding, embedding_modelo, assinatura)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::real[], $9, $10::varbit)`,
        [
          this.empresaId,
          fonte,
          fonteId,
          f.ordem,
          f.titulo,
          f.texto,
          f.tokens,
          f.embedding,
          f.embeddingModelo,
          f.embedding ? assinaturaBinaria(f.embedding) : null,
        ],
      );
    }
  }

  /**
   * True when the source already has chunks made with `modelo` (null: full text only), so a re-index can skip
   * it. Articles must also be in status `indexado` (a changed text resets it to `pendente`).
   */
  async atualizado(fonte: ChunkFonte, fonteId: string, modelo: string | null): Promise<boolean> {
    const coluna = fonte === 'artigo' ? 'artigo_id' : 'ticket_id';
    const [linha] = (await this.tx.manager.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE embedding_modelo IS NOT DISTINCT FROM $3::text)::int AS mesmo_modelo
         FROM atendimento_chunks WHERE empresa_id = $1 AND ${coluna} = $2`,
      [this.empresaId, fonteId, modelo],
    )) as { total: number; mesmo_modelo: number }[];
    if (!linha || linha.total === 0 || linha.mesmo_modelo !== linha.total) return false;
    if (fonte === 'ticket') return true;
    const [artigo] = (await this.tx.manager.query(
      `SELECT indexacao_status FROM atendimento_artigos WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, fonteId],
    )) as { indexacao_status: string }[];
    return artigo?.indexacao_status === 'indexado';
  }

  async contarFontes(): Promise<number> {
    const [linha] = (await this.tx.manager.query(
      `SELECT (SELECT count(*) FROM atendimento_artigos WHERE empresa_id = $1)
            + (SELECT count(*) FROM atendimento_tickets
                WHERE empresa_id = $1 AND status IN ('resolvido', 'fechado') AND removido_em IS NULL) AS total`,
      [this.empresaId],
    )) as { total: string }[];
    return Number(linha?.total ?? 0);
  }

  /** Keyset pages of article ids (all of them: unpublished ones get their chunks removed). */
  async idsDeArtigos(depoisDe: string | null, limite: number): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT id FROM atendimento_artigos WHERE empresa_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
      [this.empresaId, depoisDe, limite],
    )) as { id: string }[];
    return linhas.map((l) => l.id);
  }

  async idsDeTicketsResolvidos(depoisDe: string | null, limite: number): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT id FROM atendimento_tickets
        WHERE empresa_id = $1 AND status IN ('resolvido', 'fechado') AND removido_em IS NULL AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [this.empresaId, depoisDe, limite],
    )) as { id: string }[];
    return linhas.map((l) => l.id);
  }

  /** Full-text ranking (Portuguese stemming, accents ignored): chunk ids, best first. */
  async rankingTexto(consulta: string, limite: number): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `WITH q AS (SELECT ${CONSULTA_OU_SQL('$2')} AS consulta)
       SELECT c.id FROM atendimento_chunks c, q
        WHERE c.empresa_id = $1 AND q.consulta IS NOT NULL AND c.fts @@ q.consulta
        ORDER BY ts_rank(c.fts, q.consulta) DESC, c.id
        LIMIT $3`,
      [this.empresaId, consulta, limite],
    )) as { id: string }[];
    return linhas.map((l) => l.id);
  }

  /**
   * Cosine ranking over the chunks embedded with the same model and dimension: chunk ids, best first. Two
   * stages: the chunks nearest by Hamming distance of their sign bits (`assinatura`, whose length equals the
   * embedding's by a CHECK, so the dimension filter needs no vector; an index-only scan of
   * atendimento_chunks_assinatura_idx), then the exact cosine over that pool only, its vectors fetched by id.
   * Chunks with a vector but no signature (written by an instance of the previous version while the migration
   * ran) all join the pool, found through a partial index that is empty in the steady state: they are scored
   * exactly rather than skipped.
   */
  async rankingVetor(vetor: number[], modelo: string, limite: number): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `WITH candidatos AS (
         (SELECT c.id FROM atendimento_chunks c
           WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3
             AND bit_length(c.assinatura) = $4
           ORDER BY bit_count(c.assinatura # $5::varbit), c.id
           LIMIT $6)
         UNION ALL
         SELECT c.id FROM atendimento_chunks c
          WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3 AND c.assinatura IS NULL
            AND array_length(c.embedding, 1) = $4
       )
       SELECT c.id FROM candidatos p JOIN atendimento_chunks c ON c.id = p.id AND c.empresa_id = $1
        ORDER BY ${SIMILARIDADE_SQL('$2::real[]')} DESC, c.id
        LIMIT $7`,
      [
        this.empresaId,
        vetor,
        modelo,
        vetor.length,
        assinaturaBinaria(vetor),
        Math.max(PRE_SELECAO_MINIMA, limite * PRE_SELECAO_POR_RESULTADO),
        limite,
      ],
    )) as { id: string }[];
    return linhas.map((l) => l.id);
  }

  /**
   * The chunks among `ids` that may ground an answer now: of a published article, or of a ticket still resolved
   * or closed (and not `excluirTicketId`). The indexer removes the others' chunks in a job, so until it runs
   * they may still rank.
   */
  async trechos(ids: string[], excluirTicketId: string | null = null): Promise<TrechoLinha[]> {
    if (ids.length === 0) return [];
    return (await this.tx.manager.query(
      `SELECT c.id, c.fonte, c.artigo_id AS "artigoId", c.ticket_id AS "ticketId", t.numero AS "ticketNumero", c.titulo, c.texto
         FROM atendimento_chunks c
         LEFT JOIN atendimento_artigos a ON a.id = c.artigo_id AND a.empresa_id = c.empresa_id
         LEFT JOIN atendimento_tickets t ON t.id = c.ticket_id AND t.empresa_id = c.empresa_id
        WHERE c.empresa_id = $1 AND c.id = ANY($2::uuid[])
          AND (a.publicado
               OR (t.status IN ('resolvido', 'fechado') AND t.removido_em IS NULL AND t.id IS DISTINCT FROM $3::uuid))`,
      [this.empresaId, ids, excluirTicketId],
    )) as TrechoLinha[];
  }
}
