import { describe, expect, it } from 'vitest';
import { redigir, restaurar, restaurarJson } from './lgpd.js';

describe('redação LGPD', () => {
  it('replaces CPF, CNPJ, e-mail, phones and valid card numbers, and restores them', () => {
    const texto =
      'CPF 123.456.789-09 ou 12345678909, CNPJ 12.345.678/0001-95, email joao@ex.com.br, tel +55 (21) 99876-5432, ' +
      'fixo 2133334444, cartão 4111-1111-1111-1111';
    const { texto: redigido, mapa } = redigir(texto);
    for (const dado of [
      '123.456.789-09',
      '12345678909',
      '12.345.678/0001-95',
      'joao@ex.com.br',
      '99876-5432',
      '33334444',
      '4111-1111-1111-1111',
    ]) {
      expect(redigido).not.toContain(dado);
    }
    expect(redigido).toContain('[CPF_1]');
    expect(redigido).toContain('[CPF_2]');
    expect(redigido).toContain('[CNPJ_1]');
    expect(redigido).toContain('[EMAIL_1]');
    expect(redigido).toContain('[CARTAO_1]');
    expect(redigido).toContain('[TELEFONE_1]');
    expect(restaurar(redigido, mapa)).toBe(texto);
  });

  it('keeps order numbers, prices and dates, and a number that fails the card checksum is not a card', () => {
    const texto = 'pedido 4471, R$ 129,90, dia 12/03/2026, código 1234 5678 9012 3456';
    const { texto: redigido } = redigir(texto);
    expect(redigido).toContain('pedido 4471');
    expect(redigido).toContain('R$ 129,90');
    expect(redigido).toContain('12/03/2026');
    expect(redigido).not.toContain('[CARTAO');
  });

  it('the same value gets the same placeholder; JSON answers are restored deeply', () => {
    const { texto, mapa } = redigir('ana@x.com e de novo ana@x.com');
    expect(texto).toBe('[EMAIL_1] e de novo [EMAIL_1]');
    expect(restaurarJson({ sugestoes: [{ texto: 'Escreva para [EMAIL_1]', fontes: [] }] }, mapa)).toEqual({
      sugestoes: [{ texto: 'Escreva para ana@x.com', fontes: [] }],
    });
  });
});
