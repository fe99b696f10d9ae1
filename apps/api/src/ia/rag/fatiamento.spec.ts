import { describe, expect, it } from 'vitest';
import { estimarTokens, falasDoAtendente, fatiarTexto, textoDaConversa } from './fatiamento.js';

const frase = (n: number) => `Frase número ${n} sobre a política de trocas da loja.`;

describe('fatiarTexto', () => {
  it('keeps a short text whole, paragraphs and all', () => {
    expect(fatiarTexto('Primeiro parágrafo.\n\nSegundo   parágrafo\ncom quebra.')).toEqual([
      'Primeiro parágrafo.\n\nSegundo parágrafo com quebra.',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(fatiarTexto('  \n\n \n')).toEqual([]);
  });

  it('packs whole sentences up to the limit, never cutting one, with a sentence-aligned overlap', () => {
    const texto = Array.from({ length: 40 }, (_, i) => frase(i)).join(' ');
    const chunks = fatiarTexto(texto, { maxCaracteres: 300, sobreposicao: 120 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(300);
      expect(chunk).toMatch(/^Frase número \d+ .*loja\.$/);
    }
    // Every sentence is in some chunk, and each chunk after the first starts with the previous one's last sentence(s).
    for (let i = 0; i < 40; i++) expect(chunks.some((c) => c.includes(frase(i)))).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const primeira = chunks[i]!.split(/(?<=\.)\s/)[0]!;
      expect(chunks[i - 1]).toContain(primeira);
    }
  });

  it('cuts a sentence longer than the limit at word boundaries, and a giant word at the limit', () => {
    const longa = Array.from({ length: 100 }, () => 'palavra').join(' ');
    const chunks = fatiarTexto(`${longa} ${'x'.repeat(250)}`, { maxCaracteres: 100, sobreposicao: 0 });
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(100);
    expect(chunks.join(' ').replace(/\s+/g, '')).toBe(`${longa}${'x'.repeat(250)}`.replace(/\s+/g, ''));
  });

  it('estimates ~4 characters per token', () => {
    expect(estimarTokens('a'.repeat(400))).toBe(100);
  });
});

describe('textoDaConversa', () => {
  it('labels each turn and drops empty ones', () => {
    expect(
      textoDaConversa([
        { autor: 'cliente', texto: ' Quero trocar o tênis ' },
        { autor: 'bot', texto: '' },
        { autor: 'atendente', texto: 'Pode trocar em até 30 dias.' },
      ]),
    ).toBe('Cliente: Quero trocar o tênis\n\nAtendente: Pode trocar em até 30 dias.');
  });
});

describe('falasDoAtendente', () => {
  it("keeps only the agents' turns of a conversation chunk, unlabelled", () => {
    const texto = textoDaConversa([
      { autor: 'cliente', texto: 'Atendente: quero trocar' },
      { autor: 'atendente', texto: 'Pode trocar em até 30 dias.' },
      { autor: 'bot', texto: 'Algo mais?' },
      { autor: 'atendente', texto: 'Use o código reverso.' },
    ]);
    expect(falasDoAtendente(texto)).toEqual(['Pode trocar em até 30 dias.', 'Use o código reverso.']);
    expect(falasDoAtendente('Cliente: oi')).toEqual([]);
  });
});
