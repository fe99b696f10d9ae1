import { BadRequestException } from '@nestjs/common';

/** The sort key of the last row of a page: strings and numbers only, in the ORDER BY order. */
export type ChaveCursor = readonly (string | number)[];

/** Opaque base64url cursor over a page's last sort key: `{ items, nextCursor }` lists resume after it. */
export function codificarCursor(chave: ChaveCursor): string {
  return Buffer.from(JSON.stringify(chave), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `codificarCursor` with `formato` (one entry per key part). A cursor that was
 * tampered with or belongs to another list is a 400, never a 500.
 */
export function decodificarCursor<T extends ChaveCursor>(cursor: string, formato: readonly ('string' | 'number')[]): T {
  let valor: unknown;
  try {
    valor = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    valor = undefined;
  }
  const valido =
    Array.isArray(valor) &&
    valor.length === formato.length &&
    valor.every((parte, i) => typeof parte === formato[i] && (typeof parte !== 'number' || Number.isFinite(parte)));
  if (!valido) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'CURSOR_INVALIDO',
      message: 'cursor inválido: use o nextCursor devolvido pela página anterior ou recomece sem cursor.',
    });
  }
  return valor as unknown as T;
}

/** Splits a `limite + 1` fetch into the page and the next cursor. */
export function paginar<E, D>(
  linhas: E[],
  limite: number,
  chaveDe: (linha: E) => ChaveCursor,
  mapear: (linha: E) => D,
): { items: D[]; nextCursor: string | null } {
  const pagina = linhas.slice(0, limite);
  const ultima = pagina[pagina.length - 1];
  return {
    items: pagina.map(mapear),
    nextCursor: linhas.length > limite && ultima !== undefined ? codificarCursor(chaveDe(ultima)) : null,
  };
}
