import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { type EnviarAnexoCampos, enviarAnexoCamposSchema, type EnviarMensagem, enviarMensagemSchema } from '@atende/shared';
import { formatIssues } from '../../common/zod-validation.pipe.js';
import { MensagemException } from './mensagem.exception.js';

export interface ArquivoEnviado {
  dados: Buffer;
  nome: string;
  mimeType: string;
}

/** What POST /tickets/:ticketId/mensagens received: JSON (text, template, note) or multipart (a file). */
export type CorpoDeEnvio =
  { tipo: 'json'; corpo: EnviarMensagem } | { tipo: 'arquivo'; corpo: EnviarAnexoCampos; arquivo: ArquivoEnviado };

/**
 * Validates the body of a mensagem send with the schema that fits how it came: the multipart fields when the
 * request is multipart/form-data (the file already read by AnexoUploadInterceptor), the JSON schema otherwise.
 */
export const CorpoDeEnvioParam = createParamDecorator((_dados: unknown, ctx: ExecutionContext): CorpoDeEnvio => {
  const request = ctx.switchToHttp().getRequest<Request>();
  if (request.is('multipart/form-data')) {
    const campos = enviarAnexoCamposSchema.safeParse(request.body ?? {});
    if (!campos.success) throw MensagemException.validacao(formatIssues(campos.error));
    const arquivo = request.file;
    if (!arquivo) throw MensagemException.arquivoAusente();
    if (arquivo.size === 0) throw MensagemException.arquivoVazio();
    return {
      tipo: 'arquivo',
      corpo: campos.data,
      arquivo: { dados: arquivo.buffer, nome: arquivo.originalname, mimeType: arquivo.mimetype },
    };
  }
  const corpo = enviarMensagemSchema.safeParse(request.body ?? {});
  if (!corpo.success) throw MensagemException.validacao(formatIssues(corpo.error));
  return { tipo: 'json', corpo: corpo.data };
});
