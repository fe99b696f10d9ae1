/** `{{ nome }}`, `{{contato.nome}}`, `{{1}}`: letters, digits and '_', dot-separated, optional inner spaces. */
const VARIAVEL = /\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** Every variable of the text, once each, in order of first appearance. */
export function extrairVariaveis(texto: string): string[] {
  return [...new Set(Array.from(texto.matchAll(VARIAVEL), (match) => match[1] ?? ''))].filter((nome) => nome !== '');
}

/**
 * Fills the variables in one pass (a value that itself contains `{{x}}` is not expanded again). A variable
 * without a value, or with a blank one, is left in place and reported in `faltando`.
 */
export function substituirVariaveis(
  texto: string,
  valores: Readonly<Record<string, string | null | undefined>>,
): { texto: string; faltando: string[] } {
  const faltando = new Set<string>();
  const resultado = texto.replace(VARIAVEL, (original, nome: string) => {
    const valor = Object.hasOwn(valores, nome) ? valores[nome] : undefined;
    if (valor === undefined || valor === null || valor.trim() === '') {
      faltando.add(nome);
      return original;
    }
    return valor;
  });
  return { texto: resultado, faltando: [...faltando] };
}

/** `/Saudacao` → `saudacao`: stored lower-case, without the slash. */
export function normalizarAtalho(atalho: string): string {
  return atalho.trim().replace(/^\//, '').toLowerCase();
}
