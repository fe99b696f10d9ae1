import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type PassoWorkflow, type WorkflowDefinicao, type WorkflowGatilho, workflowDefinicaoSchema } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { CalendarioComercialService } from '../sla/calendario-comercial.service.js';
import { dentroDoExpediente } from '../sla/horario-comercial.js';
import { Relogio } from '../sla/relogio.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { TicketService } from '../tickets/ticket.service.js';
import type { WorkflowEstado, WorkflowEstadoStatus } from './workflow-estado.entity.js';
import { type RespostaRecebida, WorkflowEstadoRepository } from './workflow-estado.repository.js';
import {
  avaliarCondicao,
  escolherOpcaoDaPergunta,
  interpolar,
  notaDeHandoff,
  opcoesDaPergunta,
  validarResposta,
} from './workflow-passos.js';
import type { Workflow } from './workflow.entity.js';
import { WorkflowRepository } from './workflow.repository.js';

/** Job `retomarWorkflow`: the `esperar` step `passo` of the state is over at `ate`. */
export interface RetomarWorkflowJob {
  empresaId: string;
  estadoId: string;
  passo: string;
  ate: string;
}

/** Steps run in one go before the runtime gives up (the save-time check already refuses loops without a wait). */
const MAX_PASSOS_POR_VEZ = 50;
const TEXTO_INVALIDO_PADRAO = 'Não entendi sua resposta.';

type Desfecho = Extract<WorkflowEstadoStatus, 'concluido' | 'cancelado' | 'falhou'>;

function variaveisDe(estado: WorkflowEstado): Record<string, string> {
  const variaveis: Record<string, string> = {};
  for (const [nome, valor] of Object.entries(estado.variaveis)) if (typeof valor === 'string') variaveis[nome] = valor;
  return variaveis;
}

/**
 * Runs workflows: one state row per ticket (the definition's snapshot, the current step, the collected
 * variables), advanced by the customer's answers and by durable `esperar` jobs, so a restart resumes where it
 * stopped. Bot mensagens go through the normal outbound pipeline (`bot` set). While a state is active the
 * ticket is held from distribution (distribuicao.repository reads the state); the end releases it: a handoff
 * moves it to its fila (with a private note of the collected data), any other end to the canal's default fila.
 *
 * Customer mensagens reach it from the inbound pipeline inside the transaction that stores them, so the fila
 * menu and distribution (which react after commit) already see the state: a workflow takes precedence over the
 * canal's fila menu, which never answers a ticket that a workflow handled in the same conversation.
 */
@Injectable()
export class WorkflowMotor implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkflowMotor.name);
  private cancelarAssinatura?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly estados: WorkflowEstadoRepository,
    private readonly workflows: WorkflowRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
    private readonly calendarios: CalendarioComercialService,
    private readonly relogio: Relogio,
  ) {}

  onModuleInit(): void {
    this.cancelarAssinatura = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.trabalhar<RetomarWorkflowJob>('retomarWorkflow', (dados) =>
      RequestContext.runForEmpresa(dados.empresaId, () => this.retomar(dados)),
    );
  }

  onModuleDestroy(): void {
    this.cancelarAssinatura?.();
  }

  // --------------------------------------------------------------------------------------------- entry points

  /**
   * A customer mensagem was stored on the ticket (called by the inbound pipeline, in its transaction): it answers
   * the question the ticket's workflow waits on, or it may start a workflow (ticket_criado for the mensagem that
   * opened the conversation, mensagem_recebida, fora_expediente while the expediente is closed) on a ticket that
   * no person or AI bot holds and that has not run that workflow in this conversation.
   */
  async aoMensagemDoCliente(ticketId: string, mensagemId: string): Promise<void> {
    await this.tx.run(async () => {
      // Reads first, outside the savepoint: most mensagens find nothing to do, and then cost no savepoint round trips.
      const acao = await this.acaoParaMensagem(ticketId, mensagemId);
      if (acao === null) return;
      // A savepoint: a workflow that fails must not cost the customer's mensagem (the caller's transaction).
      await this.tx.query('SAVEPOINT workflow_mensagem');
      try {
        await acao();
        await this.tx.query('RELEASE SAVEPOINT workflow_mensagem');
      } catch (error) {
        await this.tx.query('ROLLBACK TO SAVEPOINT workflow_mensagem');
        this.logger.error({ err: error, ticketId, mensagemId }, 'workflow falhou ao tratar a mensagem do cliente');
      }
    });
  }

  /** What the customer's mensagem sets off: an answer to the waiting step, a workflow to start, or nothing (null). */
  private async acaoParaMensagem(ticketId: string, mensagemId: string): Promise<(() => Promise<unknown>) | null> {
    const ticket = await this.tickets.carregarVisivel(ticketId, undefined, true);
    if (ticket.status === 'resolvido' || ticket.status === 'fechado' || !ticket.canalId) return null;
    const ativo = await this.estados.ativoDoTicket(ticket.id);
    if (ativo) {
      if (ativo.status !== 'aguardando_resposta') return null;
      const resposta = await this.estados.resposta(mensagemId);
      return resposta ? () => this.responder(ativo, ticket, resposta) : null;
    }
    if (ticket.atendenteId || ticket.botAtivo) return null;
    const workflow = await this.workflowQueInicia(ticket);
    return workflow ? () => this.iniciar(ticket, workflow, workflow.gatilho) : null;
  }

  /** Starts `workflow` on the (locked, open, canal-bound, not in a workflow) ticket and runs it to its first wait. */
  async iniciar(ticket: Ticket, workflow: Workflow, gatilho: WorkflowGatilho): Promise<WorkflowEstado> {
    const estado = await this.estados.create({
      workflowId: workflow.id,
      ticketId: ticket.id,
      workflowVersao: workflow.versao,
      definicao: workflow.definicao,
      passoAtual: typeof workflow.definicao.inicio === 'string' ? workflow.definicao.inicio : null,
      variaveis: {},
      status: 'ativo',
      iniciadoEm: new Date(),
    });
    await this.estados.registrarEventoDoTicket(ticket.id, 'workflow_iniciado', {
      workflowId: workflow.id,
      nome: workflow.nome,
      versao: workflow.versao,
      gatilho,
      estadoId: estado.id,
    });
    await this.executar(estado, ticket);
    return estado;
  }

  /** Stops the ticket's workflow (API cancel): the ticket is released to the people as after any other end. */
  async cancelar(estado: WorkflowEstado, ticket: Ticket, motivo: string): Promise<void> {
    await this.encerrar(estado, ticket, 'cancelado', motivo);
    await this.liberar(ticket);
  }

  /** The job of an `esperar` step: only for the wait that scheduled it (a cancel or a newer wait makes it stale). */
  async retomar(job: RetomarWorkflowJob): Promise<void> {
    await this.tx.run(async () => {
      const previo = await this.estados.findById(job.estadoId);
      if (!previo) return;
      const ticket = await this.tickets.carregarVisivel(previo.ticketId, undefined, true);
      const estado = await this.estados.travar(job.estadoId);
      if (
        estado?.status !== 'aguardando_tempo' ||
        estado.passoAtual !== job.passo ||
        estado.aguardandoAte?.toISOString() !== job.ate
      )
        return;
      const definicao = this.definicaoDe(estado);
      const passo = definicao?.passos[job.passo];
      if (!definicao || passo?.tipo !== 'esperar') return this.falhar(estado, ticket, `passo "${job.passo}" inválido`);
      if (ticket.status === 'resolvido' || ticket.status === 'fechado')
        return this.encerrar(estado, ticket, 'cancelado', 'ticket encerrado');
      estado.passoAtual = passo.proximo;
      estado.status = 'ativo';
      estado.aguardandoAte = null;
      await this.executar(estado, ticket);
    });
  }

  // ------------------------------------------------------------------------------------------------ runtime

  /** Runs steps from `passoAtual` until one waits (a question, a wait) or the workflow ends. */
  private async executar(estado: WorkflowEstado, ticket: Ticket): Promise<void> {
    const definicao = this.definicaoDe(estado);
    if (!definicao) return this.falhar(estado, ticket, 'definição inválida');
    for (let i = 0; i < MAX_PASSOS_POR_VEZ; i++) {
      const id = estado.passoAtual;
      const passo = id === null ? undefined : definicao.passos[id];
      if (id === null || !passo) return this.falhar(estado, ticket, `passo "${id ?? ''}" não existe`);
      const variaveis = variaveisDe(estado);
      switch (passo.tipo) {
        case 'mensagem':
          await this.enviar(ticket, interpolar(passo.texto, variaveis));
          estado.passoAtual = passo.proximo;
          continue;
        case 'condicao':
          estado.passoAtual = avaliarCondicao(passo, variaveis);
          continue;
        case 'pergunta':
          await this.perguntar(ticket, id, passo, variaveis, null);
          estado.status = 'aguardando_resposta';
          await this.estados.save(estado);
          return;
        case 'esperar': {
          const ate = new Date(Date.now() + passo.segundos * 1000);
          estado.status = 'aguardando_tempo';
          estado.aguardandoAte = ate;
          await this.estados.save(estado);
          const job: RetomarWorkflowJob = { empresaId: ticket.empresaId, estadoId: estado.id, passo: id, ate: ate.toISOString() };
          await this.jobs.enviar('retomarWorkflow', job, { startAfter: ate, prioridade: 0 });
          return;
        }
        case 'transferir':
          return this.transferir(estado, ticket, definicao, passo, variaveis);
        case 'fim':
          if (passo.texto) await this.enviar(ticket, interpolar(passo.texto, variaveis));
          await this.encerrar(estado, ticket, 'concluido', null);
          return this.liberar(ticket);
      }
    }
    return this.falhar(estado, ticket, `mais de ${MAX_PASSOS_POR_VEZ} passos sem esperar`);
  }

  /** The answer to the question the state waits on: saved and on to the next step, or asked again, or given up. */
  private async responder(estado: WorkflowEstado, ticket: Ticket, resposta: RespostaRecebida): Promise<void> {
    const definicao = this.definicaoDe(estado);
    const id = estado.passoAtual;
    const passo = id === null || !definicao ? undefined : definicao.passos[id];
    if (id === null || passo?.tipo !== 'pergunta') return this.falhar(estado, ticket, `passo "${id ?? ''}" não é uma pergunta`);
    let valor: string | null;
    let proximo: string | undefined;
    if (passo.opcoes) {
      const opcao = escolherOpcaoDaPergunta(id, passo, resposta);
      valor = opcao?.valor ?? null;
      proximo = opcao?.proximo ?? passo.proximo;
    } else {
      valor = validarResposta(passo.validacao, resposta.texto);
      proximo = passo.proximo;
    }
    if (valor === null || proximo === undefined) {
      estado.tentativasInvalidas += 1;
      if (estado.tentativasInvalidas >= passo.maxTentativas) {
        if (passo.aoEsgotarTentativas === undefined) return this.falhar(estado, ticket, 'tentativas esgotadas');
        estado.tentativasInvalidas = 0;
        estado.passoAtual = passo.aoEsgotarTentativas;
        estado.status = 'ativo';
        return this.executar(estado, ticket);
      }
      await this.perguntar(ticket, id, passo, variaveisDe(estado), passo.mensagemInvalida ?? TEXTO_INVALIDO_PADRAO);
      await this.estados.save(estado);
      return;
    }
    if (passo.variavel) estado.variaveis = { ...estado.variaveis, [passo.variavel]: valor };
    estado.tentativasInvalidas = 0;
    estado.passoAtual = proximo;
    estado.status = 'ativo';
    await this.executar(estado, ticket);
  }

  private async transferir(
    estado: WorkflowEstado,
    ticket: Ticket,
    definicao: WorkflowDefinicao,
    passo: Extract<PassoWorkflow, { tipo: 'transferir' }>,
    variaveis: Record<string, string>,
  ): Promise<void> {
    if (passo.texto) await this.enviar(ticket, interpolar(passo.texto, variaveis));
    const workflow = await this.workflows.findById(estado.workflowId);
    if (passo.notaComVariaveis && ticket.canalId) {
      await this.mensagens.salvarMensagem({
        ticketId: ticket.id,
        canalId: ticket.canalId,
        contatoId: ticket.contatoId,
        direcao: 'enviada',
        privada: true,
        tipo: 'texto',
        conteudo: notaDeHandoff(workflow?.nome ?? 'workflow', variaveis),
        bot: true,
      });
    }
    // Ended before the move, so distribution (after commit) finds the ticket free.
    await this.encerrar(estado, ticket, 'concluido', null);
    const filaId = passo.filaId ?? ticket.filaId ?? (ticket.canalId ? await this.estados.filaPadraoDoCanal(ticket.canalId) : null);
    await this.estados.registrarEventoDoTicket(
      ticket.id,
      'bot_handoff',
      { workflowId: estado.workflowId, estadoId: estado.id, passos: Object.keys(definicao.passos).length },
      filaId,
    );
    if (filaId === null || (ticket.filaId === filaId && ticket.status === 'aberto' && !ticket.atendenteId)) this.publicarLiberado(ticket);
    else await this.tickets.transferirParaFilaPeloSistema(ticket.id, filaId, `workflow: ${workflow?.nome ?? estado.workflowId}`);
  }

  /** Sends the question (with its choices) again after an invalid answer, prefixed by the notice. */
  private async perguntar(
    ticket: Ticket,
    passoId: string,
    passo: Extract<PassoWorkflow, { tipo: 'pergunta' }>,
    variaveis: Record<string, string>,
    aviso: string | null,
  ): Promise<void> {
    const texto = interpolar(aviso ? `${aviso}\n\n${passo.texto}` : passo.texto, variaveis);
    const interativa = opcoesDaPergunta(passoId, passo);
    if (!interativa) return this.enviar(ticket, texto);
    if (!ticket.canalId) return;
    await this.mensagens.enviarPeloSistema({
      ticketId: ticket.id,
      canalId: ticket.canalId,
      contatoId: ticket.contatoId,
      conteudo: texto,
      tipo: 'interativa',
      payload: { interativa, finalidade: 'workflow' },
      bot: true,
    });
  }

  private async enviar(ticket: Ticket, conteudo: string): Promise<void> {
    if (!ticket.canalId || conteudo.trim() === '') return;
    await this.mensagens.enviarPeloSistema({ ticketId: ticket.id, canalId: ticket.canalId, contatoId: ticket.contatoId, conteudo, bot: true });
  }

  private async encerrar(estado: WorkflowEstado, ticket: Ticket, status: Desfecho, erro: string | null): Promise<void> {
    estado.status = status;
    estado.erro = erro;
    estado.aguardandoAte = null;
    estado.concluidoEm = new Date();
    await this.estados.save(estado);
    await this.estados.registrarEventoDoTicket(ticket.id, 'workflow_concluido', {
      workflowId: estado.workflowId,
      estadoId: estado.id,
      status,
      passo: estado.passoAtual,
      ...(erro ? { erro } : {}),
    });
  }

  /** Something went wrong (an invalid snapshot, answers that never fit): the people take over. */
  private async falhar(estado: WorkflowEstado, ticket: Ticket, erro: string): Promise<void> {
    this.logger.warn({ estadoId: estado.id, ticketId: ticket.id, erro }, 'workflow interrompido');
    await this.encerrar(estado, ticket, 'falhou', erro);
    await this.liberar(ticket);
  }

  /**
   * After an end without a handoff: the ticket goes to the canal's default fila when it has none, else its fila
   * is told to distribute (the state no longer holds it).
   */
  private async liberar(ticket: Ticket): Promise<void> {
    if (ticket.status === 'resolvido' || ticket.status === 'fechado') return;
    if (!ticket.filaId && ticket.canalId) {
      const filaPadrao = await this.estados.filaPadraoDoCanal(ticket.canalId);
      if (filaPadrao && (await this.tickets.transferirParaFilaPeloSistema(ticket.id, filaPadrao, 'workflow encerrado'))) return;
    }
    this.publicarLiberado(ticket);
  }

  private publicarLiberado(ticket: Ticket): void {
    this.eventos.publicar({
      tipo: 'ticket.atualizado',
      empresaId: ticket.empresaId,
      ticketId: ticket.id,
      filaId: ticket.filaId,
      atendenteId: ticket.atendenteId,
      mudancas: ['workflow'],
    });
  }

  private definicaoDe(estado: WorkflowEstado): WorkflowDefinicao | null {
    const lida = workflowDefinicaoSchema.safeParse(estado.definicao);
    return lida.success ? lida.data : null;
  }

  // ----------------------------------------------------------------------------------------------- triggers

  /**
   * The first active workflow whose trigger fits this customer mensagem: fora_expediente (while the ticket's
   * expediente is closed) before ticket_criado (the mensagem that opened the ticket) before mensagem_recebida;
   * by name within each. Only workflows of the ticket's canal (or of every canal) that have not run on the ticket
   * since the conversation started or was last reopened.
   */
  private async workflowQueInicia(ticket: Ticket): Promise<Workflow | null> {
    const candidatos = (await this.workflows.ativosDoGatilho(['fora_expediente', 'ticket_criado', 'mensagem_recebida'])).filter(
      (workflow) => {
        const canais = workflow.gatilhoConfig.canalIds;
        return !Array.isArray(canais) || canais.length === 0 || canais.includes(ticket.canalId);
      },
    );
    if (candidatos.length === 0) return null;
    const desde = ticket.reabertoEm ?? ticket.criadoEm;
    const ordem: WorkflowGatilho[] = ['fora_expediente', 'ticket_criado', 'mensagem_recebida'];
    let fechado: boolean | undefined;
    let abriuOTicket: boolean | undefined;
    for (const gatilho of ordem) {
      for (const workflow of candidatos.filter((w) => w.gatilho === gatilho)) {
        if (gatilho === 'fora_expediente') {
          fechado ??= await this.expedienteFechado(ticket);
          if (!fechado) continue;
        }
        if (gatilho === 'ticket_criado') {
          abriuOTicket ??= ticket.reabertoEm === null && (await this.estados.recebidasDesde(ticket.id, ticket.criadoEm)) === 1;
          if (!abriuOTicket) continue;
        }
        if (await this.estados.jaRodou(ticket.id, workflow.id, desde)) continue;
        return workflow;
      }
    }
    return null;
  }

  private async expedienteFechado(ticket: Ticket): Promise<boolean> {
    const aplicavel = await this.calendarios.calendarioAplicavel({ filaId: ticket.filaId });
    return aplicavel !== null && !dentroDoExpediente(aplicavel.calendario, this.relogio.agora());
  }

  /**
   * A person took over or the ticket was closed while a workflow ran: it stops (cancelled), without touching
   * the ticket further.
   */
  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'ticket.atualizado') return;
    if (!evento.mudancas.includes('status') && !evento.mudancas.includes('atendente')) return;
    await RequestContext.runForEmpresa(evento.empresaId, () =>
      this.tx.run(async () => {
        if (!(await this.estados.existeAtivo(evento.ticketId))) return;
        const ticket = await this.tickets.carregarVisivel(evento.ticketId, undefined, true).catch(() => null);
        if (!ticket) return;
        const encerrado = ticket.status === 'resolvido' || ticket.status === 'fechado';
        const assumido = evento.mudancas.includes('atendente') && ticket.atendenteId !== null;
        if (!encerrado && !assumido) return;
        const estado = await this.estados.ativoDoTicket(ticket.id);
        if (!estado) return;
        await this.encerrar(estado, ticket, 'cancelado', encerrado ? `ticket ${ticket.status}` : 'um atendente assumiu o ticket');
      }),
    ).catch((error: unknown) => this.logger.error({ err: error, ticketId: evento.ticketId }, 'falha ao encerrar workflow'));
  }
}
