import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { buildDataSourceOptions, type DatabaseTarget } from '../../src/database/data-source-options.js';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { TEST_DB_MODE, postgresUrl } from './test-env.js';

export interface TestDatabase {
  mode: 'pglite' | 'postgres';
  target: DatabaseTarget;
  /** Set in PostgreSQL mode: the URL of this test's own database. */
  url?: string;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (or one test). */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB_MODE === 'postgres') {
    const template = inject('postgresTemplate');
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      // Test data is disposable: skip the WAL flush on commit.
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    } finally {
      await admin.end();
    }
    const url = postgresUrl(name);
    return {
      mode: 'postgres',
      url,
      target: { mode: 'postgres', url, poolSize: 5 },
      async close() {
        const dropper = new pg.Client({ connectionString: postgresUrl('postgres') });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const snapshot = readFileSync(inject('pgliteSnapshot'));
  const embedded = await EmbeddedPostgres.open({ loadDataDir: new Blob([snapshot]) });
  return { mode: 'pglite', embedded, target: { mode: 'pglite', embedded }, close: () => embedded.close() };
}

export async function createTestDataSource(): Promise<{ dataSource: DataSource; database: TestDatabase; close(): Promise<void> }> {
  const database = await openTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions(database.target, false));
  await dataSource.initialize();
  return {
    dataSource,
    database,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.close();
    },
  };
}
