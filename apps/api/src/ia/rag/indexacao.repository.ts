import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { Indexacao } from './indexacao.entity.js';

@Injectable()
export class IndexacaoRepository extends TenantRepository<Indexacao> {
  constructor(tx: TransactionHost) {
    super(tx, Indexacao, 'indexacao');
  }

  /** The run in progress (pendente or executando), if any: there is at most one per empresa. */
  async ativa(): Promise<Indexacao | null> {
    return this.scoped().andWhere("indexacao.status IN ('pendente', 'executando')").getOne();
  }

  async ultima(): Promise<Indexacao | null> {
    return this.scoped().orderBy('indexacao.criado_em', 'DESC').addOrderBy('indexacao.id', 'DESC').getOne();
  }

  /** Adds to the counters in SQL (never a read-modify-write from the job). */
  async avancar(id: string, feitos: number, falhas: number): Promise<Indexacao | null> {
    await this.tx.manager.query(
      `UPDATE atendimento_ia_indexacoes
          SET feitos = feitos + $3, falhas = falhas + $4, atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, id, feitos, falhas],
    );
    return this.findById(id);
  }
}
