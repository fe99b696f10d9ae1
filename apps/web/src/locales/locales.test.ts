import { describe, expect, it } from 'vitest';
import en from './en.json';
import ptBR from './pt-BR.json';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('locales', () => {
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
