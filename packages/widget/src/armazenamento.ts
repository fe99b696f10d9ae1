/** What survives a page load: the signed visitor token (localStorage, one entry per canal key). */
export interface SessaoDoVisitante {
  token: string;
  visitanteId: string;
  expiraEm: string;
}

const chaveDe = (chavePublica: string): string => `atende-webchat:${chavePublica}`;

export function lerSessao(armazenamento: Storage | null, chavePublica: string, agora = Date.now()): SessaoDoVisitante | null {
  if (armazenamento === null) return null;
  try {
    const bruto = armazenamento.getItem(chaveDe(chavePublica));
    if (!bruto) return null;
    const sessao = JSON.parse(bruto) as Partial<SessaoDoVisitante>;
    if (typeof sessao.token !== 'string' || typeof sessao.visitanteId !== 'string' || typeof sessao.expiraEm !== 'string') return null;
    if (Date.parse(sessao.expiraEm) <= agora) return null;
    return { token: sessao.token, visitanteId: sessao.visitanteId, expiraEm: sessao.expiraEm };
  } catch {
    return null;
  }
}

export function gravarSessao(armazenamento: Storage | null, chavePublica: string, sessao: SessaoDoVisitante): void {
  try {
    armazenamento?.setItem(chaveDe(chavePublica), JSON.stringify(sessao));
  } catch {
    // Private mode or a full storage: the conversation still works until the page closes.
  }
}

export function apagarSessao(armazenamento: Storage | null, chavePublica: string): void {
  try {
    armazenamento?.removeItem(chaveDe(chavePublica));
  } catch {
    // Nothing to do.
  }
}

/** localStorage when the page allows it (it throws in some sandboxed iframes). */
export function armazenamentoLocal(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
