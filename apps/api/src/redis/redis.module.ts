import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

export const REDIS = Symbol('REDIS');
const logger = new Logger('Redis');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}

/** Optional Redis (REDIS_URL): Socket.IO fan-out and presence across instances. Absent in single-process mode. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null => {
        if (!config.values.REDIS_URL) return null;
        const redis = new Redis(config.values.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
        // Callers handle failed commands (health reports "down"); the connection errors are only logged.
        redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis indisponível'));
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
