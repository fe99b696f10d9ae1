import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { type AutomacaoAcaoDto, type AutomacaoCondicao, automacaoAcaoSchema, automacaoCondicaoSchema, automacaoGatilhoConfigSchema } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { CadeiaDeEventos } from '../../eventos/cadeia-de-eventos.js';
import { EventosDominio, type EventoDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { CsatService } from '../csat/csat.service.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { POLITICA_DE_ENVIO, type PoliticaDeEnvio } from '../mensagens/politica-de-envio.js';
import { ExpedienteService } from '../sla/expediente.service.js';
import { dentroDoExpediente } from '../sla/horario-comercial.js';
import { Relogio } from '../sla/relogio.js';
import { TagService } from '../tags/tag.service.js';
import { TemplateService } from '../templates/template.service.js';
import { TicketReferenciasRepository } from '../tickets/ticket-referencias.repository.js';
import { TicketService } from '../tickets/ticket.service.js';
import type { AutomacaoAcaoExecutada } from './automacao-execucao.entity.js';
import { AutomacaoContextoRepository, type TicketDaAutomacao } from './automacao-contexto.repository.js';
import { AutomacaoExecucaoRepository } from './automacao-execucao.repository.js';
import type { Automacao, AutomacaoGatilho } from './automacao.entity.js';
import { AutomacaoRepository } from './automacao.repository.js';
import { AutomacaoWebhookService } from './automacao-webhook.service.js';
import { avaliarCondicao, condicaoVazia, type ContextoDaAvaliacao, usaCondicao } from './avaliador-de-condicoes.js';

/** Data of an `automacoes.avaliar` job: one trigger on one ticket, inside one cadeia. */
export interface AvaliacaoDeAutomacoes {
  empresaId: string;
  ticketId: string;
  gatilho: AutomacaoGatilho;
  cadeiaId: string;
  /** mensagem_recebida: the customer's mensagem. */
  mensagemId?: string;
  /** Only this rule (the idle timer, an SLA escalation); otherwise every active rule of the trigger, in order. */
  automacaoId?: string;
  /** SLA `executar_automacao`: run the chosen rule whatever its own trigger. */
  qualquerGatilho?: boolean;
}

/** Data of an `automacoes.ocioso` job: the ticket had no activity since `desde`; due `desde + minutos`. */
export interface VerificacaoDeOcio {
  empresaId: string;
  ticketId: string;
  automacaoId: string;
  desde: string;
}

/** An action that cannot be done as asked (the rule fails and rolls back, it is not retried). */
class AcaoImpossivel extends Error {}

const acoesSchema = z.array(automacaoAcaoSchema);

/** A uuid (v4 layout) derived from a text: the same idle period always gets the same cadeia. */
function uuidDe(texto: string): string {
  const h = createHash('sha256').update(texto).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function mensagemDeErro(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The rules engine. Domain events (after commit) become `automacoes.avaliar` jobs; the job runs the active rules
 * of the trigger in `ordem`, each in its own transaction that locks the ticket, checks loop prevention, evaluates
 * the conditions, runs every action and logs the run, so a rule's actions apply all together or not at all.
 * Actions run inside the event's cadeia: the events they cause carry it, and a rule never runs twice for one
 * ticket in one cadeia. Ticket changes are made by the owning services with the `automacao` actor.
 */
@Injectable()
export class AutomacaoMotorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AutomacaoMotorService.name);
  private cancelarAssinatura?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobQueue,
    private readonly eventos: EventosDominio,
    private readonly relogio: Relogio,
    private readonly automacoes: AutomacaoRepository,
    private readonly execucoes: AutomacaoExecucaoRepository,
    private readonly contexto: AutomacaoContextoRepository,
    private readonly webhooks: AutomacaoWebhookService,
    private readonly expedientes: ExpedienteService,
    private readonly tickets: TicketService,
    private readonly referencias: TicketReferenciasRepository,
    private readonly tags: TagService,
    private readonly templates: TemplateService,
    private readonly mensagens: MensagemService,
    private readonly csat: CsatService,
    @Inject(POLITICA_DE_ENVIO) private readonly politica: PoliticaDeEnvio,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelarAssinatura = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<AvaliacaoDeAutomacoes>('avaliarAutomacoes', (dados) => this.avaliar(dados));
    await this.jobs.trabalhar<VerificacaoDeOcio>('automacaoOciosa', (dados) => this.verificarOcio(dados));
  }

  onModuleDestroy(): void {
    this.cancelarAssinatura?.();
  }

  // ------------------------------------------------------------------------------------------- triggers

  private async aoEvento(evento: EventoDominio): Promise<void> {
    const disparos: Omit<AvaliacaoDeAutomacoes, 'empresaId' | 'ticketId' | 'cadeiaId'>[] = [];
    let atividade = false;
    if (evento.tipo === 'ticket.criado') {
      disparos.push({ gatilho: 'ticket_criado' });
      atividade = true;
    } else if (evento.tipo === 'mensagem.criada') {
      disparos.push({ gatilho: 'mensagem_recebida', mensagemId: evento.mensagemId });
      atividade = true;
    } else if (evento.tipo === 'ticket.atualizado') {
      if (evento.mudancas.includes('status')) disparos.push({ gatilho: 'status_alterado' });
      if (evento.mudancas.includes('avaliacao')) disparos.push({ gatilho: 'avaliacao_recebida' });
      if (evento.sla) disparos.push({ gatilho: evento.sla.nivel === 'alerta' ? 'sla_alerta' : 'sla_violado' });
      if (evento.sla?.automacaoId) {
        disparos.push({ gatilho: 'sla_violado', automacaoId: evento.sla.automacaoId, qualquerGatilho: true });
      }
      // Mensagens (the other activity) are seen once, through mensagem.criada.
      atividade = evento.mudancas.includes('status');
    }
    if (disparos.length === 0 && !atividade) return;
    // Events caused by people start a cadeia; events caused by an automation's actions continue theirs.
    const cadeiaId = evento.cadeiaId ?? randomUUID();
    await RequestContext.runForEmpresa(evento.empresaId, async () => {
      const ativos = await this.automacoes.gatilhosAtivos([...disparos.map((d) => d.gatilho), 'ticket_ocioso']);
      for (const disparo of disparos) {
        if (!disparo.qualquerGatilho && !ativos.has(disparo.gatilho)) continue;
        await this.jobs.enviar<AvaliacaoDeAutomacoes>(
          'avaliarAutomacoes',
          { ...disparo, empresaId: evento.empresaId, ticketId: evento.ticketId, cadeiaId },
          { prioridade: 0 },
        );
      }
      if (atividade && ativos.has('ticket_ocioso')) await this.agendarOcio(evento.ticketId);
    }).catch((error: unknown) =>
      this.logger.error({ err: error, ticketId: evento.ticketId, evento: evento.tipo }, 'falha ao enfileirar automações'),
    );
  }

  /** One durable job per idle rule, due at the ticket's last activity + the rule's minutes. */
  async agendarOcio(ticketId: string): Promise<void> {
    const ticket = await this.contexto.ticket(ticketId, false);
    if (!ticket || ticket.status === 'resolvido' || ticket.status === 'fechado') return;
    const desde = ticket.ultimaAtividadeEm;
    // startAfter is on the job store's clock; the due instant is on ours (Relogio): convert the remaining time.
    const restanteBase = +desde - +this.relogio.agora();
    for (const regra of await this.automacoes.ativasDoGatilho('ticket_ocioso')) {
      const minutos = automacaoGatilhoConfigSchema.safeParse(regra.gatilhoConfig).data?.minutos;
      if (minutos === undefined) continue;
      const dados: VerificacaoDeOcio = { empresaId: ticket.empresaId, ticketId, automacaoId: regra.id, desde: desde.toISOString() };
      await this.enfileirarOcio(dados, new Date(Date.now() + Math.max(0, restanteBase + minutos * 60_000)));
    }
  }

  /** Keyed by ticket, rule and idle period: the `short` queue keeps one waiting job per key. */
  private async enfileirarOcio(dados: VerificacaoDeOcio, startAfter: Date): Promise<void> {
    await this.jobs.enviar('automacaoOciosa', dados, {
      singletonKey: `ocioso:${dados.ticketId}:${dados.automacaoId}:${dados.desde}`,
      startAfter,
      prioridade: 0,
    });
  }

  /** The idle job: still idle since `desde` and due by our clock → evaluate that rule once for this idle period. */
  async verificarOcio(dados: VerificacaoDeOcio): Promise<void> {
    await RequestContext.runForEmpresa(dados.empresaId, async () => {
      const regra = await this.automacoes.findById(dados.automacaoId);
      const minutos = regra ? automacaoGatilhoConfigSchema.safeParse(regra.gatilhoConfig).data?.minutos : undefined;
      if (!regra?.ativo || regra.gatilho !== 'ticket_ocioso' || minutos === undefined) return;
      const ticket = await this.contexto.ticket(dados.ticketId, false);
      if (!ticket || ticket.status === 'resolvido' || ticket.status === 'fechado') return;
      if (ticket.ultimaAtividadeEm.toISOString() !== dados.desde) return;
      const vence = Date.parse(dados.desde) + minutos * 60_000;
      const agora = +this.relogio.agora();
      if (agora < vence) {
        await this.enfileirarOcio(dados, new Date(Date.now() + (vence - agora)));
        return;
      }
      await this.avaliar({
        empresaId: dados.empresaId,
        ticketId: dados.ticketId,
        gatilho: 'ticket_ocioso',
        automacaoId: regra.id,
        cadeiaId: uuidDe(`ocioso:${dados.ticketId}:${regra.id}:${dados.desde}`),
      });
    });
  }

  // ------------------------------------------------------------------------------------------ evaluation

  /** The job: the trigger's rules in order, until one that ran says stop. */
  async avaliar(dados: AvaliacaoDeAutomacoes): Promise<void> {
    await RequestContext.runForEmpresa(dados.empresaId, async () => {
      let mensagemTexto: string | null = null;
      if (dados.gatilho === 'mensagem_recebida' && dados.mensagemId && !dados.qualquerGatilho) {
        const mensagem = await this.contexto.mensagemDoCliente(dados.mensagemId);
        // Ours, a note, or gone: not a mensagem received.
        if (!mensagem) return;
        mensagemTexto = mensagem.texto;
      }
      const regras = await this.regrasDoDisparo(dados);
      for (const regra of regras) {
        const parar = await CadeiaDeEventos.run(dados.cadeiaId, () => this.executarRegra(regra, dados, mensagemTexto));
        if (parar) break;
      }
    });
  }

  private async regrasDoDisparo(dados: AvaliacaoDeAutomacoes): Promise<Automacao[]> {
    if (!dados.automacaoId) return this.automacoes.ativasDoGatilho(dados.gatilho);
    const regra = await this.automacoes.findById(dados.automacaoId);
    if (!regra?.ativo || (!dados.qualquerGatilho && regra.gatilho !== dados.gatilho)) return [];
    return [regra];
  }

  /** One rule on one ticket, in one transaction; true when it ran and stops the chain. */
  private async executarRegra(regra: Automacao, dados: AvaliacaoDeAutomacoes, mensagemTexto: string | null): Promise<boolean> {
    const inicio = performance.now();
    const feitas: AutomacaoAcaoExecutada[] = [];
    const log = (resultado: 'executada' | 'condicoes_falsas' | 'ignorada_loop' | 'falhou', erro: string | null = null) =>
      this.execucoes.registrar({
        automacaoId: regra.id,
        ticketId: dados.ticketId,
        gatilho: dados.gatilho,
        cadeiaId: dados.cadeiaId,
        resultado,
        acoesExecutadas: feitas,
        erro,
        duracaoMs: Math.round(performance.now() - inicio),
      });
    // The action in progress when the rule fails (an object: it is written inside the transaction callback).
    const emCurso: { tipo: string | null } = { tipo: null };
    try {
      return await this.tx.run(async () => {
        const ticket = await this.contexto.ticket(dados.ticketId, true);
        if (!ticket) return false;
        if (await this.execucoes.jaExecutada(regra.id, ticket.id, dados.cadeiaId)) {
          await log('ignorada_loop');
          return false;
        }
        const condicoes = condicaoVazia(regra.condicoes) ? null : automacaoCondicaoSchema.parse(regra.condicoes);
        const acoes = acoesSchema.parse(regra.acoes);
        if (!this.gatilhoConfere(regra, ticket, dados) || (condicoes && !avaliarCondicao(condicoes, await this.contextoDe(condicoes, ticket, mensagemTexto)))) {
          await log('condicoes_falsas');
          return false;
        }
        for (const acao of acoes) {
          emCurso.tipo = acao.tipo;
          const detalhe = await this.executarAcao(acao, regra, ticket, dados);
          feitas.push({ tipo: acao.tipo, ok: true, ...(detalhe ? { detalhe } : {}) });
        }
        emCurso.tipo = null;
        await this.contexto.registrarExecucao(ticket.id, {
          automacaoId: regra.id,
          nome: regra.nome,
          gatilho: dados.gatilho,
          cadeiaId: dados.cadeiaId,
          acoes: feitas.map((f) => f.tipo),
        });
        await log('executada');
        return regra.pararAposExecutar;
      });
    } catch (error) {
      // Everything the rule did was rolled back with its transaction: the log says so.
      const erro = mensagemDeErro(error);
      for (const feita of feitas) {
        feita.ok = false;
        feita.detalhe = 'desfeita: a regra falhou';
      }
      if (emCurso.tipo) feitas.push({ tipo: emCurso.tipo, ok: false, detalhe: erro });
      this.logger.warn({ automacaoId: regra.id, ticketId: dados.ticketId, erro }, 'automação falhou');
      await this.tx.run(() => log('falhou', erro));
      return false;
    }
  }

  /** Trigger parameters checked against the ticket as it is now. */
  private gatilhoConfere(regra: Automacao, ticket: TicketDaAutomacao, dados: AvaliacaoDeAutomacoes): boolean {
    if (dados.qualquerGatilho) return true;
    const config = automacaoGatilhoConfigSchema.safeParse(regra.gatilhoConfig).data;
    if (regra.gatilho === 'status_alterado' && config?.paraStatus) return config.paraStatus.includes(ticket.status);
    return true;
  }

  private async contextoDe(
    condicoes: AutomacaoCondicao,
    ticket: TicketDaAutomacao,
    mensagemTexto: string | null,
  ): Promise<ContextoDaAvaliacao> {
    let dentro: boolean | null = null;
    if (usaCondicao(condicoes, 'horario_comercial')) {
      const aplicavel = await this.expedientes.calendarioAplicavel({ filaId: ticket.filaId });
      dentro = aplicavel ? dentroDoExpediente(aplicavel.calendario, this.relogio.agora()) : null;
    }
    const texto =
      mensagemTexto ?? (usaCondicao(condicoes, 'texto') ? await this.contexto.ultimoTextoDoCliente(ticket.id) : null);
    return {
      status: ticket.status,
      prioridade: ticket.prioridade,
      filaId: ticket.filaId,
      canalId: ticket.canalId,
      canalTipo: ticket.canalTipo,
      tagIds: ticket.tagIds,
      assunto: ticket.assunto,
      contatoNome: ticket.contatoNome,
      mensagemTexto: texto,
      intencao: ticket.intencao,
      sentimentoRotulo: ticket.sentimentoRotulo,
      dentroDoExpediente: dentro,
    };
  }

  // --------------------------------------------------------------------------------------------- actions

  /** Does one action; returns a short note for the run log (e.g. "sem mudança"). */
  private async executarAcao(
    acao: AutomacaoAcaoDto,
    regra: Automacao,
    ticket: TicketDaAutomacao,
    dados: AvaliacaoDeAutomacoes,
  ): Promise<string | undefined> {
    const motivo = `Automação "${regra.nome}"`;
    const autor = { usuarioId: null, ator: 'automacao' as const };
    switch (acao.tipo) {
      case 'adicionar_tag':
        await this.tags.adicionarAoTicket(ticket.id, acao.tagId, autor);
        return undefined;
      case 'remover_tag':
        await this.tags.removerDoTicket(ticket.id, acao.tagId, autor);
        return undefined;
      case 'definir_prioridade':
        return (await this.tickets.alterarPrioridadePeloSistema(ticket.id, acao.prioridade, motivo, 'automacao'))
          ? undefined
          : 'sem mudança';
      case 'atribuir_fila': {
        const atual = await this.contexto.ticket(ticket.id, false);
        if (atual?.filaId === acao.filaId) return 'sem mudança';
        if (!(await this.tickets.transferirParaFilaPeloSistema(ticket.id, acao.filaId, motivo, 'automacao'))) {
          throw new AcaoImpossivel(`ticket ${atual?.status ?? ''}: não pode mudar de fila`);
        }
        return undefined;
      }
      case 'atribuir_atendente': {
        const atual = await this.contexto.ticket(ticket.id, false);
        if (!atual || atual.status === 'resolvido' || atual.status === 'fechado') {
          throw new AcaoImpossivel(`ticket ${atual?.status ?? 'removido'}: não pode ser atribuído`);
        }
        if (atual.atendenteId === acao.atendenteId) return 'sem mudança';
        await this.tickets.atribuirPelaDistribuicao(ticket.id, acao.atendenteId, motivo, 'automacao');
        return undefined;
      }
      case 'enviar_template':
        return this.enviarTemplate(ticket, acao.templateId, acao.variaveis);
      case 'nota_interna': {
        if (!ticket.canalId) throw new AcaoImpossivel('ticket sem canal');
        const { mensagem } = await this.mensagens.salvarMensagem({
          ticketId: ticket.id,
          canalId: ticket.canalId,
          contatoId: ticket.contatoId,
          direcao: 'enviada',
          tipo: 'texto',
          privada: true,
          conteudo: acao.texto,
        });
        return `mensagem ${mensagem.id}`;
      }
      case 'resolver':
      case 'fechar':
        return (await this.tickets.encerrarPeloSistema(
          ticket.id,
          acao.tipo === 'resolver' ? 'resolvido' : 'fechado',
          acao.motivo ?? motivo,
          'automacao',
        ))
          ? undefined
          : 'sem mudança';
      case 'webhook': {
        const atual = (await this.contexto.ticket(ticket.id, false)) ?? ticket;
        const entregaId = randomUUID();
        const corpo = JSON.stringify({
          entregaId,
          evento: dados.gatilho,
          automacao: { id: regra.id, nome: regra.nome },
          cadeiaId: dados.cadeiaId,
          ticket: {
            id: atual.id,
            numero: atual.numero,
            status: atual.status,
            prioridade: atual.prioridade,
            filaId: atual.filaId,
            atendenteId: atual.atendenteId,
            canalId: atual.canalId,
            canalTipo: atual.canalTipo,
            contatoId: atual.contatoId,
            tagIds: atual.tagIds,
          },
          ...(dados.mensagemId ? { mensagemId: dados.mensagemId } : {}),
          enviadoEm: new Date().toISOString(),
        });
        await this.webhooks.enfileirar({ empresaId: dados.empresaId, automacaoId: regra.id, entregaId, url: acao.url, corpo });
        return `entrega ${entregaId}`;
      }
      case 'enviar_csat': {
        const mensagemId = await this.csat.enviarPesquisa(ticket.id);
        return mensagemId ? `mensagem ${mensagemId}` : 'nada a perguntar (não resolvido, já avaliado ou já perguntado)';
      }
    }
  }

  /** Through the normal outbound path: the canal's policy (reply window, templates), stored pendente, then the job. */
  private async enviarTemplate(
    ticket: TicketDaAutomacao,
    templateId: string,
    variaveis: Record<string, string> | undefined,
  ): Promise<string> {
    if (!ticket.canalId) throw new AcaoImpossivel('ticket sem canal');
    const entidade = await this.tickets.carregarVisivel(ticket.id, undefined, true);
    if (entidade.status === 'resolvido' || entidade.status === 'fechado') {
      throw new AcaoImpossivel(`ticket ${entidade.status}: não se responde ao cliente`);
    }
    const { texto, template } = await this.templates.renderizar({
      templateId,
      variaveis,
      contexto: {
        contatoNome: ticket.contatoNome,
        atendenteNome: null,
        ticketNumero: ticket.numero,
        empresaNome: await this.referencias.nomeDaEmpresa(),
      },
    });
    // A provider template (WhatsApp) goes as a template message; a local one is just text.
    const provedor = template.whatsappNome !== null;
    await this.politica.verificar({ ticket: entidade, tipo: provedor ? 'template' : 'texto', templateNome: template.whatsappNome });
    const { mensagem } = await this.mensagens.salvarMensagem({
      ticketId: ticket.id,
      canalId: ticket.canalId,
      contatoId: ticket.contatoId,
      direcao: 'enviada',
      tipo: provedor ? 'template' : 'texto',
      conteudo: texto,
      payload: provedor
        ? { template: { nome: template.whatsappNome, idioma: template.idioma, variaveis: variaveis ?? {} } }
        : { template: { id: template.id, nome: template.nome } },
      templateId: template.id,
      status: 'pendente',
    });
    await this.jobs.enviar('enviarMensagem', { empresaId: ticket.empresaId, mensagemId: mensagem.id }, { prioridade: 0 });
    return `mensagem ${mensagem.id}`;
  }
}
