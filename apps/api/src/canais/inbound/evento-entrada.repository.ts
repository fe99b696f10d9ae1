import { Injectable } from '@nestjs/common';
import type { CanalTipo } from '../channel-adapter.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventoEntrada, type EventoEntradaStatus } from './evento-entrada.entity.js';

export interface NovoEventoEntrada {
  canalId: string;
  tipo: CanalTipo;
  externalId: string;
  corpoBruto: Buffer;
  headers: Record<string, string>;
}

/** Keyset position of the admin list, newest first. */
export interface PosicaoEventoEntrada {
  /** PostgreSQL's text form of `recebido_em`. */
  recebidoEm: string;
  id: string;
}

@Injectable()
export class EventoEntradaRepository extends TenantRepository<EventoEntrada> {
  constructor(tx: TransactionHost) {
    super(tx, EventoEntrada, 'evento');
  }

  /**
   * The durable half of webhooks: one multi-row insert for a batch of events. Redelivered events hit the
   * (canal_id, external_id) key and are skipped; only the rows actually inserted come back, so the caller
   * enqueues processing for those alone.
   */
  async inserirNovos(eventos: readonly NovoEventoEntrada[]): Promise<{ id: string; canalId: string; externalId: string }[]> {
    if (eventos.length === 0) return [];
    const rows = await this.tx.query<{ id: string; canal_id: string; external_id: string }>(
      `INSERT INTO atendimento_eventos_entrada (empresa_id, canal_id, tipo, external_id, corpo_bruto, headers)
       SELECT $1, e.canal_id, e.tipo, e.external_id, e.corpo_bruto, e.headers
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bytea[], $6::jsonb[]) AS e (canal_id, tipo, external_id, corpo_bruto, headers)
       ON CONFLICT (canal_id, external_id) DO NOTHING
       RETURNING id, canal_id, external_id`,
      [
        this.empresaId,
        eventos.map((evento) => evento.canalId),
        eventos.map((evento) => evento.tipo),
        eventos.map((evento) => evento.externalId),
        eventos.map((evento) => evento.corpoBruto),
        eventos.map((evento) => JSON.stringify(evento.headers)),
      ],
    );
    return rows.map((row) => ({ id: row.id, canalId: row.canal_id, externalId: row.external_id }));
  }

  /** Locks the row for the processing transaction, so a replay and a late retry never run it twice at once. */
  async findParaProcessar(id: string): Promise<EventoEntrada | null> {
    return this.scoped().andWhere('evento.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async concluir(
    id: string,
    status: Extract<EventoEntradaStatus, 'processado' | 'ignorado'>,
    nota: string | null,
  ): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_eventos_entrada
          SET status = $3, erro = $4, tentativas = tentativas + 1, processado_em = now(), atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2`,
      [id, this.empresaId, status, nota],
    );
  }

  /**
   * A failed attempt: back to `recebido` while retries remain, parked as `falhou` after the last one. A parked
   * event stays parked: only a replay moves it (the processor skips parked events).
   */
  async registrarFalha(id: string, erro: string, definitiva: boolean): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_eventos_entrada
          SET status = CASE WHEN $3::boolean OR status = 'falhou' THEN 'falhou' ELSE 'recebido' END,
              erro = $4, tentativas = tentativas + 1, atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2 AND status NOT IN ('processado', 'ignorado')`,
      [id, this.empresaId, definitiva, erro.slice(0, 4_000)],
    );
  }

  /** Back in line for a replay; only parked events qualify (the caller checked the status under lock). */
  async rearmar(id: string): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_eventos_entrada
          SET status = 'recebido', erro = NULL, processado_em = NULL, atualizado_em = now()
        WHERE id = $1 AND empresa_id = $2`,
      [id, this.empresaId],
    );
  }

  /**
   * Across empresas, for crash recovery at boot: events still waiting that arrived before this process
   * started (their job may have died with the previous process), oldest first, by keyset on id.
   */
  async listarPendentesAntesDe(
    instante: Date,
    aposId: string | null,
    limite: number,
  ): Promise<{ id: string; empresaId: string }[]> {
    const rows = await this.tx.query<{ id: string; empresa_id: string }>(
      `SELECT id, empresa_id FROM atendimento_eventos_entrada
        WHERE status = 'recebido' AND recebido_em < $1 AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id
        LIMIT $3`,
      [instante, aposId, limite],
    );
    return rows.map((row) => ({ id: row.id, empresaId: row.empresa_id }));
  }

  /**
   * Newest first. The cursor keeps `recebido_em` as PostgreSQL's text (microseconds): a JS Date would round
   * it to milliseconds and skip or repeat rows at a page boundary.
   */
  async listar(filtro: {
    status?: EventoEntradaStatus;
    canalId?: string;
    limite: number;
    apos?: PosicaoEventoEntrada;
  }): Promise<{ evento: EventoEntrada; posicao: PosicaoEventoEntrada }[]> {
    const query = this.scoped().addSelect('evento.recebido_em::text', 'posicao_em');
    if (filtro.status !== undefined) query.andWhere('evento.status = :status', { status: filtro.status });
    if (filtro.canalId !== undefined) query.andWhere('evento.canal_id = :canalId', { canalId: filtro.canalId });
    if (filtro.apos !== undefined) {
      query.andWhere('(evento.recebido_em, evento.id) < (CAST(:recebidoEm AS timestamptz), CAST(:id AS uuid))', {
        recebidoEm: filtro.apos.recebidoEm,
        id: filtro.apos.id,
      });
    }
    const { entities, raw } = await query
      .orderBy('evento.recebido_em', 'DESC')
      .addOrderBy('evento.id', 'DESC')
      .limit(filtro.limite)
      .getRawAndEntities<{ posicao_em: string }>();
    return entities.map((evento, i) => ({ evento, posicao: { recebidoEm: raw[i].posicao_em, id: evento.id } }));
  }
}
