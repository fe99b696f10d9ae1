/**
 * The catch-up cursor: an opaque base64url of the server's clock (epoch ms) when an event was emitted or a
 * catch-up answered. It only says "the client knew everything visible to it up to about here"; the catch-up
 * query reads from a safety margin before it (see RealtimeDesdeService), so clients apply items by id.
 */
export const RealtimeCursor = {
  agora(): string {
    return RealtimeCursor.codificar(Date.now());
  },

  codificar(epochMs: number): string {
    return Buffer.from(JSON.stringify(['rt', epochMs]), 'utf8').toString('base64url');
  },

  /** The instant of a cursor, or null when it is malformed or not a catch-up cursor. */
  ler(cursor: string): number | null {
    let valor: unknown;
    try {
      valor = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    } catch {
      return null;
    }
    if (!Array.isArray(valor) || valor.length !== 2 || valor[0] !== 'rt') return null;
    const epochMs: unknown = valor[1];
    return typeof epochMs === 'number' && Number.isSafeInteger(epochMs) && epochMs > 0 ? epochMs : null;
  },
};
