import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { insertJobs } from 'pg-boss/src/plans.js';
import { AppConfig } from '../config/app-config.js';
import { EMBEDDED_POSTGRES } from '../database/database.module.js';
import type { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { TransactionHost } from '../database/transaction-host.js';
import { FILAS_DE_TRABALHO, type FilaDeTrabalho } from './filas-de-trabalho.js';
import { criarFilas, PGBOSS_SCHEMA, pgBossOptions } from './job-queue.setup.js';

/** The pg-boss bulk insert, its placeholders $1–$6 (jobs json, then the constructor's defaults, none set here). */
const INSERCAO_EM_LOTE = insertJobs(PGBOSS_SCHEMA);

/** A pg-boss job insert to embed as a CTE in the caller's statement: its SQL and the parameters it adds. */
export interface InsercaoDeJobsSql {
  sql: string;
  parametros: unknown[];
}

export type JobHandler<T> = (data: T, job: { id: string; tentativa: number; ultimaTentativa: boolean }) => Promise<void>;

export interface EnvioOptions {
  /** Deduplicates: a second job with the same key while the first is queued is dropped by pg-boss. */
  singletonKey?: string;
  startAfter?: Date | number;
  prioridade?: number;
}

/**
 * The durable job queue (pg-boss). Enqueueing joins the caller's transaction, so a job exists exactly when the
 * data it is about was committed.
 */
@Injectable()
export class JobQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly workerIds = new Map<string, string[]>();
  private started?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    @Inject(EMBEDDED_POSTGRES) embedded: EmbeddedPostgres | null,
  ) {
    this.boss = new PgBoss(
      pgBossOptions(
        embedded ? { mode: 'pglite', pool: embedded.pool } : { mode: 'postgres', url: config.values.DATABASE_URL ?? '' },
      ),
    );
    this.boss.on('error', (error: Error) => this.logger.error({ err: error }, 'erro na fila de trabalhos'));
  }

  onModuleInit(): Promise<void> {
    this.started ??= this.boss.start().then(() => criarFilas(this.boss));
    return this.started;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  async enviar<T extends object>(fila: FilaDeTrabalho, data: T, options: EnvioOptions = {}): Promise<string | null> {
    const definicao = FILAS_DE_TRABALHO[fila];
    const queryRunner = this.tx.inTransaction ? this.tx.manager.queryRunner : undefined;
    const db: PgBoss.Db | undefined = queryRunner
      ? {
          executeSql: async (text: string, values: unknown[]) => ({
            rows: (await queryRunner.query(text, values, true)).records,
          }),
        }
      : undefined;
    const id = await this.boss.send(definicao.name, data, {
      singletonKey: options.singletonKey,
      startAfter: options.startAfter,
      // pg-boss asserts an integer whenever the key is present, so an absent priority must be left out.
      ...(options.prioridade !== undefined ? { priority: options.prioridade } : {}),
      ...(db ? { db } : {}),
    });
    this.tx.afterCommit(() => this.acordar(definicao.name));
    return id;
  }

  /**
   * pg-boss's own bulk insert (the statement `PgBoss.insert` runs, the pinned version's SQL) rewritten to be a
   * CTE of the caller's statement, so that rows and the jobs about them are written by one statement: one round
   * trip and no explicit transaction on the hottest write (webhook acknowledgement). `dadosSql` is an SQL
   * expression giving a json array of the jobs' data; the returned parameters are numbered from `primeiro`.
   * The caller runs `avisarEnfileirados` once its statement has committed.
   */
  insercaoComoCte(fila: FilaDeTrabalho, dadosSql: string, primeiro: number): InsercaoDeJobsSql {
    const nome = `$${primeiro}`;
    const jobs = `(SELECT json_agg(json_build_object('name', ${nome}::text, 'data', d.value)) FROM json_array_elements(${dadosSql}) d)`;
    const sql = INSERCAO_EM_LOTE.replace(/\$([1-6])\b/g, (_, n: string) => (n === '1' ? jobs : `$${primeiro + Number(n) - 1}`));
    // $2–$6: pg-boss's constructor-level defaults, not used (every queue carries its own policy).
    return { sql, parametros: [FILAS_DE_TRABALHO[fila].name, null, null, null, null, null] };
  }

  /** Wakes this process's workers of a queue after a statement built with `insercaoComoCte` committed. */
  avisarEnfileirados(fila: FilaDeTrabalho): void {
    this.tx.afterCommit(() => this.acordar(FILAS_DE_TRABALHO[fila].name));
  }

  /** Registers a handler; it runs only in processes whose role includes workers (ATENDE_ROLE all|worker). */
  async trabalhar<T extends object>(
    fila: FilaDeTrabalho,
    handler: JobHandler<T>,
    options: { concorrencia?: number } = {},
  ): Promise<void> {
    if (!this.config.runsWorkers) return;
    await this.onModuleInit();
    const definicao = FILAS_DE_TRABALHO[fila];
    const workers = options.concorrencia ?? 1;
    for (let i = 0; i < workers; i++) {
      const workerId = await this.boss.work<T>(
        definicao.name,
        { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          await handler(job.data, {
            id: job.id,
            tentativa: job.retryCount + 1,
            ultimaTentativa: job.retryCount >= job.retryLimit,
          });
        },
      );
      this.workerIds.set(definicao.name, [...(this.workerIds.get(definicao.name) ?? []), workerId]);
    }
  }

  private acordar(nome: string): void {
    for (const id of this.workerIds.get(nome) ?? []) this.boss.notifyWorker(id);
  }

  /** For admin tooling and tests: counts of a queue's jobs by state. */
  async tamanho(fila: FilaDeTrabalho): Promise<number> {
    return this.boss.getQueueSize(FILAS_DE_TRABALHO[fila].name);
  }
}
