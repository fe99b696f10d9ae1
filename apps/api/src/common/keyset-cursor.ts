import { BadRequestException } from '@nestjs/common';

/**
 * Keyset pagination, one implementation for every `{ items, nextCursor }` list: a cursor is the opaque
 * base64url of the JSON array of the last row's sort key, in ORDER BY order. Decoding checks every part against
 * the list's format, so a tampered cursor or one of another list is a 400, never a 500 or a misread page.
 */

/** The sort key of the last row of a page: strings and numbers only, in the ORDER BY order. */
export type ChaveCursor = readonly (string | number)[];

/**
 * One entry per key part. `instante`: a timestamp as rendered by `sqlTimestampExato` (microseconds, UTC);
 * `timestamp`: any timestamp text PostgreSQL gave (its own text form keeps the microseconds too); `uuid`: an id.
 */
export type ParteDoFormato = 'string' | 'number' | 'uuid' | 'instante' | 'timestamp';

/**
 * `to_char` pattern that renders a timestamptz as ISO-8601 UTC with microseconds. Timestamps in a cursor keep
 * them: a JS Date keeps only milliseconds and would skip or repeat rows that share a millisecond.
 */
export const SQL_TIMESTAMP_EXATO = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export function sqlTimestampExato(expressao: string): string {
  return `to_char(${expressao} AT TIME ZONE 'UTC', ${SQL_TIMESTAMP_EXATO})`;
}

const INSTANTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parteValida(parte: unknown, formato: ParteDoFormato): boolean {
  switch (formato) {
    case 'number':
      return typeof parte === 'number' && Number.isFinite(parte);
    case 'string':
      return typeof parte === 'string';
    case 'uuid':
      return typeof parte === 'string' && UUID.test(parte);
    case 'instante':
      return typeof parte === 'string' && INSTANTE.test(parte);
    case 'timestamp':
      return typeof parte === 'string' && !Number.isNaN(Date.parse(parte));
  }
}

export function codificarCursor(chave: ChaveCursor): string {
  return Buffer.from(JSON.stringify(chave), 'utf8').toString('base64url');
}

/** The key of a cursor made by `codificarCursor` for a list with this `formato`; null when it is not one. */
export function lerCursor<T extends ChaveCursor>(cursor: string, formato: readonly ParteDoFormato[]): T | null {
  let valor: unknown;
  try {
    valor = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
  const valido =
    Array.isArray(valor) && valor.length === formato.length && valor.every((parte, i) => parteValida(parte, formato[i]));
  return valido ? (valor as unknown as T) : null;
}

/** `lerCursor` for lists without an error code of their own: a bad cursor is a generic 400. */
export function decodificarCursor<T extends ChaveCursor>(cursor: string, formato: readonly ParteDoFormato[]): T {
  const chave = lerCursor<T>(cursor, formato);
  if (chave === null) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'CURSOR_INVALIDO',
      message: 'cursor inválido: use o nextCursor devolvido pela página anterior ou recomece sem cursor.',
    });
  }
  return chave;
}

/** Splits a `limite + 1` fetch into the page and the next cursor. */
export function paginar<E, D>(
  linhas: readonly E[],
  limite: number,
  chaveDe: (linha: E) => ChaveCursor,
  mapear: (linha: E) => D,
): { items: D[]; nextCursor: string | null } {
  const pagina = linhas.slice(0, limite);
  const ultima = pagina.at(-1);
  return {
    items: pagina.map((linha) => mapear(linha)),
    nextCursor: linhas.length > limite && ultima !== undefined ? codificarCursor(chaveDe(ultima)) : null,
  };
}
