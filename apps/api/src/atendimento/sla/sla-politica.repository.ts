import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import type { TicketPrioridade } from '../tickets/ticket.entity.js';
import { SlaPolitica } from './sla-politica.entity.js';

@Injectable()
export class SlaPoliticaRepository extends TenantRepository<SlaPolitica> {
  constructor(tx: TransactionHost) {
    super(tx, SlaPolitica, 'politica');
  }

  async findPorNome(nome: string, excetoId?: string): Promise<SlaPolitica | null> {
    const qb = this.scoped().andWhere('lower(politica.nome) = lower(:nome)', { nome });
    if (excetoId) qb.andWhere('politica.id <> :excetoId', { excetoId });
    return qb.getOne();
  }

  async listar(): Promise<SlaPolitica[]> {
    return this.scoped().orderBy('politica.ordem', 'ASC').addOrderBy('lower(politica.nome)', 'ASC').getMany();
  }

  /**
   * The policy of a ticket: its fila's (when active), else the first active one whose criteria match. A policy
   * without priority and tag criteria applies only through a fila.
   */
  async aplicavel(ticket: {
    filaId: string | null;
    prioridade: TicketPrioridade;
    tagIds: string[];
  }): Promise<SlaPolitica | null> {
    if (ticket.filaId) {
      const daFila = await this.scoped()
        .innerJoin('atendimento_filas', 'fila', 'fila.sla_politica_id = politica.id AND fila.empresa_id = politica.empresa_id')
        .andWhere('fila.id = :filaId', { filaId: ticket.filaId })
        .andWhere('politica.ativo')
        .getOne();
      if (daFila) return daFila;
    }
    return this.scoped()
      .andWhere('politica.ativo')
      .andWhere(`(cardinality(politica.prioridades) > 0 OR cardinality(politica.tag_ids) > 0)`)
      .andWhere(`(cardinality(politica.prioridades) = 0 OR :prioridade = ANY (politica.prioridades))`, {
        prioridade: ticket.prioridade,
      })
      .andWhere(`(cardinality(politica.tag_ids) = 0 OR politica.tag_ids && CAST(:tagIds AS uuid[]))`, { tagIds: ticket.tagIds })
      .orderBy('politica.ordem', 'ASC')
      .addOrderBy('lower(politica.nome)', 'ASC')
      .getOne();
  }

  /** Ids among `ids` that do not exist in the empresa's `tabela` (validation of references). */
  async inexistentes(
    tabela: 'atendimento_filas' | 'atendimento_atendentes' | 'atendimento_tags' | 'atendimento_expedientes' | 'atendimento_automacoes',
    ids: string[],
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT id FROM ${tabela} WHERE empresa_id = $1 AND id = ANY ($2::uuid[])`,
      [this.empresaId, ids],
    );
    const achados = new Set(linhas.map((l) => l.id));
    return ids.filter((id) => !achados.has(id));
  }
}
