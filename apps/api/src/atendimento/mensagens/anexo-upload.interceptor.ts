import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { MensagemException } from './mensagem.exception.js';

/** Per attachment: WhatsApp's media limit for audio and video (documents may be larger there, not here). */
export const TAMANHO_MAXIMO_ANEXO = 16 * 1024 * 1024;

const CAMPO_ARQUIVO = 'arquivo';

/**
 * Reads a multipart/form-data body (one file in `arquivo`, kept in memory up to the size limit, plus text
 * fields) before the route runs; other content types pass through untouched. Multer's English errors become
 * 400/413s that say what to send.
 */
@Injectable()
export class AnexoUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send UTF-8 file names without declaring a charset ("relatório.pdf").
    defParamCharset: 'utf8',
    limits: { fileSize: TAMANHO_MAXIMO_ANEXO, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  }).single(CAMPO_ARQUIVO);

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    await new Promise<void>((resolve, reject) => {
      this.upload(request, response, (erro: unknown) => (erro ? reject(traduzir(erro)) : resolve()));
    });
    return next.handle();
  }
}

function traduzir(erro: unknown): Error {
  if (erro instanceof multer.MulterError) {
    switch (erro.code) {
      case 'LIMIT_FILE_SIZE':
        return MensagemException.arquivoGrandeDemais(TAMANHO_MAXIMO_ANEXO);
      case 'LIMIT_UNEXPECTED_FILE':
        return MensagemException.multipartInvalido(
          `arquivo no campo "${erro.field ?? '?'}": o campo do arquivo é "${CAMPO_ARQUIVO}"`,
        );
      case 'LIMIT_FILE_COUNT':
        return MensagemException.multipartInvalido('mais de um arquivo (envie um anexo por mensagem)');
      default:
        return MensagemException.multipartInvalido(erro.message);
    }
  }
  return MensagemException.multipartInvalido(erro instanceof Error ? erro.message : String(erro));
}
