import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { CONSULTA_OU_SQL } from '../rag/chunk.repository.js';
import { Artigo } from './artigo.entity.js';

@Injectable()
export class ArtigoRepository extends TenantRepository<Artigo> {
  constructor(tx: TransactionHost) {
    super(tx, Artigo, 'artigo');
  }

  /** Most recently edited first; with `q`, by full-text rank (Portuguese, accents ignored). */
  async listar(q: string | undefined, limite: number): Promise<Artigo[]> {
    const consulta = this.scoped().take(limite);
    if (!q) return consulta.orderBy('artigo.atualizado_em', 'DESC').addOrderBy('artigo.id', 'DESC').getMany();
    const documento = `to_tsvector('atende_portugues'::regconfig, artigo.titulo || ' ' || artigo.conteudo)`;
    const busca = `websearch_to_tsquery('atende_portugues'::regconfig, :q)`;
    return consulta
      .andWhere(`${documento} @@ ${busca}`, { q })
      .orderBy(`ts_rank(${documento}, ${busca})`, 'DESC')
      .addOrderBy('artigo.id', 'DESC')
      .getMany();
  }

  /**
   * Published articles whose current text is not in atendimento_chunks yet (just created or edited with the
   * indexing job still queued, or whose indexing failed), best full-text match first on any of the query's
   * lexemes: grounded answers fall back to them until the indexer catches up. `exceto`: already found ones.
   */
  async publicadosNaoIndexados(texto: string, exceto: string[], limite: number): Promise<Artigo[]> {
    const documento = `to_tsvector('atende_portugues'::regconfig, artigo.titulo || ' ' || artigo.conteudo)`;
    const consulta = CONSULTA_OU_SQL(':texto');
    return this.scoped()
      .andWhere('artigo.publicado')
      .andWhere(`artigo.indexacao_status IN ('pendente', 'indexando', 'falhou')`)
      .andWhere('NOT (artigo.id = ANY(:exceto::uuid[]))', { exceto })
      .andWhere(`${documento} @@ ${consulta}`, { texto })
      .orderBy(`ts_rank(${documento}, ${consulta})`, 'DESC')
      .addOrderBy('artigo.id', 'ASC')
      .take(limite)
      .getMany();
  }
}
