import type { FilaEstrategia } from '../filas/fila.entity.js';

/** A member of the fila with what eligibility needs: presence, and its load against both limits. */
export interface Candidato {
  atendenteId: string;
  nome: string;
  status: 'online' | 'ausente' | 'offline';
  ativo: boolean;
  ticketsNaFila: number;
  ticketsTotal: number;
  /** Per-fila capacity; null: only the global maximum applies. */
  capacidadeNaFila: number | null;
  maxTicketsSimultaneos: number;
  ultimoAtendimentoEm: Date | null;
}

/** Eligible: active, online (not ausente, not offline), below its per-fila capacity and its global maximum. */
export function elegivel(candidato: Candidato): boolean {
  return (
    candidato.ativo &&
    candidato.status === 'online' &&
    candidato.ticketsTotal < candidato.maxTicketsSimultaneos &&
    (candidato.capacidadeNaFila === null || candidato.ticketsNaFila < candidato.capacidadeNaFila)
  );
}

/** The fixed rotation order of round_robin: by name, then id (stable when names repeat). */
function ordemDeRotacao(a: Candidato, b: Candidato): number {
  return a.nome.localeCompare(b.nome, 'pt-BR', { sensitivity: 'base' }) || (a.atendenteId < b.atendenteId ? -1 : 1);
}

/** Never assigned first, then whoever was assigned longest ago. */
function maisOcioso(a: Candidato, b: Candidato): number {
  const ta = a.ultimoAtendimentoEm?.getTime() ?? Number.NEGATIVE_INFINITY;
  const tb = b.ultimoAtendimentoEm?.getTime() ?? Number.NEGATIVE_INFINITY;
  return ta === tb ? ordemDeRotacao(a, b) : ta - tb;
}

/**
 * The eligible members in the order the strategy would pick them (the engine takes the first whose row lock
 * confirms it is still eligible). `preferido`, when eligible, goes first (sticky agent). `manual`: nobody.
 */
export function ordenarCandidatos(
  estrategia: FilaEstrategia,
  membros: readonly Candidato[],
  rrUltimoAtendenteId: string | null,
  preferido: string | null = null,
): Candidato[] {
  if (estrategia === 'manual') return [];
  let ordem: Candidato[];
  if (estrategia === 'menos_ocupado') {
    ordem = membros.filter(elegivel).sort((a, b) => a.ticketsTotal - b.ticketsTotal || maisOcioso(a, b));
  } else {
    // The rotation runs over every member (eligible or not), so an absent member keeps its place in the circle.
    const roda = [...membros].sort(ordemDeRotacao);
    const ultimo = roda.findIndex((m) => m.atendenteId === rrUltimoAtendenteId);
    ordem = [...roda.slice(ultimo + 1), ...roda.slice(0, ultimo + 1)].filter(elegivel);
  }
  const fiel = preferido ? ordem.find((c) => c.atendenteId === preferido) : undefined;
  return fiel ? [fiel, ...ordem.filter((c) => c !== fiel)] : ordem;
}
