import { type EnviarMensagem, type MensagemDto, type MensagemPagina, mensagemPaginaSchema, mensagemSchema } from '@atende/shared';
import { api } from '../../../lib/api.js';
import { uploadComProgresso } from '../../../lib/upload.js';

export const MENSAGENS_POR_PAGINA = 50;

/** Newest first; `cursor` goes back in time. */
export function listarMensagens(ticketId: string, cursor: string | undefined, signal?: AbortSignal): Promise<MensagemPagina> {
  return api.get(`/atendimento/tickets/${ticketId}/mensagens`, {
    schema: mensagemPaginaSchema,
    signal,
    query: { limite: MENSAGENS_POR_PAGINA, cursor },
  });
}

export function enviarMensagem(ticketId: string, body: EnviarMensagem): Promise<MensagemDto> {
  return api.post(`/atendimento/tickets/${ticketId}/mensagens`, body, { schema: mensagemSchema });
}

export interface EnvioDeAnexo {
  arquivo: File;
  legenda?: string;
  privada?: boolean;
  respondeAId?: string;
}

/** multipart/form-data with the file in `arquivo`; progress 0–1 while it uploads. */
export function enviarAnexo(
  ticketId: string,
  envio: EnvioDeAnexo,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<MensagemDto> {
  const form = new FormData();
  form.append('arquivo', envio.arquivo, envio.arquivo.name);
  if (envio.legenda) form.append('conteudo', envio.legenda);
  if (envio.privada) form.append('privada', 'true');
  if (envio.respondeAId) form.append('respondeAId', envio.respondeAId);
  return uploadComProgresso(`/atendimento/tickets/${ticketId}/mensagens`, form, { schema: mensagemSchema, onProgress, signal });
}
