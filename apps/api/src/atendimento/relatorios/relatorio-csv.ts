/** A flat CSV row: nested objects become `pai_filho` columns. */
type Linha = Record<string, unknown>;

function achatar(objeto: Linha, prefixo = '', destino: Record<string, string | number | boolean | null> = {}) {
  for (const [chave, valor] of Object.entries(objeto)) {
    const nome = prefixo ? `${prefixo}_${chave}` : chave;
    if (valor !== null && typeof valor === 'object' && !Array.isArray(valor)) achatar(valor as Linha, nome, destino);
    else if (typeof valor === 'string' || typeof valor === 'number' || typeof valor === 'boolean' || valor === null)
      destino[nome] = valor;
  }
  return destino;
}

function celula(valor: string | number | boolean | null | undefined): string {
  if (valor === null || valor === undefined) return '';
  let texto = String(valor);
  // A name typed by a user must not run as a spreadsheet formula.
  if (typeof valor === 'string' && /^[=+\-@\t\r]/.test(texto)) texto = `'${texto}`;
  return /[",;\r\n]/.test(texto) ? `"${texto.replaceAll('"', '""')}"` : texto;
}

/** RFC 4180 CSV (comma, CRLF) with a header from the union of the rows' keys, in first-seen order. */
export function paraCsv(linhas: readonly object[]): string {
  const planas = linhas.map((l) => achatar(l as Linha));
  const colunas: string[] = [];
  for (const l of planas) for (const c of Object.keys(l)) if (!colunas.includes(c)) colunas.push(c);
  const corpo = planas.map((l) => colunas.map((c) => celula(l[c])).join(','));
  return [colunas.join(','), ...corpo].join('\r\n') + '\r\n';
}
