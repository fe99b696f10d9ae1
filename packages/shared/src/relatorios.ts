import { z } from 'zod';

const dataDoDia = z
  .string({ error: 'use uma data no formato AAAA-MM-DD (2026-01-31)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use uma data no formato AAAA-MM-DD (2026-01-31)')
  .refine((valor) => {
    const data = new Date(`${valor}T00:00:00Z`);
    return !Number.isNaN(data.getTime()) && data.toISOString().startsWith(valor);
  }, 'data inválida');

/** Longest period one request may cover (days), so a report stays a bounded read. */
export const RELATORIO_MAX_DIAS = 366;

function dias(de: string, ate: string): number {
  return Math.round((Date.parse(`${ate}T00:00:00Z`) - Date.parse(`${de}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * GET /api/atendimento/relatorios/{resumo,volume,tempos,csat,filas,atendentes}. `de`/`ate` are days in the
 * empresa's time zone, both inclusive. At most one of filaId/canalId/atendenteId: the aggregates are kept per
 * single dimension. `formato=csv` answers text/csv instead of JSON.
 */
export const relatorioQuerySchema = z
  .object({
    de: dataDoDia,
    ate: dataDoDia,
    filaId: z.guid('filaId deve ser o id (uuid) de uma fila').optional(),
    canalId: z.guid('canalId deve ser o id (uuid) de um canal').optional(),
    atendenteId: z.guid('atendenteId deve ser o id (uuid) de um atendente').optional(),
    formato: z.enum(['json', 'csv'], { error: 'formato deve ser "json" ou "csv"' }).default('json'),
  })
  .refine((q) => q.de <= q.ate, { path: ['ate'], message: 'ate deve ser igual ou posterior a de' })
  .refine((q) => q.de > q.ate || dias(q.de, q.ate) <= RELATORIO_MAX_DIAS, {
    path: ['ate'],
    message: `o período pode ter no máximo ${RELATORIO_MAX_DIAS} dias`,
  })
  .refine((q) => [q.filaId, q.canalId, q.atendenteId].filter(Boolean).length <= 1, {
    path: ['filaId'],
    message: 'use no máximo um filtro entre filaId, canalId e atendenteId',
  });
export type RelatorioQuery = z.infer<typeof relatorioQuerySchema>;

/** POST /api/atendimento/relatorios/recalcular: rebuilds the aggregates of these days from the ticket events. */
export const recalcularRelatoriosSchema = z
  .object({ de: dataDoDia, ate: dataDoDia })
  .refine((q) => q.de <= q.ate, { path: ['ate'], message: 'ate deve ser igual ou posterior a de' })
  .refine((q) => q.de > q.ate || dias(q.de, q.ate) <= RELATORIO_MAX_DIAS, {
    path: ['ate'],
    message: `o período pode ter no máximo ${RELATORIO_MAX_DIAS} dias`,
  });
export type RecalcularRelatorios = z.infer<typeof recalcularRelatoriosSchema>;

/** Duration statistics in seconds; null when nothing was measured. */
export interface EstatisticaTempo {
  quantidade: number;
  mediaSegundos: number | null;
  minimoSegundos: number | null;
  maximoSegundos: number | null;
}

export interface CsatResumo {
  respostas: number;
  media: number | null;
  /** Share (0–100) of answers with 4 or 5. */
  satisfeitosPct: number | null;
  /** Answers per survey sent (or per resolution when no survey was recorded), 0–100. */
  taxaRespostaPct: number | null;
}

export interface SentimentoResumo {
  analisadas: number;
  positivas: number;
  neutras: number;
  negativas: number;
  /** Mean score, -1 (negative) to 1 (positive); null when nothing was analysed. */
  scoreMedio: number | null;
  /** Shares 0–100 of the analysed mensagens. */
  positivasPct: number | null;
  negativasPct: number | null;
}

export interface RelatorioResumoDto {
  de: string;
  ate: string;
  fusoHorario: string;
  recebidos: number;
  resolvidos: number;
  reabertos: number;
  primeiraResposta: EstatisticaTempo;
  proximaResposta: EstatisticaTempo;
  resolucao: EstatisticaTempo;
  esperaNaFila: EstatisticaTempo;
  /**
   * Business-hours variants (docs/relatorios.md): time inside the expediente in force at each instant, pendente
   * excluded. Empty (quantidade 0) while no expediente applies.
   */
  primeiraRespostaComercial: EstatisticaTempo;
  proximaRespostaComercial: EstatisticaTempo;
  resolucaoComercial: EstatisticaTempo;
  esperaNaFilaComercial: EstatisticaTempo;
  /** Whether the empresa has an expediente, i.e. whether business-hours figures are produced. */
  expedienteConfigurado: boolean;
  csat: CsatResumo;
  /** Customer mensagens analysed by the AI in the period, by label (read from the analyses, not aggregated). */
  sentimento: SentimentoResumo;
  /** Resolutions without an SLA breach in their cycle, 0–100; null when the empresa has no SLA policy. */
  slaCumprimentoPct: number | null;
  /** Live: tickets waiting in a fila right now. */
  backlogAtual: number;
}

export interface VolumeDiaDto {
  dia: string;
  recebidos: number;
  resolvidos: number;
}
export interface VolumeCanalDiaDto {
  dia: string;
  canalId: string;
  canalNome: string;
  recebidos: number;
}
export interface RelatorioVolumeDto {
  dias: VolumeDiaDto[];
  porCanal: VolumeCanalDiaDto[];
}

export interface TemposDiaDto {
  dia: string;
  primeiraRespostaMediaSegundos: number | null;
  proximaRespostaMediaSegundos: number | null;
  resolucaoMediaSegundos: number | null;
  primeiraRespostaComercialMediaSegundos: number | null;
  proximaRespostaComercialMediaSegundos: number | null;
  resolucaoComercialMediaSegundos: number | null;
}
export interface RelatorioTemposDto {
  dias: TemposDiaDto[];
}

export interface CsatDiaDto {
  dia: string;
  respostas: number;
  media: number | null;
  satisfeitosPct: number | null;
}
export interface RelatorioCsatDto {
  resumo: CsatResumo;
  dias: CsatDiaDto[];
  /** Answers per score 1..5. */
  distribuicao: { nota: number; respostas: number }[];
}

export interface FilaRelatorioDto {
  filaId: string;
  nome: string;
  /** Live. */
  aguardando: number;
  /** Live: the longest current wait. */
  maiorEsperaSegundos: number;
  recebidos: number;
  resolvidos: number;
  esperaNaFila: EstatisticaTempo;
  esperaNaFilaComercial: EstatisticaTempo;
}
export interface RelatorioFilasDto {
  filas: FilaRelatorioDto[];
}

export interface AtendenteRelatorioDto {
  atendenteId: string;
  nome: string;
  /** Live: tickets em_atendimento or pendente held now. */
  ticketsAtuais: number;
  maxTicketsSimultaneos: number;
  /** Live: ticketsAtuais / maxTicketsSimultaneos, 0–100. */
  ocupacaoPct: number;
  resolvidos: number;
  primeiraResposta: EstatisticaTempo;
  resolucao: EstatisticaTempo;
  primeiraRespostaComercial: EstatisticaTempo;
  resolucaoComercial: EstatisticaTempo;
  csatMedia: number | null;
  csatRespostas: number;
}
export interface RelatorioAtendentesDto {
  atendentes: AtendenteRelatorioDto[];
}

/** Up to this many days `POST …/recalcular` rebuilds within the request; longer periods run as a job. */
export const RECALCULO_SINCRONO_MAX_DIAS = 31;

export const RECALCULO_ESTADOS = ['pendente', 'executando', 'concluido', 'erro'] as const;
export type RecalculoEstado = (typeof RECALCULO_ESTADOS)[number];

/**
 * A recomputation: `POST /api/atendimento/relatorios/recalcular` answers 200 with it finished (short periods) or
 * 202 with it `pendente`; `GET …/recalcular/:id` reads its progress (`diasConcluidos` of `dias`).
 */
export interface RecalculoRelatoriosDto {
  id: string;
  estado: RecalculoEstado;
  de: string;
  ate: string;
  /** Days in [de, ate]. */
  dias: number;
  diasConcluidos: number;
  /** Tickets and events read (a ticket whose events span several steps counts once per step). */
  tickets: number;
  eventos: number;
  /** Aggregate rows written. */
  linhas: number;
  /** From start to end; null until finished. */
  duracaoMs: number | null;
  /** Why it failed (estado `erro`). */
  erro: string | null;
  criadoEm: string;
  concluidoEm: string | null;
}
