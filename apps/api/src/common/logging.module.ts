import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { RequestContext } from './request-context.js';

/** Paths never written to logs: tokens, passwords, channel credentials. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  '*.senha',
  '*.senhaHash',
  '*.accessToken',
  '*.refreshToken',
  '*.appSecret',
  '*.verifyToken',
  '*.credenciais',
  '*.configuracao.accessToken',
  '*.configuracao.appSecret',
  '*.apiKey',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.values.LOG_LEVEL,
          genReqId: (request: IncomingMessage) => {
            const header = request.headers['x-request-id'];
            return typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
          },
          redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
          customProps: () => ({ empresaId: RequestContext.empresaId, usuarioId: RequestContext.ator?.usuarioId }),
          autoLogging: { ignore: (request: IncomingMessage) => request.url === '/api/health' },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
          },
          transport: config.values.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
