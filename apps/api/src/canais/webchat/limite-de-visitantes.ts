import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';

export type ResultadoDoLimite = { permitido: true } | { permitido: false; retryAfterMs: number };

interface Janela {
  inicio: number;
  contagem: number;
}

/** Fixed window: `n` calls per `janelaMs` for one key, counted from its first call. */
export class JanelasEmMemoria {
  private readonly janelas = new Map<string, Janela>();

  constructor(private readonly relogio: () => number = Date.now) {}

  consumir(chave: string, limite: number, janelaMs: number): ResultadoDoLimite {
    const agora = this.relogio();
    if (this.janelas.size > 50_000) {
      for (const [outra, janela] of this.janelas) if (agora - janela.inicio >= janelaMs) this.janelas.delete(outra);
    }
    let janela = this.janelas.get(chave);
    if (janela === undefined || agora - janela.inicio >= janelaMs) {
      janela = { inicio: agora, contagem: 0 };
      this.janelas.set(chave, janela);
    }
    janela.contagem += 1;
    if (janela.contagem <= limite) return { permitido: true };
    return { permitido: false, retryAfterMs: Math.max(1, janela.inicio + janelaMs - agora) };
  }
}

const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/**
 * Per-visitor limits of the public WebChat API. With REDIS_URL the windows are shared by every API instance;
 * without it (one process) they live in memory. A Redis outage falls back to this process's windows.
 */
@Injectable()
export class LimiteDeVisitantes {
  private readonly logger = new Logger(LimiteDeVisitantes.name);
  private readonly local = new JanelasEmMemoria();

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async consumir(chave: string, limite: number, janelaMs: number): Promise<ResultadoDoLimite> {
    if (this.redis === null) return this.local.consumir(chave, limite, janelaMs);
    try {
      const [contagem, ttl] = (await this.redis.eval(SCRIPT, 1, `atende:webchat:limite:${chave}`, String(janelaMs))) as [
        number,
        number,
      ];
      return contagem <= limite ? { permitido: true } : { permitido: false, retryAfterMs: Math.max(1, ttl) };
    } catch (error) {
      this.logger.warn({ err: error }, 'limite do WebChat no Redis indisponível: usando o deste processo');
      return this.local.consumir(chave, limite, janelaMs);
    }
  }
}
