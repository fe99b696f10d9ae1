import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Feriado } from './feriado.entity.js';
import type { FeriadoNacional } from './feriados-nacionais.js';

@Injectable()
export class FeriadoRepository extends TenantRepository<Feriado> {
  constructor(tx: TransactionHost) {
    super(tx, Feriado, 'feriado');
  }

  /** Ordered by date; `ano` keeps that year's dates plus the recurring ones from before it. */
  async listar(filtro: { ano?: number; expedienteId?: string }): Promise<Feriado[]> {
    const qb = this.scoped();
    if (filtro.ano !== undefined) {
      qb.andWhere(
        `((feriado.data >= make_date(:ano, 1, 1) AND feriado.data <= make_date(:ano, 12, 31))
          OR (feriado.recorrente AND feriado.data <= make_date(:ano, 12, 31)))`,
        { ano: filtro.ano },
      );
    }
    if (filtro.expedienteId) qb.andWhere('feriado.expediente_id = :expedienteId', { expedienteId: filtro.expedienteId });
    return qb.orderBy('feriado.data', 'ASC').addOrderBy('feriado.id', 'ASC').getMany();
  }

  /** The holiday of that date for that expediente (null: the empresa-wide one). */
  async findNaData(data: string, expedienteId: string | null, excetoId?: string): Promise<Feriado | null> {
    const qb = this.scoped().andWhere('feriado.data = :data', { data });
    if (expedienteId) qb.andWhere('feriado.expediente_id = :expedienteId', { expedienteId });
    else qb.andWhere('feriado.expediente_id IS NULL');
    if (excetoId) qb.andWhere('feriado.id <> :excetoId', { excetoId });
    return qb.getOne();
  }

  /** Holidays that apply to an expediente: its own and the empresa-wide ones (its own win on the same date). */
  async doCalendario(expedienteId: string | null): Promise<Feriado[]> {
    const qb = this.scoped();
    if (expedienteId) qb.andWhere('(feriado.expediente_id IS NULL OR feriado.expediente_id = :expedienteId)', { expedienteId });
    else qb.andWhere('feriado.expediente_id IS NULL');
    return qb.orderBy('feriado.expediente_id', 'ASC', 'NULLS LAST').getMany();
  }

  /** Empresa-wide national holidays; a date that already has one (edited or deleted-and-recreated) is kept. */
  async inserirNacionais(feriados: FeriadoNacional[]): Promise<number> {
    if (feriados.length === 0) return 0;
    const linhas = await this.tx.query<{ id: string }>(
      `INSERT INTO atendimento_feriados (empresa_id, data, nome, nacional)
       SELECT $1, f.data::date, f.nome, true FROM jsonb_to_recordset($2::jsonb) AS f(data text, nome text)
       ON CONFLICT (empresa_id, expediente_id, data) DO NOTHING
       RETURNING id`,
      [this.empresaId, JSON.stringify(feriados)],
    );
    return linhas.length;
  }

  /** Whether any national holiday of that year was ever loaded (deleted ones are not reloaded automatically). */
  async temNacionaisDoAno(ano: number): Promise<boolean> {
    const [linha] = await this.tx.query<{ existe: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM atendimento_feriados
         WHERE empresa_id = $1 AND nacional AND data BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31)) AS existe`,
      [this.empresaId, ano],
    );
    return linha?.existe ?? false;
  }
}
