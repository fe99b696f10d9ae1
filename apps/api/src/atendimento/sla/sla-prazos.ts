import type { SlaMeta } from '@atende/shared';
import { type CalendarioComercial, type Janela, janelasComerciais } from './horario-comercial.js';

/**
 * SLA due times, pure: computed from the ticket's event rows every time (so re-planning is idempotent and a
 * report can recompute the same figures later). A cycle starts at creation or at the last reopening; time
 * spent pendente (waiting for the customer) does not count; with business hours only the expediente's windows
 * count.
 */

export interface EventoDoTicket {
  tipo: string;
  ator: string;
  deStatus: string | null;
  paraStatus: string | null;
  ocorridoEm: Date;
  dados: Record<string, unknown>;
}

export interface MetasSla {
  primeiraRespostaMs: number | null;
  proximaRespostaMs: number | null;
  resolucaoMs: number | null;
  /** 1–99. */
  alertaPercentual: number;
}

export interface PrazoDeMeta {
  meta: SlaMeta;
  /** When this meta's clock started (cycle start, or the customer's first unanswered mensagem). */
  inicio: Date;
  /** Null while the clock is paused (pendente). */
  alerta: Date | null;
  prazo: Date | null;
}

const FIM = 8.64e15;
const ENCERRADOS = new Set(['resolvido', 'fechado']);

/** Milliseconds, so that targets in seconds and the alert percentage compose exactly. */
function janelasAtivas(calendario: CalendarioComercial | null, pausas: Janela[], de: number, ate: number): Janela[] {
  const base = calendario ? janelasComerciais(calendario, de, ate) : [{ inicio: de, fim: ate }];
  const resultado: Janela[] = [];
  for (const janela of base) {
    let pedacos: Janela[] = [janela];
    for (const pausa of pausas) {
      pedacos = pedacos.flatMap((p) => {
        if (pausa.fim <= p.inicio || pausa.inicio >= p.fim) return [p];
        const partes: Janela[] = [];
        if (pausa.inicio > p.inicio) partes.push({ inicio: p.inicio, fim: pausa.inicio });
        if (pausa.fim < p.fim) partes.push({ inicio: pausa.fim, fim: p.fim });
        return partes;
      });
    }
    resultado.push(...pedacos);
  }
  return resultado;
}

/** The instant `duracaoMs` of counted time has passed since `inicio`; null when a pause never ends before. */
export function somarTempoSla(
  calendario: CalendarioComercial | null,
  pausas: Janela[],
  inicio: number,
  duracaoMs: number,
): Date | null {
  let restante = duracaoMs;
  let cursor = inicio;
  const limite = inicio + 3 * 366 * 86_400_000;
  while (cursor < limite) {
    const ate = Math.min(cursor + 14 * 86_400_000, limite);
    for (const janela of janelasAtivas(calendario, pausas, cursor, ate)) {
      const duracao = janela.fim - janela.inicio;
      if (duracao >= restante) return new Date(janela.inicio + restante);
      restante -= duracao;
    }
    // An open-ended pause covers the rest of time: no due time until it ends.
    if (pausas.some((p) => p.inicio <= ate && p.fim >= FIM)) return null;
    cursor = ate;
  }
  return null;
}

/** Counted time between two instants (pauses and closed hours excluded). */
export function tempoSlaEntre(calendario: CalendarioComercial | null, pausas: Janela[], a: number, b: number): number {
  if (b <= a) return 0;
  return janelasAtivas(calendario, pausas, a, b).reduce((total, j) => total + (j.fim - j.inicio), 0);
}

function ehReabertura(evento: EventoDoTicket): boolean {
  return evento.tipo === 'status_alterado' && ENCERRADOS.has(evento.deStatus ?? '') && !ENCERRADOS.has(evento.paraStatus ?? '');
}

/** Start of the current cycle: creation or the last reopening. */
export function inicioDoCiclo(eventos: EventoDoTicket[]): Date | null {
  let inicio: Date | null = null;
  for (const evento of eventos) if (evento.tipo === 'criado' || ehReabertura(evento)) inicio = evento.ocorridoEm;
  return inicio;
}

/** The pendente intervals from `desde` on (the last one open-ended while the ticket is still pendente). */
export function pausasDoCiclo(eventos: EventoDoTicket[], desde: number): Janela[] {
  const pausas: Janela[] = [];
  let aberta: number | null = null;
  for (const evento of eventos) {
    if (evento.tipo !== 'status_alterado') continue;
    const em = +evento.ocorridoEm;
    if (evento.paraStatus === 'pendente' && aberta === null) aberta = em;
    else if (evento.paraStatus !== 'pendente' && aberta !== null) {
      if (em > desde) pausas.push({ inicio: Math.max(aberta, desde), fim: em });
      aberta = null;
    }
  }
  if (aberta !== null) pausas.push({ inicio: Math.max(aberta, desde), fim: FIM });
  return pausas;
}

function humano(evento: EventoDoTicket): boolean {
  return evento.tipo === 'mensagem_enviada' && evento.ator === 'usuario';
}

/**
 * The running clocks of the current cycle, each with its warn-at and due instants. A met or not-applicable meta
 * is absent. `eventos` must be in `ocorridoEm` order; `status` is the ticket's current status.
 */
export function calcularPrazos(
  eventos: EventoDoTicket[],
  status: string,
  metas: MetasSla,
  calendario: CalendarioComercial | null,
): PrazoDeMeta[] {
  const ciclo = inicioDoCiclo(eventos);
  if (!ciclo || ENCERRADOS.has(status)) return [];
  const doCiclo = eventos.filter((e) => +e.ocorridoEm >= +ciclo);
  const pausas = pausasDoCiclo(eventos, +ciclo);
  const planejar = (meta: SlaMeta, inicio: Date, alvoMs: number): PrazoDeMeta => ({
    meta,
    inicio,
    alerta: somarTempoSla(calendario, pausas, +inicio, Math.floor((alvoMs * metas.alertaPercentual) / 100)),
    prazo: somarTempoSla(calendario, pausas, +inicio, alvoMs),
  });
  const prazos: PrazoDeMeta[] = [];
  const primeiraResposta = doCiclo.find(humano);
  if (metas.primeiraRespostaMs !== null && !primeiraResposta)
    prazos.push(planejar('primeira_resposta', ciclo, metas.primeiraRespostaMs));
  if (metas.proximaRespostaMs !== null && primeiraResposta) {
    // The customer's first mensagem after the last human reply starts the wait.
    let esperaDesde: Date | null = null;
    for (const evento of doCiclo) {
      if (+evento.ocorridoEm <= +primeiraResposta.ocorridoEm) continue;
      if (humano(evento)) esperaDesde = null;
      else if (evento.tipo === 'mensagem_recebida' && esperaDesde === null) esperaDesde = evento.ocorridoEm;
    }
    if (esperaDesde) prazos.push(planejar('proxima_resposta', esperaDesde, metas.proximaRespostaMs));
  }
  if (metas.resolucaoMs !== null) prazos.push(planejar('resolucao', ciclo, metas.resolucaoMs));
  return prazos;
}
