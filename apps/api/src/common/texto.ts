/** Lowercase without accents ("Ação" -> "acao"): for comparing what people type with names and keywords. */
export function paraComparar(texto: string): string {
  return semAcentos(texto.toLowerCase());
}

/** The text without its combining accents (NFD, then U+0300–U+036F dropped); case kept. */
export function semAcentos(texto: string): string {
  return texto.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
