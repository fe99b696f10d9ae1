import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { CalendarioComercialService } from '../sla/calendario-comercial.service.js';
import { inicioDoFechamento } from '../sla/horario-comercial.js';
import { Relogio } from '../sla/relogio.js';
import { TicketService } from '../tickets/ticket.service.js';
import { DistribuicaoRepository, type FilaParaDistribuir, type TicketDaFila } from './distribuicao.repository.js';
import { elegivel, ordenarCandidatos } from './estrategias.js';

export interface Atribuicao {
  ticketId: string;
  atendenteId: string;
  filaId: string;
}

/** The job that returns an offline atendente's tickets once a fila's grace period has passed. */
export interface DevolverOfflineJob {
  empresaId: string;
  atendenteId: string;
}

interface FilaPendente {
  empresaId: string;
  filaId: string;
  /** Tickets that just entered the fila: they get the position message if they are still waiting. */
  entradas: Set<string>;
}

const MOTIVO_DEVOLUCAO = 'atendente offline além da carência da fila';
/** Retry delay when every waiting ticket was locked by another transaction. */
const ESPERA_BLOQUEADO_MS = 50;

/**
 * The distribution engine. Something that may change a fila's backlog or its members' eligibility (a ticket
 * entering, an atendente freed, coming online, a capacity raised) marks the fila; after the commit one drain
 * loop per process runs the marked filas, one decision per transaction:
 *   lock the fila row (runs of one fila never interleave) → claim the backlog head with FOR UPDATE SKIP LOCKED
 *   → order the eligible members by the strategy (sticky agent first) → lock the chosen atendente's row and
 *   recount its load (another fila's run may have just filled it) → assign through TicketService.
 * Several processes are safe: the fila lock, SKIP LOCKED and the atendente lock arbitrate in the database.
 * Marks of one fila coalesce, so a burst of 500 tickets costs one run, not 500. A few workers per process run
 * different filas at once on PostgreSQL; one on the embedded database (one session).
 */
@Injectable()
export class DistribuicaoService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DistribuicaoService.name);
  private readonly filas = new Map<string, FilaPendente>();
  private readonly atendentes = new Map<string, { empresaId: string; atendenteId: string }>();
  private readonly reintentos = new Set<NodeJS.Timeout>();
  /** Filas being run by a worker of this process (a second worker would only wait on the fila lock). */
  private readonly emExecucao = new Set<string>();
  private readonly execucoes = new Set<Promise<void>>();
  private readonly paralelismo: number;
  private ativos = 0;
  private encerrando = false;

  constructor(
    private readonly tx: TransactionHost,
    private readonly repositorio: DistribuicaoRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
    private readonly jobs: JobQueue,
    private readonly calendarios: CalendarioComercialService,
    private readonly relogio: Relogio,
    config: AppConfig,
  ) {
    // Different filas lock different rows, so on PostgreSQL a few run at once; the embedded database has one
    // session, where parallel transactions would only queue.
    this.paralelismo = config.databaseMode === 'postgres' ? 4 : 1;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.encerrando = true;
    for (const timer of this.reintentos) clearTimeout(timer);
    this.reintentos.clear();
    await Promise.all(this.execucoes);
  }

  // ------------------------------------------------------------------------------------------- triggers

  /** The fila's backlog or members changed: run it after the current transaction commits. */
  distribuirFila(empresaId: string, filaId: string, entrada?: string): void {
    const chave = `${empresaId}:${filaId}`;
    const pendente = this.filas.get(chave) ?? { empresaId, filaId, entradas: new Set<string>() };
    if (entrada) pendente.entradas.add(entrada);
    this.filas.set(chave, pendente);
    this.tx.afterCommit(() => this.acordar());
  }

  /** The atendente may have become eligible (online, freed, capacity raised): run each of its filas. */
  distribuirParaAtendente(empresaId: string, atendenteId: string): void {
    this.atendentes.set(atendenteId, { empresaId, atendenteId });
    this.tx.afterCommit(() => this.acordar());
  }

  /**
   * The atendente went offline: for each grace period of the filas that return tickets, a durable job that
   * returns what it still holds then (enqueued in the caller's transaction).
   */
  async agendarDevolucao(atendenteId: string, offlineEm: Date): Promise<void> {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) return;
    for (const carencia of await this.repositorio.carenciasDeDevolucao(atendenteId)) {
      await this.jobs.enviar<DevolverOfflineJob>(
        'devolverTicketsOffline',
        { empresaId, atendenteId },
        { startAfter: new Date(offlineEm.getTime() + carencia * 1000 + 1000), prioridade: 0 },
      );
    }
  }

  /** Resolves when no distribution is running or marked in this process (shutdown; tests that need a settled state). */
  async ocioso(): Promise<void> {
    while (this.ativos > 0 || this.reintentos.size > 0) {
      if (this.ativos > 0) await Promise.all(this.execucoes);
      else await new Promise((resolve) => setTimeout(resolve, ESPERA_BLOQUEADO_MS));
    }
  }

  // ---------------------------------------------------------------------------------------- decisions

  /** Runs the fila until its backlog is empty or nobody is eligible; returns the assignments made, in order. */
  async distribuirAgora(filaId: string): Promise<Atribuicao[]> {
    const feitas: Atribuicao[] = [];
    const retidosDesde = await this.tx.run(() => this.retidosDesde(filaId));
    for (;;) {
      const decisao = await this.tx.run(() => this.decidir(filaId, retidosDesde));
      if (decisao === 'bloqueado') this.tentarDeNovo(filaId);
      if (decisao === null || decisao === 'bloqueado') return feitas;
      feitas.push(decisao);
    }
  }

  /** Returns an offline atendente's tickets whose fila grace period has passed; the filas then redistribute. */
  async devolverTicketsOffline(atendenteId: string): Promise<number> {
    const ids = await this.tx.run(() => this.repositorio.ticketsParaDevolver(atendenteId));
    let devolvidos = 0;
    for (const id of ids) if (await this.tickets.devolverPelaDistribuicao(id, MOTIVO_DEVOLUCAO)) devolvidos += 1;
    return devolvidos;
  }

  /**
   * One decision. 'bloqueado': tickets wait but every one is locked by another transaction (another worker's
   * claim, or a module updating the ticket right after it was created); the caller retries shortly, since the
   * wake-up that brought it here is spent.
   */
  private async decidir(filaId: string, retidosDesde: Date | null): Promise<Atribuicao | 'bloqueado' | null> {
    const fila = await this.repositorio.travarFila(filaId);
    if (!fila?.ativo || fila.estrategia === 'manual') return null;
    const membros = await this.repositorio.membros(filaId);
    if (ordenarCandidatos(fila.estrategia, membros, fila.rrUltimoAtendenteId).length === 0) return null;
    const ticket = await this.repositorio.reivindicarProximo(filaId, retidosDesde);
    if (!ticket) return (await this.repositorio.temEsperando(filaId, retidosDesde)) ? 'bloqueado' : null;
    const preferido = await this.preferido(fila, ticket);
    for (const escolhido of ordenarCandidatos(fila.estrategia, membros, fila.rrUltimoAtendenteId, preferido)) {
      const confirmado = await this.repositorio.travarCandidato(filaId, escolhido.atendenteId);
      if (!confirmado || !elegivel(confirmado)) continue;
      await this.tickets.atribuirPelaDistribuicao(
        ticket.id,
        confirmado.atendenteId,
        escolhido.atendenteId === preferido ? 'distribuição: atendente anterior do contato' : `distribuição: ${fila.estrategia}`,
      );
      await this.repositorio.registrarAtribuicao(filaId, confirmado.atendenteId, fila.estrategia === 'round_robin');
      return { ticketId: ticket.id, atendenteId: confirmado.atendenteId, filaId };
    }
    return null;
  }

  /**
   * While the fila's expediente (its own, else the empresa's default) is closed, when the closed period began:
   * tickets that entered the backlog since then wait for the opening, when the sweep or any wake-up finds them
   * distributable. Null while open or without an expediente.
   */
  private async retidosDesde(filaId: string): Promise<Date | null> {
    const aplicavel = await this.calendarios.calendarioAplicavel({ filaId });
    return aplicavel ? inicioDoFechamento(aplicavel.calendario, this.relogio.agora()) : null;
  }

  private async preferido(fila: FilaParaDistribuir, ticket: TicketDaFila): Promise<string | null> {
    if (fila.fidelizacaoJanelaMinutos === null) return null;
    return this.repositorio.ultimoAtendenteDoContato(ticket.contatoId, ticket.id, fila.fidelizacaoJanelaMinutos);
  }

  // ---------------------------------------------------------------------------------------- drain loop

  private tentarDeNovo(filaId: string): void {
    const empresaId = RequestContext.empresaId;
    if (!empresaId || this.encerrando) return;
    const timer = setTimeout(() => {
      this.reintentos.delete(timer);
      this.distribuirFila(empresaId, filaId);
    }, ESPERA_BLOQUEADO_MS);
    timer.unref();
    this.reintentos.add(timer);
  }

  private acordar(): void {
    while (!this.encerrando && this.ativos < this.paralelismo && this.haTrabalhoLivre()) {
      this.ativos += 1;
      const execucao: Promise<void> = this.drenar().finally(() => this.execucoes.delete(execucao));
      this.execucoes.add(execucao);
    }
  }

  private haTrabalhoLivre(): boolean {
    if (this.atendentes.size > 0) return true;
    for (const chave of this.filas.keys()) if (!this.emExecucao.has(chave)) return true;
    return false;
  }

  /** One worker: takes marks until none is left that another worker is not already running. */
  private async drenar(): Promise<void> {
    try {
      while (!this.encerrando) {
        const [atendente] = this.atendentes;
        if (atendente) {
          const [chave, { empresaId, atendenteId }] = atendente;
          this.atendentes.delete(chave);
          await this.tentar(empresaId, async () => {
            for (const filaId of await this.tx.run(() => this.repositorio.filasDoAtendente(atendenteId)))
              this.distribuirFila(empresaId, filaId);
          });
          continue;
        }
        const livre = [...this.filas].find(([chave]) => !this.emExecucao.has(chave));
        if (!livre) return;
        const [chave, pendente] = livre;
        this.filas.delete(chave);
        this.emExecucao.add(chave);
        try {
          await this.tentar(pendente.empresaId, async () => {
            await this.distribuirAgora(pendente.filaId);
            for (const ticketId of pendente.entradas) await this.avisarPosicao(pendente.filaId, ticketId);
          });
        } finally {
          this.emExecucao.delete(chave);
        }
      }
    } finally {
      this.ativos -= 1;
    }
  }

  private async tentar(empresaId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await RequestContext.runForEmpresa(empresaId, fn);
    } catch (error) {
      this.logger.error({ err: error, empresaId }, 'falha na distribuição');
    }
  }

  /** "Você está na posição N da fila", through the normal outbound path, when the fila configures it. */
  private async avisarPosicao(filaId: string, ticketId: string): Promise<void> {
    await this.tx.run(async () => {
      const fila = await this.repositorio.travarFila(filaId);
      if (!fila?.mensagemPosicao) return;
      const ticket = await this.tickets.carregarVisivel(ticketId, undefined, true);
      const posicao = await this.repositorio.posicao(ticketId, filaId);
      if (posicao === null || !ticket.canalId) return;
      await this.mensagens.enviarPeloSistema({
        ticketId,
        canalId: ticket.canalId,
        contatoId: ticket.contatoId,
        conteudo: fila.mensagemPosicao.replaceAll('{{posicao}}', String(posicao)),
      });
    });
  }
}
