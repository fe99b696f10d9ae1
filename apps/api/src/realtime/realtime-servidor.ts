import type { Server as HttpServer } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-adapter';
import { REALTIME_NAMESPACE, type RealtimeClientToServerEvents, type RealtimeServerToClientEvents } from '@atende/shared';
import type { Redis } from 'ioredis';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Ator } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

/** What the handshake established about a socket (kept small: it travels between instances in fetchSockets). */
export interface DadosDoSocket {
  ator: Ator;
  /** Access token expiry (epoch ms). */
  expiraEm: number;
  atendenteId: string | null;
  filaIds: string[];
}

type SemEventosEntreServidores = Record<string, never>;

export type RealtimeNamespace = Namespace<
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  SemEventosEntreServidores,
  DadosDoSocket
>;
export type RealtimeSocket = Socket<
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  SemEventosEntreServidores,
  DadosDoSocket
>;

export type EventoServidor = keyof RealtimeServerToClientEvents;
export type PayloadDe<E extends EventoServidor> = Parameters<RealtimeServerToClientEvents[E]>[0];

/** How long Socket.IO keeps a dropped socket's rooms and missed packets to replay on reconnection. */
export const JANELA_DE_RECUPERACAO_MS = 2 * 60_000;

/**
 * The Socket.IO server, owned by this provider instead of a Nest `@WebSocketGateway`: its options come from the
 * runtime configuration (CORS origins, the Redis adapter, connection-state recovery), which static gateway
 * decorators cannot read, and the same server doubles as a pure emitter in processes that serve no HTTP
 * (ATENDE_ROLE=worker publishes through the Redis adapter).
 *
 * - Without Redis: in-memory adapter with connection-state recovery (a client that reconnects within
 *   JANELA_DE_RECUPERACAO_MS gets its rooms back and the packets it missed). A recovered socket skips the
 *   handshake middleware: running it (an async token check and query) opens a window in which the restored
 *   socket is in its rooms but not yet in the namespace, and broadcasts in that window are lost for it. The
 *   private session id, known only to the client that held the session, stands in for the token, and the
 *   restored `expiraEm` still ends the session on time (at once if it expired during the outage).
 * - With REDIS_URL: `@socket.io/redis-adapter` (pub/sub clients duplicated from the REDIS provider), so a
 *   broadcast from any instance reaches the sockets of every instance. The classic Redis adapter cannot
 *   restore sessions (its `restoreSession` is the base no-op), so recovery is not enabled there and clients
 *   catch up with GET /api/atendimento/realtime/desde.
 */
/**
 * The adapter fires Redis commands (subscribe, publish) without handling their rejection: with Redis down, or
 * once the client is closed at shutdown, each one would be an unhandled rejection. This view of the client
 * logs those failures; callers that await a command still receive its rejection.
 */
function comFalhasRegistradas(cliente: Redis, logger: Logger): Redis {
  return new Proxy(cliente, {
    get(alvo, propriedade) {
      const valor: unknown = Reflect.get(alvo, propriedade, alvo);
      if (typeof valor !== 'function') return valor;
      return (...args: unknown[]): unknown => {
        const resultado: unknown = (valor as (...a: unknown[]) => unknown).apply(alvo, args);
        if (resultado instanceof Promise)
          resultado.catch((error: unknown) => logger.warn({ err: error }, 'comando do Redis do tempo real falhou'));
        return resultado;
      };
    },
  });
}

@Injectable()
export class RealtimeServidor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeServidor.name);
  readonly io: Server<RealtimeClientToServerEvents, RealtimeServerToClientEvents, SemEventosEntreServidores, DadosDoSocket>;
  readonly nsp: RealtimeNamespace;
  private readonly pub: Redis | null;
  private readonly sub: Redis | null;
  private anexado = false;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(REDIS) redis: Redis | null,
  ) {
    // The adapter subscribes in its constructor without handling rejection; with no retry limit those
    // commands wait in the offline queue for Redis instead of rejecting unhandled while it is down.
    this.pub = redis?.duplicate({ maxRetriesPerRequest: null }) ?? null;
    this.sub = redis?.duplicate({ maxRetriesPerRequest: null }) ?? null;
    for (const cliente of [this.pub, this.sub]) {
      cliente?.on('error', (error: Error) => this.logger.warn({ err: error }, 'redis do tempo real indisponível'));
    }
    const origens = config.corsOrigins;
    this.io = new Server({
      serveClient: false,
      ...(origens.length > 0 ? { cors: { origin: origens, credentials: true } } : {}),
      ...(this.pub && this.sub
        ? {
            adapter: createAdapter(comFalhasRegistradas(this.pub, this.logger), comFalhasRegistradas(this.sub, this.logger), {
              key: `${config.values.ATENDE_REDIS_PREFIXO}:socket.io`,
            }),
          }
        : { connectionStateRecovery: { maxDisconnectionDuration: JANELA_DE_RECUPERACAO_MS, skipMiddlewares: true } }),
    });
    this.nsp = this.io.of(REALTIME_NAMESPACE);
  }

  get recuperacaoAtiva(): boolean {
    return this.pub === null;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsHttp) {
      if (!this.pub)
        this.logger.warn('ATENDE_ROLE=worker sem REDIS_URL: eventos de tempo real gerados aqui não chegam aos navegadores');
      return;
    }
    this.io.attach(this.adapterHost.httpAdapter.getHttpServer() as HttpServer);
    this.anexado = true;
  }

  /** One emit to the union of the rooms: a socket in several of them gets the event once. */
  emitir<E extends EventoServidor>(salas: readonly string[], evento: E, payload: PayloadDe<E>): void {
    if (salas.length === 0) return;
    this.nsp.to([...salas]).emit(evento, ...([payload] as Parameters<RealtimeServerToClientEvents[E]>));
  }

  /**
   * Shutdown: closes this instance's connections (the other instances keep theirs) before the HTTP server
   * closes. The transport is closed without a Socket.IO disconnect packet, so clients see a dropped connection
   * and reconnect on their own (to another instance, or to this one once it is back), which a server-initiated
   * disconnect would forbid them to do.
   */
  desconectarLocais(): void {
    for (const socket of [...this.nsp.sockets.values()]) socket.conn.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.io.sockets.adapter.close(), this.nsp.adapter.close()]);
    if (this.anexado) this.io.engine.close();
    await Promise.allSettled(
      [this.pub, this.sub].map(async (cliente) => {
        if (!cliente || cliente.status === 'end') return;
        // QUIT would wait in the offline queue forever while Redis is unreachable.
        if (cliente.status === 'ready') await cliente.quit().catch(() => cliente.disconnect());
        else cliente.disconnect();
      }),
    );
  }
}
