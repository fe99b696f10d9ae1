import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { MensagemDto, TicketDto } from '@atende/shared';
import { MensagemService } from '../atendimento/mensagens/mensagem.service.js';
import { TicketException } from '../atendimento/tickets/ticket.exception.js';
import { TicketService } from '../atendimento/tickets/ticket.service.js';
import { type Ator, RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../eventos/eventos-dominio.js';
import { RealtimeCursor } from './realtime-cursor.js';
import { RealtimeServidor } from './realtime-servidor.js';
import { Salas } from './salas.js';

type EventoDe<T extends EventoDominio['tipo']> = Extract<EventoDominio, { tipo: T }>;
type Emissao = () => void | Promise<void>;

/**
 * Turns domain events (published after commit) into socket events. Each event goes, in ONE emit, to the
 * union of the rooms that may see it: `empresa:` (supervisors, admins), the ticket's `fila:` and `atendente:`
 * (plus the previous ones on a transfer, so their lists drop it) and `ticket:` (whoever has it open). Payloads
 * carry the DTOs of the REST API, loaded through the tickets and mensagens services. Events of one ticket are
 * emitted in order, so `ticket:novo` always precedes the first `mensagem:nova` of that ticket.
 */
@Injectable()
export class RealtimeEmissor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeEmissor.name);
  private readonly porTicket = new Map<string, Promise<void>>();
  private cancelar?: () => void;

  constructor(
    private readonly eventos: EventosDominio,
    private readonly servidor: RealtimeServidor,
    private readonly tx: TransactionHost,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
  ) {}

  onModuleInit(): void {
    this.cancelar = this.eventos.assinar((evento) => this.enfileirar(evento));
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  /** The customer is typing (channels that report it): relayed to whoever has the ticket open. */
  contatoDigitando(ticketId: string, ativo: boolean): void {
    this.servidor.emitir([Salas.ticket(ticketId)], 'digitando', {
      ticketId,
      origem: 'contato',
      usuarioId: null,
      nome: null,
      ativo,
    });
  }

  /**
   * Loads start at once (in parallel across events); emissions of one ticket happen in publication order,
   * each after the previous one, so a slow load never lets a later event overtake an earlier one.
   */
  private enfileirar(evento: EventoDominio): Promise<void> {
    const falhou = (error: unknown): null => {
      this.logger.error({ err: error, evento: evento.tipo, ticketId: evento.ticketId }, 'falha ao emitir evento de tempo real');
      return null;
    };
    const preparado = this.preparar(evento).catch(falhou);
    const anterior = this.porTicket.get(evento.ticketId) ?? Promise.resolve();
    const atual = anterior
      .then(() => preparado)
      .then((emitir) => emitir?.())
      .then(
        () => undefined,
        (error: unknown) => void falhou(error),
      );
    this.porTicket.set(evento.ticketId, atual);
    void atual.then(() => {
      if (this.porTicket.get(evento.ticketId) === atual) this.porTicket.delete(evento.ticketId);
    });
    return atual;
  }

  /** Loads what the event needs and returns the emission (null: nothing to tell, e.g. the mensagem is gone). */
  private preparar(evento: EventoDominio): Promise<Emissao | null> {
    switch (evento.tipo) {
      case 'ticket.criado':
        return this.ticketCriado(evento);
      case 'ticket.atualizado':
        return this.ticketAtualizado(evento);
      case 'mensagem.criada':
        return this.mensagemCriada(evento);
      case 'mensagem.atualizada':
        return this.mensagemAtualizada(evento);
    }
  }

  private async ticketCriado(evento: EventoDe<'ticket.criado'>): Promise<Emissao | null> {
    const ticket = await this.carregarTicket(evento);
    if (!ticket) return null;
    return () => this.servidor.emitir(this.salas(evento, ticket), 'ticket:novo', { ticket, cursor: RealtimeCursor.agora() });
  }

  private async ticketAtualizado(evento: EventoDe<'ticket.atualizado'>): Promise<Emissao> {
    const ticket = await this.carregarTicket(evento);
    const mudouDeDono = evento.filaAnteriorId !== undefined || evento.atendenteAnteriorId !== undefined;
    const anteriores = { filaId: evento.filaAnteriorId ?? null, atendenteId: evento.atendenteAnteriorId ?? null };
    if (!ticket) {
      // Soft-deleted: it leaves every list and nobody keeps its room.
      return () => {
        this.servidor.emitir(this.salas(evento, null, anteriores), 'ticket:removido', {
          ticketId: evento.ticketId,
          cursor: RealtimeCursor.agora(),
        });
        this.servidor.nsp.in(Salas.ticket(evento.ticketId)).socketsLeave(Salas.ticket(evento.ticketId));
      };
    }
    return async () => {
      this.servidor.emitir(this.salas(evento, ticket, anteriores), 'ticket:atualizado', {
        ticket,
        mudancas: evento.mudancas,
        filaAnteriorId: anteriores.filaId,
        atendenteAnteriorId: anteriores.atendenteId,
        cursor: RealtimeCursor.agora(),
      });
      if (mudouDeDono) await this.revalidarSalaDoTicket(evento.empresaId, evento.ticketId);
    };
  }

  private async mensagemCriada(evento: EventoDe<'mensagem.criada'>): Promise<Emissao | null> {
    const mensagem = await this.carregarMensagem(evento.empresaId, evento.mensagemId);
    if (!mensagem) return null;
    return () => this.servidor.emitir(this.salas(evento, null), 'mensagem:nova', { mensagem, cursor: RealtimeCursor.agora() });
  }

  private async mensagemAtualizada(evento: EventoDe<'mensagem.atualizada'>): Promise<Emissao | null> {
    const mensagem = await this.carregarMensagem(evento.empresaId, evento.mensagemId);
    if (!mensagem) return null;
    return () =>
      this.servidor.emitir(this.salas(evento, null), 'mensagem:status', {
        ticketId: mensagem.ticketId,
        mensagemId: mensagem.id,
        status: mensagem.status,
        erro: mensagem.erro,
        mudancas: evento.mudancas,
        mensagem,
        cursor: RealtimeCursor.agora(),
      });
  }

  /**
   * After a transfer, atendentes that had the ticket open but may no longer see it leave its room (the same
   * visibility rule as the REST API, checked once per usuario). Works across instances (fetchSockets).
   */
  private async revalidarSalaDoTicket(empresaId: string, ticketId: string): Promise<void> {
    const sala = Salas.ticket(ticketId);
    const sockets = await this.servidor.nsp.in(sala).fetchSockets();
    const veem = new Map<string, Promise<boolean>>();
    for (const socket of sockets) {
      const { ator } = socket.data;
      if (ator.papel !== 'atendente' || ator.empresaId !== empresaId) continue;
      let ve = veem.get(ator.usuarioId);
      if (!ve) {
        ve = this.podeVer(ator, ticketId);
        veem.set(ator.usuarioId, ve);
      }
      if (!(await ve)) socket.leave(sala);
    }
  }

  private async podeVer(ator: Ator, ticketId: string): Promise<boolean> {
    try {
      await RequestContext.run({ empresaId: ator.empresaId, ator }, () =>
        this.tx.run(() => this.tickets.carregarVisivel(ticketId, ator, false)),
      );
      return true;
    } catch (error) {
      if (error instanceof TicketException) return false;
      throw error;
    }
  }

  private salas(
    evento: EventoDominio,
    ticket: TicketDto | null,
    anteriores: { filaId: string | null; atendenteId: string | null } = { filaId: null, atendenteId: null },
  ): string[] {
    const salas = new Set([Salas.empresa(evento.empresaId), Salas.ticket(evento.ticketId)]);
    for (const filaId of [evento.filaId, ticket?.fila?.id, anteriores.filaId]) if (filaId) salas.add(Salas.fila(filaId));
    for (const atendenteId of [evento.atendenteId, ticket?.atendente?.id, anteriores.atendenteId]) {
      if (atendenteId) salas.add(Salas.atendente(atendenteId));
    }
    return [...salas];
  }

  /** The ticket as the REST API returns it, or null when it no longer exists (deleted meanwhile). */
  private carregarTicket(evento: EventoDominio): Promise<TicketDto | null> {
    return this.comoSistema(evento.empresaId, async () => {
      try {
        return await this.tickets.dto(evento.ticketId);
      } catch (error) {
        if (error instanceof TicketException) return null;
        throw error;
      }
    });
  }

  private carregarMensagem(empresaId: string, mensagemId: string): Promise<MensagemDto | null> {
    return this.comoSistema(empresaId, async () => (await this.mensagens.buscarDtos([mensagemId]))[0] ?? null);
  }

  /**
   * Loads on behalf of the empresa, without the actor of whoever caused the event. Plain reads, no transaction:
   * this runs after the commit, outside any transaction, and a BEGIN/COMMIT pair would only add round trips to
   * the latency every agent feels.
   */
  private comoSistema<T>(empresaId: string, fn: () => Promise<T>): Promise<T> {
    return RequestContext.run({ empresaId }, fn);
  }
}
