import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';

export const EMBEDDED_EXTENSIONS = { pgcrypto, pg_trgm, unaccent };

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `O diretório de dados ${dataDir} já está em uso pelo processo ${pid}. ` +
        'O banco embutido (PGlite) aceita um único processo: pare o outro processo, use outro ATENDE_DATA_DIR, ' +
        'ou configure DATABASE_URL para usar um PostgreSQL compartilhado.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock on its data directory: two processes opening it both succeed and one silently loses
 * writes. This lockfile refuses the second process; a lock left by a dead process is taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'atende.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeFileSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isInteger(pid) && isAlive(pid)) {
          throw new DataDirLockedError(resolve(dataDir), pid);
        }
        unlinkSync(path);
      }
    }
    throw new DataDirLockedError(resolve(dataDir), -1);
  }

  release(): void {
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}

export interface EmbeddedPostgresOptions {
  /** A directory, or undefined for an in-memory database. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (test snapshots). */
  loadDataDir?: Blob;
  /** How long a caller waits for the single session before failing instead of hanging. */
  acquireTimeoutMs?: number;
}

/**
 * The embedded database: one PGlite instance served to the stock `pg` driver through PGlite's
 * node-postgres connection shim. PGlite has a single session, so the pool holds exactly one client:
 * a query runner (or the job library) owns the session from connect() to release(), transactions never
 * interleave, and types come back exactly as `pg` parses them from PostgreSQL.
 */
export class EmbeddedPostgres {
  readonly pool: pg.Pool;

  private constructor(
    readonly pglite: PGlite,
    private readonly lock: DataDirLock | undefined,
    acquireTimeoutMs: number,
  ) {
    const pglite_ = pglite;
    class PgliteClient extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        // A fresh protocol connection per client: a destroyed client's late 'end' must not reach its successor.
        super({ ...config, connection: new PglitePgConnection({ pglite: pglite_ }) } as pg.ClientConfig);
      }

      override connect(): Promise<pg.Client>;
      override connect(callback: (err: Error | null, client?: pg.Client) => void): void;
      override connect(callback?: (err: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
        // A real server ends a dropped session's transaction; PGlite keeps its only session, so reset it.
        const ready = super
          .connect()
          .then(() => this.query('ROLLBACK'))
          .then(() => this.query('DISCARD ALL'))
          .then(() => this as pg.Client);
        if (!callback) return ready;
        ready.then(
          (client) => callback(null, client),
          (error: Error) => callback(error),
        );
      }
    }
    this.pool = new pg.Pool({
      Client: PgliteClient,
      max: 1,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: acquireTimeoutMs,
    });
    this.pool.on('error', () => undefined);
  }

  static async open(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const lock = options.dataDir ? DataDirLock.acquire(options.dataDir) : undefined;
    try {
      const pgliteOptions: PGliteOptions = {
        dataDir: options.dataDir ? resolve(options.dataDir, 'pg') : 'memory://',
        extensions: EMBEDDED_EXTENSIONS,
        loadDataDir: options.loadDataDir,
      };
      const pglite = await PGlite.create(pgliteOptions);
      return new EmbeddedPostgres(pglite, lock, options.acquireTimeoutMs ?? 30_000);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.pool.end();
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      this.lock?.release();
    }
  }
}
