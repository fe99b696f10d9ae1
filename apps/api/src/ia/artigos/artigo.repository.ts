import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
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
}
