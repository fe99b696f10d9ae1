import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../../common/app.exception.js';
import { WebchatService } from './webchat.service.js';

/** `/api/atendimento/webchat/<chave>/...` */
const CAMINHO = /^\/api\/atendimento\/webchat\/([^/?]+)\//;

/**
 * CORS of the visitor API, per canal: only the origins the canal allows get `Access-Control-Allow-Origin`,
 * and preflights from other origins are refused (403). The installation-wide CORS (ATENDE_CORS_ORIGINS) does
 * not apply to these routes.
 */
@Injectable()
export class WebchatCorsMiddleware implements NestMiddleware {
  constructor(private readonly webchat: WebchatService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const origem = request.headers.origin;
    const chave = CAMINHO.exec(request.originalUrl)?.[1];
    if (origem === undefined || chave === undefined) return next();
    this.webchat.origemPermitida(decodeURIComponent(chave), origem).then(
      (permitida) => {
        response.setHeader('Vary', 'Origin');
        if (permitida) {
          response.setHeader('Access-Control-Allow-Origin', origem);
          response.setHeader('Access-Control-Expose-Headers', 'Retry-After');
        }
        if (request.method !== 'OPTIONS') return next();
        if (!permitida) {
          response.status(403).json({
            statusCode: 403,
            error: 'Forbidden',
            code: 'WEBCHAT_ORIGEM_NAO_PERMITIDA',
            message: `Este WebChat não está liberado para o site ${origem}: inclua a origem em origensPermitidas na configuração do canal.`,
          });
          return;
        }
        response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        response.setHeader('Access-Control-Max-Age', '600');
        response.status(204).end();
      },
      (error: unknown) => {
        if (error instanceof AppException) {
          response.status(error.getStatus()).json(error.getResponse());
          return;
        }
        next(error);
      },
    );
  }
}
