import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  digitandoSchema,
  entrarTicketSchema,
  presencaSchema,
  type RealtimeAck,
  type RealtimeErroConexao,
  sairTicketSchema,
} from '@atende/shared';
import type { ExtendedError } from 'socket.io';
import type { z } from 'zod';
import { TicketService } from '../atendimento/tickets/ticket.service.js';
import { AuthException } from '../auth/auth.exception.js';
import { TokenService } from '../auth/token.service.js';
import { AppException } from '../common/app.exception.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { PresencaRepository } from './presenca.repository.js';
import { PresencaService } from './presenca.service.js';
import { RealtimeCursor } from './realtime-cursor.js';
import { RealtimeServidor, type RealtimeSocket } from './realtime-servidor.js';
import { RealtimeException } from './realtime.exception.js';
import { Salas } from './salas.js';

/** Typing is relayed at most once per this interval per socket and ticket (a stop is always relayed). */
export const INTERVALO_DIGITANDO_MS = 1_000;
/** setTimeout's ceiling (~24.8 days); longer token lifetimes are re-armed when it fires. */
const MAIOR_ATRASO_MS = 2 ** 31 - 1;

type Ack = (resposta: RealtimeAck) => void;

/**
 * The `/atendimento` namespace: authenticates the handshake, puts each socket in its rooms, handles the client
 * events (entrar, sair, digitando, presenca) and ends the session when the access token expires.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RealtimeGateway.name);
  /** Per socket and ticket: when typing was last relayed and whether it was a "typing" (not a stop). */
  private readonly digitacoes = new WeakMap<RealtimeSocket, Map<string, { em: number; ativo: boolean }>>();

  constructor(
    private readonly servidor: RealtimeServidor,
    private readonly tokens: TokenService,
    private readonly tx: TransactionHost,
    private readonly presencas: PresencaRepository,
    private readonly presenca: PresencaService,
    private readonly tickets: TicketService,
  ) {}

  onApplicationBootstrap(): void {
    this.servidor.nsp.use((socket, next) => {
      this.autenticar(socket).then(
        () => next(),
        (error: unknown) => next(this.erroDeConexao(error)),
      );
    });
    this.servidor.nsp.on('connection', (socket) => this.aoConectar(socket));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.servidor.desconectarLocais();
    await this.presenca.encerrar();
  }

  private async autenticar(socket: RealtimeSocket): Promise<void> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token.replace(/^Bearer\s+/i, '').trim() : '';
    if (!token) throw AuthException.tokenAusente();
    const { expiraEm, ...ator } = await this.tokens.verificarAcesso(token);
    const atendente = await RequestContext.run({ empresaId: ator.empresaId, ator }, () =>
      this.presencas.findAtivoPorUsuarioComFilas(ator.usuarioId),
    );
    socket.data = { ator, expiraEm, atendenteId: atendente?.id ?? null, filaIds: atendente?.filaIds ?? [] };
  }

  /** `connect_error` on the client: `message` for people, `data.code` to branch on. */
  private erroDeConexao(error: unknown): ExtendedError {
    const { code, message } = this.descrever(error);
    const erro: ExtendedError = new Error(message);
    erro.data = { code, message } as RealtimeErroConexao;
    return erro;
  }

  private aoConectar(socket: RealtimeSocket): void {
    const { ator, atendenteId, filaIds, expiraEm } = socket.data;
    const salas = [
      ...(ator.papel === 'atendente' ? [] : [Salas.empresa(ator.empresaId)]),
      ...(atendenteId ? [Salas.atendente(atendenteId), ...filaIds.map(Salas.fila)] : []),
    ];
    void socket.join(salas);

    const expiracao = this.agendarExpiracao(socket, expiraEm);
    socket.once('disconnect', () => {
      expiracao.cancelar();
      if (atendenteId) {
        this.presenca
          .desconectou(ator.empresaId, atendenteId)
          .catch((error: unknown) => this.logger.error({ err: error, atendenteId }, 'falha ao registrar desconexão'));
      }
    });

    socket.on('entrar', (payload, ack) => void this.tratar(socket, 'entrar', payload, ack, () => this.entrar(socket, payload)));
    socket.on('sair', (payload, ack) => void this.tratar(socket, 'sair', payload, ack, () => this.sair(socket, payload)));
    socket.on(
      'digitando',
      (payload, ack) => void this.tratar(socket, 'digitando', payload, ack, () => this.digitando(socket, payload)),
    );
    socket.on(
      'presenca',
      (payload, ack) => void this.tratar(socket, 'presenca', payload, ack, () => this.definirPresenca(socket, payload)),
    );

    // Through the adapter (to the socket's own room, this instance only) rather than socket.emit: broadcast
    // packets carry a recovery offset, so even a socket that drops before any other event can be recovered.
    this.servidor.nsp.local.to(socket.id).emit('conectado', {
      usuarioId: ator.usuarioId,
      empresaId: ator.empresaId,
      papel: ator.papel,
      atendenteId,
      salas: [...socket.rooms].filter((sala) => sala !== socket.id),
      recuperado: socket.recovered,
      expiraEm: new Date(expiraEm).toISOString(),
      cursor: RealtimeCursor.agora(),
    });

    if (atendenteId) {
      this.presenca
        .conectou(ator.empresaId, atendenteId)
        .catch((error: unknown) => this.logger.error({ err: error, atendenteId }, 'falha ao registrar conexão'));
    }
  }

  /** Ends the session when the access token expires; the web app refreshes it and reconnects. */
  private agendarExpiracao(socket: RealtimeSocket, expiraEm: number): { cancelar(): void } {
    let timer: NodeJS.Timeout | undefined;
    const armar = (): void => {
      timer = setTimeout(
        () => {
          if (expiraEm > Date.now()) return armar();
          socket.emit('sessao:expirada', { code: 'TOKEN_EXPIRADO', message: AuthException.tokenExpirado().message });
          socket.disconnect();
        },
        Math.min(Math.max(expiraEm - Date.now(), 0), MAIOR_ATRASO_MS),
      );
    };
    armar();
    return { cancelar: () => clearTimeout(timer) };
  }

  /** Runs a client event: acknowledges `{ ok: true }`, or emits `erro` and acknowledges the failure. */
  private async tratar(
    socket: RealtimeSocket,
    evento: string,
    payload: unknown,
    ack: unknown,
    acao: () => Promise<void>,
  ): Promise<void> {
    const responder: Ack | null =
      typeof ack === 'function' ? (ack as Ack) : typeof payload === 'function' ? (payload as Ack) : null;
    try {
      await acao();
      responder?.({ ok: true });
    } catch (error) {
      const { code, message } = this.descrever(error);
      const ticketId = (payload as { ticketId?: unknown } | undefined)?.ticketId;
      socket.emit('erro', { evento, code, message, ...(typeof ticketId === 'string' ? { ticketId } : {}) });
      responder?.({ ok: false, code, message });
    }
  }

  private ler<S extends z.ZodType>(schema: S, evento: string, payload: unknown): z.output<S> {
    const resultado = schema.safeParse(typeof payload === 'function' ? undefined : payload);
    if (resultado.success) return resultado.data;
    const problema = resultado.error.issues[0];
    const campo = problema?.path.length ? `${problema.path.join('.')}: ` : '';
    throw RealtimeException.payloadInvalido(evento, `${campo}${problema?.message ?? 'formato inesperado'}`);
  }

  /** Joins a ticket's room after the same visibility check as GET /tickets/:id (404 otherwise). */
  private async entrar(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const { ticketId } = this.ler(entrarTicketSchema, 'entrar', payload);
    const { ator } = socket.data;
    await this.comoUsuario(socket, () => this.tx.run(() => this.tickets.carregarVisivel(ticketId, ator, false)));
    await socket.join(Salas.ticket(ticketId));
  }

  private async sair(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const { ticketId } = this.ler(sairTicketSchema, 'sair', payload);
    await socket.leave(Salas.ticket(ticketId));
    this.digitacoes.get(socket)?.delete(ticketId);
  }

  private digitando(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const { ticketId, ativo } = this.ler(digitandoSchema, 'digitando', payload);
    const sala = Salas.ticket(ticketId);
    if (!socket.rooms.has(sala)) throw RealtimeException.foraDoTicket();
    const porTicket = this.digitacoes.get(socket) ?? new Map<string, { em: number; ativo: boolean }>();
    this.digitacoes.set(socket, porTicket);
    const anterior = porTicket.get(ticketId);
    const agora = Date.now();
    if (ativo && anterior?.ativo && agora - anterior.em < INTERVALO_DIGITANDO_MS) return Promise.resolve();
    porTicket.set(ticketId, { em: agora, ativo });
    const { ator } = socket.data;
    socket.to(sala).emit('digitando', { ticketId, origem: 'atendente', usuarioId: ator.usuarioId, nome: ator.nome, ativo });
    return Promise.resolve();
  }

  private async definirPresenca(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const { status } = this.ler(presencaSchema, 'presenca', payload);
    const { ator, atendenteId } = socket.data;
    if (!atendenteId) throw RealtimeException.semAtendente();
    await this.presenca.definir(ator.empresaId, atendenteId, status);
  }

  private comoUsuario<T>(socket: RealtimeSocket, fn: () => Promise<T>): Promise<T> {
    const { ator } = socket.data;
    return RequestContext.run({ empresaId: ator.empresaId, ator }, fn);
  }

  private descrever(error: unknown): { code: string; message: string } {
    if (error instanceof AppException) return { code: error.code, message: error.message };
    this.logger.error({ err: error }, 'erro no tempo real');
    const interno = RealtimeException.erroInterno();
    return { code: interno.code, message: interno.message };
  }
}
