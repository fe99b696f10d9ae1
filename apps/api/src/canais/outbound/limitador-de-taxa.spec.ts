import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../../test/support/test-env.js';
import { BaldeEmMemoria, BaldeNoRedis, reservar } from './limitador-de-taxa.js';

describe('token bucket', () => {
  it('allows a burst of one second worth of tokens, then spaces calls at the rate', () => {
    const balde = { tokens: 4, atualizadoEm: 0 };
    const esperas = Array.from({ length: 8 }, () => reservar(balde, 4, 0));
    expect(esperas).toEqual([0, 0, 0, 0, 250, 500, 750, 1000]);
  });

  it('refills continuously, never above its capacity', () => {
    const balde = { tokens: 0, atualizadoEm: 0 };
    expect(reservar(balde, 10, 100)).toBe(0); // 1 token after 100 ms
    expect(reservar(balde, 10, 100)).toBe(100);
    const cheio = { tokens: 0, atualizadoEm: 0 };
    reservar(cheio, 10, 60_000);
    expect(cheio.tokens).toBe(9); // capped at 10, minus the one just taken
  });

  it('keeps canais apart and holds a burst to the rate (in memory)', async () => {
    const balde = new BaldeEmMemoria();
    const inicio = performance.now();
    await Promise.all(Array.from({ length: 30 }, () => balde.aguardar('canal-a', 20)));
    const duracao = performance.now() - inicio;
    // 20 immediately, the other 10 spread over half a second.
    expect(duracao).toBeGreaterThanOrEqual(450);
    expect(duracao).toBeLessThan(1_500);
    const outro = performance.now();
    await balde.aguardar('canal-b', 20);
    expect(performance.now() - outro).toBeLessThan(50);
  });

  describe('shared through Redis', () => {
    let redis: Redis | null = null;

    beforeAll(async () => {
      const cliente = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await cliente.connect();
        redis = cliente;
      } catch {
        cliente.disconnect();
      }
    });

    afterAll(() => redis?.disconnect());

    it('spreads two processes calls over one bucket', async (ctx) => {
      if (redis === null) ctx.skip();
      const cliente = redis as Redis;
      const chave = randomUUID();
      // Two limiters stand for two worker processes sharing one canal.
      const a = new BaldeNoRedis(cliente, 'atende:teste:');
      const segundo = cliente.duplicate();
      const b = new BaldeNoRedis(segundo, 'atende:teste:');
      const inicio = performance.now();
      await Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? a : b).aguardar(chave, 10)));
      const duracao = performance.now() - inicio;
      expect(duracao).toBeGreaterThanOrEqual(450);
      expect(duracao).toBeLessThan(2_000);
      segundo.disconnect();
    });
  });
});
