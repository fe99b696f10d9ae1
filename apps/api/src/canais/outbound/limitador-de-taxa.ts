import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';

/**
 * Per-canal token bucket in front of every provider call, so a burst of outbound messages never trips the
 * provider's own throughput limit (WhatsApp 130429). The bucket holds one second's worth of tokens
 * (`porSegundo`), refills continuously, and a caller that finds it empty reserves the next token and sleeps
 * until it is due, so waiters are served in arrival order.
 *
 * Without Redis the bucket lives in this process and is shared by all its workers. With several worker
 * processes each would get the full rate; with `REDIS_URL` set the bucket is kept in Redis instead (one
 * atomic script per call), shared by every process. Should the provider still answer 130429, the send is a
 * transient failure and the job retries with backoff.
 */
export interface BaldeDeTokens {
  /** Resolves when the caller may make one call on `chave` at `porSegundo` calls per second. */
  aguardar(chave: string, porSegundo: number): Promise<void>;
}

interface Balde {
  tokens: number;
  atualizadoEm: number;
}

const esperar = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reserves one token and returns how long to wait for it (0 = now). Tokens may go negative: that is the queue. */
export function reservar(balde: Balde, porSegundo: number, agora: number): number {
  const capacidade = Math.max(1, porSegundo);
  balde.tokens = Math.min(capacidade, balde.tokens + ((agora - balde.atualizadoEm) * porSegundo) / 1000);
  balde.atualizadoEm = agora;
  balde.tokens -= 1;
  return balde.tokens >= 0 ? 0 : Math.ceil((-balde.tokens * 1000) / porSegundo);
}

export class BaldeEmMemoria implements BaldeDeTokens {
  private readonly baldes = new Map<string, Balde>();

  constructor(private readonly relogio: () => number = Date.now) {}

  async aguardar(chave: string, porSegundo: number): Promise<void> {
    const agora = this.relogio();
    let balde = this.baldes.get(chave);
    if (balde === undefined) {
      balde = { tokens: Math.max(1, porSegundo), atualizadoEm: agora };
      this.baldes.set(chave, balde);
    }
    const espera = reservar(balde, porSegundo, agora);
    if (espera > 0) await esperar(espera);
  }
}

/** Same algorithm as `reservar`, atomically in Redis with the server's clock (processes' clocks may differ). */
const SCRIPT_RESERVAR = `
local taxa = tonumber(ARGV[1])
local capacidade = math.max(1, taxa)
local t = redis.call('TIME')
local agora = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dados = redis.call('HMGET', KEYS[1], 'tokens', 'em')
local tokens = tonumber(dados[1]) or capacidade
local em = tonumber(dados[2]) or agora
tokens = math.min(capacidade, tokens + (agora - em) * taxa / 1000) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'em', tostring(agora))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacidade - tokens) * 1000 / taxa) + 1000)
if tokens >= 0 then return 0 end
return math.ceil(-tokens * 1000 / taxa)
`;

export class BaldeNoRedis implements BaldeDeTokens {
  constructor(
    private readonly redis: Redis,
    private readonly prefixo = 'atende:balde:',
  ) {}

  async aguardar(chave: string, porSegundo: number): Promise<void> {
    const espera = Number(await this.redis.eval(SCRIPT_RESERVAR, 1, `${this.prefixo}${chave}`, String(porSegundo)));
    if (espera > 0) await esperar(espera);
  }
}

/**
 * The process-wide limiter: Redis-backed when REDIS_URL is set, in memory otherwise. A Redis outage falls
 * back to the in-memory bucket rather than stopping the sends.
 */
@Injectable()
export class LimitadorDeTaxa implements BaldeDeTokens {
  private readonly logger = new Logger(LimitadorDeTaxa.name);
  private readonly local = new BaldeEmMemoria();
  private readonly compartilhado: BaldeDeTokens | null;

  constructor(@Inject(REDIS) redis: Redis | null) {
    this.compartilhado = redis === null ? null : new BaldeNoRedis(redis);
  }

  async aguardar(chave: string, porSegundo: number): Promise<void> {
    if (this.compartilhado === null) return this.local.aguardar(chave, porSegundo);
    try {
      await this.compartilhado.aguardar(chave, porSegundo);
    } catch (error) {
      this.logger.warn({ err: error, chave }, 'limitador no Redis indisponível: usando o limite local deste processo');
      await this.local.aguardar(chave, porSegundo);
    }
  }
}
