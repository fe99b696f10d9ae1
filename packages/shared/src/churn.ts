import { z } from 'zod';
import { contatoChurnSchema } from './contatos.js';
import { limiteDePagina } from './tickets.js';

// Its own module: only the reports screen reads it, and the web bundle drops shared modules nobody imports.

/**
 * GET /api/atendimento/contatos/risco-churn (supervisor, admin): `minimo` 0..100, default the empresa's alert
 * threshold; keyset pagination, highest score first.
 */
export const listarRiscoChurnQuerySchema = z.object({
  minimo: z.coerce
    .number({ error: 'minimo deve ser um número inteiro de 0 a 100' })
    .int('minimo deve ser um número inteiro de 0 a 100')
    .min(0, 'minimo deve ser um número inteiro de 0 a 100')
    .max(100, 'minimo deve ser um número inteiro de 0 a 100')
    .optional(),
  cursor: z.string().max(500).optional(),
  limite: limiteDePagina(100, 50),
});
export type ListarRiscoChurnQuery = z.infer<typeof listarRiscoChurnQuerySchema>;

/** A contato at or above the threshold, with its stored score (as last computed) and its latest ticket. */
export const contatoRiscoChurnSchema = contatoChurnSchema.extend({
  contatoId: z.guid(),
  nome: z.string().nullable(),
  /** The contato's most recent ticket, to open from the list; null when it has none left. */
  ultimoTicket: z.object({ id: z.guid(), numero: z.number().int(), status: z.string() }).nullable(),
});
export type ContatoRiscoChurnDto = z.infer<typeof contatoRiscoChurnSchema>;

export const riscoChurnPaginaSchema = z.object({
  items: z.array(contatoRiscoChurnSchema),
  nextCursor: z.string().nullable(),
  /** The threshold applied (the query's, or the empresa's alert threshold). */
  minimo: z.number().int(),
});
export type RiscoChurnPagina = z.infer<typeof riscoChurnPaginaSchema>;
