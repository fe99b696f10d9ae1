import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

interface TransactionStore {
  manager: EntityManager;
  afterCommit: (() => void)[];
}

const storage = new AsyncLocalStorage<TransactionStore>();

/**
 * Carries the current transaction's EntityManager through async calls, so repositories and the job queue
 * join the caller's transaction without threading a manager through every signature. On the embedded
 * database this also matters for correctness: it has one session, and a second connection would wait on it.
 */
@Injectable()
export class TransactionHost {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return storage.getStore() !== undefined;
  }

  /** Runs fn in a transaction; nested calls join the outer one. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    const afterCommit: (() => void)[] = [];
    const result = await this.dataSource.transaction((manager) => storage.run({ manager, afterCommit }, fn));
    for (const hook of afterCommit) hook();
    return result;
  }

  /**
   * Runs hook once the current transaction commits (at once when there is none): notifications and
   * wake-ups must never announce data that a rollback then takes back.
   */
  afterCommit(hook: () => void): void {
    const store = storage.getStore();
    if (store) store.afterCommit.push(hook);
    else hook();
  }

  /** Raw SQL on the current transaction (or a pooled connection when none). */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const current = storage.getStore()?.manager.queryRunner;
    const runner = current ?? this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, parameters, true);
      return result.records as T[];
    } finally {
      if (!current) await runner.release();
    }
  }

  /**
   * Raw SQL as a named prepared statement: the server parses and plans it once per connection instead of on
   * every call, which on the hot reads (inbox, conversation page) is about as long as executing them. Only
   * for statements whose text comes from a bounded set of shapes (values always go in parameters), since
   * each distinct text stays prepared on every pooled connection.
   */
  async queryPreparada<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const current = storage.getStore()?.manager.queryRunner;
    const runner = current ?? this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const name = `atende_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
      const result = await client.query({ name, text: sql, values: parameters });
      return result.rows as T[];
    } finally {
      if (!current) await runner.release();
    }
  }
}
