import {
  type AtualizarIaConfig,
  type IaConfigDto,
  type IaIndexacaoDto,
  type IaIntencoesPadraoDto,
  iaConfigSchema,
  iaIndexacaoSchema,
  iaIntencoesPadraoSchema,
} from '@atende/shared';
import { api } from '../../../lib/api.js';
import { ApiError } from '../../../lib/api-client.js';

export const iaConfigKey = ['configuracoes', 'ia', 'config'] as const;
export const iaIndexacaoKey = ['configuracoes', 'ia', 'indexacao'] as const;
export const iaIntencoesPadraoKey = ['configuracoes', 'ia', 'intencoes-padrao'] as const;

export function buscarIaConfig(signal?: AbortSignal): Promise<IaConfigDto> {
  return api.get('/atendimento/ia/config', { schema: iaConfigSchema, signal });
}

export function salvarIaConfig(body: AtualizarIaConfig): Promise<IaConfigDto> {
  return api.put('/atendimento/ia/config', body, { schema: iaConfigSchema });
}

/** The intents a new empresa starts with, with their examples (what "restore defaults" puts back). */
export function buscarIntencoesPadrao(signal?: AbortSignal): Promise<IaIntencoesPadraoDto> {
  return api.get('/atendimento/ia/config/intencoes-padrao', { schema: iaIntencoesPadraoSchema, signal });
}

/** The latest re-indexing run, or null when there was none (404). */
export async function buscarUltimaIndexacao(signal?: AbortSignal): Promise<IaIndexacaoDto | null> {
  try {
    return await api.get('/atendimento/ia/reindexar', { schema: iaIndexacaoSchema, signal, silent: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function reindexar(): Promise<IaIndexacaoDto> {
  return api.post('/atendimento/ia/reindexar', {}, { schema: iaIndexacaoSchema });
}
