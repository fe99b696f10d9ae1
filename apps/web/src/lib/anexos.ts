import { useQuery } from '@tanstack/react-query';
import { ApiError } from './api-client.js';
import { api } from './api.js';
import { useAuthStore } from './auth-store.js';

/**
 * Anexos are served only with the bearer token, so `<img src>` cannot point at them: each one is fetched once
 * as a blob and shown through an object URL. The URLs live as long as the query cache keeps them; the cache
 * is dropped (and the URLs revoked) at logout.
 */
async function baixar(url: string, signal?: AbortSignal): Promise<Blob> {
  const tentar = (token: string | null) =>
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  const tokenUsado = useAuthStore.getState().accessToken;
  let resposta = await tentar(tokenUsado).catch((cause: unknown) => {
    throw new ApiError({ kind: 'network', status: 0, message: '', cause });
  });
  if (resposta.status === 401) {
    const atual = useAuthStore.getState().accessToken;
    const novo = atual !== null && atual !== tokenUsado ? atual : await api.refreshSession();
    if (novo === null) throw new ApiError({ kind: 'session-expired', status: 401, message: '' });
    resposta = await tentar(novo);
  }
  if (!resposta.ok) throw new ApiError({ kind: 'http', status: resposta.status, message: '' });
  return resposta.blob();
}

const urls = new Map<string, string>();

export async function objectUrlDoAnexo(url: string, signal?: AbortSignal): Promise<string> {
  const existente = urls.get(url);
  if (existente) return existente;
  const objeto = URL.createObjectURL(await baixar(url, signal));
  urls.set(url, objeto);
  return objeto;
}

export function revogarAnexos(): void {
  for (const objeto of urls.values()) URL.revokeObjectURL(objeto);
  urls.clear();
}

useAuthStore.subscribe((state, previous) => {
  if (previous.accessToken !== null && state.accessToken === null) revogarAnexos();
});

/** An object URL for an anexo, loaded when `enabled` (media previews load as they scroll into view). */
export function useAnexoUrl(url: string, enabled = true) {
  return useQuery({
    queryKey: ['anexo', url],
    queryFn: ({ signal }) => objectUrlDoAnexo(url, signal),
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
}

/** Saves an anexo under its file name (documents, or any media the agent wants to keep). */
export async function baixarAnexo(url: string, nomeArquivo: string): Promise<void> {
  const objeto = await objectUrlDoAnexo(url);
  const link = document.createElement('a');
  link.href = objeto;
  link.download = nomeArquivo;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
