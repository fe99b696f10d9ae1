import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type AtualizarConfiguracaoCsat,
  CONFIGURACAO_CSAT_PADRAO,
  type ConfiguracaoCsat,
  configuracaoCsatSchema,
} from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { TicketService } from '../tickets/ticket.service.js';
import { notaDaResposta, opcoesDaPesquisa } from './csat-pesquisa.js';
import { CsatException } from './csat.exception.js';
import { CsatRepository } from './csat.repository.js';

/** Job `enviarCsat`: the survey of one resolution (`resolvidoEm`), sent after the empresa's delay. */
export interface EnviarCsatJob {
  empresaId: string;
  ticketId: string;
  resolvidoEm: string;
}

/** A customer mensagem as the survey reads it. */
export interface RespostaDoCliente {
  texto: string | null;
  /** The id of the button/row/callback the customer tapped, when it was one. */
  interativaId: string | null;
}

/**
 * The CSAT survey after resolution. Resolving a ticket schedules the survey (job, after the empresa's delay);
 * it goes out on the customer's canal as tappable choices where the canal has them, else as text asking for a
 * number. The inbound pipeline asks `respostaPendente` before it picks the conversation of a customer
 * mensagem: a button or a bare 1–5 within the window rates the resolved ticket through `avaliar`'s rule
 * without reopening it; anything else is an ordinary mensagem.
 */
@Injectable()
export class CsatService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CsatService.name);
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly repositorio: CsatRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
  ) {}

  onModuleInit(): void {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.trabalhar<EnviarCsatJob>('enviarCsat', (dados) =>
      RequestContext.runForEmpresa(dados.empresaId, async () => {
        await this.enviarDaResolucao(dados.ticketId, dados.resolvidoEm);
      }),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  // ------------------------------------------------------------------------------------------- settings

  async configuracao(): Promise<ConfiguracaoCsat> {
    const guardada = await this.repositorio.configuracao();
    if (guardada === null) return { ...CONFIGURACAO_CSAT_PADRAO };
    const lida = configuracaoCsatSchema.partial().safeParse(guardada);
    return { ...CONFIGURACAO_CSAT_PADRAO, ...(lida.success ? lida.data : {}) };
  }

  async atualizarConfiguracao(dto: AtualizarConfiguracaoCsat): Promise<ConfiguracaoCsat> {
    return this.tx.run(async () => {
      const nova: ConfiguracaoCsat = { ...(await this.configuracao()), ...dto };
      await this.repositorio.salvarConfiguracao(nova);
      return nova;
    });
  }

  // ------------------------------------------------------------------------------------------- sending

  /**
   * Sends the survey of the ticket's current resolution now, whatever the empresa's on/off switch (automations
   * call this for their "send CSAT" action). Runs in the caller's empresa context. Returns the survey mensagem's
   * id, or null when there is nothing to ask: the ticket is not resolved/closed, has no canal, was already
   * rated or already asked for this resolution.
   */
  async enviarPesquisa(ticketId: string): Promise<string | null> {
    return this.tx.run(async () => {
      const ticket = await this.repositorio.ticket(ticketId);
      if (!ticket?.canalId) return null;
      const config = await this.configuracao();
      const interativa = opcoesDaPesquisa();
      // The stamp is the "once per resolution": a concurrent call finds it set and sends nothing.
      if (!(await this.tickets.solicitarAvaliacao(ticket.id, new Date(), { canalId: ticket.canalId }))) return null;
      const mensagem = await this.mensagens.enviarPeloSistema({
        ticketId: ticket.id,
        canalId: ticket.canalId,
        contatoId: ticket.contatoId,
        conteudo: config.mensagem,
        tipo: 'interativa',
        payload: { interativa, finalidade: 'csat' },
        bot: true,
      });
      this.logger.debug({ ticketId }, 'pesquisa de satisfação enviada');
      return mensagem.id;
    });
  }

  /** POST …/csat/tickets/:id/enviar: 404 for another empresa's ticket, 409 when there is nothing to ask. */
  async enviarManualmente(ticketId: string): Promise<{ mensagemId: string }> {
    return this.tx.run(async () => {
      if (!(await this.repositorio.ticket(ticketId))) throw CsatException.ticketNaoEncontrado();
      const mensagemId = await this.enviarPesquisa(ticketId);
      if (!mensagemId) throw CsatException.naoAplicavel();
      return { mensagemId };
    });
  }

  /** The job: only while the ticket is still in the resolution that scheduled it. */
  private async enviarDaResolucao(ticketId: string, resolvidoEm: string): Promise<void> {
    const ticket = await this.repositorio.ticket(ticketId);
    if (ticket?.status !== 'resolvido' || ticket.resolvidoEm?.toISOString() !== resolvidoEm) return;
    if (!(await this.configuracao()).ativo) return;
    await this.enviarPesquisa(ticketId);
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'ticket.atualizado' || !evento.mudancas.includes('status')) return;
    await RequestContext.runForEmpresa(evento.empresaId, () =>
      this.tx.run(async () => {
        const ticket = await this.repositorio.ticket(evento.ticketId);
        if (ticket?.status !== 'resolvido' || !ticket.resolvidoEm || !ticket.canalId || ticket.avaliacaoSolicitadaEm) return;
        const config = await this.configuracao();
        if (!config.ativo) return;
        const resolvidoEm = ticket.resolvidoEm.toISOString();
        const job: EnviarCsatJob = { empresaId: evento.empresaId, ticketId: ticket.id, resolvidoEm };
        await this.jobs.enviar('enviarCsat', job, {
          singletonKey: `csat:${ticket.id}:${resolvidoEm}`,
          startAfter: new Date(ticket.resolvidoEm.getTime() + config.atrasoMinutos * 60_000),
          prioridade: 0,
        });
      }),
    ).catch((error: unknown) => this.logger.error({ err: error, ticketId: evento.ticketId }, 'falha ao agendar a pesquisa de satisfação'));
  }

  // ------------------------------------------------------------------------------------------ answers

  /**
   * Called by the inbound pipeline, in its transaction, before it picks the conversation of a customer
   * mensagem: the resolved ticket (locked) and the rating when the mensagem answers its pending survey; null
   * when it is an ordinary mensagem (then it opens or reopens a conversation as usual).
   */
  async respostaPendente(
    contatoId: string,
    canalId: string,
    resposta: RespostaDoCliente,
  ): Promise<{ ticketId: string; nota: number } | null> {
    const nota = notaDaResposta(resposta);
    if (nota === null) return null;
    const config = await this.configuracao();
    const ticketId = await this.repositorio.aguardandoResposta(contatoId, canalId, config.janelaRespostaHoras);
    return ticketId ? { ticketId, nota } : null;
  }

  /** Records the answer stored as `mensagemId` with the `avaliar` rule (once per resolution; no reopening). */
  async registrarResposta(ticketId: string, nota: number, mensagemId: string): Promise<boolean> {
    return this.tickets.avaliarPeloCliente(ticketId, nota, mensagemId);
  }
}
