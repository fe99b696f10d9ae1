import { type MiddlewareConsumer, Module, type NestModule, PayloadTooLargeException, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { EventoEntradaRepository } from '../inbound/evento-entrada.repository.js';
import { EmailCursorRepository } from './email-cursor.repository.js';
import { EmailImapPoller } from './email-imap.poller.js';

/** SendGrid Inbound Parse accepts mails up to 30 MB (attachments included). */
const LIMITE_DO_CORPO = 30 * 1024 * 1024;

const TIPOS_BRUTOS = /^(multipart\/form-data|text\/plain)\b/i;

/**
 * The e-mail webhooks post what the global JSON/form parsers do not read: SendGrid multipart and SNS's JSON
 * sent as text/plain. Their bytes are kept as `rawBody`, which is what the signatures cover and what the
 * inbound pipeline stores; nothing is parsed here.
 */
function guardarCorpoBruto(req: Request & { rawBody?: Buffer }, _res: Response, next: NextFunction): void {
  if (req.rawBody !== undefined || !TIPOS_BRUTOS.test(req.headers['content-type'] ?? '')) {
    next();
    return;
  }
  const partes: Buffer[] = [];
  let total = 0;
  let encerrado = false;
  const encerrar = (erro?: unknown): void => {
    if (encerrado) return;
    encerrado = true;
    if (erro === undefined) req.rawBody = Buffer.concat(partes, total);
    next(erro);
  };
  req.on('data', (parte: Buffer) => {
    total += parte.byteLength;
    if (total > LIMITE_DO_CORPO) {
      req.removeAllListeners('data');
      req.resume();
      encerrar(new PayloadTooLargeException(`O corpo excede ${LIMITE_DO_CORPO} bytes.`));
      return;
    }
    partes.push(parte);
  });
  req.on('end', () => encerrar());
  req.on('error', (erro) => encerrar(erro));
}

/** What the e-mail channel has beyond its adapter: raw webhook bodies and IMAP polling. */
@Module({ providers: [EmailImapPoller, EmailCursorRepository, EventoEntradaRepository], exports: [EmailImapPoller] })
export class EmailModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(guardarCorpoBruto).forRoutes({ path: 'atendimento/webhooks/email/:canalId', method: RequestMethod.POST });
  }
}
