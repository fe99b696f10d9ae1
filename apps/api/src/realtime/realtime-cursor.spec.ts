import { describe, expect, it } from 'vitest';
import { RealtimeCursor } from './realtime-cursor.js';

describe('RealtimeCursor', () => {
  it('round-trips an instant through an opaque base64url string', () => {
    const cursor = RealtimeCursor.codificar(1_764_400_000_123);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(RealtimeCursor.ler(cursor)).toBe(1_764_400_000_123);
  });

  it('refuses what it did not make, including cursors of the list routes', () => {
    const deLista = Buffer.from(JSON.stringify(['tickets:atividade', '2026-01-01T00:00:00.000000Z', 'x'])).toString('base64url');
    for (const cursor of [
      '',
      'xyz',
      deLista,
      Buffer.from('["rt","1"]').toString('base64url'),
      Buffer.from('["rt",-5]').toString('base64url'),
    ]) {
      expect(RealtimeCursor.ler(cursor)).toBeNull();
    }
  });
});
