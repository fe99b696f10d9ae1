import { z } from 'zod';
import { tagSchema } from './tags.js';

/** The kinds of external id a contato is known by (one row per channel identity). */
export const contatoIdentidadeTipoSchema = z.enum([
  'whatsapp',
  'whatsapp_bsuid',
  'telegram',
  'email',
  'messenger',
  'instagram',
  'telefone',
  'webchat',
]);
export type ContatoIdentidadeTipoDto = z.infer<typeof contatoIdentidadeTipoSchema>;

export const contatoIdentidadeSchema = z.object({
  id: z.guid(),
  tipo: contatoIdentidadeTipoSchema,
  /** WhatsApp: E.164 digits without '+' (Brazilian mobiles with the 9th digit); telefone: E.164 with '+'. */
  valor: z.string(),
  canalId: z.guid().nullable(),
  nomeExibicao: z.string().nullable(),
  dados: z.record(z.string(), z.unknown()),
  bloqueadoPeloContatoEm: z.string().nullable(),
  ultimaMensagemEm: z.string().nullable(),
  criadoEm: z.string(),
});
export type ContatoIdentidadeDto = z.infer<typeof contatoIdentidadeSchema>;

const campoValorSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

/** Custom fields (CPF, plano, cidade…): at most 50 keys of text, number, boolean or null. */
export const contatoCamposSchema = z
  .record(z.string().trim().min(1).max(64), campoValorSchema)
  .refine((campos) => Object.keys(campos).length <= 50, 'no máximo 50 campos personalizados');
export type ContatoCamposDto = z.infer<typeof contatoCamposSchema>;

export const contatoSchema = z.object({
  id: z.guid(),
  nome: z.string().nullable(),
  /** E.164 with '+'; Brazilian mobiles always with the 9th digit. */
  telefone: z.string().nullable(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  campos: z.record(z.string(), campoValorSchema),
  observacoes: z.string().nullable(),
  bloqueado: z.boolean(),
  bloqueadoEm: z.string().nullable(),
  /** Set when this contato was merged into another one (open that one instead). */
  mescladoParaId: z.guid().nullable(),
  mescladoEm: z.string().nullable(),
  tags: z.array(tagSchema),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type ContatoDto = z.infer<typeof contatoSchema>;

/** Churn risk 0..100 with the reasons that add up to it (GET /api/atendimento/contatos/:id/churn). */
export const contatoChurnSchema = z.object({
  score: z.number().int().min(0).max(100),
  motivos: z.array(z.object({ sinal: z.string(), peso: z.number(), descricao: z.string() })),
  calculadoEm: z.string(),
});
export type ContatoChurnDto = z.infer<typeof contatoChurnSchema>;

/** GET /api/atendimento/contatos/:id: the contato with every channel identity (and its churn risk, once computed). */
export const contatoDetalheSchema = contatoSchema.extend({
  identidades: z.array(contatoIdentidadeSchema),
  churn: contatoChurnSchema.nullable(),
});
export type ContatoDetalheDto = z.infer<typeof contatoDetalheSchema>;

const telefoneEntradaSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9()\s.-]{6,}$/, 'informe um telefone com DDD, por exemplo +55 11 98888-7777');

const nomeSchema = z.string().trim().min(1, 'o nome não pode ficar vazio').max(200);
const emailSchema = z.email('informe um e-mail válido').max(254);

/** POST /api/atendimento/contatos: at least a nome, a telefone or an e-mail. */
export const criarContatoSchema = z
  .object({
    nome: nomeSchema.optional(),
    telefone: telefoneEntradaSchema.optional(),
    email: emailSchema.optional(),
    campos: contatoCamposSchema.optional(),
    observacoes: z.string().max(5000).nullable().optional(),
    bloqueado: z.boolean().optional(),
  })
  .refine((value) => value.nome !== undefined || value.telefone !== undefined || value.email !== undefined, {
    message: 'informe ao menos nome, telefone ou email',
    path: ['nome'],
  });
export type CriarContato = z.infer<typeof criarContatoSchema>;

/** PATCH /api/atendimento/contatos/:id. `campos` replaces the whole set of custom fields; null clears a field. */
export const atualizarContatoSchema = z
  .object({
    nome: nomeSchema.nullable(),
    telefone: telefoneEntradaSchema.nullable(),
    email: emailSchema.nullable(),
    campos: contatoCamposSchema,
    observacoes: z.string().max(5000).nullable(),
    bloqueado: z.boolean(),
  })
  .partial()
  .refine(
    (value) => Object.keys(value).length > 0,
    'informe ao menos um campo: nome, telefone, email, campos, observacoes ou bloqueado',
  );
export type AtualizarContato = z.infer<typeof atualizarContatoSchema>;

/** GET /api/atendimento/contatos: `q` matches nome (trigram), telefone digits and e-mail; `tag` is a tag id. */
export const listarContatosQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  tag: z.guid('tag deve ser o id (uuid) de uma tag').optional(),
  cursor: z.string().max(500).optional(),
  limite: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListarContatosQuery = z.infer<typeof listarContatosQuerySchema>;

export const contatoPaginaSchema = z.object({
  items: z.array(contatoSchema),
  nextCursor: z.string().nullable(),
});
export type ContatoPagina = z.infer<typeof contatoPaginaSchema>;

/** POST /api/atendimento/contatos/:id/mesclar: moves everything of `outroContatoId` into this contato. */
export const mesclarContatoSchema = z.object({
  outroContatoId: z.guid('outroContatoId deve ser o id (uuid) do contato a mesclar'),
});
export type MesclarContato = z.infer<typeof mesclarContatoSchema>;

/** The churn score's signals (`motivos[].sinal`), in the order the screens list them. */
export const SINAIS_CHURN = [
  'intencao_cancelar',
  'csat_baixo',
  'sentimento_negativo',
  'sentimento_piorando',
  'contatos_repetidos',
  'esperas_longas',
  'reaberturas',
] as const;
export type SinalChurn = (typeof SINAIS_CHURN)[number];
export const ehSinalChurn = (sinal: string): sinal is SinalChurn => (SINAIS_CHURN as readonly string[]).includes(sinal);
