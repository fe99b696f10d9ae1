import { z } from 'zod';

/** The variables every template can use without declaring them; their values come from the ticket's context. */
export const TEMPLATE_VARIAVEIS_EMBUTIDAS = ['contato.nome', 'atendente.nome', 'ticket.numero', 'empresa.nome'] as const;
export type TemplateVariavelEmbutida = (typeof TEMPLATE_VARIAVEIS_EMBUTIDAS)[number];

/** `{{contato.nome}}`, `{{pedido}}`, `{{1}}` (WhatsApp): letters, digits and '_', dot-separated. */
export const TEMPLATE_VARIAVEL_NOME = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export const templateVariavelSchema = z.object({
  nome: z
    .string()
    .regex(TEMPLATE_VARIAVEL_NOME, 'nome de variável: letras, números e _, separados por ponto (ex.: pedido.codigo)')
    .max(64),
  descricao: z.string().trim().max(200).optional(),
  exemplo: z.string().trim().max(200).optional(),
});
export type TemplateVariavelDto = z.infer<typeof templateVariavelSchema>;

export const templateWhatsappStatusSchema = z.enum(['aprovado', 'pendente', 'rejeitado', 'pausado', 'desativado', 'outro']);

export const templateWhatsappComponenteSchema = z.object({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  variables: z.array(z.string()),
  buttons: z
    .array(z.object({ type: z.string(), text: z.string(), url: z.string().optional(), phoneNumber: z.string().optional() }))
    .optional(),
});

/** Present on templates synced from a WhatsApp canal. */
export const templateWhatsappSchema = z.object({
  nome: z.string(),
  id: z.string().nullable(),
  status: templateWhatsappStatusSchema.nullable(),
  statusProvedor: z.string().nullable(),
  categoria: z.string().nullable(),
  componentes: z.array(templateWhatsappComponenteSchema),
  sincronizadoEm: z.string().nullable(),
});

export const templateSchema = z.object({
  id: z.guid(),
  /** Null: a local template usable on every canal. */
  canalId: z.guid().nullable(),
  nome: z.string(),
  categoria: z.string().nullable(),
  /** With the leading '/': `/saudacao`. */
  atalho: z.string().nullable(),
  conteudo: z.string(),
  /** Declared custom variables (the built-in ones need no declaration). */
  variaveis: z.array(templateVariavelSchema),
  /** Every variable the text uses, in order of first appearance. */
  variaveisNoTexto: z.array(z.string()),
  idioma: z.string(),
  ativo: z.boolean(),
  whatsapp: templateWhatsappSchema.nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type TemplateDto = z.infer<typeof templateSchema>;

const atalhoSchema = z
  .string()
  .trim()
  .max(60)
  .regex(/^\/?[^\s/]+$/, 'o atalho é uma palavra sem espaços, como /saudacao');

const idiomaSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'use um código de idioma como pt_BR ou en_US');

/** POST /api/atendimento/templates (admin). */
export const criarTemplateSchema = z.object({
  nome: z.string().trim().min(1, 'informe o nome do template').max(120),
  categoria: z.string().trim().min(1).max(60).nullable().optional(),
  atalho: atalhoSchema.nullable().optional(),
  conteudo: z.string().trim().min(1, 'informe o texto do template').max(4096),
  idioma: idiomaSchema.optional(),
  /** Restricts the template to one canal; omit for every canal. */
  canalId: z.guid('canalId deve ser o id (uuid) de um canal').nullable().optional(),
  variaveis: z.array(templateVariavelSchema).max(50).optional(),
  ativo: z.boolean().optional(),
});
export type CriarTemplate = z.infer<typeof criarTemplateSchema>;

/** PATCH /api/atendimento/templates/:id (admin). Synced WhatsApp templates only take categoria, atalho and ativo. */
export const atualizarTemplateSchema = criarTemplateSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo do template');
export type AtualizarTemplate = z.infer<typeof atualizarTemplateSchema>;

const booleanoQuerySchema = z.enum(['true', 'false'], 'use true ou false').transform((value) => value === 'true');

/** GET /api/atendimento/templates: `atalho` is a prefix (`/sau`), `q` matches nome, atalho and text. */
export const listarTemplatesQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  atalho: z.string().trim().min(1).max(60).optional(),
  categoria: z.string().trim().min(1).max(60).optional(),
  /** Templates usable on this canal (its own and the local ones). */
  canalId: z.guid('canalId deve ser o id (uuid) de um canal').optional(),
  ativo: booleanoQuerySchema.optional(),
  cursor: z.string().max(500).optional(),
  limite: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListarTemplatesQuery = z.infer<typeof listarTemplatesQuerySchema>;

export const templatePaginaSchema = z.object({
  items: z.array(templateSchema),
  nextCursor: z.string().nullable(),
});
export type TemplatePagina = z.infer<typeof templatePaginaSchema>;

/** Values of the built-in variables. */
export const templateContextoSchema = z.object({
  contatoNome: z.string().max(200).nullable().optional(),
  atendenteNome: z.string().max(200).nullable().optional(),
  ticketNumero: z.number().int().positive().nullable().optional(),
  empresaNome: z.string().max(200).nullable().optional(),
});
export type TemplateContexto = z.infer<typeof templateContextoSchema>;

/**
 * POST /api/atendimento/templates/:id/previsualizar. `variaveis` fills custom variables (and may override
 * built-in ones); `ticketId` fills contato.nome and ticket.numero from that ticket; atendente.nome and
 * empresa.nome default to the caller and their empresa.
 */
export const previsualizarTemplateSchema = z.object({
  variaveis: z
    .record(z.string().regex(TEMPLATE_VARIAVEL_NOME, 'nome de variável inválido').max(64), z.string().max(4096))
    .optional(),
  contexto: templateContextoSchema.optional(),
  ticketId: z.guid('ticketId deve ser o id (uuid) de um ticket').optional(),
});
export type PrevisualizarTemplate = z.infer<typeof previsualizarTemplateSchema>;

export const templatePreviaSchema = z.object({
  templateId: z.guid(),
  texto: z.string(),
});
export type TemplatePreviaDto = z.infer<typeof templatePreviaSchema>;
