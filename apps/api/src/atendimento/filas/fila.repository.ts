import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { Expediente } from '../sla/expediente.entity.js';
import { SlaPolitica } from '../sla/sla-politica.entity.js';
import { TICKET_STATUS_ABERTOS, Ticket } from '../tickets/ticket.entity.js';
import { Fila } from './fila.entity.js';

/**
 * Keyset of the fila list: (ordem, nome, id), ordered by (ordem, lower(nome), id). The cursor keeps the name
 * as stored and the database lower-cases both sides, so the comparison always matches the ORDER BY.
 */
export type ChaveFila = [number, string, string];

@Injectable()
export class FilaRepository extends TenantRepository<Fila> {
  constructor(tx: TransactionHost) {
    super(tx, Fila, 'fila');
  }

  /** One page in (ordem, name, id) order, fetching `limite + 1` rows so the caller knows if there is more. */
  async listar(filtro: { ativo?: boolean; apos?: ChaveFila; limite: number }): Promise<Fila[]> {
    const query = this.scoped();
    if (filtro.ativo !== undefined) query.andWhere('fila.ativo = :ativo', { ativo: filtro.ativo });
    if (filtro.apos) {
      const [ordem, nome, id] = filtro.apos;
      query.andWhere('(fila.ordem, lower(fila.nome), fila.id) > (:ordem, lower(:nome), :id)', { ordem, nome, id });
    }
    return query
      .orderBy('fila.ordem', 'ASC')
      .addOrderBy('lower(fila.nome)', 'ASC')
      .addOrderBy('fila.id', 'ASC')
      .limit(filtro.limite + 1)
      .getMany();
  }

  async findByIds(ids: readonly string[]): Promise<Fila[]> {
    if (ids.length === 0) return [];
    return this.scoped().andWhere('fila.id IN (:...ids)', { ids }).getMany();
  }

  /** Names are unique per empresa, case-insensitively (`atendimento_filas_empresa_nome_key`). */
  async existeNome(nome: string, excetoId?: string): Promise<boolean> {
    const query = this.scoped().andWhere('lower(fila.nome) = lower(:nome)', { nome });
    if (excetoId) query.andWhere('fila.id <> :excetoId', { excetoId });
    return query.getExists();
  }

  async contarTicketsAbertos(filaId: string): Promise<number> {
    return this.tx.manager
      .getRepository(Ticket)
      .createQueryBuilder('ticket')
      .where('ticket.empresa_id = :empresaId AND ticket.fila_id = :filaId', { empresaId: this.empresaId, filaId })
      .andWhere('ticket.status IN (:...abertos) AND ticket.removido_em IS NULL', { abertos: TICKET_STATUS_ABERTOS })
      .getCount();
  }

  async existeSlaPolitica(id: string): Promise<boolean> {
    return this.tx.manager
      .getRepository(SlaPolitica)
      .createQueryBuilder('sla')
      .where('sla.empresa_id = :empresaId AND sla.id = :id', { empresaId: this.empresaId, id })
      .getExists();
  }

  async existeExpediente(id: string): Promise<boolean> {
    return this.tx.manager
      .getRepository(Expediente)
      .createQueryBuilder('expediente')
      .where('expediente.empresa_id = :empresaId AND expediente.id = :id', { empresaId: this.empresaId, id })
      .getExists();
  }
}
