import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `apps/api/dist/main.js` and `apps/web/dist` live after `npm run build`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const API_MAIN = join(REPO_ROOT, 'apps/api/dist/main.js');

export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_SENHA = 'senha-do-admin-e2e-123';

export interface ApiProcess {
  baseUrl: string;
  /** Everything the API wrote to stdout/stderr, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`a API terminou com código ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`a API não respondeu em ${timeoutMs} ms:\n${output()}`);
}

/** Starts the built API (`apps/api/dist/main.js`) on a free port with a fresh embedded database. */
export async function startApi(
  env: Record<string, string> = {},
  options: { port?: number; timeoutMs?: number } = {},
): Promise<ApiProcess> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-web-e2e-'));
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDE_DATA_DIR: dataDir,
      ATENDE_ADMIN_EMAIL: ADMIN_EMAIL,
      ATENDE_ADMIN_SENHA: ADMIN_SENHA,
      ATENDE_PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const output = () => log;

  try {
    await waitForHealth(baseUrl, child, output, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    baseUrl,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
