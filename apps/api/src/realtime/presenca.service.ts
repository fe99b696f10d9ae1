import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AtendenteStatusDto, Presenca } from '@atende/shared';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost } from '../database/transaction-host.js';
import { PRESENCA_STORE, type PresencaStore } from './presenca-store.js';
import { type MudancaDePresenca, PresencaRepository } from './presenca.repository.js';
import { RealtimeServidor } from './realtime-servidor.js';
import { Salas } from './salas.js';
import { DistribuicaoService } from '../atendimento/distribuicao/distribuicao.service.js';

/** How often Redis entries are refreshed and stale presences are swept. */
export const PULSO_PRESENCA_MS = 10_000;
/** A Redis entry of an instance that stops pulsing (crash) counts as connected for this long. */
export const VALIDADE_PRESENCA_MS = 3 * PULSO_PRESENCA_MS;

type Decisao = (atual: AtendenteStatusDto) => Promise<AtendenteStatusDto | null> | AtendenteStatusDto | null;

/**
 * Presence of atendentes, stored in `atendimento_atendentes.status` (+ a history row per change) so distribution
 * and the REST API read it from the database:
 * - the first socket of an offline atendente makes it online (an ausente atendente stays ausente);
 * - `presenca {status}` switches between online and ausente;
 * - ATENDE_PRESENCE_GRACE after its last socket closed (every tab, every device, every instance), it goes
 *   offline. A timer on the instance where that socket closed handles the usual case; a periodic sweep covers
 *   instances that died and restarts (an atendente nobody has seen since boot gets the grace from boot).
 * Every change is decided under the atendente's row lock, after reading the socket counts, so a connection on
 * another instance racing with the grace timer either sees the offline or is seen by it.
 */
@Injectable()
export class PresencaService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PresencaService.name);
  private readonly carencias = new Map<string, NodeJS.Timeout>();
  private pulso?: NodeJS.Timeout;
  private encerrando = false;
  private readonly inicio = Date.now();

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly presencas: PresencaRepository,
    private readonly servidor: RealtimeServidor,
    @Inject(PRESENCA_STORE) private readonly store: PresencaStore,
    private readonly distribuicao: DistribuicaoService,
  ) {}

  private get carenciaMs(): number {
    return this.config.values.ATENDE_PRESENCE_GRACE;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsHttp) return;
    this.pulso = setInterval(() => void this.pulsar(), PULSO_PRESENCA_MS);
    this.pulso.unref();
  }

  onModuleDestroy(): void {
    this.encerrando = true;
    if (this.pulso) clearInterval(this.pulso);
    for (const timer of this.carencias.values()) clearTimeout(timer);
    this.carencias.clear();
  }

  /** Shutdown, after this instance's sockets were disconnected: the other instances take over. */
  async encerrar(): Promise<void> {
    await this.store
      .encerrar()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'falha ao liberar presença no encerramento'));
  }

  async conectou(empresaId: string, atendenteId: string): Promise<void> {
    this.cancelarCarencia(atendenteId);
    await this.store.conectou(atendenteId);
    // A grace timer deciding "offline" (here or on another instance) holds the row lock while it reads the
    // counts; this update waits for it, so this socket is either counted there or sees the offline and undoes it.
    const mudanca = await RequestContext.runForEmpresa(empresaId, () => this.presencas.ficarOnlineSeOffline(atendenteId));
    if (mudanca) this.anunciar(empresaId, mudanca);
  }

  async desconectou(empresaId: string, atendenteId: string): Promise<void> {
    await this.store.desconectou(atendenteId);
    if (this.encerrando) return;
    const estado = await this.store.estado(atendenteId);
    if (!estado.conectado) this.agendarCarencia(empresaId, atendenteId, this.carenciaMs);
  }

  /** `presenca {status}` from one of the atendente's sockets. */
  async definir(empresaId: string, atendenteId: string, status: Presenca['status']): Promise<void> {
    await this.mudar(empresaId, atendenteId, () => status);
  }

  /** Offline once no socket is left anywhere and the grace period since the last one has passed. */
  async verificarOffline(empresaId: string, atendenteId: string): Promise<void> {
    let faltaMs = 0;
    await this.mudar(empresaId, atendenteId, async (atual) => {
      if (atual === 'offline') return null;
      const estado = await this.store.estado(atendenteId);
      if (estado.conectado) return null;
      faltaMs = (estado.fimEm ?? this.inicio) + this.carenciaMs - Date.now();
      return faltaMs > 0 ? null : 'offline';
    });
    if (faltaMs > 0) this.agendarCarencia(empresaId, atendenteId, faltaMs);
  }

  private agendarCarencia(empresaId: string, atendenteId: string, ms: number): void {
    if (this.encerrando) return;
    this.cancelarCarencia(atendenteId);
    const timer = setTimeout(() => {
      this.carencias.delete(atendenteId);
      this.verificarOffline(empresaId, atendenteId).catch((error: unknown) =>
        this.logger.error({ err: error, atendenteId }, 'falha ao marcar atendente offline'),
      );
    }, ms);
    timer.unref();
    this.carencias.set(atendenteId, timer);
  }

  private cancelarCarencia(atendenteId: string): void {
    const timer = this.carencias.get(atendenteId);
    if (timer) clearTimeout(timer);
    this.carencias.delete(atendenteId);
  }

  private async pulsar(): Promise<void> {
    try {
      await this.store.pulsar();
      const presentes = await this.tx.run(() => this.presencas.listarNaoOfflineDeTodasEmpresas());
      for (const { id, empresaId } of presentes) {
        if (this.encerrando) return;
        if (this.carencias.has(id)) continue;
        // Cheap check first: most of them are connected and need no transaction.
        const estado = await this.store.estado(id);
        if (estado.conectado) continue;
        const faltaMs = (estado.fimEm ?? this.inicio) + this.carenciaMs - Date.now();
        if (faltaMs > 0) this.agendarCarencia(empresaId, id, faltaMs);
        else await this.verificarOffline(empresaId, id);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'falha na varredura de presença');
    }
  }

  /** Decides and applies a status change under the row lock; emits `atendente:status` after the commit. */
  private async mudar(empresaId: string, atendenteId: string, decidir: Decisao): Promise<void> {
    const mudanca = await RequestContext.runForEmpresa(empresaId, () =>
      this.tx.run(async (): Promise<MudancaDePresenca | null> => {
        const atendente = await this.presencas.findParaMudarStatus(atendenteId);
        if (!atendente) return null;
        const status = await decidir(atendente.status);
        if (status === null || status === atendente.status) return null;
        const em = await this.presencas.registrarStatus(atendente, status);
        const filaIds = await this.presencas.listarFilaIds(atendente.id);
        return {
          atendenteId: atendente.id,
          usuarioId: atendente.usuarioId,
          nome: atendente.nome,
          deStatus: atendente.status,
          status,
          em,
          filaIds,
        };
      }),
    );
    if (mudanca) this.anunciar(empresaId, mudanca);
  }

  private anunciar(empresaId: string, mudanca: MudancaDePresenca): void {
    // An atendente who just became available picks up the oldest waiting tickets at once, not on the next sweep.
    if (mudanca.status === 'online') this.distribuicao.distribuirParaAtendente(empresaId, mudanca.atendenteId);
    this.servidor.emitir(
      [Salas.empresa(empresaId), Salas.atendente(mudanca.atendenteId), ...mudanca.filaIds.map(Salas.fila)],
      'atendente:status',
      {
        atendenteId: mudanca.atendenteId,
        usuarioId: mudanca.usuarioId,
        nome: mudanca.nome,
        status: mudanca.status,
        deStatus: mudanca.deStatus,
        em: mudanca.em.toISOString(),
      },
    );
  }
}
