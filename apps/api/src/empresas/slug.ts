import { paraComparar } from '../common/texto.js';

export function slugify(text: string): string {
  return paraComparar(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
