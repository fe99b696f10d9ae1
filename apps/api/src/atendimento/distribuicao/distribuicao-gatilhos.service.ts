import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { DistribuicaoRepository } from './distribuicao.repository.js';
import { type DevolverOfflineJob, DistribuicaoService } from './distribuicao.service.js';

/** The safety net's period: wake-ups lost with a crashed process, presence changed over a socket. */
export const VARREDURA_DISTRIBUICAO_MS = 15_000;

// `bot`: the AI auto-reply handed the ticket to people, so it enters its fila's backlog now.
// 'workflow': a workflow ended (handoff or end) and released the ticket it held.
const MUDANCAS_QUE_DISTRIBUEM = new Set(['status', 'fila', 'atendente', 'removido', 'bot', 'workflow']);

/**
 * What starts distribution: domain events (a ticket entering a fila's backlog, an atendente freed by a
 * resolution, a transfer or a return), the durable offline-return job, and a periodic sweep for what the
 * in-memory events cannot guarantee.
 */
@Injectable()
export class DistribuicaoGatilhos implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DistribuicaoGatilhos.name);
  private cancelar?: () => void;
  private varredura?: NodeJS.Timeout;
  private varrendo = false;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly repositorio: DistribuicaoRepository,
    private readonly distribuicao: DistribuicaoService,
  ) {}

  onModuleInit(): void {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.trabalhar<DevolverOfflineJob>('devolverTicketsOffline', (dados) =>
      RequestContext.runForEmpresa(dados.empresaId, async () => {
        await this.distribuicao.devolverTicketsOffline(dados.atendenteId);
      }),
    );
    if (!this.config.runsWorkers) return;
    this.varredura = setInterval(() => void this.varrer(), VARREDURA_DISTRIBUICAO_MS);
    this.varredura.unref();
  }

  onModuleDestroy(): void {
    this.cancelar?.();
    if (this.varredura) clearInterval(this.varredura);
  }

  private aoEvento(evento: EventoDominio): void {
    if (evento.tipo === 'ticket.criado') {
      if (evento.filaId) this.distribuicao.distribuirFila(evento.empresaId, evento.filaId, evento.ticketId);
      return;
    }
    if (evento.tipo !== 'ticket.atualizado' || !evento.mudancas.some((m) => MUDANCAS_QUE_DISTRIBUEM.has(m))) return;
    if (evento.filaId && !evento.atendenteId) {
      const entrou = evento.mudancas.includes('status') || evento.mudancas.includes('fila') || evento.mudancas.includes('bot');
      this.distribuicao.distribuirFila(evento.empresaId, evento.filaId, entrou ? evento.ticketId : undefined);
    }
    // The previous holder (transfer, return to the fila) or the holder itself (resolved, removed) may have room
    // now. A new holder (an assignment, ours included) has less room: nothing to do for it.
    if (evento.atendenteAnteriorId) this.distribuicao.distribuirParaAtendente(evento.empresaId, evento.atendenteAnteriorId);
    const mesmoDono = evento.atendenteAnteriorId === undefined;
    if (evento.atendenteId && mesmoDono && (evento.mudancas.includes('status') || evento.mudancas.includes('removido')))
      this.distribuicao.distribuirParaAtendente(evento.empresaId, evento.atendenteId);
  }

  private async varrer(): Promise<void> {
    if (this.varrendo) return;
    this.varrendo = true;
    try {
      for (const { empresaId, id } of await this.tx.run(() => this.repositorio.atendentesOfflineComTicketsDeTodasEmpresas()))
        await RequestContext.runForEmpresa(empresaId, () => this.distribuicao.devolverTicketsOffline(id));
      for (const { empresaId, id } of await this.tx.run(() => this.repositorio.filasComEsperaDeTodasEmpresas()))
        this.distribuicao.distribuirFila(empresaId, id);
    } catch (error) {
      this.logger.warn({ err: error }, 'falha na varredura da distribuição');
    } finally {
      this.varrendo = false;
    }
  }
}
