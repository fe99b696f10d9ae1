import type { CalendarioComercial, Janela } from '../sla/horario-comercial.js';
import { tempoSlaEntre } from '../sla/sla-prazos.js';
import type { MetricaDimensao } from './metrica.entity.js';

/** One ticket event row, as the calculator needs it (ordered by ticket, ocorrido_em, id). */
export interface EventoParaMetrica {
  ticketId: string;
  tipo: string;
  ator: string;
  usuarioId: string | null;
  deStatus: string | null;
  paraStatus: string | null;
  paraAtendenteId: string | null;
  paraFilaId: string | null;
  dados: Record<string, unknown>;
  ocorridoEm: Date;
}

/** Names of the aggregated metrics (docs/relatorios.md defines each one). */
export const METRICAS = {
  recebidos: 'tickets_recebidos',
  resolvidos: 'tickets_resolvidos',
  reabertos: 'tickets_reabertos',
  primeiraResposta: 'tempo_primeira_resposta',
  proximaResposta: 'tempo_proxima_resposta',
  resolucao: 'tempo_resolucao',
  esperaNaFila: 'tempo_espera_fila',
  csat: 'csat',
  csatSatisfeitos: 'csat_satisfeitos',
  csatSolicitadas: 'csat_solicitadas',
  slaResolucoesViolidas: 'resolucoes_sla_violado',
  primeiraRespostaComercial: 'tempo_primeira_resposta_comercial',
  proximaRespostaComercial: 'tempo_proxima_resposta_comercial',
  resolucaoComercial: 'tempo_resolucao_comercial',
  esperaNaFilaComercial: 'tempo_espera_fila_comercial',
} as const;
export type NomeMetrica = (typeof METRICAS)[keyof typeof METRICAS];

/** `csat_nota_1` … `csat_nota_5`: the score distribution. */
export function metricaNotaCsat(nota: number): string {
  return `csat_nota_${nota}`;
}

export interface AgregadoMetrica {
  dia: string;
  dimensao: MetricaDimensao;
  dimensaoId: string;
  metrica: string;
  contagem: number;
  soma: number;
  minimo: number | null;
  maximo: number | null;
}

export interface ContextoCalculo {
  empresaId: string;
  fusoHorario: string;
  /** usuario → atendente, to credit a reply given before the ticket was assigned. */
  atendentePorUsuario: ReadonlyMap<string, string>;
  /**
   * The business calendar (expediente versions + holidays) that applies to a ticket in this fila (null: no
   * fila), or null when no expediente applies: then no `*_comercial` sample is produced.
   */
  calendarioDaFila?: (filaId: string | null) => CalendarioComercial | null;
}

const STATUS_FINAIS = new Set(['resolvido', 'fechado']);

/** `YYYY-MM-DD` of an instant in a time zone. */
export function diaNoFuso(instante: Date, fusoHorario: string): string {
  return formatadorDoFuso(fusoHorario).format(instante);
}

const formatadores = new Map<string, Intl.DateTimeFormat>();
function formatadorDoFuso(fusoHorario: string): Intl.DateTimeFormat {
  let formatador = formatadores.get(fusoHorario);
  if (!formatador) {
    // en-CA formats as YYYY-MM-DD.
    formatador = new Intl.DateTimeFormat('en-CA', { timeZone: fusoHorario, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatadores.set(fusoHorario, formatador);
  }
  return formatador;
}

interface EstadoTicket {
  filaId: string | null;
  atendenteId: string | null;
  canalId: string | null;
  status: string | null;
  /** Start of the current cycle: creation or the last reopening. */
  inicioCiclo: Date | null;
  /** Set while the first human reply of the cycle is awaited (creation, reopening or bot handoff). */
  aguardandoPrimeiraDesde: Date | null;
  /** A customer turn waiting for the next human reply (after the first one). */
  clienteEsperaDesde: Date | null;
  /** Entered the fila's backlog and not yet taken by an atendente. */
  naFilaDesde: Date | null;
  slaVioladoNoCiclo: boolean;
  /** Pendente intervals of the current cycle (closed ones), and the open one: business time skips them. */
  pausas: Janela[];
  pendenteDesde: Date | null;
}

/**
 * Turns ticket event rows into daily aggregates per empresa, fila, atendente and canal. Pure: the same rows
 * always give the same figures, so the aggregates can be rebuilt from the events at any time. A duration is
 * credited to the day (in the empresa's time zone) of the event that ends it; the dimensions are the ticket's
 * fila/atendente/canal at that moment.
 */
export class CalculadoraMetricas {
  private readonly agregados = new Map<string, AgregadoMetrica>();
  private readonly estados = new Map<string, EstadoTicket>();

  constructor(private readonly contexto: ContextoCalculo) {}

  /** Feeds rows in (ticket, ocorrido_em, id) order; a ticket's rows may not be interleaved out of time order. */
  processar(eventos: Iterable<EventoParaMetrica>): this {
    for (const evento of eventos) this.aplicar(evento);
    return this;
  }

  /** Drops the per-ticket state (the aggregates stay): for batches that hold whole ticket histories. */
  esquecerTickets(): this {
    this.estados.clear();
    return this;
  }

  resultado(): AgregadoMetrica[] {
    return [...this.agregados.values()].sort(
      (a, b) =>
        a.dia.localeCompare(b.dia) ||
        a.dimensao.localeCompare(b.dimensao) ||
        a.dimensaoId.localeCompare(b.dimensaoId) ||
        a.metrica.localeCompare(b.metrica),
    );
  }

  private estado(ticketId: string): EstadoTicket {
    let estado = this.estados.get(ticketId);
    if (!estado) {
      estado = {
        filaId: null,
        atendenteId: null,
        canalId: null,
        status: null,
        inicioCiclo: null,
        aguardandoPrimeiraDesde: null,
        clienteEsperaDesde: null,
        naFilaDesde: null,
        slaVioladoNoCiclo: false,
        pausas: [],
        pendenteDesde: null,
      };
      this.estados.set(ticketId, estado);
    }
    return estado;
  }

  private aplicar(e: EventoParaMetrica): void {
    const s = this.estado(e.ticketId);
    const t = e.ocorridoEm;
    switch (e.tipo) {
      case 'criado': {
        s.filaId = e.paraFilaId;
        s.canalId = typeof e.dados.canalId === 'string' ? e.dados.canalId : null;
        s.status = e.paraStatus ?? 'aberto';
        s.inicioCiclo = t;
        s.aguardandoPrimeiraDesde = t;
        s.clienteEsperaDesde = null;
        s.slaVioladoNoCiclo = false;
        s.pausas = [];
        s.pendenteDesde = s.status === 'pendente' ? t : null;
        this.contar(s, t, METRICAS.recebidos, null);
        break;
      }
      case 'fila_entrada':
        s.filaId = e.paraFilaId;
        if (!s.atendenteId && !STATUS_FINAIS.has(s.status ?? '')) s.naFilaDesde ??= t;
        break;
      case 'transferido':
        if (e.paraFilaId) s.filaId = e.paraFilaId;
        if (e.paraAtendenteId) s.atendenteId = e.paraAtendenteId;
        break;
      case 'atribuido':
        s.atendenteId = e.paraAtendenteId;
        if (e.paraFilaId) s.filaId = e.paraFilaId;
        if (s.naFilaDesde) {
          this.duracao(s, t, METRICAS.esperaNaFila, METRICAS.esperaNaFilaComercial, s.naFilaDesde);
          s.naFilaDesde = null;
        }
        break;
      case 'desatribuido':
        s.atendenteId = null;
        break;
      case 'bot_handoff':
        // The customer starts waiting for a human only now: bot time is not agent response time.
        s.aguardandoPrimeiraDesde = t;
        s.clienteEsperaDesde = null;
        break;
      case 'mensagem_recebida':
        if (!s.aguardandoPrimeiraDesde) s.clienteEsperaDesde ??= t;
        break;
      case 'mensagem_enviada':
        if (e.ator === 'usuario') this.respostaHumana(s, e, t);
        break;
      case 'status_alterado':
        this.mudancaDeStatus(s, e, t);
        break;
      case 'sla_violado':
        s.slaVioladoNoCiclo = true;
        break;
      case 'avaliacao_solicitada':
        this.contar(s, t, METRICAS.csatSolicitadas, null);
        break;
      case 'avaliado': {
        const nota = typeof e.dados.nota === 'number' ? e.dados.nota : Number(e.dados.nota);
        if (!Number.isInteger(nota) || nota < 1 || nota > 5) break;
        this.contar(s, t, METRICAS.csat, nota);
        this.contar(s, t, metricaNotaCsat(nota), null);
        if (nota >= 4) this.contar(s, t, METRICAS.csatSatisfeitos, null);
        break;
      }
      default:
        break;
    }
  }

  private respostaHumana(s: EstadoTicket, e: EventoParaMetrica, t: Date): void {
    const atendenteId = s.atendenteId ?? (e.usuarioId ? (this.contexto.atendentePorUsuario.get(e.usuarioId) ?? null) : null);
    if (s.aguardandoPrimeiraDesde) {
      this.duracao(s, t, METRICAS.primeiraResposta, METRICAS.primeiraRespostaComercial, s.aguardandoPrimeiraDesde, atendenteId);
      s.aguardandoPrimeiraDesde = null;
      s.clienteEsperaDesde = null;
    } else if (s.clienteEsperaDesde) {
      this.duracao(s, t, METRICAS.proximaResposta, METRICAS.proximaRespostaComercial, s.clienteEsperaDesde, atendenteId);
      s.clienteEsperaDesde = null;
    }
  }

  private mudancaDeStatus(s: EstadoTicket, e: EventoParaMetrica, t: Date): void {
    const de = e.deStatus ?? s.status;
    const para = e.paraStatus;
    // Leaving pendente closes a pause before anything this change ends is measured.
    if (para !== 'pendente' && s.pendenteDesde) {
      if (+t > +s.pendenteDesde) s.pausas.push({ inicio: +s.pendenteDesde, fim: +t });
      s.pendenteDesde = null;
    }
    if (para === 'resolvido' || (para === 'fechado' && de !== 'resolvido')) {
      // Each resolution counts from the start of its own cycle, so earlier cycles never inflate it.
      this.contar(s, t, METRICAS.resolvidos, null);
      if (s.inicioCiclo) this.duracao(s, t, METRICAS.resolucao, METRICAS.resolucaoComercial, s.inicioCiclo);
      if (s.slaVioladoNoCiclo) this.contar(s, t, METRICAS.slaResolucoesViolidas, null);
      s.aguardandoPrimeiraDesde = null;
      s.clienteEsperaDesde = null;
      s.naFilaDesde = null;
    } else if (STATUS_FINAIS.has(de ?? '') && (para === 'aberto' || para === 'em_atendimento')) {
      this.contar(s, t, METRICAS.reabertos, null);
      s.inicioCiclo = t;
      s.aguardandoPrimeiraDesde = t;
      s.clienteEsperaDesde = null;
      s.slaVioladoNoCiclo = false;
      s.pausas = [];
      if (e.paraAtendenteId) s.atendenteId = e.paraAtendenteId;
    }
    if (para === 'pendente') s.pendenteDesde ??= t;
    if (para === 'aberto' && !s.atendenteId) s.naFilaDesde ??= t;
    if (para === 'em_atendimento' && e.paraAtendenteId) s.atendenteId = e.paraAtendenteId;
    if (para) s.status = para;
  }

  /**
   * A duration sample ending at `t`: calendar seconds, and the business-hours variant (time inside the
   * expediente windows in force at each instant, pendente excluded) when an expediente applies.
   */
  private duracao(
    s: EstadoTicket,
    t: Date,
    metrica: string,
    metricaComercial: string,
    desde: Date,
    atendenteId = s.atendenteId,
  ): void {
    this.contar(s, t, metrica, segundos(desde, t), atendenteId);
    const calendario = this.calendario(s.filaId);
    if (!calendario) return;
    const pausas = s.pendenteDesde ? [...s.pausas, { inicio: +s.pendenteDesde, fim: +t }] : s.pausas;
    this.contar(s, t, metricaComercial, tempoSlaEntre(calendario, pausas, +desde, +t) / 1000, atendenteId);
  }

  private calendario(filaId: string | null): CalendarioComercial | null {
    return this.contexto.calendarioDaFila?.(filaId) ?? null;
  }

  /** Adds one sample (a duration in seconds, or null for a plain count) to every dimension of the ticket. */
  private contar(s: EstadoTicket, t: Date, metrica: string, valor: number | null, atendenteId = s.atendenteId): void {
    const dia = diaNoFuso(t, this.contexto.fusoHorario);
    this.somar(dia, 'empresa', this.contexto.empresaId, metrica, valor);
    if (s.filaId) this.somar(dia, 'fila', s.filaId, metrica, valor);
    if (atendenteId) this.somar(dia, 'atendente', atendenteId, metrica, valor);
    if (s.canalId) this.somar(dia, 'canal', s.canalId, metrica, valor);
  }

  private somar(dia: string, dimensao: MetricaDimensao, dimensaoId: string, metrica: string, valor: number | null): void {
    const chave = `${dia}|${dimensao}|${dimensaoId}|${metrica}`;
    let agregado = this.agregados.get(chave);
    if (!agregado) {
      agregado = { dia, dimensao, dimensaoId, metrica, contagem: 0, soma: 0, minimo: null, maximo: null };
      this.agregados.set(chave, agregado);
    }
    agregado.contagem += 1;
    if (valor !== null) {
      agregado.soma += valor;
      agregado.minimo = agregado.minimo === null ? valor : Math.min(agregado.minimo, valor);
      agregado.maximo = agregado.maximo === null ? valor : Math.max(agregado.maximo, valor);
    }
  }
}

function segundos(de: Date, ate: Date): number {
  return Math.max(0, (ate.getTime() - de.getTime()) / 1000);
}
