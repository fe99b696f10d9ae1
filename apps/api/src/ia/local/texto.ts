import { paraComparar } from '../../common/texto.js';

/** Lowercase, no accents, letters repeated 3+ times collapsed ("muitooo" -> "muito"), for lexicon lookups. */
export function normalizar(texto: string): string {
  return paraComparar(texto).replace(/([a-z])\1{2,}/g, '$1');
}

/** Word tokens of a normalized text (digits kept; punctuation dropped). */
export function tokens(texto: string): string[] {
  return normalizar(texto).match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** A crude Portuguese/English stem: enough to match "cancelar", "cancelamento", "cancela". */
export function radical(token: string): string {
  return token.length > 5 ? token.slice(0, 5) : token;
}

export const STOPWORDS = new Set(
  (
    'a o as os um uma uns umas de do da dos das no na nos nas em por para pra pro com que e ou se eu voce vc vcs ' +
    'me meu minha meus minhas seu sua seus suas ele ela eles elas isso isto esse essa este esta ai la aqui ja ' +
    'foi ser ter tem tinha to ta tá estou esta estao é the to of and in is it i you my me for on at this that'
  ).split(' '),
);
