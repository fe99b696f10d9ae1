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
  csat: CsatResumo;
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
  csatMedia: number | null;
  csatRespostas: number;
}
export interface RelatorioAtendentesDto {
  atendentes: AtendenteRelatorioDto[];
}

export interface RecalculoRelatoriosDto {
  de: string;
  ate: string;
  dias: number;
  tickets: number;
  eventos: number;
  linhas: number;
  duracaoMs: number;
}
