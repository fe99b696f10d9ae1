import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LimiteDeVisitantes } from '../../src/canais/webchat/limite-de-visitantes.js';

/**
 * The per-visitor WebChat limit with REDIS_URL: one window shared by every API instance (two limiters on the
 * same Redis stand for two instances). Runs with the Redis suites (`ATENDE_TEST_REDIS=1`).
 */
describe.runIf(process.env.ATENDE_TEST_REDIS === '1')('WebChat per-visitor limit in Redis', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
  });

  afterAll(async () => {
    await redis?.quit();
  });

  it('counts calls of both instances in one window and says how long to wait', async () => {
    const a = new LimiteDeVisitantes(redis);
    const b = new LimiteDeVisitantes(redis);
    const chave = `teste:${randomUUID()}`;
    expect(await a.consumir(chave, 3, 60_000)).toEqual({ permitido: true });
    expect(await b.consumir(chave, 3, 60_000)).toEqual({ permitido: true });
    expect(await a.consumir(chave, 3, 60_000)).toEqual({ permitido: true });
    const excedido = await b.consumir(chave, 3, 60_000);
    expect(excedido.permitido).toBe(false);
    if (!excedido.permitido) {
      expect(excedido.retryAfterMs).toBeGreaterThan(50_000);
      expect(excedido.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    expect(await a.consumir(`teste:${randomUUID()}`, 3, 60_000)).toEqual({ permitido: true });
  });

  it('a window ends: the visitor may write again', async () => {
    const limite = new LimiteDeVisitantes(redis);
    const chave = `teste:${randomUUID()}`;
    expect(await limite.consumir(chave, 1, 300)).toEqual({ permitido: true });
    expect((await limite.consumir(chave, 1, 300)).permitido).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await limite.consumir(chave, 1, 300)).toEqual({ permitido: true });
  });
});
