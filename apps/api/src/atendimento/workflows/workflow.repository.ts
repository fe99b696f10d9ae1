import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Workflow, type WorkflowGatilho } from './workflow.entity.js';

/** The empresa's stored workflows, and the references a definition points at (filas, canais). */
@Injectable()
export class WorkflowRepository extends TenantRepository<Workflow> {
  constructor(tx: TransactionHost) {
    super(tx, Workflow, 'workflow');
  }

  async listar(): Promise<Workflow[]> {
    return this.scoped().orderBy('lower(workflow.nome)').addOrderBy('workflow.id').getMany();
  }

  async findPorNome(nome: string, excetoId?: string): Promise<Workflow | null> {
    const query = this.scoped().andWhere('lower(workflow.nome) = lower(:nome)', { nome });
    if (excetoId) query.andWhere('workflow.id <> :excetoId', { excetoId });
    return query.getOne();
  }

  /** Active workflows started by one of these triggers, in a stable order (name). */
  async ativosDoGatilho(gatilhos: readonly WorkflowGatilho[]): Promise<Workflow[]> {
    return this.scoped()
      .andWhere('workflow.ativo')
      .andWhere('workflow.gatilho IN (:...gatilhos)', { gatilhos })
      .orderBy('lower(workflow.nome)')
      .addOrderBy('workflow.id')
      .getMany();
  }

  /** The ids, among these, of the empresa's active filas. */
  async filasAtivas(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_filas WHERE empresa_id = $1 AND id = ANY($2::uuid[]) AND ativo`,
      [this.empresaId, ids],
    );
    return new Set(linhas.map((l) => l.id));
  }

  /** The ids, among these, of the empresa's canais (not removed). */
  async canaisExistentes(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_canais WHERE empresa_id = $1 AND id = ANY($2::uuid[]) AND removido_em IS NULL`,
      [this.empresaId, ids],
    );
    return new Set(linhas.map((l) => l.id));
  }
}
