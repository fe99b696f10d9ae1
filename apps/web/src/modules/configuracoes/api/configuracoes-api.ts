import {
  type AtendenteDto,
  type AtendenteFilas,
  type AtualizarAtendente,
  type AtualizarCanal,
  type AtualizarFila,
  type AtualizarTag,
  type AtualizarTemplate,
  type AtualizarUsuario,
  type CanalDto,
  type CanalSaude,
  type CanalSincronizacao,
  type CriarAtendente,
  type CriarCanal,
  type CriarFila,
  type CriarTag,
  type CriarTemplate,
  type CriarUsuario,
  type DefinirAtendentesDaFila,
  type FilaDetalheDto,
  type FilaMembroDto,
  type TagDto,
  type TemplateDto,
  type TestarMensagemCanal,
  type TesteMensagemCanal,
  type UsuarioDto,
  atendenteSchema,
  canalSaudeSchema,
  canalSchema,
  canalSincronizacaoSchema,
  filaDetalheSchema,
  filaMembroSchema,
  tagSchema,
  templateSchema,
  testeMensagemCanalSchema,
  usuarioSchema,
} from '@atende/shared';
import { z } from 'zod';
import { api } from '../../../lib/api.js';

// ------------------------------------------------------------------------------------------------ canais

export function criarCanal(body: CriarCanal): Promise<CanalDto> {
  return api.post('/atendimento/canais', body, { schema: canalSchema });
}

export function atualizarCanal(id: string, body: AtualizarCanal): Promise<CanalDto> {
  return api.patch(`/atendimento/canais/${id}`, body, { schema: canalSchema });
}

export function removerCanal(id: string): Promise<void> {
  return api.delete(`/atendimento/canais/${id}`);
}

/** Checks the credentials with the provider ("testar"). Failures come back as `ok: false`, not as errors. */
export function verificarCanal(id: string): Promise<CanalSaude> {
  return api.get(`/atendimento/canais/${id}/status`, { schema: canalSaudeSchema });
}

export function sincronizarCanal(id: string): Promise<CanalSincronizacao> {
  return api.post(`/atendimento/canais/${id}/sincronizar`, {}, { schema: canalSincronizacaoSchema });
}

export function testarMensagemCanal(id: string, body: TestarMensagemCanal): Promise<TesteMensagemCanal> {
  return api.post(`/atendimento/canais/${id}/testar-mensagem`, body, { schema: testeMensagemCanalSchema });
}

// ------------------------------------------------------------------------------------------------- filas

export function buscarFila(id: string, signal?: AbortSignal): Promise<FilaDetalheDto> {
  return api.get(`/atendimento/filas/${id}`, { schema: filaDetalheSchema, signal });
}

export function criarFila(body: CriarFila): Promise<FilaDetalheDto> {
  return api.post('/atendimento/filas', body, { schema: filaDetalheSchema });
}

export function atualizarFila(id: string, body: AtualizarFila): Promise<FilaDetalheDto> {
  return api.patch(`/atendimento/filas/${id}`, body, { schema: filaDetalheSchema });
}

export function removerFila(id: string): Promise<void> {
  return api.delete(`/atendimento/filas/${id}`);
}

export function definirMembrosDaFila(id: string, membros: DefinirAtendentesDaFila): Promise<FilaMembroDto[]> {
  return api.put(`/atendimento/filas/${id}/atendentes`, membros, { schema: z.array(filaMembroSchema) });
}

// ----------------------------------------------------------------------------------- atendentes, usuários

export function criarUsuario(body: CriarUsuario): Promise<UsuarioDto> {
  return api.post('/usuarios', body, { schema: usuarioSchema });
}

export function atualizarUsuario(id: string, body: AtualizarUsuario): Promise<UsuarioDto> {
  return api.patch(`/usuarios/${id}`, body, { schema: usuarioSchema });
}

export function criarAtendente(body: CriarAtendente): Promise<AtendenteDto> {
  return api.post('/atendimento/atendentes', body, { schema: atendenteSchema });
}

export function atualizarAtendente(id: string, body: AtualizarAtendente): Promise<AtendenteDto> {
  return api.patch(`/atendimento/atendentes/${id}`, body, { schema: atendenteSchema });
}

export function definirFilasDoAtendente(id: string, filas: AtendenteFilas): Promise<AtendenteDto> {
  return api.put(`/atendimento/atendentes/${id}/filas`, filas, { schema: atendenteSchema });
}

// --------------------------------------------------------------------------------------------- templates

export function criarTemplate(body: CriarTemplate): Promise<TemplateDto> {
  return api.post('/atendimento/templates', body, { schema: templateSchema });
}

export function atualizarTemplate(id: string, body: AtualizarTemplate): Promise<TemplateDto> {
  return api.patch(`/atendimento/templates/${id}`, body, { schema: templateSchema });
}

export function removerTemplate(id: string): Promise<void> {
  return api.delete(`/atendimento/templates/${id}`);
}

// -------------------------------------------------------------------------------------------------- tags

export function criarTag(body: CriarTag): Promise<TagDto> {
  return api.post('/atendimento/tags', body, { schema: tagSchema });
}

export function atualizarTag(id: string, body: AtualizarTag): Promise<TagDto> {
  return api.patch(`/atendimento/tags/${id}`, body, { schema: tagSchema });
}

export function removerTag(id: string): Promise<void> {
  return api.delete(`/atendimento/tags/${id}`);
}
