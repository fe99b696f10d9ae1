import { codificarCursor as codificar, lerCursor, paginar as paginarPorChave } from '../../common/keyset-cursor.js';

/**
 * The keyset of the ticket, ticket event and mensagem lists, on the shared cursor helpers: (timestamp with
 * microseconds, id), tagged with the list, so a cursor of one list handed to another is refused, not misread.
 */
export interface ChaveKeyset {
  /** ISO-8601 UTC with microseconds, as produced by `sqlTimestampExato`. */
  em: string;
  id: string;
}

export function codificarCursor(tipo: string, chave: ChaveKeyset): string {
  return codificar([tipo, chave.em, chave.id]);
}

/** Null when the cursor is malformed or belongs to another list; callers answer 400. */
export function decodificarCursor(tipo: string, cursor: string): ChaveKeyset | null {
  const chave = lerCursor<[string, string, string]>(cursor, ['string', 'instante', 'uuid']);
  if (chave === null || chave[0] !== tipo) return null;
  return { em: chave[1], id: chave[2] };
}

/** Splits a `limite + 1` fetch into the page and the next cursor. */
export function paginar<L, D>(
  linhas: L[],
  limite: number,
  tipo: string,
  chaveDe: (linha: L) => ChaveKeyset,
  mapear: (linha: L) => D,
): { items: D[]; nextCursor: string | null } {
  return paginarPorChave(
    linhas,
    limite,
    (linha) => {
      const chave = chaveDe(linha);
      return [tipo, chave.em, chave.id];
    },
    mapear,
  );
}
