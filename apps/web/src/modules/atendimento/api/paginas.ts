import type { z } from 'zod';
import { api } from '../../../lib/api.js';

interface Pagina<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a cursor-paged list (filas, atendentes, tags, canais…): those lists are short, and selects and
 * settings screens need them whole. Stops after `maxPaginas` pages as a guard against a runaway cursor.
 */
export async function buscarTodasAsPaginas<T>(
  path: string,
  schema: z.ZodType<Pagina<T>>,
  options: { query?: Record<string, string | number | boolean | undefined>; signal?: AbortSignal; maxPaginas?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pagina = 0; pagina < (options.maxPaginas ?? 50); pagina++) {
    const resposta = await api.get(path, { schema, signal: options.signal, query: { ...options.query, limite: 100, cursor } });
    items.push(...resposta.items);
    if (!resposta.nextCursor) break;
    cursor = resposta.nextCursor;
  }
  return items;
}
