import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config.js';
import { EMBEDDED_POSTGRES } from '../database/database.module.js';
import type { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { TransactionHost } from '../database/transaction-host.js';
import { FILAS_DE_TRABALHO, type FilaDeTrabalho } from './filas-de-trabalho.js';
import { criarFilas, pgBossOptions } from './job-queue.setup.js';

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
      pgBossOptions(embedded ? { mode: 'pglite', pool: embedded.pool } : { mode: 'postgres', url: config.values.DATABASE_URL ?? '' }),
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
          executeSql: async (text: string, values: unknown[]) => ({ rows: (await queryRunner.query(text, values, true)).records }),
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

  /** Registers a handler; it runs only in processes whose role includes workers (ATENDE_ROLE all|worker). */
  async trabalhar<T extends object>(fila: FilaDeTrabalho, handler: JobHandler<T>, options: { concorrencia?: number } = {}): Promise<void> {
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
