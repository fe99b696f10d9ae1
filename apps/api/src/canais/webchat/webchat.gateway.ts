import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  WEBCHAT_NAMESPACE,
  type WebchatServidorParaVisitante,
  type WebchatVisitanteParaServidor,
  digitandoSchema,
} from '@atende/shared';
import type { ExtendedError, Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { AppException } from '../../common/app.exception.js';
import { RequestContext } from '../../common/request-context.js';
import { RealtimeEmissor } from '../../realtime/realtime-emissor.service.js';
import { type RealtimeSocket, RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { WebchatEntrega } from './webchat-entrega.js';
import { WebchatRepository } from './webchat.repository.js';
import { type VisitanteAutenticado, WebchatService } from './webchat.service.js';
import { salaDoVisitante } from './webchat.types.js';

/** Typing is relayed at most once per this interval per socket (a stop always goes through). */
const INTERVALO_DIGITANDO_MS = 1_000;
/** Which visitor a ticket talks to never changes: the answer is kept this long. */
const CACHE_VISITANTE_MS = 60_000;

type SemEventos = Record<string, never>;
type NamespaceDoVisitante = Namespace<WebchatVisitanteParaServidor, WebchatServidorParaVisitante, SemEventos, VisitanteAutenticado>;
type SocketDoVisitante = Socket<WebchatVisitanteParaServidor, WebchatServidorParaVisitante, SemEventos, VisitanteAutenticado>;

const digitandoDoVisitante = z.object({ ativo: z.boolean() });
const recebidaSchema = z.object({ ids: z.array(z.string()).min(1).max(50), status: z.enum(['entregue', 'lida']) });

/**
 * The visitors' Socket.IO namespace (`/webchat`), on the same server as the agents' one (and so on the Redis
 * adapter across instances). A socket authenticates with the canal's public key and its visitor token, from an
 * allowed Origin, and joins only its own visitor room: agent replies (never notes), agent typing and read state
 * reach it there. It also relays agent typing from the `/atendimento` namespace and the visitor's typing back.
 */
@Injectable()
export class WebchatGateway implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(WebchatGateway.name);
  private readonly nsp: NamespaceDoVisitante;
  private readonly visitantesPorTicket = new Map<string, { visitanteId: Promise<string | null>; ate: number }>();
  private readonly ultimaDigitacao = new WeakMap<object, Map<string, number>>();

  constructor(
    private readonly servidor: RealtimeServidor,
    private readonly emissor: RealtimeEmissor,
    private readonly entrega: WebchatEntrega,
    private readonly webchat: WebchatService,
    private readonly repositorio: WebchatRepository,
  ) {
    // The agents' server is typed with their events; this namespace speaks the visitor protocol.
    this.nsp = servidor.io.of(WEBCHAT_NAMESPACE) as unknown as NamespaceDoVisitante;
  }

  /** Every process (workers included) emits through the namespace, so sends work wherever the job runs. */
  onModuleInit(): void {
    // Emissions go out untyped here: the adapter names events by string (the visitor protocol is in shared).
    this.entrega.anexar(this.servidor.io.of(WEBCHAT_NAMESPACE) as unknown as Namespace);
  }

  onApplicationBootstrap(): void {
    this.nsp.use((socket, next) => {
      this.autenticar(socket).then(
        () => next(),
        (error: unknown) => next(erroDeConexao(error, this.logger)),
      );
    });
    this.nsp.on('connection', (socket) => this.aoConectar(socket));
    this.servidor.nsp.on('connection', (socket) => {
      socket.on('digitando', (payload: unknown) => void this.atendenteDigitando(socket, payload));
    });
  }

  private async autenticar(socket: SocketDoVisitante): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as { chave?: unknown; token?: unknown };
    const chave = typeof auth.chave === 'string' ? auth.chave : '';
    const token = typeof auth.token === 'string' ? auth.token : '';
    const origem = socket.handshake.headers.origin;
    socket.data = await this.webchat.autenticar(chave, origem, `Bearer ${token}`);
  }

  private aoConectar(socket: SocketDoVisitante): void {
    const { visitanteId } = socket.data;
    void socket.join(salaDoVisitante(visitanteId));
    socket.on('digitando', (payload) => void this.visitanteDigitando(socket, payload));
    socket.on('recebida', (payload) => void this.confirmar(socket, payload));
    socket.emit('conectado', { visitanteId });
  }

  private async visitanteDigitando(socket: SocketDoVisitante, payload: unknown): Promise<void> {
    const lido = digitandoDoVisitante.safeParse(payload);
    if (!lido.success || !this.deveRepassar(socket, 'visitante', lido.data.ativo)) return;
    try {
      const ticketId = await this.webchat.ticketAberto(socket.data);
      if (ticketId !== null) this.emissor.contatoDigitando(ticketId, lido.data.ativo);
    } catch (error) {
      this.logger.warn({ err: error }, 'falha ao repassar a digitação do visitante');
    }
  }

  private async confirmar(socket: SocketDoVisitante, payload: unknown): Promise<void> {
    const lido = recebidaSchema.safeParse(payload);
    if (!lido.success) return;
    try {
      await this.webchat.confirmar(socket.data, lido.data.ids, lido.data.status);
    } catch (error) {
      this.logger.warn({ err: error }, 'falha ao registrar a confirmação do visitante');
    }
  }

  /**
   * An agent typing in a ticket it entered (the `/atendimento` gateway checked the visibility when it joined the
   * room): the ticket's visitor, if it is a WebChat ticket, sees "typing…".
   */
  private async atendenteDigitando(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const lido = digitandoSchema.safeParse(payload);
    if (!lido.success) return;
    const { ticketId, ativo } = lido.data;
    if (!socket.rooms.has(Salas.ticket(ticketId)) || !this.deveRepassar(socket, ticketId, ativo)) return;
    try {
      const visitanteId = await this.visitanteDoTicket(socket.data.ator.empresaId, ticketId);
      if (visitanteId !== null) this.entrega.emitir(salaDoVisitante(visitanteId), 'digitando', { ativo });
    } catch (error) {
      this.logger.warn({ err: error, ticketId }, 'falha ao repassar a digitação do atendente ao visitante');
    }
  }

  private visitanteDoTicket(empresaId: string, ticketId: string): Promise<string | null> {
    const agora = Date.now();
    const conhecido = this.visitantesPorTicket.get(ticketId);
    if (conhecido !== undefined && conhecido.ate > agora) return conhecido.visitanteId;
    if (this.visitantesPorTicket.size > 5_000) this.visitantesPorTicket.clear();
    const visitanteId = RequestContext.runForEmpresa(empresaId, () => this.repositorio.visitanteDoTicket(ticketId));
    this.visitantesPorTicket.set(ticketId, { visitanteId, ate: agora + CACHE_VISITANTE_MS });
    visitanteId.catch(() => this.visitantesPorTicket.delete(ticketId));
    return visitanteId;
  }

  /** At most one "typing" per second per socket and target; a stop always goes through. */
  private deveRepassar(socket: object, alvo: string, ativo: boolean): boolean {
    const porAlvo = this.ultimaDigitacao.get(socket) ?? new Map<string, number>();
    this.ultimaDigitacao.set(socket, porAlvo);
    const agora = Date.now();
    if (!ativo) {
      porAlvo.delete(alvo);
      return true;
    }
    const anterior = porAlvo.get(alvo);
    if (anterior !== undefined && agora - anterior < INTERVALO_DIGITANDO_MS) return false;
    porAlvo.set(alvo, agora);
    return true;
  }
}

/** `connect_error` on the widget: `data.code` to branch on (token expired → new pre-chat). */
function erroDeConexao(error: unknown, logger: Logger): ExtendedError {
  const descricao =
    error instanceof AppException
      ? { code: error.code, message: error.message }
      : { code: 'ERRO_INTERNO', message: 'Erro interno no WebChat.' };
  if (!(error instanceof AppException)) logger.error({ err: error }, 'erro no handshake do WebChat');
  const erro: ExtendedError = new Error(descricao.message);
  erro.data = descricao;
  return erro;
}
