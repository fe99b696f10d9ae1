import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export const PRESENCA_STORE = Symbol('PRESENCA_STORE');

/** Whether an atendente has a socket anywhere, and since when it has none. */
export interface EstadoConexao {
  conectado: boolean;
  /** When the last socket closed (epoch ms); null when unknown (never seen by the store, or expired there). */
  fimEm: number | null;
}

/**
 * Socket counts per atendente. In one process they live in memory; with several instances they live in Redis,
 * so every instance agrees on "has at least one socket somewhere" and a crashed instance's sockets expire.
 */
export interface PresencaStore {
  conectou(atendenteId: string): Promise<void>;
  desconectou(atendenteId: string): Promise<void>;
  estado(atendenteId: string): Promise<EstadoConexao>;
  /** Periodic: keeps this instance's entries alive (Redis). */
  pulsar(): Promise<void>;
  /** Shutdown: marks this instance's entries as ended. */
  encerrar(): Promise<void>;
}

export class PresencaStoreMemoria implements PresencaStore {
  private readonly sockets = new Map<string, number>();
  private readonly fins = new Map<string, number>();

  conectou(atendenteId: string): Promise<void> {
    this.sockets.set(atendenteId, (this.sockets.get(atendenteId) ?? 0) + 1);
    return Promise.resolve();
  }

  desconectou(atendenteId: string): Promise<void> {
    const restantes = (this.sockets.get(atendenteId) ?? 0) - 1;
    if (restantes > 0) this.sockets.set(atendenteId, restantes);
    else {
      this.sockets.delete(atendenteId);
      this.fins.set(atendenteId, Date.now());
    }
    return Promise.resolve();
  }

  estado(atendenteId: string): Promise<EstadoConexao> {
    return Promise.resolve({ conectado: this.sockets.has(atendenteId), fimEm: this.fins.get(atendenteId) ?? null });
  }

  pulsar(): Promise<void> {
    return Promise.resolve();
  }

  encerrar(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * One sorted set per atendente (`atende:presenca:<atendenteId>`): a member per instance that holds sockets of
 * that atendente, scored with "valid until" (epoch ms). While the instance has sockets it refreshes the score to
 * now + TTL on every pulse; when its last socket closes it sets the score to now. So:
 * - connected somewhere ⇔ the highest score is in the future;
 * - the highest score, once past, is when the last socket closed (or when a crashed instance stopped pulsing).
 * Local counts stay in memory: only "this instance has ≥ 1 socket" is shared.
 */
export class PresencaStoreRedis implements PresencaStore {
  private readonly instancia = randomUUID();
  private readonly locais = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly validadeMs: number,
    private readonly retencaoMs: number,
  ) {}

  private chave(atendenteId: string): string {
    return `atende:presenca:${atendenteId}`;
  }

  async conectou(atendenteId: string): Promise<void> {
    this.locais.set(atendenteId, (this.locais.get(atendenteId) ?? 0) + 1);
    await this.marcar(atendenteId, Date.now() + this.validadeMs);
  }

  async desconectou(atendenteId: string): Promise<void> {
    const restantes = (this.locais.get(atendenteId) ?? 0) - 1;
    if (restantes > 0) {
      this.locais.set(atendenteId, restantes);
      return;
    }
    this.locais.delete(atendenteId);
    await this.marcar(atendenteId, Date.now());
  }

  async estado(atendenteId: string): Promise<EstadoConexao> {
    const [, pontuacao] = await this.redis.zrange(this.chave(atendenteId), -1, -1, 'WITHSCORES');
    if (pontuacao === undefined) return { conectado: false, fimEm: null };
    const validoAte = Number(pontuacao);
    return validoAte > Date.now() ? { conectado: true, fimEm: null } : { conectado: false, fimEm: validoAte };
  }

  async pulsar(): Promise<void> {
    if (this.locais.size === 0) return;
    const validoAte = Date.now() + this.validadeMs;
    const pipeline = this.redis.pipeline();
    for (const atendenteId of this.locais.keys()) {
      pipeline
        .zadd(this.chave(atendenteId), validoAte, this.instancia)
        .pexpire(this.chave(atendenteId), this.validadeMs + this.retencaoMs);
    }
    await pipeline.exec();
  }

  async encerrar(): Promise<void> {
    const agora = Date.now();
    const pipeline = this.redis.pipeline();
    for (const atendenteId of this.locais.keys()) pipeline.zadd(this.chave(atendenteId), agora, this.instancia);
    this.locais.clear();
    // Also flushes the commands of the disconnect handlers that ran just before (same connection, in order).
    await pipeline.ping().exec();
  }

  private async marcar(atendenteId: string, validoAte: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.chave(atendenteId), validoAte, this.instancia)
      .pexpire(this.chave(atendenteId), this.validadeMs + this.retencaoMs)
      .exec();
  }
}
