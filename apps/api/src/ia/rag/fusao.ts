/** Reciprocal rank fusion of several rankings of the same items. Pure: no I/O. */

export interface Ranking<N extends string> {
  nome: N;
  /** Best first. */
  ids: string[];
}

export interface ItemFundido<N extends string> {
  id: string;
  score: number;
  /** The rankings that contained it, in the order given. */
  por: N[];
}

/**
 * RRF (Cormack et al., 2009): score = Σ 1 / (k + rank), rank from 1. It needs no calibration between a cosine
 * similarity and a ts_rank, which live on unrelated scales; k = 60 is the paper's constant and damps the
 * difference between the very first places. Ties: the better single rank first, then the id (stable output).
 */
export function fundirRrf<N extends string>(rankings: Ranking<N>[], k = 60): ItemFundido<N>[] {
  const itens = new Map<string, { score: number; por: N[]; melhor: number }>();
  for (const ranking of rankings) {
    const vistos = new Set<string>();
    ranking.ids.forEach((id, i) => {
      if (vistos.has(id)) return;
      vistos.add(id);
      const item = itens.get(id) ?? { score: 0, por: [], melhor: Number.POSITIVE_INFINITY };
      item.score += 1 / (k + i + 1);
      item.por.push(ranking.nome);
      item.melhor = Math.min(item.melhor, i + 1);
      itens.set(id, item);
    });
  }
  return [...itens.entries()]
    .sort(([idA, a], [idB, b]) => b.score - a.score || a.melhor - b.melhor || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .map(([id, item]) => ({ id, score: item.score, por: item.por }));
}
