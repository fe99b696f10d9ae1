import PgBoss from 'pg-boss';
import type pg from 'pg';
import { FILAS_DE_TRABALHO } from './filas-de-trabalho.js';

export type JobStoreTarget = { mode: 'postgres'; url: string } | { mode: 'pglite'; pool: pg.Pool };

export const PGBOSS_SCHEMA = 'pgboss';

/** pg-boss options for either database. On the embedded one every statement goes through the single-session pool. */
export function pgBossOptions(target: JobStoreTarget): PgBoss.ConstructorOptions {
  const common: PgBoss.ConstructorOptions = {
    schema: PGBOSS_SCHEMA,
    application_name: 'atende-jobs',
    maintenanceIntervalSeconds: 120,
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterDays: 7,
  };
  if (target.mode === 'postgres') return { ...common, connectionString: target.url, max: 4 };
  const pool = target.pool;
  return {
    ...common,
    db: {
      async executeSql(text: string, values: unknown[]) {
        const result = await pool.query(text, values);
        // A multi-statement script answers with one result per statement; pg-boss reads the last one.
        const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
        return { rows: last?.rows ?? [] };
      },
    },
  };
}

/** Installs or migrates pg-boss's schema and creates every queue with its retry policy. Idempotent. */
export async function prepararFilas(target: JobStoreTarget): Promise<void> {
  const boss = new PgBoss({ ...pgBossOptions(target), supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    await criarFilas(boss);
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}

export async function criarFilas(boss: PgBoss): Promise<void> {
  for (const fila of Object.values(FILAS_DE_TRABALHO)) {
    const { name, ...options } = fila;
    const existente = await boss.getQueue(name);
    if (existente) await boss.updateQueue(name, { name, ...options });
    else await boss.createQueue(name, { name, ...options });
  }
}
