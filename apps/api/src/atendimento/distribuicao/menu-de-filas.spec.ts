import { describe, expect, it } from 'vitest';
import { escolherOpcao, textoDeOpcaoInvalida, textoDoMenu } from './menu-de-filas.js';

const MENU = {
  texto: 'Olá! Escolha o setor:',
  opcoes: [
    { chave: '1', rotulo: 'Vendas', filaId: 'fila-vendas' },
    { chave: '2', rotulo: 'Suporte técnico', filaId: 'fila-suporte' },
  ],
};

describe('menu de filas', () => {
  it('lists each option under the text', () => {
    expect(textoDoMenu(MENU)).toBe('Olá! Escolha o setor:\n1 - Vendas\n2 - Suporte técnico');
  });

  it('picks by key, tolerating the punctuation people type', () => {
    for (const resposta of ['2', ' 2 ', '2.', '2)', '2 -']) expect(escolherOpcao(MENU, resposta)?.filaId).toBe('fila-suporte');
  });

  it('picks by label, ignoring case and accents', () => {
    expect(escolherOpcao(MENU, 'VENDAS')?.filaId).toBe('fila-vendas');
    expect(escolherOpcao(MENU, 'suporte tecnico')?.filaId).toBe('fila-suporte');
  });

  it('picks nothing for anything else', () => {
    for (const resposta of ['', '3', 'quero falar com alguém', '12', 'vendas e suporte'])
      expect(escolherOpcao(MENU, resposta)).toBeNull();
  });

  it('repeats the menu after the invalid-answer notice, the canal’s own or the default', () => {
    expect(textoDeOpcaoInvalida({ ...MENU, textoOpcaoInvalida: 'Opção inválida.' })).toBe(
      `Opção inválida.\n\n${textoDoMenu(MENU)}`,
    );
    expect(textoDeOpcaoInvalida(MENU)).toMatch(/^Não entendi sua escolha/);
  });
});
