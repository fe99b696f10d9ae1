import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Expediente, type ExpedienteIntervalo } from './expediente.entity.js';
import { ExpedienteVersao } from './expediente-versao.entity.js';

@Injectable()
export class ExpedienteRepository extends TenantRepository<Expediente> {
  constructor(tx: TransactionHost) {
    super(tx, Expediente, 'expediente');
  }

  async findPorNome(nome: string, excetoId?: string): Promise<Expediente | null> {
    const qb = this.scoped().andWhere('lower(expediente.nome) = lower(:nome)', { nome });
    if (excetoId) qb.andWhere('expediente.id <> :excetoId', { excetoId });
    return qb.getOne();
  }

  async findPadrao(): Promise<Expediente | null> {
    return this.scoped().andWhere('expediente.padrao').getOne();
  }

  async listar(): Promise<Expediente[]> {
    return this.scoped().orderBy('expediente.padrao', 'DESC').addOrderBy('lower(expediente.nome)', 'ASC').getMany();
  }

  /** Clears the default flag of every other expediente (at most one is the default: unique index). */
  async desmarcarPadrao(excetoId: string): Promise<void> {
    await this.tx.query(`UPDATE atendimento_expedientes SET padrao = false WHERE empresa_id = $1 AND padrao AND id <> $2`, [
      this.empresaId,
      excetoId,
    ]);
  }

  /** The expediente of a fila, if it has one. */
  async findIdDaFila(filaId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ expediente_id: string | null }>(
      `SELECT expediente_id FROM atendimento_filas WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, filaId],
    );
    return linha?.expediente_id ?? null;
  }
}

@Injectable()
export class ExpedienteVersaoRepository extends TenantRepository<ExpedienteVersao> {
  constructor(tx: TransactionHost) {
    super(tx, ExpedienteVersao, 'versao');
  }

  /** Starts a schedule at `vigenteDesde`; a second change at the very same instant replaces the first. */
  async registrar(
    expedienteId: string,
    vigenteDesde: Date,
    fusoHorario: string,
    intervalos: ExpedienteIntervalo[],
  ): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_expediente_versoes (empresa_id, expediente_id, vigente_desde, fuso_horario, intervalos)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (empresa_id, expediente_id, vigente_desde)
       DO UPDATE SET fuso_horario = EXCLUDED.fuso_horario, intervalos = EXCLUDED.intervalos`,
      [this.empresaId, expedienteId, vigenteDesde, fusoHorario, JSON.stringify(intervalos)],
    );
  }

  /** Every version of these expedientes, oldest first. */
  async listarDe(expedienteIds: string[]): Promise<ExpedienteVersao[]> {
    if (expedienteIds.length === 0) return [];
    return this.scoped()
      .andWhere('versao.expediente_id IN (:...expedienteIds)', { expedienteIds })
      .orderBy('versao.vigente_desde', 'ASC')
      .getMany();
  }
}
