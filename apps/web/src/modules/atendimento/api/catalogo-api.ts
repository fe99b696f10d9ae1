import {
  type CanalDto,
  type FilaDto,
  type TagDto,
  type TemplateDto,
  type TemplatePreviaDto,
  type UsuarioDto,
  canalListaSchema,
  filaListaSchema,
  tagPaginaSchema,
  templatePaginaSchema,
  templatePreviaSchema,
  usuarioSchema,
} from '@atende/shared';
import { z } from 'zod';
import { api } from '../../../lib/api.js';
import { buscarTodasAsPaginas } from './paginas.js';

/** The empresa's catalogues the inbox filters and dialogs pick from (filas, atendentes, tags, canais, templates). */

export function listarFilas(signal?: AbortSignal): Promise<FilaDto[]> {
  return buscarTodasAsPaginas('/atendimento/filas', filaListaSchema, { signal });
}

export function listarTags(signal?: AbortSignal): Promise<TagDto[]> {
  return buscarTodasAsPaginas('/atendimento/tags', tagPaginaSchema, { signal });
}

export function listarCanais(signal?: AbortSignal): Promise<CanalDto[]> {
  return buscarTodasAsPaginas('/atendimento/canais', canalListaSchema, { signal });
}

export function listarTemplates(signal?: AbortSignal): Promise<TemplateDto[]> {
  return buscarTodasAsPaginas('/atendimento/templates', templatePaginaSchema, { signal });
}

/** Templates for the composer: by shortcut prefix (`/sau`) or free text, active ones usable on the canal. */
export async function buscarTemplates(
  busca: { atalho?: string; q?: string; canalId?: string },
  signal?: AbortSignal,
): Promise<TemplateDto[]> {
  const pagina = await api.get('/atendimento/templates', {
    schema: templatePaginaSchema,
    signal,
    query: { atalho: busca.atalho, q: busca.q, canalId: busca.canalId, ativo: true, limite: 20 },
  });
  return pagina.items;
}

export function previsualizarTemplate(
  id: string,
  body: { ticketId?: string; variaveis?: Record<string, string> },
  signal?: AbortSignal,
): Promise<TemplatePreviaDto> {
  // The preview is asked for on every keystroke; a 422 (variables still missing) is expected, not a toast.
  return api.post(`/atendimento/templates/${id}/previsualizar`, body, { schema: templatePreviaSchema, signal, silent: true });
}

export function listarUsuarios(signal?: AbortSignal): Promise<UsuarioDto[]> {
  return api.get('/usuarios', { schema: z.array(usuarioSchema), signal });
}
