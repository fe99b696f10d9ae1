/**
 * Keyset pagination helpers for the ticket and mensagem lists. A cursor is the opaque base64url of the last
 * row's sort key. Timestamps travel as the database's own text with microseconds (never through a JS Date,
 * which keeps only milliseconds and would skip or repeat rows that share a millisecond).
 */

/** `to_char` pattern that renders a timestamptz as ISO-8601 UTC with microseconds. */
export const SQL_TIMESTAMP_EXATO = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export function sqlTimestampExato(expressao: string): string {
  return `to_char(${expressao} AT TIME ZONE 'UTC', ${SQL_TIMESTAMP_EXATO})`;
}

export interface ChaveKeyset {
  /** ISO-8601 UTC with microseconds, as produced by `sqlTimestampExato`. */
  em: string;
  id: string;
}

const ISO_EXATO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `tipo` ties a cursor to its list, so a cursor of one list handed to another is refused, not misread. */
export function codificarCursor(tipo: string, chave: ChaveKeyset): string {
  return Buffer.from(JSON.stringify([tipo, chave.em, chave.id]), 'utf8').toString('base64url');
}

/** Null when the cursor is malformed or belongs to another list; callers answer 400. */
export function decodificarCursor(tipo: string, cursor: string): ChaveKeyset | null {
  let valor: unknown;
  try {
    valor = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
  if (!Array.isArray(valor) || valor.length !== 3) return null;
  const [t, em, id] = valor as unknown[];
  if (t !== tipo || typeof em !== 'string' || typeof id !== 'string') return null;
  if (!ISO_EXATO.test(em) || !UUID.test(id)) return null;
  return { em, id };
}

/** Splits a `limite + 1` fetch into the page and the next cursor. */
export function paginar<L, D>(
  linhas: L[],
  limite: number,
  tipo: string,
  chaveDe: (linha: L) => ChaveKeyset,
  mapear: (linha: L) => D,
): { items: D[]; nextCursor: string | null } {
  const pagina = linhas.slice(0, limite);
  const ultima = pagina.at(-1);
  return {
    items: pagina.map((linha) => mapear(linha)),
    nextCursor: linhas.length > limite && ultima !== undefined ? codificarCursor(tipo, chaveDe(ultima)) : null,
  };
}
