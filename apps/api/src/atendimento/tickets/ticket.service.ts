import { Injectable } from '@nestjs/common';
import type {
  AlterarStatusTicket,
  AtribuirTicket,
  AtualizarTicket,
  AvaliarTicket,
  CriarTicket,
  ListarTicketEventosQuery,
  ListarTicketsDoContatoQuery,
  ListarTicketsQuery,
  MotivoTicket,
  TicketDto,
  TicketEventoPagina,
  TicketPagina,
  TransferirTicket,
} from '@atende/shared';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { type ChaveKeyset, decodificarCursor, paginar } from './keyset.js';
import { toTicketDto, toTicketEventoDto } from './ticket-dto.js';
import type { TicketEventoAtor } from './ticket-evento.entity.js';
import { type NovoTicketEvento, TicketEventoRepository } from './ticket-evento.repository.js';
import { type AtendenteReferencia, TicketReferenciasRepository } from './ticket-referencias.repository.js';
import { type AcaoStatus, transicaoPermitida } from './ticket-transicoes.js';
import { usuarioRestrito } from './ticket-visibilidade.js';
import type { Ticket, TicketStatus } from './ticket.entity.js';
import { TicketException } from './ticket.exception.js';
import { type FiltrosTickets, type TicketLinha, TicketRepository } from './ticket.repository.js';

export interface BuscarOuCriarTicketInput {
  contatoId: string;
  canalId: string;
  filaId?: string | null;
  assunto?: string | null;
}

export interface BuscarOuCriarTicketResultado {
  ticket: Ticket;
  criado: boolean;
  reaberto: boolean;
}

/** A mensagem just stored, as MensagemService reports it so the ticket's counters and history follow. */
export interface MensagemRegistrada {
  mensagemId: string;
  em: Date;
  direcao: 'recebida' | 'enviada';
  privada: boolean;
  /** The list preview (text or a label of the type). */
  resumo: string;
  usuarioId: string | null;
  bot: boolean;
}

type MudancasTicket = Partial<Omit<Ticket, 'id' | 'empresaId' | 'contato' | 'fila' | 'atendente' | 'tags'>>;

interface Quem {
  ator: TicketEventoAtor;
  usuarioId: string | null;
}

const CURSOR_TICKETS = (ordem: 'atividade' | 'criacao') => `tickets:${ordem}`;
const CURSOR_EVENTOS = 'ticket-eventos';

function quemE(ator: Ator): Quem {
  return { ator: 'usuario', usuarioId: ator.usuarioId };
}

/** Outside HTTP (jobs, webhooks) nobody is logged in: the change comes from the customer or the system. */
function quemDoContexto(semUsuario: TicketEventoAtor): Quem {
  const ator = RequestContext.ator;
  return ator ? quemE(ator) : { ator: semUsuario, usuarioId: null };
}

function maisRecente(atual: Date | null, nova: Date): Date {
  return atual && atual.getTime() > nova.getTime() ? atual : nova;
}

function dataDoFiltro(valor: string, fimDoDia: boolean): Date {
  const soData = /^\d{4}-\d{2}-\d{2}$/.test(valor);
  const data = new Date(soData ? `${valor}T00:00:00.000Z` : valor);
  if (!fimDoDia) return data;
  // `criadoAte` is inclusive: the whole day for a date, the instant (to the millisecond) for a date-time.
  return new Date(data.getTime() + (soData ? 86_400_000 : 1));
}

/**
 * Tickets: every status change goes through here, is checked against the transition table and leaves an event
 * row (who, what, when, from/to, fila/atendente, reason) that reports and SLA are computed from.
 */
@Injectable()
export class TicketService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly tickets: TicketRepository,
    private readonly eventos: TicketEventoRepository,
    private readonly referencias: TicketReferenciasRepository,
    private readonly eventosDominio: EventosDominio,
    private readonly config: AppConfig,
  ) {}

  // ------------------------------------------------------------------------------------------------ reads

  // Reads are single statements (or a check and a statement) that need no transaction of their own; the
  // repositories go through TransactionHost, so they join the caller's transaction when there is one.

  async listarTickets(query: ListarTicketsQuery, ator: Ator): Promise<TicketPagina> {
    const filtros = this.filtrosDe(query, ator);
    return this.pagina(await this.tickets.listarLinhas(filtros), filtros.limite, CURSOR_TICKETS(filtros.ordem));
  }

  /** A contato's tickets on every canal, newest first (the atendente visibility rule applies). */
  async listarTicketsDoContato(contatoId: string, query: ListarTicketsDoContatoQuery, ator: Ator): Promise<TicketPagina> {
    const apos = this.cursor(CURSOR_TICKETS('criacao'), query.cursor);
    if (!(await this.referencias.contatoExiste(contatoId))) throw TicketException.contatoNaoEncontrado();
    const filtros: FiltrosTickets = {
      usuarioRestrito: usuarioRestrito(ator),
      contatoId,
      ordem: 'criacao',
      apos,
      limite: query.limite,
    };
    return this.pagina(await this.tickets.listarLinhas(filtros), query.limite, CURSOR_TICKETS('criacao'));
  }

  async buscarTicket(id: string, ator: Ator): Promise<TicketDto> {
    const linha = await this.tickets.buscarLinha(id, usuarioRestrito(ator));
    if (!linha) throw TicketException.naoEncontrado();
    return toTicketDto(linha);
  }

  async listarEventos(id: string, query: ListarTicketEventosQuery, ator: Ator): Promise<TicketEventoPagina> {
    const apos = this.cursor(CURSOR_EVENTOS, query.cursor);
    await this.garantirVisivel(id, ator);
    const linhas = await this.eventos.listarDoTicket(id, apos, query.limite);
    return paginar(linhas, query.limite, CURSOR_EVENTOS, (l) => ({ em: l.cursor_em, id: l.id }), toTicketEventoDto);
  }

  /** 404 unless the ticket exists, is not deleted and the actor may see it (one statement, no row loaded). */
  async garantirVisivel(id: string, ator: Ator): Promise<void> {
    if (!(await this.tickets.existeVisivel(id, usuarioRestrito(ator)))) throw TicketException.naoEncontrado();
  }

  /**
   * A ticket that exists, is not deleted and that the actor may see (404 otherwise, like another empresa's).
   * `bloquear` takes the row lock for a change. Without an actor (jobs) there is no visibility rule.
   */
  async carregarVisivel(id: string, ator: Ator | undefined, bloquear: boolean): Promise<Ticket> {
    const ticket = bloquear ? await this.tickets.findAtivoParaAtualizar(id) : await this.tickets.findAtivo(id);
    if (!ticket) throw TicketException.naoEncontrado();
    const restrito = usuarioRestrito(ator);
    if (restrito && !(await this.tickets.visivelPara(id, restrito))) throw TicketException.naoEncontrado();
    return ticket;
  }

  /** DTOs of several tickets in one statement, in the order given (deleted or missing ids skipped; no visibility check). */
  async dtos(ids: readonly string[]): Promise<TicketDto[]> {
    const porId = new Map((await this.tickets.buscarLinhas(ids)).map((linha) => [linha.id, linha]));
    return ids.flatMap((id) => {
      const linha = porId.get(id);
      return linha ? [toTicketDto(linha)] : [];
    });
  }

  /** The DTO of a ticket (no visibility check: callers did it). */
  async dto(id: string): Promise<TicketDto> {
    const linha = await this.tickets.buscarLinha(id, null);
    if (!linha) throw TicketException.naoEncontrado();
    return toTicketDto(linha);
  }

  // ------------------------------------------------------------------------------ contract (pipelines)

  /**
   * The open ticket of the contato on the canal; else the last one resolved within the reopen window, reopened;
   * else a new one with the next número. The reopen window is the empresa's `configuracoes.reaberturaJanelaHoras`
   * when set (0 turns reopening off), else ATENDE_REOPEN_WINDOW (default 24 h). Concurrent callers for the same
   * contato and canal end up with the same ticket: the partial unique index on open tickets arbitrates.
   */
  async buscarOuCriarTicket(input: BuscarOuCriarTicketInput): Promise<BuscarOuCriarTicketResultado> {
    return this.tx.run(async () => {
      const aberto = await this.tickets.findAbertoPorContatoECanal(input.contatoId, input.canalId);
      if (aberto) return { ticket: aberto, criado: false, reaberto: false };

      const janelaMs = await this.janelaDeReaberturaMs();
      if (janelaMs > 0) {
        const candidato = await this.tickets.findResolvidoRecentePorContatoECanal(
          input.contatoId,
          input.canalId,
          new Date(Date.now() - janelaMs),
        );
        const reaberto = candidato ? await this.reabrirPeloCliente(candidato.id) : null;
        if (reaberto) return { ticket: reaberto, criado: false, reaberto: true };
      }

      const id = await this.inserirDoCliente(input);
      if (!id) {
        // Someone else created it a moment ago (its creation held the empresa lock we waited on).
        const existente = await this.tickets.findAbertoPorContatoECanal(input.contatoId, input.canalId);
        if (!existente) throw new Error('ticket aberto sumiu durante buscarOuCriarTicket');
        return { ticket: existente, criado: false, reaberto: false };
      }
      const ticket = await this.tickets.findAtivo(id);
      if (!ticket) throw new Error('ticket recém-criado não encontrado');
      return { ticket, criado: true, reaberto: false };
    });
  }

  /**
   * E-mail: the ticket of one thread, so that a contato can have several conversations open on the canal.
   * `ticketReferenciadoId` is the ticket of a stored mensagem the new one answers: while open, that is the
   * ticket; otherwise the thread is keyed by that ticket's key (or id), else by `conversaChave` (the thread's
   * first Message-ID). Then: the thread's open ticket; else its last one resolved within the reopen window,
   * reopened; else a new keyed ticket that continues the contato's previous one.
   */
  async buscarOuCriarTicketDaConversa(
    input: BuscarOuCriarTicketInput & { conversaChave: string; ticketReferenciadoId?: string },
  ): Promise<BuscarOuCriarTicketResultado> {
    return this.tx.run(async () => {
      const referenciado =
        input.ticketReferenciadoId === undefined ? null : await this.tickets.findAtivo(input.ticketReferenciadoId);
      const doCanal = referenciado?.canalId === input.canalId ? referenciado : null;
      if (doCanal && doCanal.status !== 'resolvido' && doCanal.status !== 'fechado') {
        return { ticket: doCanal, criado: false, reaberto: false };
      }
      const chave = doCanal ? (doCanal.conversaChave ?? doCanal.id) : input.conversaChave;
      const aberto = await this.tickets.findAbertoDaConversa(input.canalId, chave);
      if (aberto) return { ticket: aberto, criado: false, reaberto: false };
      const janelaMs = await this.janelaDeReaberturaMs();
      if (janelaMs > 0) {
        const desde = new Date(Date.now() - janelaMs);
        const candidato =
          doCanal?.status === 'resolvido' && doCanal.resolvidoEm !== null && doCanal.resolvidoEm >= desde
            ? doCanal
            : await this.tickets.findResolvidoRecenteDaConversa(input.canalId, chave, desde);
        const reaberto = candidato ? await this.reabrirPeloCliente(candidato.id) : null;
        if (reaberto) return { ticket: reaberto, criado: false, reaberto: true };
      }
      const id = await this.inserirDoCliente(input, chave);
      const ticket = id ? await this.tickets.findAtivo(id) : await this.tickets.findAbertoDaConversa(input.canalId, chave);
      if (!ticket) throw new Error('ticket da conversa sumiu durante buscarOuCriarTicketDaConversa');
      return { ticket, criado: id !== null, reaberto: false };
    });
  }

  /**
   * A customer mensagem arrived on the ticket at `em`: last activity, the customer's last message time (reply
   * window), the unread count, and pendente → em_atendimento. Idempotent: calling it again for the same
   * mensagem (after salvarMensagem already did) changes nothing.
   */
  async registrarMensagemDoCliente(ticketId: string, em: Date): Promise<void> {
    await this.tx.run(async () => this.aoMensagemDoCliente(await this.paraAtualizar(ticketId), em, undefined));
  }

  /**
   * A reply went out at `em`, by a usuario (null: a bot or automation): last activity, first response (humans
   * only) and, when an atendente answers an unassigned ticket of the fila, its assignment. Idempotent.
   */
  async registrarRespostaDoAtendente(ticketId: string, em: Date, usuarioId: string | null): Promise<void> {
    await this.tx.run(async () => this.aoRespostaEnviada(await this.paraAtualizar(ticketId), em, usuarioId, undefined));
  }

  /**
   * Called by MensagemService in the transaction that stored the mensagem, with the ticket it loaded (and
   * locked) through `carregarVisivel(…, true)` in that same transaction.
   */
  async registrarMensagem(ticket: Ticket, mensagem: MensagemRegistrada): Promise<void> {
    await this.tx.run(async () => {
      if (mensagem.privada) return this.aoNotaInterna(ticket, mensagem);
      if (mensagem.direcao === 'recebida') return this.aoMensagemDoCliente(ticket, mensagem.em, mensagem);
      return this.aoRespostaEnviada(ticket, mensagem.em, mensagem.usuarioId, mensagem);
    });
  }

  /** After mensagens were marked read: recount and tell the inbox. */
  async registrarLeitura(ticket: Ticket): Promise<number> {
    const naoLidas = await this.tickets.recontarNaoLidas(ticket.id);
    if (naoLidas !== ticket.naoLidas) {
      ticket.naoLidas = naoLidas;
      this.publicarAtualizado(ticket, ticket, ['naoLidas']);
    }
    return naoLidas;
  }

  // ------------------------------------------------------------------------------------------ mutations

  async criarTicket(dto: CriarTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      if (!(await this.referencias.contatoExiste(dto.contatoId))) throw TicketException.contatoNaoEncontrado();
      const canal = await this.referencias.canal(dto.canalId);
      if (!canal) throw TicketException.canalNaoEncontrado();
      if (!canal.ativo) throw TicketException.canalInativo();
      if (dto.filaId) await this.filaValida(dto.filaId);
      const aberto = await this.tickets.findAbertoPorContatoECanal(dto.contatoId, dto.canalId);
      if (aberto) throw TicketException.jaExisteAberto(aberto.numero);
      const id = await this.inserir({
        contatoId: dto.contatoId,
        canalId: dto.canalId,
        filaId: dto.filaId ?? null,
        assunto: dto.assunto ?? null,
        prioridade: dto.prioridade ?? 'normal',
        origemTicketId: null,
        quem: quemE(ator),
        origem: 'manual',
      });
      if (!id) {
        const existente = await this.tickets.findAbertoPorContatoECanal(dto.contatoId, dto.canalId);
        throw TicketException.jaExisteAberto(existente?.numero ?? 0);
      }
      return this.dto(id);
    });
  }

  async atualizarTicket(id: string, dto: AtualizarTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status === 'fechado') throw TicketException.encerrado(ticket.numero, ticket.status, 'alterar o ticket');
      const quem = quemE(ator);
      const mudancas: MudancasTicket = {};
      const eventos: NovoTicketEvento[] = [];
      const nomes: string[] = [];
      if (dto.prioridade !== undefined && dto.prioridade !== ticket.prioridade) {
        mudancas.prioridade = dto.prioridade;
        eventos.push({
          ticketId: id,
          tipo: 'prioridade_alterada',
          ...quem,
          dados: { de: ticket.prioridade, para: dto.prioridade },
        });
        nomes.push('prioridade');
      }
      if (dto.assunto !== undefined && dto.assunto !== ticket.assunto) {
        mudancas.assunto = dto.assunto;
        eventos.push({
          ticketId: id,
          tipo: 'atualizado',
          ...quem,
          dados: { campos: ['assunto'], de: ticket.assunto, para: dto.assunto },
        });
        nomes.push('assunto');
      }
      await this.persistir(ticket, mudancas, eventos, nomes);
      return this.dto(id);
    });
  }

  /** Soft delete (admins): the ticket disappears from every list and route, its history stays. */
  async removerTicket(id: string, ator: Ator): Promise<void> {
    await this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      await this.persistir(
        ticket,
        { removidoEm: new Date() },
        [{ ticketId: id, tipo: 'removido', ...quemE(ator), dados: { status: ticket.status } }],
        ['removido'],
      );
    });
  }

  /** To an atendente (default: the caller's own). Atendentes may only take tickets themselves. */
  async atribuirAtendente(id: string, dto: AtribuirTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status === 'resolvido' || ticket.status === 'fechado')
        throw TicketException.encerrado(ticket.numero, ticket.status, 'atribuir');
      const alvo = dto.atendenteId ? await this.atendenteValido(dto.atendenteId) : await this.meuAtendente(ator);
      if (ator.papel === 'atendente' && alvo.usuarioId !== ator.usuarioId) throw TicketException.atribuicaoProibida();
      if (ticket.atendenteId !== alvo.id) await this.atribuirInterno(ticket, alvo, quemE(ator), {});
      return this.dto(id);
    });
  }

  /** The distribution engine's pick, inside its transaction (which holds the ticket's lock): no actor. */
  async atribuirPelaDistribuicao(
    ticketId: string,
    atendenteId: string,
    motivo: string,
    ator: TicketEventoAtor = 'sistema',
  ): Promise<void> {
    await this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      const atendente = await this.atendenteValido(atendenteId);
      await this.atribuirInterno(ticket, atendente, { ator, usuarioId: null }, { motivo, automatico: true });
    });
  }

  /** A priority set by the system or an automation (`ator`); false when the ticket already has it. */
  async alterarPrioridadePeloSistema(
    ticketId: string,
    prioridade: Ticket['prioridade'],
    motivo: string,
    ator: TicketEventoAtor = 'sistema',
  ): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      if (ticket.status === 'fechado') throw TicketException.encerrado(ticket.numero, ticket.status, 'alterar o ticket');
      if (ticket.prioridade === prioridade) return false;
      await this.persistir(
        ticket,
        { prioridade },
        [
          {
            ticketId,
            tipo: 'prioridade_alterada',
            ator,
            usuarioId: null,
            motivo,
            dados: { de: ticket.prioridade, para: prioridade },
          },
        ],
        ['prioridade'],
      );
      return true;
    });
  }

  /** Resolves or closes on behalf of the system or an automation; false when the ticket is already there. */
  async encerrarPeloSistema(
    ticketId: string,
    para: 'resolvido' | 'fechado',
    motivo: string,
    ator: TicketEventoAtor = 'sistema',
  ): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      if (ticket.status === para || ticket.status === 'fechado') return false;
      if (para === 'resolvido') await this.resolverInterno(ticket, { ator, usuarioId: null }, motivo);
      else await this.fecharInterno(ticket, { ator, usuarioId: null }, motivo);
      return true;
    });
  }

  /** Its atendente stayed offline past the fila's grace period: the ticket waits in the fila again. */
  async devolverPelaDistribuicao(ticketId: string, motivo: string): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      if (ticket.status !== 'em_atendimento' && ticket.status !== 'pendente') return false;
      await this.devolverAFila(ticket, { ator: 'sistema', usuarioId: null }, motivo);
      return true;
    });
  }

  /**
   * The AI auto-reply hands the conversation to people: the bot phase ends (`bot_handoff`, which is where the
   * wait for the first human reply starts in the reports) and the ticket, still aberto in its fila, becomes
   * visible to distribution (`ticket.atualizado` with `bot`). False when the bot no longer held it.
   */
  async passarBotParaHumano(ticketId: string, motivo: string, dados: Record<string, unknown> = {}): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      if (!ticket.botAtivo) return false;
      const mudancas: MudancasTicket = {};
      const eventos: NovoTicketEvento[] = [];
      const nomes: string[] = [];
      this.encerrarBot(ticket, { ator: 'bot', usuarioId: null }, motivo, mudancas, eventos, nomes, dados);
      await this.persistir(ticket, mudancas, eventos, nomes);
      return true;
    });
  }

  /** SLA escalation: the ticket leaves its atendente and waits in another fila's backlog. False when not applicable. */
  async transferirParaFilaPeloSistema(
    ticketId: string,
    filaId: string,
    motivo: string,
    ator: TicketEventoAtor = 'sistema',
  ): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.paraAtualizar(ticketId);
      if (ticket.status === 'resolvido' || ticket.status === 'fechado' || ticket.filaId === filaId) return false;
      await this.filaValida(filaId);
      const quem: Quem = { ator, usuarioId: null };
      const mudancas: MudancasTicket = { filaId, atendenteId: null };
      const eventos: NovoTicketEvento[] = [
        {
          ticketId,
          tipo: 'transferido',
          ...quem,
          deFilaId: ticket.filaId,
          paraFilaId: filaId,
          deAtendenteId: ticket.atendenteId,
          motivo,
        },
      ];
      if (ticket.status !== 'aberto') {
        eventos.push(
          this.eventoStatus(ticket, 'aberto', 'transferir', quem, motivo, { paraFilaId: filaId, paraAtendenteId: null }),
        );
        this.aplicarStatus(ticket, 'aberto', mudancas, new Date());
      } else {
        mudancas.entrouNaFilaEm = new Date();
      }
      eventos.push({ ticketId, tipo: 'fila_entrada', ...quem, deFilaId: ticket.filaId, paraFilaId: filaId, motivo });
      await this.persistir(ticket, mudancas, eventos, ['fila', 'atendente', 'status']);
      return true;
    });
  }

  /**
   * To a fila and/or an atendente, with a reason. To a fila alone: the ticket leaves its atendente and waits in
   * that fila's backlog (aberto). To an atendente: it is theirs (aberto becomes em_atendimento; pendente stays).
   */
  async transferir(id: string, dto: TransferirTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status === 'resolvido' || ticket.status === 'fechado')
        throw TicketException.encerrado(ticket.numero, ticket.status, 'transferir');
      if (dto.filaId) await this.filaValida(dto.filaId);
      const alvo = dto.atendenteId ? await this.atendenteValido(dto.atendenteId) : null;
      const paraFilaId = dto.filaId ?? ticket.filaId;
      const paraAtendenteId = dto.atendenteId ?? (dto.filaId !== undefined ? null : ticket.atendenteId);
      if (paraFilaId === ticket.filaId && paraAtendenteId === ticket.atendenteId)
        throw TicketException.transferenciaSemMudanca(ticket.numero);
      // Nobody would answer: only a supervisor (or admin) may insist.
      if (alvo?.status === 'offline' && !(dto.forcar === true && ator.papel !== 'atendente'))
        throw TicketException.atendenteOffline(alvo.nome);

      const quem = quemE(ator);
      const agora = new Date();
      const mudancas: MudancasTicket = { filaId: paraFilaId, atendenteId: paraAtendenteId };
      const eventos: NovoTicketEvento[] = [
        {
          ticketId: id,
          tipo: 'transferido',
          ...quem,
          deFilaId: ticket.filaId,
          paraFilaId,
          deAtendenteId: ticket.atendenteId,
          paraAtendenteId,
          motivo: dto.motivo,
        },
      ];
      const nomes = ['fila', 'atendente'];
      this.encerrarBot(ticket, quem, 'transferido por uma pessoa', mudancas, eventos, nomes);
      if (paraAtendenteId && paraAtendenteId !== ticket.atendenteId) mudancas.atribuidoEm = agora;
      const paraStatus: TicketStatus =
        paraAtendenteId === null ? 'aberto' : ticket.status === 'aberto' ? 'em_atendimento' : ticket.status;
      if (paraStatus !== ticket.status) {
        eventos.push(this.eventoStatus(ticket, paraStatus, 'transferir', quem, dto.motivo, { paraFilaId, paraAtendenteId }));
        this.aplicarStatus(ticket, paraStatus, mudancas, agora);
        nomes.push('status');
      } else if (paraStatus === 'aberto') {
        mudancas.entrouNaFilaEm = agora;
      }
      if (paraStatus === 'aberto' && paraFilaId) {
        eventos.push({ ticketId: id, tipo: 'fila_entrada', ...quem, deFilaId: ticket.filaId, paraFilaId, motivo: dto.motivo });
      }
      await this.persistir(ticket, mudancas, eventos, nomes);
      return this.dto(id);
    });
  }

  /** The generic transition; each target does what its own route does. */
  async atualizarStatus(id: string, dto: AlterarStatusTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      const para = dto.status;
      const motivo = dto.motivo ?? null;
      if (para === ticket.status) throw TicketException.mesmoStatus(ticket.numero, para);
      if (!transicaoPermitida(ticket.status, para)) throw TicketException.transicaoInvalida(ticket.numero, ticket.status, para);
      const quem = quemE(ator);
      if (para === 'resolvido') await this.resolverInterno(ticket, quem, motivo);
      else if (para === 'fechado') await this.fecharInterno(ticket, quem, motivo);
      else if (ticket.status === 'resolvido') await this.reabrirInterno(ticket, para, quem, motivo, ator);
      else if (para === 'aberto') await this.devolverAFila(ticket, quem, motivo);
      else if (para === 'em_atendimento' && !ticket.atendenteId) {
        await this.atribuirInterno(ticket, await this.meuAtendente(ator), quem, { motivo, retomar: true });
      } else {
        const acao: AcaoStatus = para === 'pendente' ? 'aguardar_cliente' : 'retomar';
        const mudancas: MudancasTicket = {};
        const evento = this.eventoStatus(ticket, para, acao, quem, motivo);
        this.aplicarStatus(ticket, para, mudancas, new Date());
        await this.persistir(ticket, mudancas, [evento], ['status']);
      }
      return this.dto(id);
    });
  }

  async resolver(id: string, dto: MotivoTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status === 'resolvido') throw TicketException.mesmoStatus(ticket.numero, 'resolvido');
      await this.resolverInterno(ticket, quemE(ator), dto.motivo ?? null);
      return this.dto(id);
    });
  }

  /** Back from resolvido: to its atendente (em_atendimento) when it has one, else to the fila (aberto). */
  async reabrir(id: string, dto: MotivoTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      await this.reabrirInterno(ticket, undefined, quemE(ator), dto.motivo ?? null, ator);
      return this.dto(id);
    });
  }

  async fecharTicket(id: string, dto: MotivoTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status === 'fechado') throw TicketException.mesmoStatus(ticket.numero, 'fechado');
      await this.fecharInterno(ticket, quemE(ator), dto.motivo ?? null);
      return this.dto(id);
    });
  }

  /** CSAT 1–5 (+ comment), once per resolution: reopening clears it, so the next resolution can be rated. */
  async avaliar(id: string, dto: AvaliarTicket, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.carregarVisivel(id, ator, true);
      if (ticket.status !== 'resolvido' && ticket.status !== 'fechado')
        throw TicketException.naoAvaliavel(ticket.numero, ticket.status);
      if (ticket.avaliadoEm) throw TicketException.jaAvaliado(ticket.numero);
      await this.avaliarInterno(ticket, dto.nota, dto.comentario ?? null, quemE(ator), {});
      return this.dto(id);
    });
  }

  /**
   * The customer's answer to the CSAT survey (a button or a number): the same rule and event as `avaliar`, but
   * by the customer. False when the ticket is not (or no longer) resolved/closed or was already rated.
   */
  async avaliarPeloCliente(ticketId: string, nota: number, mensagemId: string | null): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.findAtivoParaAtualizar(ticketId);
      if (!ticket || (ticket.status !== 'resolvido' && ticket.status !== 'fechado') || ticket.avaliadoEm) return false;
      await this.avaliarInterno(ticket, nota, null, { ator: 'cliente', usuarioId: null }, { mensagemId });
      return true;
    });
  }

  /**
   * The CSAT survey of this resolution goes out now: stamps `avaliacaoSolicitadaEm` (once per resolution,
   * reopening clears it). False when the ticket is not resolved/closed, already rated or already asked.
   */
  async solicitarAvaliacao(ticketId: string, em: Date, dados: Record<string, unknown>): Promise<boolean> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.findAtivoParaAtualizar(ticketId);
      if (!ticket || (ticket.status !== 'resolvido' && ticket.status !== 'fechado')) return false;
      if (ticket.avaliadoEm || ticket.avaliacaoSolicitadaEm) return false;
      await this.persistir(
        ticket,
        { avaliacaoSolicitadaEm: em },
        [{ ticketId, tipo: 'avaliacao_solicitada', ator: 'sistema', usuarioId: null, ocorridoEm: em, dados }],
        [],
      );
      return true;
    });
  }

  // ------------------------------------------------------------------------------------------ internals

  private async avaliarInterno(
    ticket: Ticket,
    nota: number,
    comentario: string | null,
    quem: Quem,
    extras: { mensagemId?: string | null },
  ): Promise<void> {
    await this.persistir(
      ticket,
      { avaliacaoNota: nota, avaliacaoComentario: comentario, avaliadoEm: new Date() },
      [
        {
          ticketId: ticket.id,
          tipo: 'avaliado',
          ...quem,
          mensagemId: extras.mensagemId ?? null,
          dados: { nota, comentario, resolvidoEm: ticket.resolvidoEm?.toISOString() ?? null },
        },
      ],
      ['avaliacao'],
    );
  }

  /** The ticket, locked, reopened by the customer if it is still resolvido; null when it no longer is. */
  private async reabrirPeloCliente(ticketId: string): Promise<Ticket | null> {
    const resolvido = await this.tickets.findAtivoParaAtualizar(ticketId);
    if (resolvido?.status !== 'resolvido') return null;
    await this.reabrirInterno(resolvido, undefined, quemDoContexto('cliente'), null, undefined);
    return resolvido;
  }

  /** A new ticket opened by a customer mensagem, continuing the contato's previous one on the canal. */
  private async inserirDoCliente(input: BuscarOuCriarTicketInput, conversaChave?: string): Promise<string | null> {
    const anterior = await this.tickets.findUltimoPorContatoECanal(input.contatoId, input.canalId);
    return this.inserir({
      contatoId: input.contatoId,
      canalId: input.canalId,
      filaId: input.filaId ?? null,
      assunto: input.assunto ?? null,
      prioridade: 'normal',
      origemTicketId: anterior?.id ?? null,
      ...(conversaChave === undefined ? {} : { conversaChave }),
      quem: quemDoContexto('cliente'),
      origem: 'cliente',
    });
  }

  private async inserir(novo: {
    contatoId: string;
    canalId: string;
    filaId: string | null;
    assunto: string | null;
    prioridade: Ticket['prioridade'];
    origemTicketId: string | null;
    conversaChave?: string;
    quem: Quem;
    origem: 'cliente' | 'manual';
  }): Promise<string | null> {
    const numero = await this.tickets.proximoNumero();
    // A conversation the customer opens starts with the AI bot when the empresa's auto-reply is automatico.
    const id = await this.tickets.inserirSeNaoHouverAberto({ ...novo, numero, comBot: novo.origem === 'cliente' });
    if (!id) {
      await this.tickets.devolverNumero(numero);
      return null;
    }
    await this.eventos.registrar({
      ticketId: id,
      tipo: 'criado',
      ...novo.quem,
      paraStatus: 'aberto',
      paraFilaId: novo.filaId,
      dados: {
        origem: novo.origem,
        canalId: novo.canalId,
        contatoId: novo.contatoId,
        prioridade: novo.prioridade,
        origemTicketId: novo.origemTicketId,
      },
    });
    if (novo.filaId) await this.eventos.registrar({ ticketId: id, tipo: 'fila_entrada', ...novo.quem, paraFilaId: novo.filaId });
    this.eventosDominio.publicar({
      tipo: 'ticket.criado',
      empresaId: RequestContext.empresaId ?? '',
      ticketId: id,
      filaId: novo.filaId,
      atendenteId: null,
    });
    return id;
  }

  private async resolverInterno(ticket: Ticket, quem: Quem, motivo: string | null): Promise<void> {
    const mudancas: MudancasTicket = {};
    const evento = this.eventoStatus(ticket, 'resolvido', 'resolver', quem, motivo, {
      atendenteId: ticket.atendenteId,
      reaberturas: ticket.reaberturas,
    });
    this.aplicarStatus(ticket, 'resolvido', mudancas, new Date());
    await this.persistir(ticket, mudancas, [evento], ['status']);
  }

  private async fecharInterno(ticket: Ticket, quem: Quem, motivo: string | null): Promise<void> {
    const mudancas: MudancasTicket = {};
    const evento = this.eventoStatus(ticket, 'fechado', 'fechar', quem, motivo);
    this.aplicarStatus(ticket, 'fechado', mudancas, new Date());
    await this.persistir(ticket, mudancas, [evento], ['status']);
  }

  /**
   * resolvido → `alvo` (default: em_atendimento with its atendente, else aberto). Without an actor (a customer
   * mensagem reopening it) a ticket without atendente goes back to its fila.
   */
  private async reabrirInterno(
    ticket: Ticket,
    alvo: TicketStatus | undefined,
    quem: Quem,
    motivo: string | null,
    ator: Ator | undefined,
  ): Promise<void> {
    const para: TicketStatus = alvo ?? (ticket.atendenteId ? 'em_atendimento' : 'aberto');
    if (ticket.status !== 'resolvido') {
      if (ticket.status === 'fechado') throw TicketException.transicaoInvalida(ticket.numero, 'fechado', para);
      throw TicketException.naoResolvido(ticket.numero, ticket.status);
    }
    if (ticket.canalId) {
      // An e-mail thread's ticket only competes with the same thread.
      const outro = ticket.conversaChave
        ? await this.tickets.findAbertoDaConversa(ticket.canalId, ticket.conversaChave)
        : await this.tickets.findAbertoPorContatoECanal(ticket.contatoId, ticket.canalId);
      if (outro && outro.id !== ticket.id) throw TicketException.jaExisteAberto(outro.numero);
    }
    const agora = new Date();
    const mudancas: MudancasTicket = {};
    const eventos: NovoTicketEvento[] = [];
    const nomes = ['status'];
    const evento = this.eventoStatus(ticket, para, 'reabrir', quem, motivo, {
      resolvidoEm: ticket.resolvidoEm?.toISOString() ?? null,
    });
    if (para === 'aberto' && ticket.atendenteId) {
      eventos.push({
        ticketId: ticket.id,
        tipo: 'desatribuido',
        ...quem,
        deAtendenteId: ticket.atendenteId,
        paraFilaId: ticket.filaId,
        motivo,
      });
      mudancas.atendenteId = null;
      nomes.push('atendente');
    }
    let atendente: AtendenteReferencia | null = null;
    if (para === 'em_atendimento' && !ticket.atendenteId) {
      if (!ator) throw TicketException.usuarioSemAtendente();
      atendente = await this.meuAtendente(ator);
      mudancas.atendenteId = atendente.id;
      mudancas.atribuidoEm = agora;
      nomes.push('atendente');
    }
    this.aplicarStatus(ticket, para, mudancas, agora);
    eventos.unshift(evento);
    if (atendente)
      eventos.push({ ticketId: ticket.id, tipo: 'atribuido', ...quem, paraAtendenteId: atendente.id, paraFilaId: ticket.filaId });
    if (para === 'aberto' && ticket.filaId)
      eventos.push({ ticketId: ticket.id, tipo: 'fila_entrada', ...quem, paraFilaId: ticket.filaId, motivo });
    await this.persistir(ticket, mudancas, eventos, nomes);
  }

  /** em_atendimento/pendente → aberto: the atendente lets go and the ticket waits in its fila again. */
  private async devolverAFila(ticket: Ticket, quem: Quem, motivo: string | null): Promise<void> {
    const mudancas: MudancasTicket = { atendenteId: null };
    const eventos: NovoTicketEvento[] = [this.eventoStatus(ticket, 'aberto', 'devolver_a_fila', quem, motivo)];
    if (ticket.atendenteId) {
      eventos.push({
        ticketId: ticket.id,
        tipo: 'desatribuido',
        ...quem,
        deAtendenteId: ticket.atendenteId,
        paraFilaId: ticket.filaId,
        motivo,
      });
    }
    if (ticket.filaId) eventos.push({ ticketId: ticket.id, tipo: 'fila_entrada', ...quem, paraFilaId: ticket.filaId, motivo });
    this.aplicarStatus(ticket, 'aberto', mudancas, new Date());
    await this.persistir(ticket, mudancas, eventos, ['status', 'atendente']);
  }

  private async atribuirInterno(
    ticket: Ticket,
    alvo: AtendenteReferencia,
    quem: Quem,
    opcoes: { motivo?: string | null; automatico?: boolean; retomar?: boolean },
  ): Promise<void> {
    const agora = new Date();
    const mudancas: MudancasTicket = { atendenteId: alvo.id, atribuidoEm: agora };
    const eventos: NovoTicketEvento[] = [
      {
        ticketId: ticket.id,
        tipo: 'atribuido',
        ...quem,
        deAtendenteId: ticket.atendenteId,
        paraAtendenteId: alvo.id,
        paraFilaId: ticket.filaId,
        motivo: opcoes.motivo ?? null,
        dados: opcoes.automatico ? { automatico: true } : {},
      },
    ];
    const nomes = ['atendente'];
    this.encerrarBot(ticket, quem, 'atribuído a um atendente', mudancas, eventos, nomes);
    if (ticket.status === 'aberto' || (opcoes.retomar && ticket.status === 'pendente')) {
      eventos.push(
        this.eventoStatus(
          ticket,
          'em_atendimento',
          ticket.status === 'aberto' ? 'atribuir' : 'retomar',
          quem,
          opcoes.motivo ?? null,
          { paraAtendenteId: alvo.id },
        ),
      );
      this.aplicarStatus(ticket, 'em_atendimento', mudancas, agora);
      nomes.push('status');
    }
    await this.persistir(ticket, mudancas, eventos, nomes);
  }

  /** A person (or the bot itself) takes the conversation from the bot: it stops answering from now on. */
  private encerrarBot(
    ticket: Ticket,
    quem: Quem,
    motivo: string,
    mudancas: MudancasTicket,
    eventos: NovoTicketEvento[],
    nomes: string[],
    dados: Record<string, unknown> = {},
  ): void {
    if (!ticket.botAtivo) return;
    mudancas.botAtivo = false;
    eventos.push({ ticketId: ticket.id, tipo: 'bot_handoff', ...quem, paraFilaId: ticket.filaId, motivo, dados });
    nomes.push('bot');
  }

  /** The ticket, not deleted, locked until commit (for the counters of a mensagem). */
  private async paraAtualizar(ticketId: string): Promise<Ticket> {
    const ticket = await this.tickets.findAtivoParaAtualizar(ticketId);
    if (!ticket) throw TicketException.naoEncontrado();
    return ticket;
  }

  private async aoMensagemDoCliente(ticket: Ticket, em: Date, mensagem: MensagemRegistrada | undefined): Promise<void> {
    const ticketId = ticket.id;
    const quem: Quem = { ator: 'cliente', usuarioId: null };
    // The customer starts a turn when the last customer-facing mensagem was not theirs.
    const novoTurno =
      !ticket.ultimaMensagemClienteEm ||
      (ticket.ultimaMensagemEm !== null && ticket.ultimaMensagemEm > ticket.ultimaMensagemClienteEm);
    const mudancas: MudancasTicket = {
      ultimaAtividadeEm: maisRecente(ticket.ultimaAtividadeEm, em),
      ultimaMensagemEm: maisRecente(ticket.ultimaMensagemEm, em),
      ultimaMensagemClienteEm: maisRecente(ticket.ultimaMensagemClienteEm, em),
    };
    if (mensagem) this.comoUltimaMensagem(ticket, mensagem, mudancas);
    const eventos: NovoTicketEvento[] = [];
    const nomes = ['mensagem', 'naoLidas'];
    if (novoTurno) {
      eventos.push({ ticketId, tipo: 'mensagem_recebida', ...quem, mensagemId: mensagem?.mensagemId ?? null, ocorridoEm: em });
    }
    if (ticket.status === 'pendente') {
      const para: TicketStatus = ticket.atendenteId ? 'em_atendimento' : 'aberto';
      eventos.push(this.eventoStatus(ticket, para, 'cliente_respondeu', quem, null));
      this.aplicarStatus(ticket, para, mudancas, new Date());
      nomes.push('status');
    }
    await this.persistir(ticket, mudancas, eventos, []);
    ticket.naoLidas = await this.tickets.recontarNaoLidas(ticketId);
    this.publicarAtualizado(ticket, ticket, nomes);
  }

  private async aoRespostaEnviada(
    ticket: Ticket,
    em: Date,
    usuarioId: string | null,
    mensagem: MensagemRegistrada | undefined,
  ): Promise<void> {
    const ticketId = ticket.id;
    const humano = usuarioId !== null;
    // The agent side starts a turn when the last customer-facing mensagem was the customer's.
    const novoTurno =
      ticket.ultimaMensagemClienteEm !== null &&
      (ticket.ultimaMensagemEm === null || ticket.ultimaMensagemEm <= ticket.ultimaMensagemClienteEm);
    const primeiraResposta = humano && ticket.primeiraRespostaEm === null;
    const mudancas: MudancasTicket = {
      ultimaAtividadeEm: maisRecente(ticket.ultimaAtividadeEm, em),
      ultimaMensagemEm: maisRecente(ticket.ultimaMensagemEm, em),
    };
    if (primeiraResposta) mudancas.primeiraRespostaEm = em;
    if (mensagem) this.comoUltimaMensagem(ticket, mensagem, mudancas);
    const eventos: NovoTicketEvento[] = [];
    if (novoTurno || primeiraResposta) {
      eventos.push({
        ticketId,
        tipo: 'mensagem_enviada',
        ator: humano ? 'usuario' : mensagem?.bot ? 'bot' : 'sistema',
        usuarioId,
        mensagemId: mensagem?.mensagemId ?? null,
        dados: { primeiraResposta, novoTurno },
        ocorridoEm: em,
      });
    }
    await this.persistir(ticket, mudancas, eventos, []);
    const nomes = ['mensagem'];
    // An atendente answering a ticket still waiting in the fila takes it.
    if (humano && ticket.status === 'aberto' && !ticket.atendenteId) {
      const atendente = await this.referencias.atendenteDoUsuario(usuarioId);
      if (atendente?.ativo) await this.atribuirInterno(ticket, atendente, { ator: 'usuario', usuarioId }, { automatico: true });
    }
    this.publicarAtualizado(ticket, ticket, nomes);
  }

  private async aoNotaInterna(ticket: Ticket, mensagem: MensagemRegistrada): Promise<void> {
    const ticketId = ticket.id;
    await this.persistir(
      ticket,
      { ultimaAtividadeEm: maisRecente(ticket.ultimaAtividadeEm, mensagem.em) },
      [
        {
          ticketId,
          tipo: 'nota_interna',
          ator: mensagem.usuarioId ? 'usuario' : 'sistema',
          usuarioId: mensagem.usuarioId,
          mensagemId: mensagem.mensagemId,
        },
      ],
      ['nota'],
    );
  }

  /** The preview follows the newest customer-facing mensagem (an older one arriving late does not replace it). */
  private comoUltimaMensagem(ticket: Ticket, mensagem: MensagemRegistrada, mudancas: MudancasTicket): void {
    if (ticket.ultimaMensagemEm && ticket.ultimaMensagemEm.getTime() > mensagem.em.getTime()) return;
    mudancas.ultimaMensagemId = mensagem.mensagemId;
    mudancas.ultimaMensagemResumo = mensagem.resumo;
  }

  /** Checks the transition and fills in what every status implies (timestamps, backlog, SLA pause, reopen). */
  private aplicarStatus(ticket: Ticket, para: TicketStatus, mudancas: MudancasTicket, agora: Date): void {
    const de = ticket.status;
    if (de === para) throw TicketException.mesmoStatus(ticket.numero, para);
    if (!transicaoPermitida(de, para)) throw TicketException.transicaoInvalida(ticket.numero, de, para);
    mudancas.status = para;
    if (de === 'pendente') mudancas.slaPausadoEm = null;
    if (para === 'pendente') mudancas.slaPausadoEm = agora;
    if (para === 'aberto') mudancas.entrouNaFilaEm = agora;
    if (para === 'em_atendimento' || para === 'resolvido') mudancas.entrouNaFilaEm = null;
    if (para === 'resolvido') mudancas.resolvidoEm = agora;
    if (para === 'fechado') mudancas.fechadoEm = agora;
    if (de === 'resolvido' && (para === 'aberto' || para === 'em_atendimento')) {
      mudancas.reabertoEm = agora;
      mudancas.reaberturas = ticket.reaberturas + 1;
      mudancas.resolvidoEm = null;
      // CSAT is once per resolution: the next resolution may be rated again (the old rating stays in the events).
      mudancas.avaliacaoNota = null;
      mudancas.avaliacaoComentario = null;
      mudancas.avaliadoEm = null;
      mudancas.avaliacaoSolicitadaEm = null;
    }
  }

  private eventoStatus(
    ticket: Ticket,
    para: TicketStatus,
    acao: AcaoStatus,
    quem: Quem,
    motivo: string | null | undefined,
    dados: Record<string, unknown> = {},
  ): NovoTicketEvento {
    return {
      ticketId: ticket.id,
      tipo: 'status_alterado',
      ...quem,
      deStatus: ticket.status,
      paraStatus: para,
      deAtendenteId: ticket.atendenteId,
      deFilaId: ticket.filaId,
      paraFilaId: ticket.filaId,
      motivo: motivo ?? null,
      dados: { acao, ...dados },
    };
  }

  /** Writes the changes and the events, then (after commit) tells the rest of the system. */
  private async persistir(ticket: Ticket, mudancas: MudancasTicket, eventos: NovoTicketEvento[], nomes: string[]): Promise<void> {
    if (Object.keys(mudancas).length > 0) await this.tickets.update(ticket.id, mudancas);
    for (const evento of eventos) await this.eventos.registrar(evento);
    const antes = { filaId: ticket.filaId, atendenteId: ticket.atendenteId };
    Object.assign(ticket, mudancas);
    if (nomes.length > 0) this.publicarAtualizado(antes, ticket, nomes);
  }

  private publicarAtualizado(
    antes: { filaId: string | null; atendenteId: string | null },
    ticket: Ticket,
    mudancas: string[],
  ): void {
    this.eventosDominio.publicar({
      tipo: 'ticket.atualizado',
      empresaId: ticket.empresaId,
      ticketId: ticket.id,
      filaId: ticket.filaId,
      atendenteId: ticket.atendenteId,
      mudancas,
      ...(antes.filaId !== ticket.filaId ? { filaAnteriorId: antes.filaId } : {}),
      ...(antes.atendenteId !== ticket.atendenteId ? { atendenteAnteriorId: antes.atendenteId } : {}),
    });
  }

  private async filaValida(filaId: string): Promise<void> {
    const fila = await this.referencias.fila(filaId);
    if (!fila) throw TicketException.filaNaoEncontrada();
    if (!fila.ativo) throw TicketException.filaInativa();
  }

  private async atendenteValido(atendenteId: string): Promise<AtendenteReferencia> {
    const atendente = await this.referencias.atendente(atendenteId);
    if (!atendente) throw TicketException.atendenteNaoEncontrado();
    if (!atendente.ativo) throw TicketException.atendenteInativo();
    return atendente;
  }

  private async meuAtendente(ator: Ator): Promise<AtendenteReferencia> {
    const atendente = await this.referencias.atendenteDoUsuario(ator.usuarioId);
    if (!atendente?.ativo) throw TicketException.usuarioSemAtendente();
    return atendente;
  }

  private async janelaDeReaberturaMs(): Promise<number> {
    const horas = await this.referencias.janelaReaberturaHoras();
    return horas !== null ? horas * 3_600_000 : this.config.values.ATENDE_REOPEN_WINDOW;
  }

  private cursor(tipo: string, cursor: string | undefined): ChaveKeyset | undefined {
    if (cursor === undefined) return undefined;
    const chave = decodificarCursor(tipo, cursor);
    if (!chave) throw TicketException.cursorInvalido();
    return chave;
  }

  private filtrosDe(query: ListarTicketsQuery, ator: Ator): FiltrosTickets {
    const numero = query.q ? /^#?(\d{1,9})$/.exec(query.q)?.[1] : undefined;
    return {
      usuarioRestrito: usuarioRestrito(ator),
      status: query.status,
      prioridade: query.prioridade,
      filaId: query.filaId,
      atendente: query.atendenteId === 'eu' ? { usuarioId: ator.usuarioId } : query.atendenteId,
      canalId: query.canalId,
      contatoId: query.contatoId,
      tagIds: query.tag,
      q: query.q,
      numero: numero !== undefined ? Number(numero) : undefined,
      criadoDe: query.criadoDe ? dataDoFiltro(query.criadoDe, false) : undefined,
      criadoAntesDe: query.criadoAte ? dataDoFiltro(query.criadoAte, true) : undefined,
      ordem: query.ordem,
      apos: this.cursor(CURSOR_TICKETS(query.ordem), query.cursor),
      limite: query.limite,
    };
  }

  private pagina(linhas: TicketLinha[], limite: number, tipoCursor: string): TicketPagina {
    return paginar(linhas, limite, tipoCursor, (l) => ({ em: l.cursor_em, id: l.id }), toTicketDto);
  }
}
