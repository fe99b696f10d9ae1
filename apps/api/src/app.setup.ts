import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { documentarRecepcaoDeWebhooks, montarRecepcaoDeWebhooks } from './canais/inbound/webhook-recepcao.js';

const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Everything main.ts and the end-to-end tests both need, so tests exercise the real HTTP stack. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  // No ETag on API responses: hashing every JSON body costs CPU on each request and the web app revalidates
  // through its own cache and real-time events, never with If-None-Match. Static files keep serve-static's ETag.
  app.set('etag', false);
  // Before helmet, the logger and the body parsers: see webhook-recepcao.ts.
  montarRecepcaoDeWebhooks(app);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:'],
        },
      },
    }),
  );
  const origins = config.corsOrigins;
  if (origins.length > 0) {
    // The WebChat visitor API answers CORS per canal (WebchatCorsMiddleware): `origin: false` passes it through.
    app.enableCors((request: Request, callback) =>
      callback(
        null,
        request.originalUrl.startsWith('/api/atendimento/webchat/') ? { origin: false } : { origin: origins, credentials: true },
      ),
    );
  }
  app.useBodyParser('json', { limit: config.values.ATENDE_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: config.values.ATENDE_BODY_LIMIT, extended: true });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Atende API')
      .setDescription('Atendimento omnichannel: tickets, mensagens, canais, filas, atendentes')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  documentarRecepcaoDeWebhooks(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveWebApp(app);
}

function serveWebApp(app: NestExpressApplication): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) return;
  app.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }));
  // The SPA owns every other GET path that asks for HTML; the API and Socket.IO keep theirs.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isApi = request.path.startsWith('/api') || request.path.startsWith('/socket.io');
    if (request.method !== 'GET' || isApi || !request.accepts('html')) return next();
    response.sendFile(join(WEB_DIST, 'index.html'));
  });
}
