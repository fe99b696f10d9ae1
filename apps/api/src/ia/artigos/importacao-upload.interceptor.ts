import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { IaException } from '../ia.exception.js';

export const CAMPO_ARQUIVOS = 'arquivos';
export const MAX_ARQUIVOS = 20;
export const TAMANHO_MAXIMO_ARQUIVO = 2 * 1024 * 1024;

/** Reads the multipart body of an article import (up to MAX_ARQUIVOS files in `arquivos`, in memory). */
@Injectable()
export class ImportacaoUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: TAMANHO_MAXIMO_ARQUIVO, files: MAX_ARQUIVOS, fields: 5, parts: MAX_ARQUIVOS + 5 },
  }).array(CAMPO_ARQUIVOS, MAX_ARQUIVOS);

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!request.is('multipart/form-data'))
      throw IaException.importacaoInvalida(`Envie os arquivos como multipart/form-data no campo "${CAMPO_ARQUIVOS}".`);
    await new Promise<void>((resolve, reject) => {
      this.upload(request, http.getResponse<Response>(), (erro: unknown) => (erro ? reject(traduzir(erro)) : resolve()));
    });
    return next.handle();
  }
}

function traduzir(erro: unknown): Error {
  if (erro instanceof multer.MulterError) {
    switch (erro.code) {
      case 'LIMIT_FILE_SIZE':
        return IaException.importacaoInvalida(`Cada arquivo tem no máximo ${TAMANHO_MAXIMO_ARQUIVO / 1024 / 1024} MB.`);
      case 'LIMIT_FILE_COUNT':
        return IaException.importacaoInvalida(`No máximo ${MAX_ARQUIVOS} arquivos por importação.`);
      case 'LIMIT_UNEXPECTED_FILE':
        return IaException.importacaoInvalida(`Arquivo no campo "${erro.field ?? '?'}": o campo é "${CAMPO_ARQUIVOS}".`);
      default:
        return IaException.importacaoInvalida(`multipart inválido: ${erro.message}`);
    }
  }
  return IaException.importacaoInvalida(`multipart inválido: ${erro instanceof Error ? erro.message : String(erro)}`);
}
