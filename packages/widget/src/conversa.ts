/** A mensagem as the widget shows it (the API's WebchatMensagemDto plus local sending state). */
export interface MensagemDoWidget {
  id: string;
  autor: 'visitante' | 'atendente';
  tipo: string;
  texto: string | null;
  anexo: { nome: string | null; mimeType: string; tamanhoBytes: number } | null;
  /** Visitor: `enviando` → `recebida` (server has it) → `lida` (an agent read it); or `falhou`. Agent: as sent. */
  status: string;
  em: string;
}

/**
 * The history from the server merged with what the widget still holds locally (messages being sent or that
 * failed): server rows win, local-only rows keep their place at the end, ordered by time.
 */
export function mesclarHistorico(locais: readonly MensagemDoWidget[], doServidor: readonly MensagemDoWidget[]): MensagemDoWidget[] {
  const ids = new Set(doServidor.map((m) => m.id));
  const pendentes = locais.filter((m) => !ids.has(m.id) && (m.status === 'enviando' || m.status === 'falhou' || m.status === 'recebida'));
  return [...doServidor, ...pendentes].sort((a, b) => (a.em < b.em ? -1 : a.em > b.em ? 1 : 0));
}

/** Adds or replaces one mensagem (a socket event may repeat what the history already had). */
export function incluir(lista: readonly MensagemDoWidget[], mensagem: MensagemDoWidget): MensagemDoWidget[] {
  const indice = lista.findIndex((m) => m.id === mensagem.id);
  if (indice === -1) return [...lista, mensagem];
  const copia = [...lista];
  copia[indice] = { ...copia[indice], ...mensagem };
  return copia;
}

/** An agent read the visitor's mensagens up to `ate` (inclusive): those sent before it are read too. */
export function marcarLidasAte(lista: readonly MensagemDoWidget[], ate: string): MensagemDoWidget[] {
  const alvo = lista.find((m) => m.id === ate);
  if (alvo === undefined) return [...lista];
  return lista.map((m) => (m.autor === 'visitante' && m.em <= alvo.em && m.status === 'recebida' ? { ...m, status: 'lida' } : m));
}

export function alterarStatus(lista: readonly MensagemDoWidget[], id: string, status: string): MensagemDoWidget[] {
  return lista.map((m) => (m.id === id ? { ...m, status } : m));
}

/** Client message ids: the server deduplicates on them, so a retry never doubles a message. */
export function novoId(): string {
  const cripto = globalThis.crypto;
  if (cripto && typeof cripto.randomUUID === 'function') return `m-${cripto.randomUUID()}`;
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
