import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ContatosModule } from '../../atendimento/contatos/contatos.module.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { InboundModule } from '../inbound/inbound.module.js';
import { LimiteDeVisitantes } from './limite-de-visitantes.js';
import { WebchatCorsMiddleware } from './webchat-cors.middleware.js';
import { WebchatController } from './webchat.controller.js';
import { WebchatGateway } from './webchat.gateway.js';
import { WebchatRepository } from './webchat.repository.js';
import { WebchatService } from './webchat.service.js';

/**
 * The WebChat widget's server side: the public visitor API (per-canal CORS and Origin check, signed visitor
 * tokens, per-visitor limits) that feeds the shared inbound pipeline, and the visitors' `/webchat` Socket.IO
 * namespace the adapter delivers to. The adapter itself is registered with the others (ChannelAdapterModule).
 */
@Module({
  imports: [RealtimeModule, ContatosModule, InboundModule],
  controllers: [WebchatController],
  providers: [WebchatService, WebchatRepository, WebchatGateway, LimiteDeVisitantes, WebchatCorsMiddleware],
})
export class WebchatModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebchatCorsMiddleware).forRoutes({ path: 'atendimento/webchat/*path', method: RequestMethod.ALL });
  }
}
