import { describe, expect, it } from 'vitest';
import configuracoesEnBruto from './configuracoes/en.json?raw';
import configuracoesEn from './configuracoes/en.json';
import configuracoesPtBRBruto from './configuracoes/pt-BR.json?raw';
import configuracoesPtBR from './configuracoes/pt-BR.json';
import enBruto from './en.json?raw';
import enPrincipal from './en.json';
import ptBRBruto from './pt-BR.json?raw';
import ptBRPrincipal from './pt-BR.json';

// The settings bundle merges into the same namespace: together they must match, and never overlap.
const en = { ...enPrincipal, ...configuracoesEn };
const ptBR = { ...ptBRPrincipal, ...configuracoesPtBR };

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('locales', () => {
  it('the settings bundle shares no top-level group with the main one', () => {
    // The files' text: i18next merges the settings bundle into the imported main objects at run time.
    const grupos = (texto: string) => Object.keys(JSON.parse(texto) as object);
    for (const [principal, configuracoes] of [
      [ptBRBruto, configuracoesPtBRBruto],
      [enBruto, configuracoesEnBruto],
    ]) {
      expect(grupos(configuracoes).filter((grupo) => grupos(principal).includes(grupo))).toEqual([]);
    }
  });

  it('English has exactly the keys of pt-BR', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(ptBR).sort());
  });

  it('has no empty strings, and the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => (text.match(/{{\s*\w+\s*}}/g) ?? []).sort();
    const english = new Map(leaves(en));
    for (const [key, text] of leaves(ptBR)) {
      expect(typeof text, key).toBe('string');
      expect(String(text).trim(), key).not.toBe('');
      expect(placeholders(String(english.get(key))), key).toEqual(placeholders(String(text)));
    }
  });
});
