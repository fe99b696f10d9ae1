/**
 * LGPD redaction: personal identifiers are replaced by placeholders before text goes to an external provider,
 * and put back in the answer. The map stays in memory only; it is never logged or stored.
 */
export interface Redacao {
  texto: string;
  mapa: Map<string, string>;
}

function luhn(digitos: string): boolean {
  let soma = 0;
  for (let i = 0; i < digitos.length; i++) {
    let d = Number(digitos[digitos.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    soma += d;
  }
  return soma % 10 === 0;
}

// Order matters: longer, more specific patterns first, so a card number is not taken for a phone.
const PADROES: { rotulo: string; regex: RegExp; aceitar?: (valor: string) => boolean }[] = [
  { rotulo: 'EMAIL', regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { rotulo: 'CARTAO', regex: /\b(?:\d[ -]?){12,18}\d\b/g, aceitar: (v) => luhn(v.replace(/\D/g, '')) },
  { rotulo: 'CNPJ', regex: /\b\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}\b/g },
  { rotulo: 'CPF', regex: /\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b/g },
  { rotulo: 'TELEFONE', regex: /(?<![\w+])(?:\+?55[\s-]?)?(?:\(?\d{2}\)?[\s-]?)?9?\d{4}[\s-]?\d{4}(?!\w)/g },
];

export function redigir(texto: string): Redacao {
  const mapa = new Map<string, string>();
  const contagem = new Map<string, number>();
  let resultado = texto;
  for (const { rotulo, regex, aceitar } of PADROES) {
    resultado = resultado.replace(regex, (valor) => {
      if (aceitar && !aceitar(valor)) return valor;
      const existente = [...mapa.entries()].find(([, original]) => original === valor)?.[0];
      if (existente) return existente;
      const n = (contagem.get(rotulo) ?? 0) + 1;
      contagem.set(rotulo, n);
      const marcador = `[${rotulo}_${n}]`;
      mapa.set(marcador, valor);
      return marcador;
    });
  }
  return { texto: resultado, mapa };
}

export function restaurar(texto: string, mapa: Map<string, string>): string {
  if (mapa.size === 0) return texto;
  return texto.replace(/\[(?:EMAIL|CARTAO|CNPJ|CPF|TELEFONE)_\d+\]/g, (marcador) => mapa.get(marcador) ?? marcador);
}

/** Restores placeholders in every string of a parsed JSON answer. */
export function restaurarJson<T>(valor: T, mapa: Map<string, string>): T {
  if (mapa.size === 0) return valor;
  if (typeof valor === 'string') return restaurar(valor, mapa) as T;
  if (Array.isArray(valor)) return valor.map((item: unknown) => restaurarJson(item, mapa)) as T;
  if (valor && typeof valor === 'object') {
    return Object.fromEntries(Object.entries(valor).map(([k, v]) => [k, restaurarJson(v, mapa)])) as T;
  }
  return valor;
}
