import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { AppConfig, parseConfig } from '../../src/config/app-config.js';
import { EMBEDDED_POSTGRES } from '../../src/database/database.module.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_EMAIL = 'admin@demo.test';
export const ADMIN_SENHA = 'senha-do-admin-123';
export const TEST_SECRET = 'test-secret-key-with-at-least-32-characters';

export interface TestApp {
  app: NestExpressApplication;
  server: Server;
  database: TestDatabase;
  /** Base URL when started with `listen: true` (Socket.IO and child-process tests). */
  url?: string;
  http(): ReturnType<typeof request>;
  login(email?: string, senha?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule with the real HTTP stack against a fresh migrated database, or against `database`
 * (PostgreSQL mode: several app instances on one database; the caller closes it).
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    listen?: boolean;
    database?: TestDatabase;
    overrides?: { provide: unknown; useValue: unknown }[];
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-app-'));
  const config = new AppConfig(
    parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ATENDE_SECRET_KEY: TEST_SECRET,
      ATENDE_DATA_DIR: dataDir,
      ATENDE_MIGRATIONS: 'manual',
      ATENDE_ADMIN_EMAIL: ADMIN_EMAIL,
      ATENDE_ADMIN_SENHA: ADMIN_SENHA,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      // Test files run side by side on one Redis: the instances of one database share a prefix, no one else does.
      ATENDE_REDIS_PREFIXO: `teste-${database.url ? new URL(database.url).pathname.slice(1) : randomUUID()}`,
      ...options.env,
    }),
  );
  const builder = Test.createTestingModule({ imports: [AppModule] });
  // Replaceable collaborators such as the clock (Relogio): tests inject a controllable one.
  for (const override of options.overrides ?? []) builder.overrideProvider(override.provide).useValue(override.useValue);
  const moduleRef = await builder
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(EMBEDDED_POSTGRES)
    .useValue(database.embedded ?? null)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, bodyParser: false, bufferLogs: true });
  configureApp(app);
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as AddressInfo;
    url = `http://127.0.0.1:${address.port}`;
  } else {
    await app.init();
  }
  const server = app.getHttpServer() as Server;
  return {
    app,
    server,
    database,
    url,
    http: () => request(server),
    async login(email = ADMIN_EMAIL, senha = ADMIN_SENHA) {
      const response = await request(server).post('/api/auth/login').send({ email, senha });
      if (response.status !== 200) throw new Error(`login falhou: ${response.status} ${JSON.stringify(response.body)}`);
      return (response.body as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      if (database.mode === 'postgres' && !options.database) await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
