import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { SlaMeta } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio, type EventoDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { TicketService } from '../tickets/ticket.service.js';
import { TICKET_PRIORIDADES, type TicketPrioridade } from '../tickets/ticket.entity.js';
import { ExpedienteService } from './expediente.service.js';
import { Relogio } from './relogio.js';
import type { SlaPolitica } from './sla-politica.entity.js';
import { SlaPoliticaRepository } from './sla-politica.repository.js';
import { type EventoDoTicket, type PrazoDeMeta, calcularPrazos, inicioDoCiclo } from './sla-prazos.js';
import { type TicketDoSla, SlaTicketRepository } from './sla-ticket.repository.js';

export type SlaNivel = 'alerta' | 'violado';

/** Data of a `sla.verificar` job: one instant of one meta of one ticket's current plan. */
export interface VerificacaoSla {
  empresaId: string;
  ticketId: string;
  meta: SlaMeta;
  nivel: SlaNivel;
  /** ISO instant the job is for; a re-planned clock makes an older job stale. */
  instante: string;
}

interface Plano {
  ticket: TicketDoSla;
  politica: SlaPolitica;
  prazos: PrazoDeMeta[];
  eventos: EventoDoTicket[];
}

function jaRegistrado(eventos: EventoDoTicket[], nivel: SlaNivel, prazo: PrazoDeMeta): boolean {
  const tipo = nivel === 'alerta' ? 'sla_alerta' : 'sla_violado';
  return eventos.some((e) => e.tipo === tipo && e.dados.meta === prazo.meta && e.dados.inicio === prazo.inicio.toISOString());
}

/** Metas breached in the current cycle (a later reply does not undo a breach; a reopening starts afresh). */
function violadasNoCiclo(eventos: EventoDoTicket[]): SlaMeta[] {
  const ciclo = inicioDoCiclo(eventos);
  const metas = new Set<SlaMeta>();
  for (const e of eventos) {
    if (e.tipo === 'sla_violado' && ciclo && typeof e.dados.inicio === 'string' && Date.parse(e.dados.inicio) >= +ciclo) {
      metas.add(e.dados.meta as SlaMeta);
    }
  }
  return [...metas];
}

function instanteDe(prazo: PrazoDeMeta, nivel: SlaNivel): Date | null {
  return nivel === 'alerta' ? prazo.alerta : prazo.prazo;
}

/**
 * The SLA clocks. Every ticket change re-plans the ticket from its event rows (idempotent): the due times are
 * written on the ticket and one durable job per warn-at and due instant is queued. A job whose instant no
 * longer matches the plan (reply, pause, resolution, reopening) does nothing.
 */
@Injectable()
export class SlaCronometroService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SlaCronometroService.name);
  private cancelarAssinatura?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobQueue,
    private readonly eventos: EventosDominio,
    private readonly relogio: Relogio,
    private readonly tickets: SlaTicketRepository,
    private readonly politicas: SlaPoliticaRepository,
    private readonly expedientes: ExpedienteService,
    private readonly ticketService: TicketService,
    private readonly realtime: RealtimeServidor,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelarAssinatura = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<VerificacaoSla>('verificarSla', (dados) => this.verificar(dados), { concorrencia: 1 });
  }

  onModuleDestroy(): void {
    this.cancelarAssinatura?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'ticket.criado' && evento.tipo !== 'ticket.atualizado') return;
    // Its own changes (flags, due times) are not ticket changes the clocks depend on.
    if (evento.tipo === 'ticket.atualizado' && evento.mudancas.every((m) => m === 'sla' || m === 'naoLidas')) return;
    await RequestContext.runForEmpresa(evento.empresaId, () => this.replanejar(evento.ticketId));
  }

  /** Recomputes a ticket's clocks, writes them on the ticket and queues their jobs. Safe to repeat. */
  async replanejar(ticketId: string): Promise<PrazoDeMeta[]> {
    return this.tx.run(async () => {
      const plano = await this.planejar(ticketId);
      if (!plano) return [];
      await this.gravar(plano);
      for (const prazo of plano.prazos) {
        for (const nivel of ['alerta', 'violado'] as const) {
          const instante = instanteDe(prazo, nivel);
          if (!instante || jaRegistrado(plano.eventos, nivel, prazo)) continue;
          await this.agendar(
            { empresaId: plano.ticket.empresaId, ticketId, meta: prazo.meta, nivel, instante: instante.toISOString() },
            instante,
          );
        }
      }
      return plano.prazos;
    });
  }

  /** The job: at warn-at emits `sla:alerta`; at the due time marks the breach and escalates. */
  async verificar(dados: VerificacaoSla): Promise<void> {
    await RequestContext.runForEmpresa(dados.empresaId, () =>
      this.tx.run(async () => {
        const plano = await this.planejar(dados.ticketId);
        const prazo = plano?.prazos.find((p) => p.meta === dados.meta);
        const instante = prazo ? instanteDe(prazo, dados.nivel) : null;
        if (!plano || !prazo || !instante || instante.toISOString() !== dados.instante) return;
        if (jaRegistrado(plano.eventos, dados.nivel, prazo)) return;
        const agora = this.relogio.agora();
        if (+agora < +instante) {
          // Early by the SLA clock (e.g. the job store's clock is ahead): try again when it is due.
          await this.agendar(dados, new Date(Date.now() + (+instante - +agora)));
          return;
        }
        const detalhes = {
          meta: prazo.meta,
          inicio: prazo.inicio.toISOString(),
          prazo: prazo.prazo?.toISOString() ?? null,
          slaPoliticaId: plano.politica.id,
        };
        await this.tickets.registrarEvento(
          plano.ticket.id,
          dados.nivel === 'alerta' ? 'sla_alerta' : 'sla_violado',
          instante,
          detalhes,
        );
        const mudancas = ['sla'];
        if (dados.nivel === 'violado') {
          plano.eventos.push({
            tipo: 'sla_violado',
            ator: 'sistema',
            deStatus: null,
            paraStatus: null,
            ocorridoEm: instante,
            dados: detalhes,
          });
          await this.gravar(plano);
          mudancas.push(...(await this.escalar(plano, prazo)));
        }
        const ticket = plano.ticket;
        this.tx.afterCommit(() => {
          const salas = [Salas.empresa(ticket.empresaId), ...(ticket.atendenteId ? [Salas.atendente(ticket.atendenteId)] : [])];
          this.realtime.emitir(salas, 'sla:alerta', {
            ticketId: ticket.id,
            numero: ticket.numero,
            tipo: prazo.meta,
            nivel: dados.nivel,
            prazo: (prazo.prazo ?? instante).toISOString(),
            filaId: ticket.filaId,
            atendenteId: ticket.atendenteId,
          });
        });
        // The automations engine listens for `sla` (sla_alerta/sla_violado triggers and the executar_automacao escalation).
        const automacaoId =
          dados.nivel === 'violado' && plano.politica.acaoViolacao === 'executar_automacao'
            ? plano.politica.acaoConfig.automacaoId
            : undefined;
        this.eventos.publicar({
          tipo: 'ticket.atualizado',
          empresaId: ticket.empresaId,
          ticketId: ticket.id,
          filaId: ticket.filaId,
          atendenteId: ticket.atendenteId,
          mudancas,
          sla: { nivel: dados.nivel, meta: prazo.meta, ...(automacaoId ? { automacaoId } : {}) },
        });
      }),
    );
  }

  private async planejar(ticketId: string): Promise<Plano | null> {
    const ticket = await this.tickets.carregarParaPlanejar(ticketId);
    if (!ticket) return null;
    const politica = ticket.removido ? null : await this.politicas.aplicavel(ticket);
    const eventos = await this.tickets.eventos(ticketId);
    if (!politica) {
      await this.tickets.limparPrazos(ticketId);
      return null;
    }
    const aplicavel = politica.apenasHorarioComercial
      ? await this.expedientes.calendarioAplicavel({ expedienteId: politica.expedienteId, filaId: ticket.filaId })
      : null;
    const segundos = (valor: number | null) => (valor === null ? null : valor * 1000);
    const prazos = calcularPrazos(
      eventos,
      ticket.status,
      {
        primeiraRespostaMs: segundos(politica.primeiraRespostaSegundos),
        proximaRespostaMs: segundos(politica.proximaRespostaSegundos),
        resolucaoMs: segundos(politica.resolucaoSegundos),
        alertaPercentual: politica.alertaPercentual,
      },
      aplicavel?.calendario ?? null,
    );
    return { ticket, politica, prazos, eventos };
  }

  private async gravar(plano: Plano): Promise<void> {
    const de = (meta: SlaMeta) => plano.prazos.find((p) => p.meta === meta)?.prazo ?? null;
    await this.tickets.gravarPrazos(plano.ticket.id, {
      slaPoliticaId: plano.politica.id,
      primeiraResposta: de('primeira_resposta'),
      proximaResposta: de('proxima_resposta'),
      resolucao: de('resolucao'),
      violadas: violadasNoCiclo(plano.eventos),
    });
  }

  private async agendar(dados: VerificacaoSla, quando: Date): Promise<void> {
    await this.jobs.enviar('verificarSla', dados, {
      singletonKey: `${dados.ticketId}:${dados.meta}:${dados.nivel}:${dados.instante}`,
      startAfter: quando,
    });
  }

  /** The policy's breach action; returns the ticket fields it changed. */
  private async escalar(plano: Plano, prazo: PrazoDeMeta): Promise<string[]> {
    const { politica, ticket } = plano;
    const motivo = `SLA de ${prazo.meta.replace('_', ' ')} violado (${politica.nome})`;
    switch (politica.acaoViolacao) {
      case 'aumentar_prioridade': {
        const atual = TICKET_PRIORIDADES.indexOf(ticket.prioridade);
        const alvo: TicketPrioridade =
          politica.acaoConfig.prioridade ?? TICKET_PRIORIDADES[Math.min(atual + 1, TICKET_PRIORIDADES.length - 1)];
        if (TICKET_PRIORIDADES.indexOf(alvo) <= atual) return [];
        await this.tickets.alterarPrioridade(ticket.id, alvo);
        await this.tickets.registrarEvento(ticket.id, 'prioridade_alterada', this.relogio.agora(), {
          de: ticket.prioridade,
          para: alvo,
          motivo,
        });
        return ['prioridade'];
      }
      case 'reatribuir_atendente': {
        const atendenteId = politica.acaoConfig.atendenteId;
        if (!atendenteId || atendenteId === ticket.atendenteId || !(await this.tickets.atendenteAtivo(atendenteId))) {
          this.logger.warn({ ticketId: ticket.id, atendenteId }, 'escalonamento de SLA sem atendente ativo: só notificado');
          return [];
        }
        await this.ticketService.atribuirPelaDistribuicao(ticket.id, atendenteId, motivo);
        return [];
      }
      case 'reatribuir_fila': {
        const filaId = politica.acaoConfig.filaId;
        if (!filaId || !(await this.tickets.filaAtiva(filaId))) {
          this.logger.warn({ ticketId: ticket.id, filaId }, 'escalonamento de SLA sem fila ativa: só notificado');
          return [];
        }
        await this.ticketService.transferirParaFilaPeloSistema(ticket.id, filaId, motivo);
        return [];
      }
      default:
        return [];
    }
  }
}
