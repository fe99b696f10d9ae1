import { describe, expect, it } from 'vitest';
import { resumoExtrativo } from './resumo-local.js';

describe('resumo extrativo', () => {
  it('keeps the sentences about the recurring subject, attributed, in order, with no invented words', () => {
    const turnos = [
      { autor: 'cliente' as const, texto: 'Oi. Meu pedido 123 não chegou e o rastreio do pedido parou.' },
      { autor: 'atendente' as const, texto: 'Olá! Vou verificar o rastreio do seu pedido.' },
      { autor: 'cliente' as const, texto: 'Obrigado.' },
      { autor: 'atendente' as const, texto: 'O pedido foi reenviado hoje pela transportadora, chega em 3 dias.' },
    ];
    const resumo = resumoExtrativo(turnos);
    const linhas = resumo.split('\n');
    expect(linhas.length).toBeLessThanOrEqual(3);
    expect(linhas[0]).toBe('Cliente: Meu pedido 123 não chegou e o rastreio do pedido parou.');
    expect(resumo).toContain('reenviado');
    const ditas = new Set(turnos.flatMap((t) => t.texto.split(/\s+/)));
    for (const palavra of resumo.replace(/^(Cliente|Atendente): /gm, '').split(/\s+/)) expect(ditas.has(palavra)).toBe(true);
  });

  it('is empty with no text', () => {
    expect(resumoExtrativo([])).toBe('');
  });
});
