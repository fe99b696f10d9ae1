import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

export type DatabaseTarget = { mode: 'postgres'; url: string; poolSize?: number } | { mode: 'pglite'; embedded: EmbeddedPostgres };

/** The same entities, migrations and SQL on both databases; only the connection differs. */
export function buildDataSourceOptions(target: DatabaseTarget, runMigrations: boolean): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: runMigrations,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    applicationName: 'atende',
  };
  if (target.mode === 'postgres') {
    return { ...common, url: target.url, poolSize: target.poolSize ?? 10 };
  }
  const sharedPool = target.embedded.pool;
  // TypeORM builds its pool with `new driver.Pool()`; lend it the embedded single-session pool instead, so
  // TypeORM and the job library queue on one lock. The embedded database owns the pool, so `end` is not lent.
  const borrowed = new Proxy(sharedPool, {
    get(pool, property) {
      if (property === 'end') return (callback?: () => void) => (callback ? callback() : Promise.resolve());
      const value: unknown = Reflect.get(pool, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(pool) : value;
    },
  });
  const driver = {
    ...pg,
    Pool: function EmbeddedPool() {
      return borrowed;
    },
  };
  return { ...common, driver, host: 'pglite', database: 'postgres' };
}
