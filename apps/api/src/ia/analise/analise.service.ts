import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { TicketFlags } from '../../atendimento/tickets/ticket.entity.js';
import { IaConfigService } from '../ia-config.service.js';
import { IaExecutor, type ResultadoIa } from '../ia-executor.service.js';
import { LIMIAR_MUITO_NEGATIVO, LIMIAR_NEGATIVO, LIMIAR_POSITIVO } from '../local/sentimento-local.js';
import {
  type IntencaoSaida,
  type SentimentoSaida,
  TAREFA_CLASSIFICACAO,
  TAREFA_INTENCAO,
  TAREFA_SENTIMENTO,
} from '../tarefas.js';
import { type AnaliseDoTicket, IaLeituraRepository } from './ia-leitura.repository.js';
import { SentimentoRepository } from './sentimento.repository.js';

interface JobMensagem {
  empresaId: string;
  mensagemId: string;
}

interface JobTicket {
  empresaId: string;
  ticketId: string;
}

/** Recency-weighted mean of the last mensagens: the ticket's mood is how the customer feels now. */
export function sentimentoAgregado(scoresRecentesPrimeiro: number[]): number {
  let soma = 0;
  let pesos = 0;
  scoresRecentesPrimeiro.forEach((score, i) => {
    const peso = 0.7 ** i;
    soma += score * peso;
    pesos += peso;
  });
  return pesos === 0 ? 0 : Math.round((soma / pesos) * 1000) / 1000;
}

const rotuloDe = (score: number) => (score >= LIMIAR_POSITIVO ? 'positivo' : score <= LIMIAR_NEGATIVO ? 'negativo' : 'neutro');

/**
 * Sentiment and intent of every customer mensagem, and classification of new tickets. Triggered by domain
 * events (after commit) and run as jobs, so the inbound pipeline never waits for a model. Results go to
 * atendimento_sentimento and the ticket's AI columns, and a `ticket.atualizado` tells the agents' screens; a
 * strongly negative turn sets the `sentimentoNegativo` flag for supervisors.
 */
@Injectable()
export class AnaliseService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AnaliseService.name);
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly leitura: IaLeituraRepository,
    private readonly sentimentos: SentimentoRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<JobMensagem>('iaAnalisarMensagem', (job) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.analisarMensagem(job.mensagemId)),
    );
    await this.jobs.trabalhar<JobTicket>('iaClassificarTicket', (job) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.classificarTicket(job.ticketId)),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo === 'mensagem.criada') {
      await RequestContext.runForEmpresa(evento.empresaId, async () => {
        const mensagem = await this.leitura.mensagemParaAnalise(evento.mensagemId);
        if (!mensagem || mensagem.direcao !== 'recebida' || mensagem.privada || !mensagem.texto) return;
        await this.jobs.enviar(
          'iaAnalisarMensagem',
          { empresaId: evento.empresaId, mensagemId: evento.mensagemId },
          { singletonKey: evento.mensagemId },
        );
      });
    } else if (evento.tipo === 'ticket.criado') {
      await this.jobs.enviar(
        'iaClassificarTicket',
        { empresaId: evento.empresaId, ticketId: evento.ticketId },
        { singletonKey: evento.ticketId },
      );
    }
  }

  async analisarMensagem(mensagemId: string): Promise<void> {
    const mensagem = await this.leitura.mensagemParaAnalise(mensagemId);
    if (!mensagem?.texto || mensagem.direcao !== 'recebida' || mensagem.privada) return;
    const cfg = await this.configs.efetiva();
    const ref = { ticketId: mensagem.ticketId, mensagemId };
    // The model calls happen before the transaction: no row stays locked while a provider is slow.
    const sentimento = cfg.recursos.sentimento
      ? await this.executor.executar(TAREFA_SENTIMENTO, { texto: mensagem.texto }, ref, cfg)
      : null;
    const intencao = cfg.recursos.intencao
      ? await this.executor.executar(TAREFA_INTENCAO, { texto: mensagem.texto, intencoes: cfg.intencoes }, ref, cfg)
      : null;
    if (!sentimento && !intencao) return;

    await this.tx.run(async () => {
      const ticket = await this.leitura.ticketParaAtualizar(mensagem.ticketId);
      if (!ticket) return;
      const analise: AnaliseDoTicket = {};
      const mudancas: string[] = [];
      if (sentimento)
        await this.gravarSentimento(
          mensagem.ticketId,
          mensagem.contatoId,
          mensagemId,
          sentimento,
          ticket.flags,
          analise,
          mudancas,
        );
      if (intencao)
        this.aplicarIntencao(
          intencao,
          cfg.intencoes.map((i) => i.nome),
          analise,
          mudancas,
        );
      if (mudancas.length === 0) return;
      await this.leitura.gravarAnalise(ticket.id, analise);
      this.eventos.publicar({
        tipo: 'ticket.atualizado',
        empresaId: RequestContext.empresaId ?? '',
        ticketId: ticket.id,
        filaId: ticket.filaId,
        atendenteId: ticket.atendenteId,
        mudancas,
      });
    });
  }

  private async gravarSentimento(
    ticketId: string,
    contatoId: string | null,
    mensagemId: string,
    resultado: ResultadoIa<SentimentoSaida>,
    flags: TicketFlags,
    analise: AnaliseDoTicket,
    mudancas: string[],
  ): Promise<void> {
    const s = resultado.saida;
    const comum = { ticketId, contatoId, provedor: resultado.provedor, modelo: resultado.modelo };
    await this.sentimentos.gravar({ ...comum, mensagemId, score: s.score, rotulo: s.rotulo, confianca: s.confianca });
    const score = sentimentoAgregado(await this.sentimentos.ultimosScores(ticketId, 10));
    const rotulo = rotuloDe(score);
    await this.sentimentos.gravar({ ...comum, mensagemId: null, score, rotulo, confianca: null });
    analise.sentimentoScore = score;
    analise.sentimentoRotulo = rotulo;
    mudancas.push('sentimento');
    if (s.score <= LIMIAR_MUITO_NEGATIVO && flags.sentimentoNegativo !== true) {
      analise.flags = { ...analise.flags, sentimentoNegativo: true, sentimentoNegativoMensagemId: mensagemId };
      mudancas.push('sentimentoNegativo');
    }
  }

  private aplicarIntencao(
    resultado: ResultadoIa<IntencaoSaida>,
    conhecidas: string[],
    analise: AnaliseDoTicket,
    mudancas: string[],
  ): void {
    const nome = resultado.saida.intencao;
    // An LLM may answer an intent outside the empresa's list: that is no intent.
    if (!nome || !conhecidas.includes(nome)) return;
    analise.intencao = nome;
    mudancas.push('intencao');
  }

  async classificarTicket(ticketId: string): Promise<void> {
    const cfg = await this.configs.efetiva();
    if (!cfg.recursos.classificacao) return;
    const textos = await this.leitura.primeirosTextosDoCliente(ticketId, 3);
    if (textos.length === 0) return;
    const [filas, tags] = [await this.leitura.filasAtivas(), await this.leitura.nomesDeTags()];
    const resultado = await this.executor.executar(
      TAREFA_CLASSIFICACAO,
      { texto: textos.join('\n'), intencoes: cfg.intencoes, filas, tags },
      { ticketId },
      cfg,
    );
    const c = resultado.saida;
    const filaSugerida = c.filaId && filas.some((f) => f.id === c.filaId) ? c.filaId : null;
    const tagsSugeridas = c.tags.filter((tag) => tags.includes(tag));
    await this.tx.run(async () => {
      const ticket = await this.leitura.ticketParaAtualizar(ticketId);
      if (!ticket) return;
      // Suggestions for the agent and for routing; the ticket's fila, priority and tags change only by people or rules.
      const flags: TicketFlags = { iaPrioridadeSugerida: c.prioridade };
      if (filaSugerida) flags.iaFilaSugeridaId = filaSugerida;
      if (tagsSugeridas.length > 0) flags.iaTagsSugeridas = tagsSugeridas.join(',');
      await this.leitura.gravarAnalise(ticketId, { ...(c.categoria ? { categoria: c.categoria } : {}), flags });
      this.eventos.publicar({
        tipo: 'ticket.atualizado',
        empresaId: RequestContext.empresaId ?? '',
        ticketId,
        filaId: ticket.filaId,
        atendenteId: ticket.atendenteId,
        mudancas: ['classificacao'],
      });
    });
    this.logger.debug({ ticketId, categoria: c.categoria, provedor: resultado.provedor }, 'ticket classificado');
  }
}
