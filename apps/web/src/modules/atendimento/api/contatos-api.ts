import {
  type AtualizarContato,
  type ContatoDetalheDto,
  type ContatoTagsDto,
  contatoDetalheSchema,
  contatoTagsSchema,
} from '@atende/shared';
import { api } from '../../../lib/api.js';

export function buscarContato(id: string, signal?: AbortSignal): Promise<ContatoDetalheDto> {
  return api.get(`/atendimento/contatos/${id}`, { schema: contatoDetalheSchema, signal });
}

export function atualizarContato(id: string, body: AtualizarContato): Promise<ContatoDetalheDto> {
  return api.patch(`/atendimento/contatos/${id}`, body, { schema: contatoDetalheSchema });
}

export function aplicarTagNoContato(contatoId: string, tagId: string): Promise<ContatoTagsDto> {
  return api.post(`/atendimento/contatos/${contatoId}/tags`, { tagId }, { schema: contatoTagsSchema });
}

export function removerTagDoContato(contatoId: string, tagId: string): Promise<void> {
  return api.delete(`/atendimento/contatos/${contatoId}/tags/${tagId}`);
}
