import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule } from '../../src/config/config.module.js';
import { AppConfig, ConfigError } from '../../src/config/app-config.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { TEST_REDIS_URL } from '../support/test-env.js';

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('reports the database in /api/health without authentication', async () => {
    const response = await t.http().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { status: 'up', modo: t.database.mode } });
    expect(response.body.redis).toBeUndefined();
  });

  // Needs a Redis server: runs in CI's PostgreSQL + Redis pass (ATENDE_TEST_REDIS=1).
  it.runIf(process.env.ATENDE_TEST_REDIS === '1')('reports Redis in /api/health when REDIS_URL is set, and 503 when it is down', async () => {
    const withRedis = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    try {
      const response = await withRedis.http().get('/api/health');
      expect(response.status).toBe(200);
      expect(response.body.redis).toMatchObject({ status: 'up' });
    } finally {
      await withRedis.close();
    }
    const deadRedis = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await deadRedis.http().get('/api/health');
      expect(response.status).toBe(503);
      expect(response.body.redis).toMatchObject({ status: 'down' });
    } finally {
      await deadRedis.close();
    }
  });

  it('serves the OpenAPI document with the auth routes', async () => {
    const response = await t.http().get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/refresh', '/api/health']));
    const loginBody = response.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(loginBody.properties).toHaveProperty('email');
  });

  it('sets security headers and a request id', async () => {
    const response = await t.http().get('/api/health').set('X-Request-Id', 'abc-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a body over the configured limit with 413 and says which setting to change', async () => {
    const small = await createTestApp({ env: { ATENDE_BODY_LIMIT: '1kb' } });
    try {
      const response = await small.http().post('/api/auth/login').send({ email: 'a@b.co', senha: 'x'.repeat(5_000) });
      expect(response.status).toBe(413);
      expect(response.body.message).toContain('ATENDE_BODY_LIMIT');
    } finally {
      await small.close();
    }
  });

  it('answers wrong types with 400 naming the field, never 500', async () => {
    const response = await t.http().post('/api/auth/login').send({ email: ['x'], senha: { a: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'senha']);
  });

  it('answers a malformed id with 400', async () => {
    const token = await t.login();
    const response = await t.http().get('/api/usuarios/not-a-uuid').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(400);
  });
});

describe('configuration at boot', () => {
  it('refuses to build the app with a bad variable, naming it', async () => {
    const saved = process.env.ATENDE_ROLE;
    process.env.ATENDE_ROLE = 'frontend';
    try {
      const moduleRef = Test.createTestingModule({ imports: [ConfigModule] }).compile();
      await expect(moduleRef).rejects.toBeInstanceOf(ConfigError);
      await expect(Test.createTestingModule({ imports: [ConfigModule] }).compile()).rejects.toThrow(/ATENDE_ROLE/);
    } finally {
      if (saved === undefined) delete process.env.ATENDE_ROLE;
      else process.env.ATENDE_ROLE = saved;
    }
  });

  it('builds with a valid environment', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule] }).compile();
    expect(moduleRef.get(AppConfig).values.PORT).toBeGreaterThan(0);
    await moduleRef.close();
  });
});
