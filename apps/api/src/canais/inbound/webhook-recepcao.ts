import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpExceptionFilter } from '../../common/http-exception.filter.js';
import { AppConfig } from '../../config/app-config.js';
import { InboundException } from './inbound.exception.js';
import { WebhookService } from './webhook.service.js';

const CAMINHO = '/api/atendimento/webhooks';

type RequisicaoBruta = Request & { rawBody?: Buffer };

/**
 * `POST /api/atendimento/webhooks/:tipo[/:canalId]`, mounted on Express ahead of the Nest pipeline. Providers
 * post webhooks in bursts and the acknowledgement is the product's hottest path: Nest's router (a linear scan of
 * every route), the per-request child logger, helmet and the JSON body parser (the adapter parses the raw bytes
 * again anyway) cost more than the durable write itself. This path keeps only what the acknowledgement needs: the
 * raw body within `ATENDE_BODY_LIMIT`, `WebhookService.receber` (verify, store, enqueue, all in the service), and
 * the same JSON error shape as every other route. The GET handshakes stay Nest routes (`WebhookController`).
 */
export function montarRecepcaoDeWebhooks(app: NestExpressApplication): void {
  const webhooks = app.get(WebhookService);
  const erros = new HttpExceptionFilter();
  // The same body-parser (and limit syntax) as every other route, raw: the adapters verify and parse the bytes.
  const lerCorpo = express.raw({ type: () => true, limit: app.get(AppConfig).values.ATENDE_BODY_LIMIT });
  app.use(CAMINHO, (request: RequisicaoBruta, response: Response, next: NextFunction) => {
    if (request.method !== 'POST') return next();
    const [tipo, canalId, ...resto] = request.path.split('/').filter(Boolean);
    if (tipo === undefined || resto.length > 0) return next();
    lerCorpo(request, response, (erroDoCorpo?: unknown) => {
      if (erroDoCorpo !== undefined) {
        const grandeDemais = (erroDoCorpo as { type?: string }).type === 'entity.too.large';
        erros.responder(grandeDemais ? InboundException.corpoGrandeDemais() : erroDoCorpo, request, response);
        return;
      }
      request.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      webhooks.receber(decodificar(tipo), canalId === undefined ? undefined : decodificar(canalId), request).then(
        (recebido) => response.status(200).json(recebido),
        (erro: unknown) => erros.responder(erro, request, response),
      );
    });
  });
}

/** The routes of `montarRecepcaoDeWebhooks` in the OpenAPI document, since no Nest controller declares them. */
export function documentarRecepcaoDeWebhooks(documento: OpenAPIObject): void {
  const resposta = {
    '200': { description: 'Eventos gravados (ou número desconhecido: nada gravado, sem reenvio): `{recebido, eventos, novos}`' },
    '400': { description: 'Corpo vazio, JSON inválido ou fora do formato do provedor' },
    '401': { description: 'Assinatura ausente ou inválida: nada é gravado' },
    '404': { description: 'Tipo de canal ou canal (da URL) desconhecido ou inativo' },
    '413': { description: 'Corpo maior que ATENDE_BODY_LIMIT' },
  };
  const tipo = { name: 'tipo', in: 'path' as const, required: true, schema: { type: 'string' as const }, example: 'whatsapp' };
  documento.paths[`${CAMINHO}/{tipo}`] = {
    ...documento.paths[`${CAMINHO}/{tipo}`],
    post: {
      tags: ['webhooks'],
      summary: 'Recebe eventos do provedor (WhatsApp Cloud API, Messenger, Instagram)',
      description: 'Assinatura X-Hub-Signature-256 sobre o corpo bruto. 200 só depois de gravar os eventos de forma durável.',
      parameters: [tipo],
      responses: resposta,
    },
  };
  documento.paths[`${CAMINHO}/{tipo}/{canalId}`] = {
    ...documento.paths[`${CAMINHO}/{tipo}/{canalId}`],
    post: {
      tags: ['webhooks'],
      summary: 'Recebe eventos de canais identificados pela URL (Telegram, Twilio, e-mail)',
      description: 'Cada provedor com a sua verificação (X-Telegram-Bot-Api-Secret-Token, X-Twilio-Signature…).',
      parameters: [tipo, { name: 'canalId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: resposta,
    },
  };
}

/** A malformed escape stays as sent: it then names no known kind or canal (404), instead of throwing (500). */
function decodificar(segmento: string): string {
  try {
    return decodeURIComponent(segmento);
  } catch {
    return segmento;
  }
}
