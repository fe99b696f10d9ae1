import { type AtualizarAutomacao, type AutomacaoDto, type CriarAutomacao, automacaoSchema } from '@atende/shared';
import { z } from 'zod';
import { api } from '../../../lib/api.js';

export const automacoesKey = ['configuracoes', 'automacoes'] as const;

export function listarAutomacoes(signal?: AbortSignal): Promise<AutomacaoDto[]> {
  return api.get('/atendimento/automacoes', { schema: z.array(automacaoSchema), signal });
}

export function criarAutomacao(body: CriarAutomacao): Promise<AutomacaoDto> {
  return api.post('/atendimento/automacoes', body, { schema: automacaoSchema });
}

export function atualizarAutomacao(id: string, body: AtualizarAutomacao): Promise<AutomacaoDto> {
  return api.patch(`/atendimento/automacoes/${id}`, body, { schema: automacaoSchema });
}

export function definirAutomacaoAtiva(id: string, ativo: boolean): Promise<AutomacaoDto> {
  return api.post(`/atendimento/automacoes/${id}/${ativo ? 'ativar' : 'desativar'}`, {}, { schema: automacaoSchema });
}

export function reordenarAutomacoes(ids: string[]): Promise<AutomacaoDto[]> {
  return api.put('/atendimento/automacoes/ordem', { ids }, { schema: z.array(automacaoSchema) });
}

export function removerAutomacao(id: string): Promise<void> {
  return api.delete(`/atendimento/automacoes/${id}`);
}
