import { describe, expect, it } from 'vitest';
import { type Candidato, elegivel, ordenarCandidatos } from './estrategias.js';

function membro(nome: string, extra: Partial<Candidato> = {}): Candidato {
  return {
    atendenteId: `id-${nome}`,
    nome,
    status: 'online',
    ativo: true,
    ticketsNaFila: 0,
    ticketsTotal: 0,
    capacidadeNaFila: null,
    maxTicketsSimultaneos: 5,
    ultimoAtendimentoEm: null,
    ...extra,
  };
}

const nomes = (lista: Candidato[]) => lista.map((c) => c.nome);

describe('elegivel', () => {
  it('requires active, online, below the global maximum and below the per-fila capacity', () => {
    expect(elegivel(membro('a'))).toBe(true);
    expect(elegivel(membro('a', { status: 'ausente' }))).toBe(false);
    expect(elegivel(membro('a', { status: 'offline' }))).toBe(false);
    expect(elegivel(membro('a', { ativo: false }))).toBe(false);
    expect(elegivel(membro('a', { ticketsTotal: 5 }))).toBe(false);
    expect(elegivel(membro('a', { capacidadeNaFila: 2, ticketsNaFila: 2, ticketsTotal: 2 }))).toBe(false);
    expect(elegivel(membro('a', { capacidadeNaFila: 0 }))).toBe(false);
  });
});

describe('ordenarCandidatos', () => {
  const ana = membro('Ana');
  const bia = membro('Bia');
  const caio = membro('Caio');

  it('manual picks nobody', () => {
    expect(ordenarCandidatos('manual', [ana, bia], null)).toEqual([]);
  });

  it('round_robin continues after the last one, over the whole circle, skipping the ineligible', () => {
    expect(nomes(ordenarCandidatos('round_robin', [caio, ana, bia], null))).toEqual(['Ana', 'Bia', 'Caio']);
    expect(nomes(ordenarCandidatos('round_robin', [caio, ana, bia], bia.atendenteId))).toEqual(['Caio', 'Ana', 'Bia']);
    const caioAusente = { ...caio, status: 'ausente' as const };
    expect(nomes(ordenarCandidatos('round_robin', [caioAusente, ana, bia], bia.atendenteId))).toEqual(['Ana', 'Bia']);
    expect(nomes(ordenarCandidatos('round_robin', [ana, bia], 'removido'))).toEqual(['Ana', 'Bia']);
  });

  it('menos_ocupado: fewest open tickets, ties by longest idle (never assigned first), then name', () => {
    const antes = new Date('2026-01-01T10:00:00Z');
    const depois = new Date('2026-01-01T11:00:00Z');
    const lista = [
      { ...ana, ticketsTotal: 2, ultimoAtendimentoEm: depois },
      { ...bia, ticketsTotal: 1, ultimoAtendimentoEm: depois },
      { ...caio, ticketsTotal: 1, ultimoAtendimentoEm: antes },
      membro('Duda', { ticketsTotal: 1 }),
    ];
    expect(nomes(ordenarCandidatos('menos_ocupado', lista, null))).toEqual(['Duda', 'Caio', 'Bia', 'Ana']);
  });

  it('puts the sticky atendente first only when eligible', () => {
    expect(nomes(ordenarCandidatos('round_robin', [ana, bia, caio], null, caio.atendenteId))).toEqual(['Caio', 'Ana', 'Bia']);
    const caioCheio = { ...caio, ticketsTotal: 5 };
    expect(nomes(ordenarCandidatos('round_robin', [ana, bia, caioCheio], null, caio.atendenteId))).toEqual(['Ana', 'Bia']);
  });
});
