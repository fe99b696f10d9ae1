import { describe, expect, it } from 'vitest';
import { extrairVariaveis, normalizarAtalho, substituirVariaveis } from './template-variaveis.js';

describe('template variables', () => {
  it('extracts each variable once, in order', () => {
    expect(extrairVariaveis('Oi {{contato.nome}}, pedido {{ pedido }} de {{contato.nome}} {{1}} {{ inválida }}')).toEqual([
      'contato.nome',
      'pedido',
      '1',
    ]);
  });

  it('substitutes in one pass and reports the blank ones', () => {
    expect(
      substituirVariaveis('Oi {{contato.nome}}, {{a}} {{b}} {{a}}', { 'contato.nome': 'Ana {{b}}', a: ' ', b: undefined }),
    ).toEqual({
      texto: 'Oi Ana {{b}}, {{a}} {{b}} {{a}}',
      faltando: ['a', 'b'],
    });
    expect(substituirVariaveis('Protocolo #{{ticket.numero}}', { 'ticket.numero': '42' })).toEqual({
      texto: 'Protocolo #42',
      faltando: [],
    });
  });

  it('ignores inherited properties as values', () => {
    expect(substituirVariaveis('{{constructor}}', {}).faltando).toEqual(['constructor']);
  });

  it('normalizes shortcuts', () => {
    expect(normalizarAtalho(' /Saudacao ')).toBe('saudacao');
    expect(normalizarAtalho('sau')).toBe('sau');
  });
});
