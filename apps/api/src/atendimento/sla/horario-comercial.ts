/**
 * Business-time arithmetic, pure (no I/O, no clock): the SLA timers and the reports both use it, so a figure
 * computed now and one recomputed later from the event rows agree.
 *
 * A calendar is the list of versions an expediente had (each in force from `vigenteDesde` until the next one)
 * plus its holidays. Every local day is turned into absolute windows in the version's time zone, so a zone
 * with daylight saving time and one without are handled alike.
 */

export interface IntervaloDoDia {
  /** `HH:MM`. */
  inicio: string;
  /** `HH:MM` after `inicio`; `24:00` is the end of the day. */
  fim: string;
}

export interface IntervaloSemanal extends IntervaloDoDia {
  /** 0 = Sunday … 6 = Saturday. */
  diaSemana: number;
}

export interface VersaoDeExpediente {
  vigenteDesde: Date;
  fusoHorario: string;
  intervalos: IntervaloSemanal[];
}

export interface FeriadoDoCalendario {
  /** `YYYY-MM-DD`. */
  data: string;
  /** Same month and day every year from `data` on. */
  recorrente: boolean;
  /** Null: closed all day; otherwise the hours of that day. */
  intervalos: IntervaloDoDia[] | null;
}

export interface CalendarioComercial {
  versoes: VersaoDeExpediente[];
  feriados: FeriadoDoCalendario[];
}

/** A half-open window [inicio, fim) in epoch milliseconds. */
export interface Janela {
  inicio: number;
  fim: number;
}

const DIA_MS = 86_400_000;
/** Adding time looks this far ahead for an opening before giving up (an expediente with no hours at all). */
const HORIZONTE_DIAS = 3 * 366;

const formatadores = new Map<string, Intl.DateTimeFormat>();

function formatador(fusoHorario: string): Intl.DateTimeFormat {
  let formato = formatadores.get(fusoHorario);
  if (!formato) {
    formato = new Intl.DateTimeFormat('en-US', {
      timeZone: fusoHorario,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatadores.set(fusoHorario, formato);
  }
  return formato;
}

/** True when the IANA zone is known to this runtime. */
export function fusoHorarioValido(fusoHorario: string): boolean {
  try {
    formatador(fusoHorario);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `instante` in the zone, read as if it were UTC (epoch ms). */
function relogioDeParede(instante: number, fusoHorario: string): number {
  const partes: Record<string, number> = {};
  for (const parte of formatador(fusoHorario).formatToParts(new Date(instante))) {
    if (parte.type !== 'literal') partes[parte.type] = Number(parte.value);
  }
  return Date.UTC(partes.year, partes.month - 1, partes.day, partes.hour, partes.minute, partes.second);
}

function deslocamento(instante: number, fusoHorario: string): number {
  return relogioDeParede(instante, fusoHorario) - Math.floor(instante / 1000) * 1000;
}

/**
 * The instant a local wall-clock time (as UTC ms) happens in the zone. Two passes settle the offset; a time
 * skipped by a DST jump lands after the jump, a repeated one on its first occurrence.
 */
export function instanteLocal(paredeMs: number, fusoHorario: string): number {
  const primeiro = paredeMs - deslocamento(paredeMs, fusoHorario);
  const segundo = paredeMs - deslocamento(primeiro, fusoHorario);
  return deslocamento(segundo, fusoHorario) === deslocamento(primeiro, fusoHorario) ? segundo : Math.max(primeiro, segundo);
}

/** `YYYY-MM-DD` of the local day containing `instante`. */
export function dataLocal(instante: Date | number, fusoHorario: string): string {
  return new Date(relogioDeParede(+instante, fusoHorario)).toISOString().slice(0, 10);
}

function minutosDoDia(hhmm: string): number {
  const [horas, minutos] = hhmm.split(':').map(Number);
  return horas * 60 + minutos;
}

function intervalosDoDia(diaUtc: number, versao: VersaoDeExpediente, feriados: FeriadoDoCalendario[]): IntervaloDoDia[] {
  const data = new Date(diaUtc).toISOString().slice(0, 10);
  const mesDia = data.slice(5);
  const feriado =
    feriados.find((f) => !f.recorrente && f.data === data) ??
    feriados.find((f) => f.recorrente && f.data.slice(5) === mesDia && f.data <= data);
  if (feriado) return feriado.intervalos ?? [];
  const diaSemana = new Date(diaUtc).getUTCDay();
  return versao.intervalos.filter((intervalo) => intervalo.diaSemana === diaSemana);
}

function unir(janelas: Janela[]): Janela[] {
  const ordenadas = janelas.filter((j) => j.fim > j.inicio).sort((a, b) => a.inicio - b.inicio);
  const unidas: Janela[] = [];
  for (const janela of ordenadas) {
    const ultima = unidas.at(-1);
    if (ultima && janela.inicio <= ultima.fim) ultima.fim = Math.max(ultima.fim, janela.fim);
    else unidas.push({ ...janela });
  }
  return unidas;
}

function versoesOrdenadas(calendario: CalendarioComercial): VersaoDeExpediente[] {
  return [...calendario.versoes].sort((a, b) => +a.vigenteDesde - +b.vigenteDesde);
}

/**
 * The business windows overlapping [de, ate), clipped to it and merged. Before the first version the first
 * one applies (history older than the expediente is read with its first schedule).
 */
export function janelasComerciais(calendario: CalendarioComercial, de: number, ate: number): Janela[] {
  if (ate <= de) return [];
  const versoes = versoesOrdenadas(calendario);
  const janelas: Janela[] = [];
  versoes.forEach((versao, indice) => {
    const vigenciaInicio = indice === 0 ? -Infinity : +versao.vigenteDesde;
    const vigenciaFim = indice + 1 < versoes.length ? +versoes[indice + 1].vigenteDesde : Infinity;
    const inicio = Math.max(de, vigenciaInicio);
    const fim = Math.min(ate, vigenciaFim);
    if (fim <= inicio) return;
    // One day of margin on each side: a local day can start before `inicio` in UTC terms.
    const primeiroDia = Date.parse(`${dataLocal(inicio, versao.fusoHorario)}T00:00:00Z`) - DIA_MS;
    const ultimoDia = Date.parse(`${dataLocal(fim, versao.fusoHorario)}T00:00:00Z`) + DIA_MS;
    for (let dia = primeiroDia; dia <= ultimoDia; dia += DIA_MS) {
      for (const intervalo of intervalosDoDia(dia, versao, calendario.feriados)) {
        const abre = instanteLocal(dia + minutosDoDia(intervalo.inicio) * 60_000, versao.fusoHorario);
        const fecha = instanteLocal(dia + minutosDoDia(intervalo.fim) * 60_000, versao.fusoHorario);
        const recortada = { inicio: Math.max(abre, inicio), fim: Math.min(fecha, fim) };
        if (recortada.fim > recortada.inicio) janelas.push(recortada);
      }
    }
  });
  return unir(janelas);
}

/** Business milliseconds between two instants (0 when `b` is not after `a`). */
export function tempoComercialEntre(calendario: CalendarioComercial, a: Date, b: Date): number {
  return janelasComerciais(calendario, +a, +b).reduce((total, janela) => total + (janela.fim - janela.inicio), 0);
}

/** Business minutes between two instants, rounded down. */
export function minutosComerciaisEntre(calendario: CalendarioComercial, a: Date, b: Date): number {
  return Math.floor(tempoComercialEntre(calendario, a, b) / 60_000);
}

/**
 * The instant at which `duracaoMs` of business time has passed since `inicio`. Zero returns `inicio` itself.
 * Throws when the calendar has no business time within three years (an expediente without hours).
 */
export function somarTempoComercial(calendario: CalendarioComercial, inicio: Date, duracaoMs: number): Date {
  if (duracaoMs <= 0) return new Date(inicio);
  let restante = duracaoMs;
  let cursor = +inicio;
  const limite = +inicio + HORIZONTE_DIAS * DIA_MS;
  while (cursor < limite) {
    const ate = Math.min(cursor + 14 * DIA_MS, limite);
    for (const janela of janelasComerciais(calendario, cursor, ate)) {
      const duracao = janela.fim - janela.inicio;
      if (duracao >= restante) return new Date(janela.inicio + restante);
      restante -= duracao;
    }
    cursor = ate;
  }
  throw new RangeError('o expediente não tem horário de atendimento nos próximos três anos');
}

/** Adds business minutes. */
export function somarMinutosComerciais(calendario: CalendarioComercial, inicio: Date, minutos: number): Date {
  return somarTempoComercial(calendario, inicio, minutos * 60_000);
}

/** True when `instante` falls inside a business window. */
export function dentroDoExpediente(calendario: CalendarioComercial, instante: Date): boolean {
  return janelasComerciais(calendario, +instante, +instante + 1).length > 0;
}

/** `instante` itself when open, else the start of the next window; null when there is none within three years. */
export function proximaAbertura(calendario: CalendarioComercial, instante: Date): Date | null {
  let cursor = +instante;
  const limite = +instante + HORIZONTE_DIAS * DIA_MS;
  while (cursor < limite) {
    const ate = Math.min(cursor + 14 * DIA_MS, limite);
    const [primeira] = janelasComerciais(calendario, cursor, ate);
    if (primeira) return new Date(primeira.inicio);
    cursor = ate;
  }
  return null;
}

/**
 * When the closed period `instante` falls in began (the end of the last business window before it); null when
 * `instante` is inside the expediente. A calendar without any window in the last three years has been closed
 * "forever": the epoch.
 */
export function inicioDoFechamento(calendario: CalendarioComercial, instante: Date): Date | null {
  if (dentroDoExpediente(calendario, instante)) return null;
  let cursor = +instante;
  const limite = +instante - HORIZONTE_DIAS * DIA_MS;
  while (cursor > limite) {
    const de = Math.max(cursor - 14 * DIA_MS, limite);
    const janelas = janelasComerciais(calendario, de, cursor);
    const ultima = janelas[janelas.length - 1];
    if (ultima) return new Date(ultima.fim);
    cursor = de;
  }
  return new Date(0);
}
