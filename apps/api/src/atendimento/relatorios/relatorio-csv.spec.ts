import { describe, expect, it } from 'vitest';
import { paraCsv } from './relatorio-csv.js';

describe('paraCsv', () => {
  it('flattens nested figures, quotes separators and defuses formulas', () => {
    const csv = paraCsv([
      { nome: 'Ana, "a" melhor', tempo: { mediaSegundos: 60, minimoSegundos: null } },
      { nome: '=HYPERLINK("x")', tempo: { mediaSegundos: 5, minimoSegundos: 1 }, extra: true },
    ]);
    expect(csv).toBe(
      'nome,tempo_mediaSegundos,tempo_minimoSegundos,extra\r\n' +
        '"Ana, ""a"" melhor",60,,\r\n' +
        `"'=HYPERLINK(""x"")",5,1,true\r\n`,
    );
  });
});
