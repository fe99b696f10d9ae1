import { Injectable } from '@nestjs/common';
import type { CanalTipo } from '../channel-adapter.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { InsercaoDeJobsSql } from '../../jobs/job-queue.service.js';
import { EventoEntrada, type EventoEntradaStatus } from './evento-entrada.entity.js';

export interface NovoEventoEntrada {
  canalId: string;
  tipo: CanalTipo;
  externalId: string;
  corpoBruto: Buffer;
  headers: Record<string, string>;
}

/** A canal as the webhook verified it: its id and the credentials ciphertext its secret came from. */
export interface SeloDeCanal {
  canalId: string;
  credenciaisCifradas: string | null;
}

/** Events of one processing job: the job's data is `{empresaId, eventoIds}` with at most this many ids. */
export const EVENTOS_POR_JOB = 10;

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

  /**
   * The webhook's whole durable write as one statement (atomic without a transaction of its own): the events
   * of a batch and their processing jobs (`jobs`, a pg-boss insert from `JobQueue.insercaoComoCte`, fed with
   * one `{empresaId, eventoIds}` per `EVENTOS_POR_JOB` new events). The canais were looked up (and their
   * secrets used) before this statement, possibly from a cache; the `selos` guard makes that safe: unless every
   * canal is still active, not removed and holds the same credentials ciphertext, nothing is written and
   * `selosValidos` is false, so the caller looks them up again and verifies anew.
   */
  async inserirNovosComJobs(
    eventos: readonly NovoEventoEntrada[],
    selos: readonly SeloDeCanal[],
    jobs: (dadosSql: string, primeiroParametro: number) => InsercaoDeJobsSql,
  ): Promise<{ selosValidos: boolean; inseridos: { id: string; canalId: string; externalId: string }[] }> {
    // The job insert's parameters follow this statement's nine.
    const insercao = jobs('(SELECT dados FROM grupos)', 10);
    // Prepared: the text is fixed and long (pg-boss's insert), so parsing and planning it per batch would cost
    // more than running it.
    const rows = await this.tx.queryPreparada<{
      selo_valido: boolean;
      id: string | null;
      canal_id: string | null;
      external_id: string | null;
    }>(
      `WITH selo AS (
         SELECT count(*) = $9 AS valido
           FROM atendimento_canais c
           JOIN unnest($7::uuid[], $8::text[]) AS s (canal_id, cifra)
             ON c.id = s.canal_id AND c.credenciais_cifradas IS NOT DISTINCT FROM s.cifra
          WHERE c.empresa_id = $1 AND c.ativo AND c.removido_em IS NULL
       ),
       novos AS (
         INSERT INTO atendimento_eventos_entrada (empresa_id, canal_id, tipo, external_id, corpo_bruto, headers)
         SELECT $1, e.canal_id, e.tipo, e.external_id, e.corpo_bruto, e.headers
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bytea[], $6::jsonb[]) AS e (canal_id, tipo, external_id, corpo_bruto, headers)
          WHERE (SELECT valido FROM selo)
         ON CONFLICT (canal_id, external_id) DO NOTHING
         RETURNING id, canal_id, external_id
       ),
       grupos AS (
         SELECT json_agg(json_build_object('empresaId', $1::uuid, 'eventoIds', g.ids)) AS dados
           FROM (SELECT json_agg(n.id) AS ids
                   FROM (SELECT id, (row_number() OVER () - 1) / ${EVENTOS_POR_JOB} AS grupo FROM novos) n
                  GROUP BY n.grupo) g
       ),
       jobs AS (${insercao.sql})
       SELECT (SELECT valido FROM selo) AS selo_valido, n.id, n.canal_id, n.external_id
         FROM (SELECT 1) AS um LEFT JOIN novos n ON true`,
      [
        this.empresaId,
        eventos.map((evento) => evento.canalId),
        eventos.map((evento) => evento.tipo),
        eventos.map((evento) => evento.externalId),
        eventos.map((evento) => evento.corpoBruto),
        eventos.map((evento) => JSON.stringify(evento.headers)),
        selos.map((selo) => selo.canalId),
        selos.map((selo) => selo.credenciaisCifradas),
        selos.length,
        ...insercao.parametros,
      ],
    );
    return {
      selosValidos: rows[0]?.selo_valido === true,
      inseridos: rows.flatMap((row) =>
        row.id !== null && row.canal_id !== null && row.external_id !== null
          ? [{ id: row.id, canalId: row.canal_id, externalId: row.external_id }]
          : [],
      ),
    };
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
