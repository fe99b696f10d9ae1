import { z } from 'zod';
import { capacidadeNaFilaSchema } from './filas.js';

export const ATENDENTE_STATUS_PRESENCA = ['online', 'ausente', 'offline'] as const;
export const atendenteStatusSchema = z.enum(ATENDENTE_STATUS_PRESENCA, {
  error: `status deve ser um de: ${ATENDENTE_STATUS_PRESENCA.join(', ')}`,
});
export type AtendenteStatusDto = z.infer<typeof atendenteStatusSchema>;

const maxTicketsSchema = z
  .number({ error: 'maxTicketsSimultaneos deve ser um número inteiro' })
  .int('maxTicketsSimultaneos deve ser um número inteiro')
  .min(1, 'maxTicketsSimultaneos deve ser pelo menos 1')
  .max(1000, 'maxTicketsSimultaneos deve ser no máximo 1000');

/** The filas of an atendente with a per-fila capacity (replaces the current list). */
export const atendenteFilasSchema = z
  .array(
    z.object({
      filaId: z.guid({ error: 'filaId deve ser um id de fila' }),
      capacidade: capacidadeNaFilaSchema.optional(),
    }),
    { error: 'envie uma lista [{ filaId, capacidade }]' },
  )
  .max(500)
  .superRefine((filas, ctx) => {
    const vistas = new Set<string>();
    filas.forEach((fila, index) => {
      const id = fila.filaId.toLowerCase();
      if (vistas.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'filaId'], message: 'fila repetida na lista' });
      vistas.add(id);
    });
  });
export type AtendenteFilas = z.infer<typeof atendenteFilasSchema>;

/** POST /api/atendimento/atendentes */
export const criarAtendenteSchema = z.object({
  usuarioId: z.guid({ error: 'usuarioId é obrigatório: o id do usuário que será atendente' }),
  /** Shown to customers and in the inbox; defaults to the usuario's name. */
  nome: z.string().trim().min(1, 'nome não pode ficar vazio').max(120).optional(),
  maxTicketsSimultaneos: maxTicketsSchema.optional(),
  status: atendenteStatusSchema.optional(),
  filas: atendenteFilasSchema.optional(),
});
export type CriarAtendente = z.infer<typeof criarAtendenteSchema>;

/** PATCH /api/atendimento/atendentes/:id */
export const atualizarAtendenteSchema = z
  .object({
    nome: z.string().trim().min(1, 'nome não pode ficar vazio').max(120),
    maxTicketsSimultaneos: maxTicketsSchema,
    ativo: z.boolean(),
    filas: atendenteFilasSchema,
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarAtendente = z.infer<typeof atualizarAtendenteSchema>;

/** PATCH /api/atendimento/atendentes/:id/status */
export const atualizarStatusAtendenteSchema = z.object({ status: atendenteStatusSchema });
export type AtualizarStatusAtendente = z.infer<typeof atualizarStatusAtendenteSchema>;

export const listarAtendentesQuerySchema = z.object({
  status: atendenteStatusSchema.optional(),
  filaId: z.guid({ error: 'filaId deve ser um id de fila' }).optional(),
  ativo: z
    .enum(['true', 'false'], { error: 'use true ou false' })
    .transform((v) => v === 'true')
    .optional(),
  limite: z.coerce.number().int().min(1, 'limite mínimo é 1').max(100, 'limite máximo é 100').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type ListarAtendentesQuery = z.infer<typeof listarAtendentesQuerySchema>;

export const atendenteFilaSchema = z.object({
  filaId: z.guid(),
  nome: z.string(),
  cor: z.string(),
  capacidade: z.number().int().nullable(),
});
export type AtendenteFilaDto = z.infer<typeof atendenteFilaSchema>;

export const atendenteSchema = z.object({
  id: z.guid(),
  usuarioId: z.guid(),
  nome: z.string(),
  email: z.string(),
  maxTicketsSimultaneos: z.number().int(),
  status: atendenteStatusSchema,
  statusEm: z.string(),
  ultimoAtendimentoEm: z.string().nullable(),
  ativo: z.boolean(),
  /** Open tickets (aberto, em_atendimento, pendente) assigned to the atendente now. */
  ticketsAbertos: z.number().int(),
  filas: z.array(atendenteFilaSchema),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type AtendenteDto = z.infer<typeof atendenteSchema>;

export const atendenteListaSchema = z.object({ items: z.array(atendenteSchema), nextCursor: z.string().nullable() });
export type AtendenteLista = z.infer<typeof atendenteListaSchema>;
