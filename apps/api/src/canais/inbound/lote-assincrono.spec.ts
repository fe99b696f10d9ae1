import { describe, expect, it } from 'vitest';
import { LoteAssincrono } from './lote-assincrono.js';

const esperar = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LoteAssincrono', () => {
  it('runs a lone call at once, in a batch of one', async () => {
    const lotes: number[][] = [];
    const lote = new LoteAssincrono<number, number>(
      async (itens) => {
        lotes.push(itens);
        return itens.map((n) => n * 2);
      },
      { maxEmVoo: 2, maxPorLote: 10 },
    );
    expect(await lote.submeter(21)).toBe(42);
    expect(lotes).toEqual([[21]]);
  });

  it('gathers the calls that arrive while every slot is busy into the next batch', async () => {
    const lotes: number[][] = [];
    const lote = new LoteAssincrono<number, number>(
      async (itens) => {
        lotes.push(itens);
        await esperar(30);
        return itens;
      },
      { maxEmVoo: 1, maxPorLote: 3 },
    );
    const resultados = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => lote.submeter(n)));
    expect(resultados).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lotes).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('fails only the item whose result is an error', async () => {
    const lote = new LoteAssincrono<number, number>(async (itens) => itens.map((n) => (n === 2 ? new Error('dois') : n)), {
      maxEmVoo: 1,
      maxPorLote: 10,
    });
    const resultados = await Promise.allSettled([1, 2, 3].map((n) => lote.submeter(n)));
    expect(resultados.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('retries a failed batch item by item, so one bad item does not fail the rest', async () => {
    const lotes: number[][] = [];
    const lote = new LoteAssincrono<number, number>(
      async (itens) => {
        lotes.push(itens);
        await esperar(5);
        if (itens.includes(3)) throw new Error('o lote falhou');
        return itens;
      },
      { maxEmVoo: 1, maxPorLote: 10 },
    );
    const resultados = await Promise.allSettled([1, 2, 3, 4].map((n) => lote.submeter(n)));
    expect(resultados.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(lotes).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
