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
          this.contar(s, t, METRICAS.esperaNaFila, segundos(s.naFilaDesde, t));
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
      this.contar(s, t, METRICAS.primeiraResposta, segundos(s.aguardandoPrimeiraDesde, t), atendenteId);
      s.aguardandoPrimeiraDesde = null;
      s.clienteEsperaDesde = null;
    } else if (s.clienteEsperaDesde) {
      this.contar(s, t, METRICAS.proximaResposta, segundos(s.clienteEsperaDesde, t), atendenteId);
      s.clienteEsperaDesde = null;
    }
  }

  private mudancaDeStatus(s: EstadoTicket, e: EventoParaMetrica, t: Date): void {
    const de = e.deStatus ?? s.status;
    const para = e.paraStatus;
    if (para === 'resolvido' || (para === 'fechado' && de !== 'resolvido')) {
      // Each resolution counts from the start of its own cycle, so earlier cycles never inflate it.
      this.contar(s, t, METRICAS.resolvidos, null);
      if (s.inicioCiclo) this.contar(s, t, METRICAS.resolucao, segundos(s.inicioCiclo, t));
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
      if (e.paraAtendenteId) s.atendenteId = e.paraAtendenteId;
    }
    if (para === 'aberto' && !s.atendenteId) s.naFilaDesde ??= t;
    if (para === 'em_atendimento' && e.paraAtendenteId) s.atendenteId = e.paraAtendenteId;
    if (para) s.status = para;
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
