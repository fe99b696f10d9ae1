import { describe, expect, it } from 'vitest';
import { notaDaResposta, opcoesDaPesquisa } from './csat-pesquisa.js';

describe('CSAT survey', () => {
  it('offers five choices, 1 (péssimo) to 5 (excelente)', () => {
    const { opcoes, botao } = opcoesDaPesquisa();
    expect(botao).toBe('Avaliar');
    expect(opcoes.map((o) => `${o.id}|${o.chave}|${o.titulo}`)).toEqual([
      'csat:1|1|Péssimo',
      'csat:2|2|Ruim',
      'csat:3|3|Regular',
      'csat:4|4|Bom',
      'csat:5|5|Excelente',
    ]);
  });

  it('reads the tapped button, a bare number or a label as the rating', () => {
    const nota = (texto: string | null, interativaId: string | null = null) => notaDaResposta({ texto, interativaId });
    expect(nota('qualquer coisa', 'csat:4')).toBe(4);
    expect(nota(null, 'csat:9')).toBeNull();
    expect(nota('5', 'wf:menu:0')).toBeNull();
    for (const texto of ['5', ' 5 ', '5.', '5!', 'nota 5', 'Nota: 5']) expect(nota(texto)).toBe(5);
    expect(nota('excelente')).toBe(5);
    expect(nota('PÉSSIMO')).toBe(1);
    for (const texto of ['0', '6', '10', '4 ou 5', 'ainda não recebi', '']) expect(nota(texto)).toBeNull();
    expect(nota(null)).toBeNull();
  });
});
