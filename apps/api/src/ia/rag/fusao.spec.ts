import { describe, expect, it } from 'vitest';
import { fundirRrf } from './fusao.js';

describe('fundirRrf', () => {
  it('scores 1/(k+rank) summed over the rankings and records which rankings found each item', () => {
    const fundidos = fundirRrf(
      [
        { nome: 'texto', ids: ['a', 'b', 'c'] },
        { nome: 'vetor', ids: ['c', 'd'] },
      ],
      60,
    );
    expect(fundidos.map((f) => f.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fundidos[0]).toEqual({ id: 'c', score: 1 / 63 + 1 / 61, por: ['texto', 'vetor'] });
    expect(fundidos[1]).toEqual({ id: 'a', score: 1 / 61, por: ['texto'] });
  });

  it('breaks score ties by the better single rank, then by id', () => {
    const fundidos = fundirRrf([
      { nome: 'texto', ids: ['x', 'y'] },
      { nome: 'vetor', ids: ['y', 'x'] },
    ]);
    expect(fundidos.map((f) => f.id)).toEqual(['x', 'y']);
    expect(fundidos[0]!.score).toBeCloseTo(fundidos[1]!.score);
  });

  it('is the single ranking itself when the other is empty (full text alone)', () => {
    expect(fundirRrf([{ nome: 'texto', ids: ['b', 'a'] }, { nome: 'vetor', ids: [] }]).map((f) => f.id)).toEqual(['b', 'a']);
  });

  it('counts a repeated id once per ranking', () => {
    expect(fundirRrf([{ nome: 'texto', ids: ['a', 'a'] }], 0)[0]!.score).toBe(1);
  });
});
