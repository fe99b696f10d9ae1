import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

interface ComponentHealth {
  status: 'up' | 'down';
  latenciaMs?: number;
  erro?: string;
}

export interface HealthReport {
  status: 'ok' | 'degradado';
  versao: string;
  database: ComponentHealth & { modo: 'postgres' | 'pglite' };
  redis?: ComponentHealth;
}

async function timed(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<ComponentHealth> {
  const start = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`sem resposta em ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: 'up', latenciaMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { status: 'down', erro: (error as Error).message };
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      timed(() => this.dataSource.query('SELECT 1')),
      this.redis ? timed(() => this.redis!.ping()) : Promise.resolve(undefined),
    ]);
    const ok = database.status === 'up' && (!redis || redis.status === 'up');
    return {
      status: ok ? 'ok' : 'degradado',
      versao: process.env.npm_package_version ?? '0.1.0',
      database: { ...database, modo: this.config.databaseMode },
      ...(redis ? { redis } : {}),
    };
  }
}
