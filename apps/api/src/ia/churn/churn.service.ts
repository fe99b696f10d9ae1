import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ContatoChurnDto, ListarRiscoChurnQuery, RiscoChurnPagina } from '@atende/shared';
import { decodificarCursor, paginar } from '../../common/keyset-cursor.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { IaConfigService } from '../ia-config.service.js';
import { IaException } from '../ia.exception.js';
import { calcularChurn, cruzouLimiar } from './churn-score.js';
import { ChurnRepository, type ContatoEmRisco } from './churn.repository.js';

/** Stored 0..1 → the 0..100 the API speaks. */
const paraPontos = (score: number) => Math.round(score * 100);

interface JobChurn {
  empresaId: string;
  ticketId: string;
}

/** Ticket changes that move a churn signal (sentiment, intent, status/reopening, waits, CSAT). */
const MUDANCAS_RELEVANTES = new Set(['sentimento', 'intencao', 'status', 'avaliacao', 'atendente', 'primeiraResposta']);

/**
 * Churn risk per contato (`atendimento_contatos.churn_*`): recomputed by the `ia.churn` job after a relevant
 * ticket event, from SQL signals over the last 30 days and a pure, explainable score. When a computation
 * crosses the empresa's `churnAlertaLimiar` upwards, supervisors and admins get `contato:churn`.
 */
@Injectable()
export class ChurnService implements OnModuleInit, OnModuleDestroy {
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly configs: IaConfigService,
    private readonly churn: ChurnRepository,
    private readonly realtime: RealtimeServidor,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<JobChurn>('iaChurn', (job) =>
      RequestContext.runForEmpresa(job.empresaId, async () => {
        const contatoId = await this.tx.run(() => this.churn.contatoDoTicket(job.ticketId));
        if (contatoId && (await this.configs.efetiva()).recursos.churn === true) await this.recalcular(contatoId);
      }),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    const relevante =
      evento.tipo === 'ticket.criado' ||
      (evento.tipo === 'ticket.atualizado' && evento.mudancas.some((m) => MUDANCAS_RELEVANTES.has(m)));
    if (!relevante) return;
    await this.jobs.enviar('iaChurn', { empresaId: evento.empresaId, ticketId: evento.ticketId } satisfies JobChurn, {
      singletonKey: evento.ticketId,
    });
  }

  /** Computes and stores the contato's score now; alerts when it crosses the threshold. */
  async recalcular(contatoId: string): Promise<ContatoChurnDto | null> {
    return this.tx.run(async () => {
      const contato = await this.churn.contato(contatoId, true);
      if (!contato) return null;
      const { score, motivos } = calcularChurn(await this.churn.sinais(contatoId));
      const em = new Date();
      await this.churn.gravar(contatoId, score, motivos, em);
      const limiar = Math.round((await this.churn.limiarDeAlerta()) * 100);
      const anterior = contato.churnScore === null ? null : Math.round(contato.churnScore * 100);
      if (cruzouLimiar(anterior, score, limiar)) {
        const empresaId = RequestContext.empresaId ?? '';
        this.tx.afterCommit(() =>
          this.realtime.emitir([Salas.empresa(empresaId)], 'contato:churn', {
            contatoId,
            nome: contato.nome,
            score,
            limiar,
            motivos: motivos.map((m) => m.descricao),
          }),
        );
      }
      return { score, motivos, calculadoEm: em.toISOString() };
    });
  }

  /**
   * GET /contatos/risco-churn: the stored scores at or above `minimo` (default the alert threshold), highest
   * first. Reads what the job stored; nothing is recomputed here.
   */
  async listarRisco(query: ListarRiscoChurnQuery): Promise<RiscoChurnPagina> {
    if ((await this.configs.efetiva()).recursos.churn !== true) throw IaException.recursoDesligado('churn');
    const apos = query.cursor ? decodificarCursor<[number, string]>(query.cursor, ['number', 'uuid']) : undefined;
    return this.tx.run(async () => {
      const minimo = query.minimo ?? paraPontos(await this.churn.limiarDeAlerta());
      const linhas = await this.churn.emRisco(minimo, query.limite + 1, apos ? { score: apos[0], id: apos[1] } : undefined);
      const pagina = paginar(
        linhas,
        query.limite,
        (linha: ContatoEmRisco) => [paraPontos(linha.churnScore), linha.id],
        (linha: ContatoEmRisco) => ({
          contatoId: linha.id,
          nome: linha.nome,
          score: paraPontos(linha.churnScore),
          motivos: linha.churnMotivos ?? [],
          calculadoEm: linha.churnCalculadoEm.toISOString(),
          ultimoTicket:
            linha.ticketId !== null && linha.ticketNumero !== null && linha.ticketStatus !== null
              ? { id: linha.ticketId, numero: linha.ticketNumero, status: linha.ticketStatus }
              : null,
        }),
      );
      return { ...pagina, minimo };
    });
  }

  /** GET /contatos/:id/churn: the stored score, computed on first read. */
  async obter(contatoId: string): Promise<ContatoChurnDto> {
    if ((await this.configs.efetiva()).recursos.churn !== true) throw IaException.recursoDesligado('churn');
    const contato = await this.tx.run(() => this.churn.contato(contatoId));
    if (!contato) throw IaException.contatoNaoEncontrado();
    if (contato.churnScore !== null && contato.churnCalculadoEm)
      return {
        score: Math.round(contato.churnScore * 100),
        motivos: contato.churnMotivos ?? [],
        calculadoEm: contato.churnCalculadoEm.toISOString(),
      };
    const calculado = await this.recalcular(contatoId);
    if (!calculado) throw IaException.contatoNaoEncontrado();
    return calculado;
  }
}
