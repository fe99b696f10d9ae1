import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { ContatoIdentidade, type ContatoIdentidadeTipo } from './contato-identidade.entity.js';

/** A channel identity to look up: every stored form (`valores`) that denotes it. */
export interface ChaveIdentidade {
  tipo: ContatoIdentidadeTipo;
  valores: string[];
}

@Injectable()
export class ContatoIdentidadeRepository extends TenantRepository<ContatoIdentidade> {
  constructor(tx: TransactionHost) {
    super(tx, ContatoIdentidade, 'identidade');
  }

  /** Every identity matching any of the keys, in one query. */
  async findPorChaves(chaves: ChaveIdentidade[]): Promise<ContatoIdentidade[]> {
    const validas = chaves.filter((chave) => chave.valores.length > 0);
    if (validas.length === 0) return [];
    return this.scoped()
      .andWhere(
        new Brackets((qb) => {
          validas.forEach((chave, i) => {
            qb.orWhere(`(identidade.tipo = :tipo${i} AND identidade.valor IN (:...valores${i}))`, {
              [`tipo${i}`]: chave.tipo,
              [`valores${i}`]: chave.valores,
            });
          });
        }),
      )
      .orderBy('identidade.criado_em', 'ASC')
      .getMany();
  }

  async listarDoContato(contatoId: string): Promise<ContatoIdentidade[]> {
    return this.scoped()
      .andWhere('identidade.contato_id = :contatoId', { contatoId })
      .orderBy('identidade.criado_em', 'ASC')
      .addOrderBy('identidade.id', 'ASC')
      .getMany();
  }

  /**
   * Inserts the identity unless (empresa, tipo, valor) exists. ON CONFLICT DO NOTHING instead of catching the
   * unique violation: on PostgreSQL a failed statement would abort the caller's whole transaction, and a
   * concurrent insert of the same identity waits here for the other transaction and then yields to it.
   */
  async inserirSeAusente(values: {
    contatoId: string;
    tipo: ContatoIdentidadeTipo;
    valor: string;
    nomeExibicao: string | null;
    dados: Record<string, unknown>;
  }): Promise<boolean> {
    const rows = await this.tx.query<{ id: string }>(
      `INSERT INTO atendimento_contato_identidades (empresa_id, contato_id, tipo, valor, nome_exibicao, dados)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (empresa_id, tipo, valor) DO NOTHING
       RETURNING id`,
      [this.empresaId, values.contatoId, values.tipo, values.valor, values.nomeExibicao, JSON.stringify(values.dados)],
    );
    return rows.length > 0;
  }

  /** Refreshes what the channel shows of the customer (profile name, extras). */
  async atualizarExibicao(id: string, nomeExibicao: string | null, dados: Record<string, unknown>): Promise<void> {
    await this.update(id, { nomeExibicao, dados });
  }
}
