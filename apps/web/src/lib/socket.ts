import {
  type ConectadoEvento,
  REALTIME_NAMESPACE,
  type RealtimeClientToServerEvents,
  type RealtimeServerToClientEvents,
  realtimeErroConexaoSchema,
} from '@atende/shared';
import type { Socket } from 'socket.io-client';
import { isApiError } from './api-client.js';
import { api } from './api.js';
import { useAuthStore } from './auth-store.js';
import { type ConexaoStatus, useRealtimeStore } from './realtime-store.js';

/**
 * The one Socket.IO connection of the app (namespace `/atendimento`), its session handling and its state for
 * the UI. Cache updates live with the features (see `useRealtimeSync`); this module only keeps the socket
 * connected with a valid token:
 * - the handshake reads the current access token on every (re)connection;
 * - a handshake refused with TOKEN_EXPIRADO / TOKEN_INVALIDO / TOKEN_AUSENTE, or a server disconnect after
 *   `sessao:expirada`, refreshes the session (the same shared refresh as the REST client) and connects again;
 * - transport drops are retried by Socket.IO's manager, shown as `reconectando`;
 * - ticket rooms joined with `entrarNoTicket` are joined again after a reconnection that lost them.
 */

export type RealtimeSocket = Socket<RealtimeServerToClientEvents, RealtimeClientToServerEvents>;

/** How many auth failures in a row before giving up (a token the server keeps refusing after a refresh). */
const MAX_FALHAS_DE_AUTH = 3;

let socket: RealtimeSocket | null = null;
/** The client library loads after the first paint (it is not needed to draw the page). */
let criando: Promise<RealtimeSocket> | null = null;
/** Bumped by every disconnect, so a connection still loading when the user logs out is dropped. */
let geracao = 0;
type Ouvinte = (payload: unknown) => void;
const ouvintes = new Map<string, Set<Ouvinte>>();
let falhasDeAuth = 0;
let tentativaAgendada: ReturnType<typeof setTimeout> | null = null;
/** Ticket rooms the UI wants, with how many components asked (a ticket can be open in two places). */
const salasDeTicket = new Map<string, number>();
/** The newest catch-up cursor seen in any event. */
let ultimoCursor: string | null = null;
/** Whether this socket has had a session before (a `conectado` now is a reconnection). */
let jaConectou = false;

export interface InfoDeConexao {
  /** A reconnection (not the first connection of this socket). */
  reconexao: boolean;
  /** The last cursor seen before this connection: where a catch-up starts. */
  cursorAnterior: string | null;
}
type OuvinteDeConexao = (sessao: ConectadoEvento, info: InfoDeConexao) => void;
const ouvintesDeConexao = new Set<OuvinteDeConexao>();

/** Called on every `conectado`, with what a catch-up needs (see GET /api/atendimento/realtime/desde). */
export function aoConectarRealtime(ouvinte: OuvinteDeConexao): () => void {
  ouvintesDeConexao.add(ouvinte);
  return () => {
    ouvintesDeConexao.delete(ouvinte);
  };
}

function setStatus(status: ConexaoStatus): void {
  if (useRealtimeStore.getState().status !== status) useRealtimeStore.setState({ status });
}

function lerCursor(payload: unknown): void {
  if (typeof payload === 'object' && payload !== null && 'cursor' in payload && typeof payload.cursor === 'string') {
    ultimoCursor = payload.cursor;
  }
}

function agendar(fn: () => void, ms: number): void {
  if (tentativaAgendada) clearTimeout(tentativaAgendada);
  tentativaAgendada = setTimeout(() => {
    tentativaAgendada = null;
    fn();
  }, ms);
}

/** Gets a fresh access token and connects again; gives up when the session is gone. */
async function renovarEReconectar(): Promise<void> {
  const atual = socket;
  if (!atual) return;
  falhasDeAuth += 1;
  if (falhasDeAuth > MAX_FALHAS_DE_AUTH) {
    setStatus('desconectado');
    return;
  }
  setStatus('reconectando');
  try {
    const token = await api.refreshSession();
    // null: the refresh token was refused; the auth store is cleared and the app goes back to /login.
    if (token === null || socket !== atual) return;
    atual.connect();
  } catch (error) {
    // Offline or the server failing: try again in a while with the same refresh token.
    if (socket !== atual) return;
    const espera = isApiError(error) && error.kind === 'network' ? 3_000 : 10_000;
    agendar(() => void renovarEReconectar(), espera);
  }
}

function entrarNasSalas(s: RealtimeSocket, sessao: ConectadoEvento): void {
  for (const ticketId of salasDeTicket.keys()) {
    if (!sessao.salas.includes(`ticket:${ticketId}`)) s.emit('entrar', { ticketId });
  }
}

function criarSocket(io: typeof import('socket.io-client').io): RealtimeSocket {
  const s: RealtimeSocket = io(REALTIME_NAMESPACE, {
    // A function, so every reconnection sends the token of that moment (it rotates on refresh).
    auth: (cb) => cb({ token: useAuthStore.getState().accessToken ?? '' }),
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });

  s.on('connect', () => setStatus('conectado'));

  s.on('conectado', (sessao) => {
    falhasDeAuth = 0;
    const info: InfoDeConexao = { reconexao: jaConectou, cursorAnterior: ultimoCursor };
    jaConectou = true;
    ultimoCursor ??= sessao.cursor;
    useRealtimeStore.setState({ sessao, status: 'conectado' });
    entrarNasSalas(s, sessao);
    for (const ouvinte of ouvintesDeConexao) ouvinte(sessao, info);
  });

  s.onAny((evento: string, payload: unknown) => {
    // `conectado` carries the cursor of "now": taking it would skip what a catch-up must still fetch.
    if (evento !== 'conectado') lerCursor(payload);
    for (const ouvinte of ouvintes.get(evento) ?? []) ouvinte(payload);
  });

  s.on('connect_error', (erro) => {
    const dados: unknown = 'data' in erro ? erro.data : undefined;
    const motivo = realtimeErroConexaoSchema.safeParse(dados);
    if (!motivo.success) {
      // A transport failure: the manager keeps retrying with backoff.
      setStatus('reconectando');
      return;
    }
    // Refused by the server's middleware: Socket.IO does not retry these by itself.
    if (motivo.data.code === 'REALTIME_ERRO_INTERNO') {
      setStatus('reconectando');
      agendar(() => s.connect(), 5_000);
      return;
    }
    void renovarEReconectar();
  });

  s.on('disconnect', (motivo) => {
    if (motivo === 'io client disconnect') {
      setStatus('desconectado');
      return;
    }
    setStatus('reconectando');
    // The server ended the session (token expired: `sessao:expirada` came just before). Socket.IO does not
    // reconnect after a server-side disconnect, so refresh and connect again.
    if (motivo === 'io server disconnect') void renovarEReconectar();
  });

  s.io.on('reconnect_attempt', () => setStatus('reconectando'));

  return s;
}

/** Opens the connection (idempotent). Call when a session exists. */
export function conectarRealtime(): Promise<RealtimeSocket> {
  if (socket) return Promise.resolve(socket);
  if (!criando) {
    const minhaGeracao = geracao;
    falhasDeAuth = 0;
    jaConectou = false;
    setStatus('conectando');
    criando = import('socket.io-client').then(({ io }) => {
      if (minhaGeracao !== geracao) throw new Error('conexão cancelada: a sessão terminou');
      socket = criarSocket(io);
      return socket;
    });
    criando.catch(() => undefined);
  }
  return criando;
}

/** Listens to a server event on the current and any future connection; returns the unsubscribe. */
export function ouvirRealtime<E extends keyof RealtimeServerToClientEvents>(evento: E, ouvinte: RealtimeServerToClientEvents[E]): () => void {
  const lista = ouvintes.get(evento) ?? new Set<Ouvinte>();
  const generico = ouvinte as Ouvinte;
  lista.add(generico);
  ouvintes.set(evento, lista);
  return () => {
    lista.delete(generico);
  };
}

/** Closes the connection and forgets its state (logout). */
export function desconectarRealtime(): void {
  geracao += 1;
  criando = null;
  if (tentativaAgendada) clearTimeout(tentativaAgendada);
  tentativaAgendada = null;
  const atual = socket;
  socket = null;
  atual?.removeAllListeners();
  atual?.io.removeAllListeners();
  atual?.disconnect();
  salasDeTicket.clear();
  ultimoCursor = null;
  jaConectou = false;
  useRealtimeStore.setState({ status: 'desconectado', sessao: null });
}

export function getRealtimeSocket(): RealtimeSocket | null {
  return socket;
}

export function ultimoCursorRealtime(): string | null {
  return ultimoCursor;
}

export function definirCursorRealtime(cursor: string): void {
  ultimoCursor = cursor;
}

/** Joins a ticket's room (to receive its typing and be counted as viewing it); pair with `sairDoTicket`. */
export function entrarNoTicket(ticketId: string): void {
  const vezes = salasDeTicket.get(ticketId) ?? 0;
  salasDeTicket.set(ticketId, vezes + 1);
  if (vezes === 0 && socket?.connected) socket.emit('entrar', { ticketId });
}

export function sairDoTicket(ticketId: string): void {
  const vezes = salasDeTicket.get(ticketId) ?? 0;
  if (vezes <= 1) {
    salasDeTicket.delete(ticketId);
    if (socket?.connected) socket.emit('sair', { ticketId });
  } else {
    salasDeTicket.set(ticketId, vezes - 1);
  }
}

export function emitirDigitando(ticketId: string, ativo: boolean): void {
  if (socket?.connected && salasDeTicket.has(ticketId)) socket.emit('digitando', { ticketId, ativo });
}

// The socket belongs to the session: logging out (here or in another tab) closes it.
useAuthStore.subscribe((state, previous) => {
  if (previous.accessToken !== null && state.accessToken === null) desconectarRealtime();
});
