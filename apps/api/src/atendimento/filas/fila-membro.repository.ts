import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TenantContextMissingError } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { AtendenteFila } from '../atendentes/atendente-fila.entity.js';
import { Atendente } from '../atendentes/atendente.entity.js';

export interface MembroDefinido {
  atendenteId: string;
  filaId: string;
  capacidade: number | null;
}

/**
 * Memberships of atendentes in filas (`atendimento_atendentes_filas`, N:N with a per-fila capacity). Both the
 * fila side (PUT /filas/:id/atendentes) and the atendente side (PUT /atendentes/:id/filas) edit it through
 * here. The table has a composite key, so this is not a TenantRepository, but every query is filtered by the
 * empresa of the context the same way.
 */
@Injectable()
export class FilaMembroRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get empresaId(): string {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    return empresaId;
  }

  private scoped() {
    return this.tx.manager
      .getRepository(AtendenteFila)
      .createQueryBuilder('membro')
      .where('membro.empresa_id = :empresaId', { empresaId: this.empresaId });
  }

  /** Members of a fila with their atendente, by name. */
  async listarDaFila(filaId: string): Promise<AtendenteFila[]> {
    return this.scoped()
      .innerJoinAndSelect('membro.atendente', 'atendente')
      .andWhere('membro.fila_id = :filaId', { filaId })
      .orderBy('lower(atendente.nome)', 'ASC')
      .addOrderBy('atendente.id', 'ASC')
      .getMany();
  }

  /** Filas of these atendentes with the fila loaded, in fila order. */
  async listarDosAtendentes(atendenteIds: readonly string[]): Promise<AtendenteFila[]> {
    if (atendenteIds.length === 0) return [];
    return this.scoped()
      .innerJoinAndSelect('membro.fila', 'fila')
      .andWhere('membro.atendente_id IN (:...atendenteIds)', { atendenteIds })
      .orderBy('fila.ordem', 'ASC')
      .addOrderBy('lower(fila.nome)', 'ASC')
      .getMany();
  }

  /** Member count per fila (one grouped query for a whole page). */
  async contarPorFila(filaIds: readonly string[]): Promise<Map<string, number>> {
    if (filaIds.length === 0) return new Map();
    const linhas = await this.scoped()
      .select('membro.fila_id', 'filaId')
      .addSelect('count(*)::int', 'total')
      .andWhere('membro.fila_id IN (:...filaIds)', { filaIds })
      .groupBy('membro.fila_id')
      .getRawMany<{ filaId: string; total: number }>();
    return new Map(linhas.map((l) => [l.filaId, Number(l.total)]));
  }

  /** Atendentes of the current empresa among `ids`. */
  async buscarAtendentes(ids: readonly string[]): Promise<Atendente[]> {
    if (ids.length === 0) return [];
    return this.tx.manager
      .getRepository(Atendente)
      .createQueryBuilder('atendente')
      .where('atendente.empresa_id = :empresaId AND atendente.id IN (:...ids)', { empresaId: this.empresaId, ids })
      .getMany();
  }

  /** Memberships of an atendente whose capacity is above `maximo` (they would contradict a lower maximum). */
  async listarCapacidadesAcima(atendenteId: string, maximo: number): Promise<AtendenteFila[]> {
    return this.scoped()
      .innerJoinAndSelect('membro.fila', 'fila')
      .andWhere('membro.atendente_id = :atendenteId AND membro.capacidade > :maximo', { atendenteId, maximo })
      .getMany();
  }

  /** Makes `membros` the complete member list of the fila (keeps `ultima_atribuicao_em` of those who stay). */
  async substituirDaFila(filaId: string, membros: readonly Omit<MembroDefinido, 'filaId'>[]): Promise<void> {
    await this.removerForaDe(
      'fila_id',
      filaId,
      'atendente_id',
      membros.map((m) => m.atendenteId),
    );
    await this.upsert(membros.map((m) => ({ ...m, filaId })));
  }

  /** Makes `filas` the complete fila list of the atendente. */
  async substituirDoAtendente(atendenteId: string, filas: readonly Omit<MembroDefinido, 'atendenteId'>[]): Promise<void> {
    await this.removerForaDe(
      'atendente_id',
      atendenteId,
      'fila_id',
      filas.map((f) => f.filaId),
    );
    await this.upsert(filas.map((f) => ({ ...f, atendenteId })));
  }

  private async removerForaDe(
    coluna: 'fila_id' | 'atendente_id',
    id: string,
    outraColuna: 'fila_id' | 'atendente_id',
    manter: readonly string[],
  ): Promise<void> {
    await this.tx.query(
      `DELETE FROM atendimento_atendentes_filas
        WHERE empresa_id = $1 AND ${coluna} = $2 AND NOT (${outraColuna} = ANY($3::uuid[]))`,
      [this.empresaId, id, [...manter]],
    );
  }

  private async upsert(membros: readonly MembroDefinido[]): Promise<void> {
    if (membros.length === 0) return;
    await this.tx.query(
      `INSERT INTO atendimento_atendentes_filas (empresa_id, atendente_id, fila_id, capacidade)
       SELECT $1, m.atendente_id, m.fila_id, m.capacidade
         FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS m (atendente_id, fila_id, capacidade)
       ON CONFLICT (empresa_id, atendente_id, fila_id)
       DO UPDATE SET capacidade = EXCLUDED.capacidade, atualizado_em = now()
         WHERE atendimento_atendentes_filas.capacidade IS DISTINCT FROM EXCLUDED.capacidade`,
      [this.empresaId, membros.map((m) => m.atendenteId), membros.map((m) => m.filaId), membros.map((m) => m.capacidade)],
    );
  }
}
