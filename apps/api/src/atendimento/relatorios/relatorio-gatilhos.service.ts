import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { type RecalcularRelatoriosJob, RelatorioService } from './relatorio.service.js';

/**
 * A refresh waits this long before it runs: the activity of those seconds joins it (the queue keeps one queued
 * refresh per empresa), so a busy empresa refreshes every few seconds instead of after every mensagem.
 */
const ESPERA_DA_ATUALIZACAO_S = 5;

export interface AtualizarRelatoriosJob {
  empresaId: string;
}

/**
 * Keeps the aggregates fresh: any ticket change queues one `relatorios.atualizar` job per empresa, a few seconds
 * ahead (the queue's singleton key collapses the burst of those seconds into one refresh), which recomputes today
 * and yesterday from the events. Also runs the long recomputations requested through the API
 * (`relatorios.recalcular`).
 */
@Injectable()
export class RelatorioGatilhos implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RelatorioGatilhos.name);
  private cancelar?: () => void;

  constructor(
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly relatorios: RelatorioService,
  ) {}

  onModuleInit(): void {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.trabalhar<AtualizarRelatoriosJob>('atualizarRelatorios', (dados) =>
      RequestContext.runForEmpresa(dados.empresaId, async () => {
        await this.relatorios.atualizarRecentes(new Date());
      }),
    );
    // A failed step records the error on the recomputation (executarRecalculo) and the job is retried from the start.
    await this.jobs.trabalhar<RecalcularRelatoriosJob>('recalcularRelatorios', (dados) =>
      RequestContext.runForEmpresa(dados.empresaId, async () => {
        await this.relatorios.executarRecalculo(dados.recalculoId);
      }),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'ticket.criado' && evento.tipo !== 'ticket.atualizado') return;
    if (!evento.empresaId) return;
    try {
      await this.jobs.enviar<AtualizarRelatoriosJob>(
        'atualizarRelatorios',
        { empresaId: evento.empresaId },
        { singletonKey: evento.empresaId, startAfter: ESPERA_DA_ATUALIZACAO_S },
      );
    } catch (error) {
      this.logger.warn({ err: error, empresaId: evento.empresaId }, 'não foi possível agendar a atualização dos relatórios');
    }
  }
}
