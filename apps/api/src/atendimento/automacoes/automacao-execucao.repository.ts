import { Injectable } from '@nestjs/common';
import { sqlTimestampExato } from '../../common/keyset-cursor.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { AutomacaoExecucao, type AutomacaoAcaoExecutada, type AutomacaoResultado } from './automacao-execucao.entity.js';

export interface NovaExecucao {
  automacaoId: string;
  ticketId: string | null;
  gatilho: string;
  cadeiaId: string;
  resultado: AutomacaoResultado;
  acoesExecutadas: AutomacaoAcaoExecutada[];
  erro: string | null;
  duracaoMs: number;
}

export interface PaginaExecucoes {
  execucoes: AutomacaoExecucao[];
  /** [executada_em with microseconds, id] of the last row, when there are more. */
  proxima: [string, string] | null;
}

/** The run log (append-only). */
@Injectable()
export class AutomacaoExecucaoRepository extends TenantRepository<AutomacaoExecucao> {
  constructor(tx: TransactionHost) {
    super(tx, AutomacaoExecucao, 'execucao');
  }

  async registrar(nova: NovaExecucao): Promise<void> {
    // The JS clock, not now(): several runs inside one transaction still get distinct, ordered instants.
    await this.create({ ...nova, executadaEm: new Date() });
  }

  /**
   * Loop prevention: whether the rule already ran (or tried to) for the ticket in this cadeia. An evaluation whose
   * conditions were false does not count: a later event of the cadeia may make them true.
   */
  async jaExecutada(automacaoId: string, ticketId: string, cadeiaId: string): Promise<boolean> {
    const [linha] = await this.tx.query<{ existe: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM atendimento_automacao_execucoes
                       WHERE empresa_id = $1 AND ticket_id = $2 AND cadeia_id = $3 AND automacao_id = $4
                         AND resultado IN ('executada', 'falhou')) AS existe`,
      [this.empresaId, ticketId, cadeiaId, automacaoId],
    );
    return linha?.existe === true;
  }

  /** Newest first, keyset on (executada_em, id). */
  async listar(automacaoId: string, apos: [string, string] | undefined, limite: number): Promise<PaginaExecucoes> {
    const qb = this.scoped()
      .andWhere('execucao.automacao_id = :automacaoId', { automacaoId })
      .addSelect(sqlTimestampExato('execucao.executada_em'), 'chave_em');
    if (apos) {
      qb.andWhere('(execucao.executada_em, execucao.id) < (CAST(:em AS timestamptz), CAST(:id AS uuid))', { em: apos[0], id: apos[1] });
    }
    const { entities, raw } = await qb
      .orderBy('execucao.executada_em', 'DESC')
      .addOrderBy('execucao.id', 'DESC')
      .limit(limite + 1)
      .getRawAndEntities<{ execucao_id: string; chave_em: string }>();
    const execucoes = entities.slice(0, limite);
    const ultima = execucoes.at(-1);
    const chave = ultima && entities.length > limite ? raw.find((r) => r.execucao_id === ultima.id)?.chave_em : undefined;
    return { execucoes, proxima: ultima && chave ? [chave, ultima.id] : null };
  }
}
