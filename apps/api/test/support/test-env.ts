export type TestDbMode = 'pglite' | 'postgres';

export const TEST_DB_MODE: TestDbMode = process.env.ATENDE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** Server URL without a database name; each test file gets its own database cloned from a migrated template. */
export const TEST_POSTGRES_URL = process.env.ATENDE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export const TEST_REDIS_URL = process.env.ATENDE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function postgresUrl(database: string): string {
  return `${TEST_POSTGRES_URL.replace(/\/$/, '')}/${database}`;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}
