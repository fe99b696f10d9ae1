import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Automacao, type AutomacaoGatilho } from './automacao.entity.js';

/** Tables an action or condition may name; each id must belong to the empresa. */
export type TabelaReferenciada =
  | 'atendimento_tags'
  | 'atendimento_filas'
  | 'atendimento_atendentes'
  | 'atendimento_templates'
  | 'atendimento_canais';

@Injectable()
export class AutomacaoRepository extends TenantRepository<Automacao> {
  constructor(tx: TransactionHost) {
    super(tx, Automacao, 'automacao');
  }

  /** Every rule of the empresa in execution order. */
  async listarEmOrdem(): Promise<Automacao[]> {
    return this.scoped().orderBy('automacao.ordem', 'ASC').addOrderBy('automacao.criado_em', 'ASC').getMany();
  }

  /** The active rules of one trigger, in execution order. */
  async ativasDoGatilho(gatilho: AutomacaoGatilho): Promise<Automacao[]> {
    return this.scoped()
      .andWhere('automacao.ativo AND automacao.gatilho = :gatilho', { gatilho })
      .orderBy('automacao.ordem', 'ASC')
      .addOrderBy('automacao.criado_em', 'ASC')
      .getMany();
  }

  /** Which of these triggers have at least one active rule (to skip queueing work for nothing). */
  async gatilhosAtivos(gatilhos: readonly AutomacaoGatilho[]): Promise<Set<AutomacaoGatilho>> {
    if (gatilhos.length === 0) return new Set();
    const linhas = await this.tx.query<{ gatilho: AutomacaoGatilho }>(
      `SELECT DISTINCT gatilho FROM atendimento_automacoes WHERE empresa_id = $1 AND ativo AND gatilho = ANY ($2::text[])`,
      [this.empresaId, gatilhos],
    );
    return new Set(linhas.map((l) => l.gatilho));
  }

  async proximaOrdem(): Promise<number> {
    const [linha] = await this.tx.query<{ proxima: number }>(
      `SELECT COALESCE(MAX(ordem) + 1, 0)::int AS proxima FROM atendimento_automacoes WHERE empresa_id = $1`,
      [this.empresaId],
    );
    return linha?.proxima ?? 0;
  }

  /** Rewrites `ordem` as the position in `ids` (0, 1, 2…), rows locked by the caller's transaction. */
  async reordenar(ids: readonly string[]): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_automacoes a SET ordem = n.pos - 1, atualizado_em = now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS n (id, pos)
        WHERE a.empresa_id = $1 AND a.id = n.id`,
      [this.empresaId, ids],
    );
  }

  async idsTravados(): Promise<string[]> {
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_automacoes WHERE empresa_id = $1 FOR UPDATE`,
      [this.empresaId],
    );
    return linhas.map((l) => l.id);
  }

  /** The ids of `ids` that are not rows of `tabela` in this empresa. */
  async inexistentes(tabela: TabelaReferenciada, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT id FROM ${tabela} WHERE empresa_id = $1 AND id = ANY ($2::uuid[])`,
      [this.empresaId, ids],
    );
    const achados = new Set(linhas.map((l) => l.id));
    return ids.filter((id) => !achados.has(id));
  }
}
