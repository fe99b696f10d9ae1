import { type AtualizarConfiguracaoCsat, type ConfiguracaoCsat, configuracaoCsatSchema } from '@atende/shared';
import { api } from '../../../lib/api.js';

export const csatConfigKey = ['configuracoes', 'csat'] as const;

export function buscarConfiguracaoCsat(signal?: AbortSignal): Promise<ConfiguracaoCsat> {
  return api.get('/atendimento/csat/configuracao', { schema: configuracaoCsatSchema, signal });
}

export function salvarConfiguracaoCsat(body: AtualizarConfiguracaoCsat): Promise<ConfiguracaoCsat> {
  return api.put('/atendimento/csat/configuracao', body, { schema: configuracaoCsatSchema });
}
