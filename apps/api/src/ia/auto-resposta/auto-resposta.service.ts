import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { IaCitacao, IaMensagemBot, IaResumoDto, IaSugestoesEvento } from '@atende/shared';
import { MensagemService } from '../../atendimento/mensagens/mensagem.service.js';
import { ForaExpedienteService } from '../../atendimento/sla/fora-expediente.service.js';
import { TicketService } from '../../atendimento/tickets/ticket.service.js';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { IaLeituraRepository } from '../analise/ia-leitura.repository.js';
import { AssistenteService } from '../assistente/assistente.service.js';
import { FontesService } from '../assistente/fontes.service.js';
import { type IaConfigEfetiva, IaConfigService } from '../ia-config.service.js';
import { IaExecutor } from '../ia-executor.service.js';
import { AutoRespostaRepository, type TicketDoBot } from './auto-resposta.repository.js';
import {
  type AutoRespostaSaida,
  idiomaDe,
  type MotivoHandoff,
  motivoAntesDeResponder,
  motivoDepoisDaResposta,
  TAREFA_AUTO_RESPOSTA,
  textoDeHandoff,
} from './tarefa-auto-resposta.js';

interface JobAutoResposta {
  empresaId: string;
  ticketId: string;
}

interface JobSugerir {
  empresaId: string;
  ticketId: string;
  mensagemId: string;
}

/** A customer still unanswered this long on a bot ticket means its wake-up was lost (a job takes seconds). */
export const ESPERA_PERDIDA_MS = 3 * 60_000;
const VARREDURA_MS = 60_000;

type MotivoHandoffDoJob = MotivoHandoff | 'sem_texto' | 'bot_desligado' | 'erro';

const ROTULO_MOTIVO: Record<MotivoHandoffDoJob, string> = {
  pedido_humano: 'o cliente pediu para falar com uma pessoa',
  sentimento_negativo: 'mensagem do cliente muito negativa',
  max_turnos: 'limite de respostas do bot atingido',
  baixa_confianca: 'confiança da resposta abaixo do limiar',
  sem_fontes: 'nenhuma fonte da base de conhecimento responde à pergunta',
  falha_provedor: 'o provedor de IA falhou ou demorou',
  sem_texto: 'mensagem sem texto (áudio, imagem ou arquivo)',
  bot_desligado: 'a resposta automática foi desligada',
  erro: 'erro interno na resposta automática',
};

/** The bot may speak on this ticket now: it holds it, nobody took it, the menu is done, the customer is waiting. */
function botPodeFalar(t: TicketDoBot | null): t is TicketDoBot & { canalId: string } {
  return (
    t !== null &&
    t.botAtivo &&
    t.status === 'aberto' &&
    t.atendenteId === null &&
    !t.aguardandoMenu &&
    t.clienteEsperando &&
    t.canalId !== null
  );
}

/**
 * The AI auto-reply (mode `automatico`) and the reply drafts pushed to agents.
 *
 * The bot phase: a conversation the customer opens while the empresa is in `automatico` starts with
 * `bot_ativo` (set when the ticket is inserted), which keeps it out of distribution. Each customer mensagem
 * then runs the `iaAutoResponder` job (never the webhook request): the bot answers only from KB articles and
 * resolved tickets, citing them (`payload.ia` of its mensagem), or hands off to people with a polite message,
 * a summary as a private note and `bot_handoff`, after which distribution takes the ticket. It stops as soon
 * as a person assigns or transfers the ticket. Precedence: the canal's fila menu first (the bot is silent
 * until a fila is picked), then the bot; the out-of-hours notice is held while the bot answers and goes out at
 * the handoff, when people are needed.
 *
 * Outside the bot phase (mode `sugerir`, or `automatico` after the handoff) a customer mensagem runs
 * `iaSugerir`, which pushes up to 3 drafts (`ia:sugestoes`) to the ticket's atendente and open screens.
 */
@Injectable()
export class AutoRespostaService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AutoRespostaService.name);
  private cancelar?: () => void;
  private varredura?: NodeJS.Timeout;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly repositorio: AutoRespostaRepository,
    private readonly leitura: IaLeituraRepository,
    private readonly fontes: FontesService,
    private readonly assistente: AssistenteService,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
    private readonly foraExpediente: ForaExpedienteService,
    private readonly realtime: RealtimeServidor,
    private readonly appConfig: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<JobAutoResposta>('iaAutoResponder', (job, info) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.executarResposta(job.ticketId, info.ultimaTentativa)),
    );
    await this.jobs.trabalhar<JobSugerir>('iaSugerir', (job) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.sugerir(job.ticketId, job.mensagemId)),
    );
  }

  onApplicationBootstrap(): void {
    if (!this.appConfig.runsWorkers) return;
    this.varredura = setInterval(() => void this.varrer(), VARREDURA_MS);
    this.varredura.unref();
  }

  onModuleDestroy(): void {
    this.cancelar?.();
    if (this.varredura) clearInterval(this.varredura);
  }

  /** Safety net: bot tickets whose customer waits with no job in sight get one (the job is idempotent). */
  async varrer(): Promise<void> {
    try {
      const esperando = await this.tx.run(() =>
        this.repositorio.ticketsDoBotEsperandoDeTodasEmpresas(new Date(Date.now() - ESPERA_PERDIDA_MS), 100),
      );
      for (const { empresaId, id } of esperando) {
        await RequestContext.runForEmpresa(empresaId, () =>
          this.jobs.enviar<JobAutoResposta>('iaAutoResponder', { empresaId, ticketId: id }, { singletonKey: `varredura:${id}` }),
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'falha na varredura da resposta automática');
    }
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    // A customer turn, or the fila menu moving the ticket to a fila (the bot then answers what was asked before).
    const mensagemId = evento.tipo === 'mensagem.criada' ? evento.mensagemId : null;
    const menuEscolhido =
      evento.tipo === 'ticket.atualizado' && evento.mudancas.includes('fila') && evento.atendenteId === null;
    if (mensagemId === null && !menuEscolhido) return;
    await RequestContext.runForEmpresa(evento.empresaId, async () => {
      const ticket = await this.repositorio.ticketDoBot(evento.ticketId, false);
      if (!ticket?.ultimaRecebidaId) return;
      if (ticket.botAtivo) {
        // Only the newest customer mensagem (a burst is answered once), or the menu's pick.
        if (mensagemId !== null ? ticket.ultimaRecebidaId !== mensagemId : !ticket.clienteEsperando) return;
        await this.jobs.enviar<JobAutoResposta>('iaAutoResponder', { empresaId: evento.empresaId, ticketId: ticket.id });
        return;
      }
      if (mensagemId === null || ticket.ultimaRecebidaId !== mensagemId) return;
      const cfg = await this.configs.efetiva();
      if (cfg.autoRespostaModo === 'desligado' || !cfg.recursos.sugestao) return;
      await this.jobs.enviar<JobSugerir>(
        'iaSugerir',
        { empresaId: evento.empresaId, ticketId: ticket.id, mensagemId },
        { singletonKey: mensagemId },
      );
    }).catch((error: unknown) => this.logger.error({ err: error, ticketId: evento.ticketId }, 'falha ao agendar a IA do ticket'));
  }

  // ------------------------------------------------------------------------------------------ auto-reply

  /** The job: answer or hand off. Whatever fails on the last attempt ends in a handoff, never in a silent ticket. */
  async executarResposta(ticketId: string, ultimaTentativa: boolean): Promise<void> {
    try {
      await this.responder(ticketId);
    } catch (error) {
      if (!ultimaTentativa) throw error;
      this.logger.error({ err: error, ticketId }, 'resposta automática falhou: o ticket vai para as pessoas');
      const cfg = await this.configs.efetiva();
      await this.passarParaHumano(ticketId, 'erro', { ...cfg, provedor: 'local' }, null);
    }
  }

  private async responder(ticketId: string): Promise<void> {
    const ticket = await this.repositorio.ticketDoBot(ticketId, false);
    if (!botPodeFalar(ticket)) return;
    const cfg = await this.configs.efetiva();
    if (cfg.autoRespostaModo !== 'automatico') return this.passarParaHumano(ticketId, 'bot_desligado', cfg, null);
    if (!ticket.ultimaRecebidaTexto) return this.passarParaHumano(ticketId, 'sem_texto', cfg, null);
    const antes = motivoAntesDeResponder(ticket.ultimaRecebidaTexto, cfg.intencoes, ticket.botTurnos, cfg.maxTurnosBot);
    if (antes) return this.passarParaHumano(ticketId, antes, cfg, null);

    const pergunta = (await this.repositorio.ultimosTextosDoCliente(ticketId, 3)).join('\n');
    const fontes = await this.fontes.daPergunta(pergunta, ticketId);
    if (fontes.length === 0) return this.passarParaHumano(ticketId, 'sem_fontes', cfg, null);
    const turnos = await this.leitura.conversa(ticketId, 12);
    const idioma = idiomaDe(ticket.idiomaContato, ticket.idiomaEmpresa);
    const r = await this.executor.executar(
      TAREFA_AUTO_RESPOSTA,
      { turnos, pergunta, fontes, idioma },
      { ticketId, mensagemId: ticket.ultimaRecebidaId },
      cfg,
    );
    // A provider that failed or timed out: people answer (the local baseline answers only when it was chosen,
    // or when the budget is spent).
    if (r.motivoFallback === 'falha') return this.passarParaHumano(ticketId, 'falha_provedor', { ...cfg, provedor: 'local' }, null);
    const titulos = new Map(fontes.map((f) => [f.id, f.titulo]));
    const depois = motivoDepoisDaResposta(r.saida, new Set(titulos.keys()), cfg.limiarConfianca);
    if (depois) return this.passarParaHumano(ticketId, depois, cfg, r.saida.confianca);
    const citacoes = r.saida.fontes.filter((id) => titulos.has(id)).map((id) => ({ id, titulo: titulos.get(id) ?? id }));
    await this.enviarResposta(ticketId, r.saida, citacoes, r.provedor);
  }

  private async enviarResposta(
    ticketId: string,
    saida: AutoRespostaSaida,
    citacoes: IaCitacao[],
    provedor: IaMensagemBot['provedor'],
  ): Promise<void> {
    await this.tx.run(async () => {
      // Decided again under the ticket's lock: a person may have taken it while the model was thinking.
      const ticket = await this.repositorio.ticketDoBot(ticketId, true);
      if (!botPodeFalar(ticket)) return;
      const ia: IaMensagemBot = { tipo: 'resposta', citacoes, confianca: saida.confianca, provedor, motivo: null };
      const { mensagem } = await this.mensagens.salvarMensagem({
        ticketId,
        canalId: ticket.canalId,
        contatoId: ticket.contatoId,
        direcao: 'enviada',
        tipo: 'texto',
        conteudo: saida.resposta.trim(),
        payload: { ia },
        status: 'pendente',
        bot: true,
      });
      await this.repositorio.contarTurno(ticketId);
      await this.jobs.enviar('enviarMensagem', { empresaId: RequestContext.empresaId ?? '', mensagemId: mensagem.id }, { prioridade: 0 });
    });
  }

  /**
   * People take over: a polite message to the customer, the summary as a private note (and on the ticket), the
   * bot phase ended (`bot_handoff`, distribution), in one transaction; then the out-of-hours notice if closed.
   */
  private async passarParaHumano(
    ticketId: string,
    motivo: MotivoHandoffDoJob,
    cfg: IaConfigEfetiva,
    confianca: number | null,
  ): Promise<void> {
    // The summary is a model call: before the transaction. Without the resumo feature, the local one (free).
    const resumo: IaResumoDto = await this.assistente.gerarResumo(
      ticketId,
      cfg.recursos.resumo ? cfg : { ...cfg, provedor: 'local' },
    );
    const ultimaRecebidaId = await this.tx.run(async () => {
      const ticket = await this.repositorio.ticketDoBot(ticketId, true);
      if (!ticket?.botAtivo || ticket.canalId === null) return null;
      const idioma = idiomaDe(ticket.idiomaContato, ticket.idiomaEmpresa);
      const ia: IaMensagemBot = { tipo: 'handoff', citacoes: [], confianca, provedor: resumo.provedor, motivo };
      const comum = { ticketId, canalId: ticket.canalId, contatoId: ticket.contatoId, tipo: 'texto' as const, bot: true };
      if (ticket.status === 'aberto' && ticket.clienteEsperando) {
        const { mensagem } = await this.mensagens.salvarMensagem({
          ...comum,
          direcao: 'enviada',
          conteudo: textoDeHandoff(idioma, motivo === 'pedido_humano' ? 'pedido_humano' : 'baixa_confianca'),
          payload: { ia },
          status: 'pendente',
        });
        await this.jobs.enviar('enviarMensagem', { empresaId: RequestContext.empresaId ?? '', mensagemId: mensagem.id }, { prioridade: 0 });
      }
      await this.mensagens.salvarMensagem({
        ...comum,
        direcao: 'enviada',
        privada: true,
        status: 'enviada',
        conteudo: `Transferido pelo bot de IA: ${ROTULO_MOTIVO[motivo]}.\n\nResumo: ${resumo.resumo}`,
        payload: { ia },
      });
      await this.assistente.gravarResumo(ticketId, resumo);
      await this.tickets.passarBotParaHumano(ticketId, ROTULO_MOTIVO[motivo], { motivo, confianca });
      return ticket.ultimaRecebidaId;
    });
    this.logger.log({ ticketId, motivo }, 'bot de IA passou o atendimento para as pessoas');
    if (ultimaRecebidaId) await this.foraExpediente.responderSeFechado(ultimaRecebidaId);
  }

  // ----------------------------------------------------------------------------------------- suggestions

  async sugerir(ticketId: string, mensagemId: string): Promise<void> {
    const cfg = await this.configs.efetiva();
    if (cfg.autoRespostaModo === 'desligado' || !cfg.recursos.sugestao) return;
    const ticket = await this.repositorio.ticketDoBot(ticketId, false);
    // A newer customer mensagem has its own job; the bot's tickets get answers, not drafts.
    if (!ticket || ticket.botAtivo || ticket.ultimaRecebidaId !== mensagemId) return;
    const sugestoes = await this.assistente.calcularSugestoes(ticketId, cfg);
    const salas = [Salas.ticket(ticketId), ...(ticket.atendenteId ? [Salas.atendente(ticket.atendenteId)] : [])];
    const evento: IaSugestoesEvento = { ...sugestoes, ticketId, mensagemId, geradoEm: new Date().toISOString() };
    this.realtime.emitir(salas, 'ia:sugestoes', evento);
  }
}
