/** Splitting articles and conversations into retrieval units (chunks). Pure: no I/O. */

export interface OpcoesFatiamento {
  /** Upper bound of a chunk, in characters (~4 characters per token in Portuguese). */
  maxCaracteres: number;
  /** Up to this many characters of a chunk's last sentences open the next one, so an answer split at a boundary is still found whole. */
  sobreposicao: number;
}

/** ~300 tokens: small enough to quote in a prompt, large enough to hold a policy with its conditions. */
export const FATIAMENTO_PADRAO: OpcoesFatiamento = { maxCaracteres: 1200, sobreposicao: 200 };

export const estimarTokens = (texto: string): number => Math.ceil(texto.length / 4);

/** A sentence longer than the limit is cut at word boundaries (a word longer than the limit, at the limit). */
function cortar(frase: string, max: number): string[] {
  const partes: string[] = [];
  let atual = '';
  for (const palavra of frase.split(' ')) {
    for (let i = 0; i < palavra.length; i += max) {
      const pedaco = palavra.slice(i, i + max);
      if (atual === '') atual = pedaco;
      else if (atual.length + 1 + pedaco.length <= max) atual += ` ${pedaco}`;
      else {
        partes.push(atual);
        atual = pedaco;
      }
    }
  }
  if (atual !== '') partes.push(atual);
  return partes;
}

interface Unidade {
  texto: string;
  /** Starts a paragraph: joined to the previous unit with a blank line instead of a space. */
  paragrafo: boolean;
}

function unidades(texto: string, max: number): Unidade[] {
  const resultado: Unidade[] = [];
  const paragrafos = texto
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
  for (const paragrafo of paragrafos) {
    const frases = paragrafo.split(/(?<=[.!?…])\s+(?=\S)/);
    let primeira = true;
    for (const frase of frases) {
      for (const parte of frase.length > max ? cortar(frase, max) : [frase]) {
        resultado.push({ texto: parte, paragrafo: primeira });
        primeira = false;
      }
    }
  }
  return resultado;
}

const juntar = (lista: Unidade[]): string =>
  lista.map((u, i) => (i === 0 ? u.texto : `${u.paragrafo ? '\n\n' : ' '}${u.texto}`)).join('');

/**
 * Greedy packing of sentences (never split unless one alone exceeds the limit) into chunks of at most
 * `maxCaracteres`, keeping paragraph breaks, with a sentence-aligned overlap between consecutive chunks.
 */
export function fatiarTexto(texto: string, opcoes: OpcoesFatiamento = FATIAMENTO_PADRAO): string[] {
  const { maxCaracteres: max, sobreposicao } = opcoes;
  const todas = unidades(texto, max);
  const chunks: string[] = [];
  let atual: Unidade[] = [];
  let novas = 0;
  for (const unidade of todas) {
    const candidato = juntar([...atual, unidade]);
    if (atual.length > 0 && candidato.length > max) {
      chunks.push(juntar(atual));
      // Carry the last sentences (up to `sobreposicao` characters) into the next chunk.
      const carregadas: Unidade[] = [];
      for (let i = atual.length - 1; i >= 0; i--) {
        const u = atual[i]!;
        if (juntar([u, ...carregadas]).length > sobreposicao) break;
        carregadas.unshift(u);
      }
      atual = juntar([...carregadas, unidade]).length <= max ? carregadas : [];
      novas = 0;
    }
    atual.push(unidade);
    novas++;
  }
  if (novas > 0) chunks.push(juntar(atual));
  return chunks;
}

export interface TurnoIndexavel {
  autor: 'cliente' | 'atendente' | 'bot';
  texto: string;
}

const ROTULO: Record<TurnoIndexavel['autor'], string> = { cliente: 'Cliente', atendente: 'Atendente', bot: 'Bot' };

/** A resolved conversation as text: one paragraph per turn, labelled, so a chunk keeps question and answer together. */
export function textoDaConversa(turnos: TurnoIndexavel[]): string {
  return turnos
    .map((t) => ({ ...t, texto: t.texto.trim() }))
    .filter((t) => t.texto !== '')
    .map((t) => `${ROTULO[t.autor]}: ${t.texto}`)
    .join('\n\n');
}

/** What the agents said in a conversation chunk (paragraphs labelled by textoDaConversa), without the label. */
export function falasDoAtendente(texto: string): string[] {
  const rotulo = `${ROTULO.atendente}: `;
  return texto
    .split(/\n\s*\n/)
    .filter((p) => p.startsWith(rotulo))
    .map((p) => p.slice(rotulo.length).trim())
    .filter((p) => p !== '');
}
