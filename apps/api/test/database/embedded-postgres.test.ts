import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DataDirLockedError, EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createTestDataSource } from '../support/test-database.js';
import { TEST_DB_MODE } from '../support/test-env.js';

describe('database driver (runs on PGlite and on PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, close } = await createTestDataSource());
    await dataSource.query('CREATE TABLE concorrencia (id serial PRIMARY KEY, origem text NOT NULL)');
  });

  afterAll(() => close());

  it('keeps concurrent transactions apart: rollbacks lose only their own rows, commits keep theirs', async () => {
    const pausa = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    const transacoes = Array.from({ length: 30 }, (_, i) =>
      dataSource
        .transaction(async (manager) => {
          await manager.query('INSERT INTO concorrencia (origem) VALUES ($1)', [`tx-${i}-a`]);
          await pausa();
          await manager.query('INSERT INTO concorrencia (origem) VALUES ($1)', [`tx-${i}-b`]);
          await pausa();
          if (i % 3 === 0) throw new Error(`rollback ${i}`);
        })
        .catch((error: Error) => error.message),
    );
    const avulsas = Array.from({ length: 20 }, async (_, i) => {
      await pausa();
      await dataSource.query('INSERT INTO concorrencia (origem) VALUES ($1)', [`avulsa-${i}`]);
    });
    const resultados = await Promise.all([...transacoes, ...avulsas]);

    expect(resultados.filter((r) => typeof r === 'string')).toHaveLength(10);
    const rows: { origem: string }[] = await dataSource.query('SELECT origem FROM concorrencia ORDER BY origem');
    const esperado = [
      ...Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .flatMap((i) => [`tx-${i}-a`, `tx-${i}-b`]),
      ...Array.from({ length: 20 }, (_, i) => `avulsa-${i}`),
    ].sort();
    expect(rows.map((r) => r.origem).sort()).toEqual(esperado);
  });

  it('a failed statement inside a transaction rolls back only that transaction', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO concorrencia (origem) VALUES ($1)', ['antes-do-erro']);
        await manager.query('SELECT * FROM tabela_inexistente');
      }),
    ).rejects.toThrow(/tabela_inexistente/);
    await dataSource.query('INSERT INTO concorrencia (origem) VALUES ($1)', ['depois-do-erro']);
    const rows: { origem: string }[] = await dataSource.query(
      `SELECT origem FROM concorrencia WHERE origem IN ('antes-do-erro', 'depois-do-erro')`,
    );
    expect(rows.map((r) => r.origem)).toEqual(['depois-do-erro']);
  });

  it('returns every type exactly as node-postgres parses it from PostgreSQL', async () => {
    const [row] = await dataSource.query(`
      SELECT 32767::int2 AS i2, 2147483647::int4 AS i4, 9007199254740993::int8 AS i8, count(*) OVER () AS contagem,
             12.50::numeric(10,2) AS num, 1.5::float8 AS f8, 0.25::real AS f4, true AS b, 'ação'::text AS t,
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '2026-01-02T03:04:05.678Z'::timestamptz AS ts,
             '2026-01-02'::date AS d, '{"a":[1,"x",null]}'::jsonb AS j, ARRAY['a','b']::text[] AS ta,
             ARRAY[1,2]::int4[] AS ia, ARRAY[0.5,1.5]::real[] AS ra, '\\x6869'::bytea AS by, NULL::text AS nulo,
             to_tsvector('portuguese', 'cancelamento') AS tv
    `);
    expect(row).toEqual({
      i2: 32767,
      i4: 2147483647,
      i8: '9007199254740993',
      contagem: '1',
      num: '12.50',
      f8: 1.5,
      f4: 0.25,
      b: true,
      t: 'ação',
      u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      ts: new Date('2026-01-02T03:04:05.678Z'),
      d: row.d,
      j: { a: [1, 'x', null] },
      ta: ['a', 'b'],
      ia: [1, 2],
      ra: [0.5, 1.5],
      by: Buffer.from('hi'),
      nulo: null,
      tv: "'cancel':1",
    });
    expect(row.d).toBeInstanceOf(Date);
  });

  it('reports unique violations with SQLSTATE 23505 on both databases', async () => {
    await dataSource.query('CREATE TABLE unico (k text PRIMARY KEY)');
    await dataSource.query(`INSERT INTO unico VALUES ('x')`);
    await expect(dataSource.query(`INSERT INTO unico VALUES ('x')`)).rejects.toMatchObject({ driverError: { code: '23505' } });
    const inserted = await dataSource.query(`INSERT INTO unico VALUES ('x') ON CONFLICT DO NOTHING RETURNING k`);
    expect(inserted).toEqual([]);
  });
});

// PGlite-only behaviour: runs in the embedded-database pass of the suite.
describe.runIf(TEST_DB_MODE === 'pglite')('embedded data directory lock', { timeout: 120_000 }, () => {
  it('refuses a second opener of the same data dir with a clear message, and frees it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-lock-'));
    try {
      const first = await EmbeddedPostgres.open({ dataDir: dir });
      await expect(EmbeddedPostgres.open({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
      await expect(EmbeddedPostgres.open({ dataDir: dir })).rejects.toThrow(/já está em uso pelo processo \d+/);
      await first.pool.query('CREATE TABLE persistida (x int)');
      await first.pool.query('INSERT INTO persistida VALUES (42)');
      await first.close();

      const second = await EmbeddedPostgres.open({ dataDir: dir });
      expect((await second.pool.query('SELECT x FROM persistida')).rows).toEqual([{ x: 42 }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-lock-'));
    try {
      writeFileSync(join(dir, 'atende.lock'), '2147483646');
      const db = await EmbeddedPostgres.open({ dataDir: dir });
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails a caller that waits too long for the single session instead of hanging', async () => {
    const db = await EmbeddedPostgres.open({ acquireTimeoutMs: 200 });
    try {
      const holder = await db.pool.connect();
      await expect(db.pool.connect()).rejects.toThrow(/timeout/);
      holder.release();
      expect((await db.pool.query('SELECT 1 AS um')).rows).toEqual([{ um: 1 }]);
    } finally {
      await db.close();
    }
  });
});
