import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DistribuicaoModule } from '../atendimento/distribuicao/distribuicao.module.js';
import { MensagensModule } from '../atendimento/mensagens/mensagens.module.js';
import { TicketsModule } from '../atendimento/tickets/tickets.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { PRESENCA_STORE, type PresencaStore, PresencaStoreMemoria, PresencaStoreRedis } from './presenca-store.js';
import { PresencaRepository } from './presenca.repository.js';
import { PresencaService, VALIDADE_PRESENCA_MS } from './presenca.service.js';
import { RealtimeDesdeRepository } from './realtime-desde.repository.js';
import { RealtimeDesdeService } from './realtime-desde.service.js';
import { RealtimeEmissor } from './realtime-emissor.service.js';
import { RealtimeServidor } from './realtime-servidor.js';
import { RealtimeController } from './realtime.controller.js';
import { RealtimeGateway } from './realtime.gateway.js';

/** Socket.IO gateway (`/atendimento`), rooms, domain events → socket events, presence, catch-up. */
@Module({
  imports: [AuthModule, TicketsModule, MensagensModule, DistribuicaoModule],
  controllers: [RealtimeController],
  providers: [
    RealtimeServidor,
    RealtimeGateway,
    RealtimeEmissor,
    PresencaRepository,
    PresencaService,
    RealtimeDesdeRepository,
    RealtimeDesdeService,
    {
      provide: PRESENCA_STORE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null): PresencaStore =>
        redis
          ? new PresencaStoreRedis(redis, VALIDADE_PRESENCA_MS, config.values.ATENDE_PRESENCE_GRACE + VALIDADE_PRESENCA_MS)
          : new PresencaStoreMemoria(),
    },
  ],
  exports: [RealtimeServidor, RealtimeEmissor],
})
export class RealtimeModule {}
