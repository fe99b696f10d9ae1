import { z } from 'zod';
import { ticketPrioridadeSchema } from './tickets.js';

const hhmm = z
  .string({ error: 'use o formato HH:MM' })
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use o formato HH:MM (00:00 a 24:00)');

function minutos(valor: string): number {
  const [h, m] = valor.split(':').map(Number);
  return h * 60 + m;
}

/** One opening interval of a day, in the expediente's time zone. */
export const intervaloDoDiaSchema = z
  .object({ inicio: hhmm, fim: hhmm })
  .refine((v) => minutos(v.fim) > minutos(v.inicio), { message: 'fim deve ser depois de inicio', path: ['fim'] });
export type IntervaloDoDiaDto = z.infer<typeof intervaloDoDiaSchema>;

/** One opening interval of a weekday (0 = domingo … 6 = sábado); a day may have several. */
export const intervaloSemanalSchema = z
  .object({
    diaSemana: z.number({ error: 'diaSemana deve ser de 0 (domingo) a 6 (sábado)' }).int().min(0).max(6),
    inicio: hhmm,
    fim: hhmm,
  })
  .refine((v) => minutos(v.fim) > minutos(v.inicio), { message: 'fim deve ser depois de inicio', path: ['fim'] });
export type IntervaloSemanalDto = z.infer<typeof intervaloSemanalSchema>;

function semSobreposicao(intervalos: { diaSemana?: number; inicio: string; fim: string }[]): boolean {
  const ordenados = [...intervalos].sort(
    (a, b) => (a.diaSemana ?? 0) - (b.diaSemana ?? 0) || minutos(a.inicio) - minutos(b.inicio),
  );
  return ordenados.every(
    (atual, i) =>
      i === 0 || ordenados[i - 1].diaSemana !== atual.diaSemana || minutos(ordenados[i - 1].fim) <= minutos(atual.inicio),
  );
}

const fusoHorarioSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((fuso) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: fuso });
      return true;
    } catch {
      return false;
    }
  }, 'fusoHorario deve ser um fuso IANA (ex.: America/Sao_Paulo)');

const expedienteCamposSchema = z.object({
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(80),
  fusoHorario: fusoHorarioSchema,
  intervalos: z
    .array(intervaloSemanalSchema)
    .max(70)
    .refine(semSobreposicao, 'os intervalos de um mesmo dia não podem se sobrepor'),
  /** The out-of-hours auto-reply; `{{proxima_abertura}}` is filled in. Null: no reply. */
  mensagemForaExpediente: z.string().trim().min(1).max(4096).nullable(),
  /** The empresa's default expediente (used where no fila expediente applies). */
  padrao: z.boolean(),
});

/** POST /api/atendimento/expedientes */
export const criarExpedienteSchema = expedienteCamposSchema.partial().required({ nome: true, intervalos: true });
export type CriarExpediente = z.infer<typeof criarExpedienteSchema>;

/** PATCH /api/atendimento/expedientes/:id: a new fusoHorario or intervalos starts a new version from now on. */
export const atualizarExpedienteSchema = expedienteCamposSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarExpediente = z.infer<typeof atualizarExpedienteSchema>;

export const expedienteVersaoSchema = z.object({
  vigenteDesde: z.string(),
  fusoHorario: z.string(),
  intervalos: z.array(intervaloSemanalSchema),
});
export type ExpedienteVersaoDto = z.infer<typeof expedienteVersaoSchema>;

export const expedienteSchema = z.object({
  id: z.guid(),
  nome: z.string(),
  fusoHorario: z.string(),
  intervalos: z.array(intervaloSemanalSchema),
  mensagemForaExpediente: z.string().nullable(),
  padrao: z.boolean(),
  /** Every schedule it had, oldest first. */
  versoes: z.array(expedienteVersaoSchema),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type ExpedienteDto = z.infer<typeof expedienteSchema>;

/** GET /api/atendimento/expedientes/:id/situacao?em=<ISO>: open now, and the next opening. */
export const situacaoExpedienteQuerySchema = z.object({
  em: z.iso
    .datetime({ offset: true, error: 'em deve ser uma data ISO 8601 com fuso (ex.: 2026-11-16T09:00:00-03:00)' })
    .optional(),
});
export type SituacaoExpedienteQuery = z.infer<typeof situacaoExpedienteQuerySchema>;

export const situacaoExpedienteSchema = z.object({
  em: z.string(),
  aberto: z.boolean(),
  proximaAbertura: z.string().nullable(),
});
export type SituacaoExpedienteDto = z.infer<typeof situacaoExpedienteSchema>;

const dataSchema = z.iso.date({ error: 'data deve estar no formato AAAA-MM-DD' });

const feriadoCamposSchema = z.object({
  data: dataSchema,
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(120),
  /** Null: every expediente of the empresa. */
  expedienteId: z.guid({ error: 'expedienteId deve ser o id de um expediente' }).nullable(),
  /** Same day and month every year from `data` on. */
  recorrente: z.boolean(),
  /** Null: closed all day; otherwise the reduced hours of that day. */
  intervalos: z.array(intervaloDoDiaSchema).max(10).refine(semSobreposicao, 'os intervalos não podem se sobrepor').nullable(),
});

/** POST /api/atendimento/feriados */
export const criarFeriadoSchema = feriadoCamposSchema.partial().required({ data: true, nome: true });
export type CriarFeriado = z.infer<typeof criarFeriadoSchema>;

/** PATCH /api/atendimento/feriados/:id */
export const atualizarFeriadoSchema = feriadoCamposSchema
  .omit({ expedienteId: true })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarFeriado = z.infer<typeof atualizarFeriadoSchema>;

/** POST /api/atendimento/feriados/nacionais: loads Brazil's national holidays of a year (idempotent). */
export const carregarFeriadosNacionaisSchema = z.object({
  ano: z
    .number({ error: 'ano deve ser um número (ex.: 2027)' })
    .int()
    .min(2000, 'ano mínimo é 2000')
    .max(2100, 'ano máximo é 2100'),
});
export type CarregarFeriadosNacionais = z.infer<typeof carregarFeriadosNacionaisSchema>;

/** GET /api/atendimento/feriados?ano=2026&expedienteId=… */
export const listarFeriadosQuerySchema = z.object({
  ano: z.coerce.number({ error: 'ano deve ser um número' }).int().min(2000).max(2100).optional(),
  expedienteId: z.guid({ error: 'expedienteId deve ser o id de um expediente' }).optional(),
});
export type ListarFeriadosQuery = z.infer<typeof listarFeriadosQuerySchema>;

export const feriadoSchema = z.object({
  id: z.guid(),
  data: z.string(),
  nome: z.string(),
  expedienteId: z.guid().nullable(),
  recorrente: z.boolean(),
  nacional: z.boolean(),
  intervalos: z.array(intervaloDoDiaSchema).nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type FeriadoDto = z.infer<typeof feriadoSchema>;

// ------------------------------------------------------------------------------------------- SLA policies

export const SLA_ACOES_VIOLACAO = [
  'notificar',
  'aumentar_prioridade',
  'reatribuir_fila',
  'reatribuir_atendente',
  'executar_automacao',
] as const;
export const slaAcaoViolacaoSchema = z.enum(SLA_ACOES_VIOLACAO, {
  error: `acaoViolacao deve ser uma de: ${SLA_ACOES_VIOLACAO.join(', ')}`,
});

const segundosAlvo = z
  .number({ error: 'informe o prazo em segundos' })
  .int('o prazo é um número inteiro de segundos')
  .min(60, 'o prazo mínimo é 60 segundos')
  .max(90 * 86_400, 'o prazo máximo é 90 dias')
  .nullable();

const slaPoliticaCamposSchema = z.object({
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(80),
  descricao: z.string().trim().min(1).max(500).nullable(),
  primeiraRespostaSegundos: segundosAlvo,
  proximaRespostaSegundos: segundosAlvo,
  resolucaoSegundos: segundosAlvo,
  /** Count only the expediente's hours. */
  apenasHorarioComercial: z.boolean(),
  /** Null: the fila's expediente, else the empresa's default one. */
  expedienteId: z.guid({ error: 'expedienteId deve ser o id de um expediente' }).nullable(),
  /** `sla:alerta` fires at this percentage of each target. */
  alertaPercentual: z
    .number({ error: 'alertaPercentual deve ser de 1 a 99' })
    .int()
    .min(1, 'alertaPercentual deve ser de 1 a 99')
    .max(99, 'alertaPercentual deve ser de 1 a 99'),
  acaoViolacao: slaAcaoViolacaoSchema,
  /** reatribuir_fila: filaId; reatribuir_atendente: atendenteId; aumentar_prioridade: prioridade (default: one step up). */
  acaoConfig: z.object({
    filaId: z.guid({ error: 'acaoConfig.filaId deve ser o id de uma fila' }).optional(),
    atendenteId: z.guid({ error: 'acaoConfig.atendenteId deve ser o id de um atendente' }).optional(),
    automacaoId: z.guid({ error: 'acaoConfig.automacaoId deve ser o id de uma automação' }).optional(),
    prioridade: ticketPrioridadeSchema.optional(),
  }),
  /** Matching when the ticket's fila has no policy: any of these priorities (empty = any). */
  prioridades: z.array(ticketPrioridadeSchema).max(4),
  /** Matching: the ticket has any of these tags (empty = any). */
  tagIds: z.array(z.guid({ error: 'tagIds deve conter ids de tags' })).max(50),
  /** Lowest first when several policies match. */
  ordem: z.number().int().min(0).max(10_000),
  ativo: z.boolean(),
});

function acaoCoerente(v: {
  acaoViolacao?: string;
  acaoConfig?: { filaId?: string; atendenteId?: string; automacaoId?: string };
}): boolean {
  if (v.acaoViolacao === 'reatribuir_fila') return Boolean(v.acaoConfig?.filaId);
  if (v.acaoViolacao === 'reatribuir_atendente') return Boolean(v.acaoConfig?.atendenteId);
  if (v.acaoViolacao === 'executar_automacao') return Boolean(v.acaoConfig?.automacaoId);
  return true;
}
const acaoMensagem = {
  message: 'acaoConfig precisa de filaId (reatribuir_fila), atendenteId (reatribuir_atendente) ou automacaoId (executar_automacao)',
  path: ['acaoConfig'],
};

/** POST /api/atendimento/sla-politicas */
export const criarSlaPoliticaSchema = slaPoliticaCamposSchema
  .partial()
  .required({ nome: true })
  .refine((v) => v.primeiraRespostaSegundos != null || v.proximaRespostaSegundos != null || v.resolucaoSegundos != null, {
    message: 'informe ao menos um prazo: primeiraRespostaSegundos, proximaRespostaSegundos ou resolucaoSegundos',
    path: ['primeiraRespostaSegundos'],
  })
  .refine(acaoCoerente, acaoMensagem);
export type CriarSlaPolitica = z.infer<typeof criarSlaPoliticaSchema>;

/** PATCH /api/atendimento/sla-politicas/:id (changes apply to timers planned from then on). */
export const atualizarSlaPoliticaSchema = slaPoliticaCamposSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarSlaPolitica = z.infer<typeof atualizarSlaPoliticaSchema>;

export const slaPoliticaSchema = slaPoliticaCamposSchema.extend({
  id: z.guid(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type SlaPoliticaDto = z.infer<typeof slaPoliticaSchema>;

export const SLA_METAS = ['primeira_resposta', 'proxima_resposta', 'resolucao'] as const;
export type SlaMeta = (typeof SLA_METAS)[number];
