/** The churn risk of a contato from observable signals: a transparent sum of weighted reasons. Pure. */

export interface SinaisChurn {
  /** Mean sentiment (-1..1) of the customer's last 5 analysed mensagens in the window; null without any. */
  sentimentoRecente: number | null;
  /** Mean of the 5 before those; null without enough history. */
  sentimentoAnterior: number | null;
  /** Tickets the contato opened in the last JANELA_CONTATOS_DIAS days. */
  ticketsNaJanela: number;
  /** Tickets whose first answer took (or is taking) more than ESPERA_LONGA_MINUTOS. */
  esperasLongas: number;
  /** Lowest CSAT (1..5) given in the window; null when never rated. */
  piorCsat: number | null;
  /** Some ticket in the window was classified with the `cancelar` intent. */
  intencaoCancelar: boolean;
  /** Reopenings of the window's tickets. */
  reaberturas: number;
}

export interface MotivoChurn {
  sinal: 'intencao_cancelar' | 'csat_baixo' | 'sentimento_negativo' | 'sentimento_piorando' | 'contatos_repetidos' | 'esperas_longas' | 'reaberturas';
  /** Points it adds to the 0..100 score. */
  peso: number;
  descricao: string;
}

export interface ResultadoChurn {
  /** 0..100. */
  score: number;
  /** Heaviest first. */
  motivos: MotivoChurn[];
}

export const JANELA_DIAS = 30;
export const JANELA_CONTATOS_DIAS = 7;
export const ESPERA_LONGA_MINUTOS = 60;

const fmt = (n: number) => n.toFixed(2).replace('.', ',');

/**
 * Weights, chosen so that each reason reads as a plain statement and the strongest single signals (saying they
 * want to cancel, a 1–2 star rating) weigh the most; the sum is capped at 100:
 * cancelar 30 · CSAT ≤ 2 → 20 (3 → 8) · sentiment ≤ −0.5 → 15 (≤ −0.2 → 8) · sentiment falling ≥ 0.3 → 5 ·
 * ≥ 3 tickets in 7 days → 15 (2 → 7) · long waits ≥ 2 → 10 (1 → 5) · reopenings ≥ 2 → 10 (1 → 5).
 */
export function calcularChurn(s: SinaisChurn): ResultadoChurn {
  const motivos: MotivoChurn[] = [];
  if (s.intencaoCancelar)
    motivos.push({ sinal: 'intencao_cancelar', peso: 30, descricao: `pediu para cancelar nos últimos ${JANELA_DIAS} dias` });
  if (s.piorCsat !== null && s.piorCsat <= 3)
    motivos.push({
      sinal: 'csat_baixo',
      peso: s.piorCsat <= 2 ? 20 : 8,
      descricao: `avaliou um atendimento com nota ${s.piorCsat} de 5`,
    });
  if (s.sentimentoRecente !== null && s.sentimentoRecente <= -0.2)
    motivos.push({
      sinal: 'sentimento_negativo',
      peso: s.sentimentoRecente <= -0.5 ? 15 : 8,
      descricao: `sentimento recente negativo (média ${fmt(s.sentimentoRecente)})`,
    });
  if (s.sentimentoRecente !== null && s.sentimentoAnterior !== null && s.sentimentoRecente - s.sentimentoAnterior <= -0.3)
    motivos.push({
      sinal: 'sentimento_piorando',
      peso: 5,
      descricao: `sentimento piorou de ${fmt(s.sentimentoAnterior)} para ${fmt(s.sentimentoRecente)}`,
    });
  if (s.ticketsNaJanela >= 2)
    motivos.push({
      sinal: 'contatos_repetidos',
      peso: s.ticketsNaJanela >= 3 ? 15 : 7,
      descricao: `${s.ticketsNaJanela} atendimentos abertos em ${JANELA_CONTATOS_DIAS} dias`,
    });
  if (s.esperasLongas >= 1)
    motivos.push({
      sinal: 'esperas_longas',
      peso: s.esperasLongas >= 2 ? 10 : 5,
      descricao: `${s.esperasLongas} ${s.esperasLongas === 1 ? 'atendimento esperou' : 'atendimentos esperaram'} mais de ${ESPERA_LONGA_MINUTOS} min pela primeira resposta`,
    });
  if (s.reaberturas >= 1)
    motivos.push({
      sinal: 'reaberturas',
      peso: s.reaberturas >= 2 ? 10 : 5,
      descricao: `${s.reaberturas} ${s.reaberturas === 1 ? 'reabertura' : 'reaberturas'} de atendimento`,
    });
  motivos.sort((a, b) => b.peso - a.peso);
  return { score: Math.min(100, motivos.reduce((soma, m) => soma + m.peso, 0)), motivos };
}

/** True when this computation moves the contato from below the alert threshold to at or above it. */
export function cruzouLimiar(anterior: number | null, atual: number, limiar: number): boolean {
  return atual >= limiar && (anterior === null || anterior < limiar);
}
