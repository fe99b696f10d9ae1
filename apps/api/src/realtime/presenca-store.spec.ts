import { describe, expect, it } from 'vitest';
import { PresencaStoreMemoria } from './presenca-store.js';

describe('PresencaStoreMemoria', () => {
  it('stays connected while any socket of the atendente is open and records when the last one closed', async () => {
    const store = new PresencaStoreMemoria();
    expect(await store.estado('a')).toEqual({ conectado: false, fimEm: null });
    await store.conectou('a');
    await store.conectou('a');
    await store.desconectou('a');
    expect(await store.estado('a')).toEqual({ conectado: true, fimEm: null });
    const antes = Date.now();
    await store.desconectou('a');
    const estado = await store.estado('a');
    expect(estado.conectado).toBe(false);
    expect(estado.fimEm).toBeGreaterThanOrEqual(antes);
    await store.conectou('a');
    expect((await store.estado('a')).conectado).toBe(true);
    expect(await store.estado('b')).toEqual({ conectado: false, fimEm: null });
  });
});
