import { type AtendenteDto, atendenteListaSchema, atendenteSchema } from '@atende/shared';
import { isApiError } from '../../../lib/api-client.js';
import { api } from '../../../lib/api.js';
import { buscarTodasAsPaginas } from './paginas.js';

export function listarAtendentes(signal?: AbortSignal): Promise<AtendenteDto[]> {
  return buscarTodasAsPaginas('/atendimento/atendentes', atendenteListaSchema, { signal });
}

/** The atendente of the logged-in usuario; null when the usuario is not an atendente (admins often are not). */
export async function buscarMeuAtendente(signal?: AbortSignal): Promise<AtendenteDto | null> {
  try {
    return await api.get('/atendimento/atendentes/me', { schema: atendenteSchema, signal, silent: true });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}
