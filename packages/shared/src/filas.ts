import { z } from 'zod';

export const FILA_ESTRATEGIAS_DISTRIBUICAO = ['manual', 'round_robin', 'menos_ocupado'] as const;
export const filaEstrategiaSchema = z.enum(FILA_ESTRATEGIAS_DISTRIBUICAO, {
  error: `estrategia deve ser uma de: ${FILA_ESTRATEGIAS_DISTRIBUICAO.join(', ')}`,
});
export type FilaEstrategiaDto = z.infer<typeof filaEstrategiaSchema>;

const corSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'cor deve estar no formato #rrggbb (ex.: #2563eb)');
const textoOpcional = (max: number) => z.string().trim().min(1).max(max).nullable();

const filaCamposSchema = z.object({
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(80),
  descricao: textoOpcional(500),
  cor: corSchema,
  estrategia: filaEstrategiaSchema,
  ordem: z.number().int().min(0).max(10_000),
  /** Sent when a ticket enters the fila. */
  mensagemSaudacao: textoOpcional(4096),
  /** "Você está na posição {{posicao}} da fila"; null = no position message. */
  mensagemPosicao: textoOpcional(4096),
  devolverAoFicarOffline: z.boolean(),
  carenciaOfflineSegundos: z.number().int().min(0).max(86_400),
  /** Sticky routing to the atendente who last served the contato within this window; null = off. */
  fidelizacaoJanelaMinutos: z.number().int().min(1).max(525_600).nullable(),
  /** Default SLA policy of the fila's tickets. */
  slaPoliticaId: z.guid({ error: 'slaPoliticaId deve ser um id de política de SLA' }).nullable(),
  expedienteId: z.guid({ error: 'expedienteId deve ser um id de expediente' }).nullable(),
  ativo: z.boolean(),
});

/** POST /api/atendimento/filas */
export const criarFilaSchema = filaCamposSchema.partial().required({ nome: true });
export type CriarFila = z.infer<typeof criarFilaSchema>;

/** PATCH /api/atendimento/filas/:id */
export const atualizarFilaSchema = filaCamposSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarFila = z.infer<typeof atualizarFilaSchema>;

const filtroBooleano = z.enum(['true', 'false'], { error: 'use true ou false' }).transform((v) => v === 'true');

export const listarFilasQuerySchema = z.object({
  ativo: filtroBooleano.optional(),
  limite: z.coerce.number().int().min(1, 'limite mínimo é 1').max(100, 'limite máximo é 100').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type ListarFilasQuery = z.infer<typeof listarFilasQuerySchema>;

/** Tickets of the fila the atendente may hold at once; null = only its global maximum applies. */
export const capacidadeNaFilaSchema = z
  .number({ error: 'capacidade deve ser um número inteiro ≥ 0 ou null' })
  .int('capacidade deve ser um número inteiro')
  .min(0, 'capacidade não pode ser negativa')
  .max(1000, 'capacidade deve ser no máximo 1000')
  .nullable();

/** PUT /api/atendimento/filas/:id/atendentes: the complete member list (replaces the current one). */
export const definirAtendentesDaFilaSchema = z
  .array(
    z.object({
      atendenteId: z.guid({ error: 'atendenteId deve ser um id de atendente' }),
      capacidade: capacidadeNaFilaSchema.optional(),
    }),
    { error: 'envie uma lista [{ atendenteId, capacidade }]' },
  )
  .max(1000)
  .superRefine((membros, ctx) => {
    const vistos = new Set<string>();
    membros.forEach((membro, index) => {
      const id = membro.atendenteId.toLowerCase();
      if (vistos.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'atendenteId'], message: 'atendente repetido na lista' });
      vistos.add(id);
    });
  });
export type DefinirAtendentesDaFila = z.infer<typeof definirAtendentesDaFilaSchema>;

export const filaSchema = z.object({
  id: z.guid(),
  nome: z.string(),
  descricao: z.string().nullable(),
  cor: z.string(),
  estrategia: filaEstrategiaSchema,
  ordem: z.number().int(),
  mensagemSaudacao: z.string().nullable(),
  mensagemPosicao: z.string().nullable(),
  devolverAoFicarOffline: z.boolean(),
  carenciaOfflineSegundos: z.number().int(),
  fidelizacaoJanelaMinutos: z.number().int().nullable(),
  slaPoliticaId: z.guid().nullable(),
  expedienteId: z.guid().nullable(),
  ativo: z.boolean(),
  totalAtendentes: z.number().int(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type FilaDto = z.infer<typeof filaSchema>;

export const filaMembroSchema = z.object({
  atendenteId: z.guid(),
  usuarioId: z.guid(),
  nome: z.string(),
  status: z.enum(['online', 'ausente', 'offline']),
  ativo: z.boolean(),
  capacidade: z.number().int().nullable(),
  maxTicketsSimultaneos: z.number().int(),
});
export type FilaMembroDto = z.infer<typeof filaMembroSchema>;

export const filaDetalheSchema = filaSchema.extend({ atendentes: z.array(filaMembroSchema) });
export type FilaDetalheDto = z.infer<typeof filaDetalheSchema>;

export const filaListaSchema = z.object({ items: z.array(filaSchema), nextCursor: z.string().nullable() });
export type FilaLista = z.infer<typeof filaListaSchema>;
