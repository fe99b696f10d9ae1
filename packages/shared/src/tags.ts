import { z } from 'zod';

/** A tag as the API returns it (on its own, and inside contatos and tickets). */
export const tagSchema = z.object({
  id: z.guid(),
  nome: z.string(),
  /** `#rrggbb`. */
  cor: z.string(),
  descricao: z.string().nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type TagDto = z.infer<typeof tagSchema>;

const corSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use uma cor hexadecimal no formato #rrggbb');

/** POST /api/atendimento/tags */
export const criarTagSchema = z.object({
  nome: z.string().trim().min(1, 'informe o nome da tag').max(60, 'o nome da tag tem no máximo 60 caracteres'),
  cor: corSchema.optional(),
  descricao: z.string().trim().max(500).nullable().optional(),
});
export type CriarTag = z.infer<typeof criarTagSchema>;

/** PATCH /api/atendimento/tags/:id */
export const atualizarTagSchema = criarTagSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo: nome, cor ou descricao');
export type AtualizarTag = z.infer<typeof atualizarTagSchema>;

/** GET /api/atendimento/tags: `q` filters by name; keyset pagination by name. */
export const listarTagsQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limite: z.coerce.number().int().min(1).max(200).default(100),
});
export type ListarTagsQuery = z.infer<typeof listarTagsQuerySchema>;

export const tagPaginaSchema = z.object({
  items: z.array(tagSchema),
  nextCursor: z.string().nullable(),
});
export type TagPagina = z.infer<typeof tagPaginaSchema>;

/** POST /api/atendimento/tickets/:ticketId/tags and /contatos/:contatoId/tags */
export const aplicarTagSchema = z.object({
  tagId: z.guid('tagId deve ser o id (uuid) de uma tag'),
});
export type AplicarTag = z.infer<typeof aplicarTagSchema>;

/** Answer of attaching a tag: every tag the ticket now has. */
export const ticketTagsSchema = z.object({
  ticketId: z.guid(),
  tags: z.array(tagSchema),
});
export type TicketTagsDto = z.infer<typeof ticketTagsSchema>;

/** Answer of attaching a tag: every tag the contato now has. */
export const contatoTagsSchema = z.object({
  contatoId: z.guid(),
  tags: z.array(tagSchema),
});
export type ContatoTagsDto = z.infer<typeof contatoTagsSchema>;
