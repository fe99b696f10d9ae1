import { z } from 'zod';
import { limiteDePagina } from './tickets.js';

export const MENSAGEM_DIRECAO_VALORES = ['recebida', 'enviada'] as const;
export const mensagemDirecaoSchema = z.enum(MENSAGEM_DIRECAO_VALORES);
export type MensagemDirecaoDto = z.infer<typeof mensagemDirecaoSchema>;

export const MENSAGEM_TIPO_VALORES = [
  'texto',
  'imagem',
  'audio',
  'video',
  'documento',
  'localizacao',
  'contato',
  'sticker',
  'reacao',
  'interativa',
  'template',
  'sistema',
  'desconhecido',
] as const;
export const mensagemTipoSchema = z.enum(MENSAGEM_TIPO_VALORES);
export type MensagemTipoDto = z.infer<typeof mensagemTipoSchema>;

/**
 * Outbound: pendente → enviada → entregue → lida (never backwards), or falhou with the provider's error.
 * Inbound mensagens are always `recebida`.
 */
export const MENSAGEM_STATUS_VALORES = ['pendente', 'enviada', 'entregue', 'lida', 'falhou', 'recebida'] as const;
export const mensagemStatusSchema = z.enum(MENSAGEM_STATUS_VALORES);
export type MensagemStatusDto = z.infer<typeof mensagemStatusSchema>;

/** A stored file. `url` streams it to an authenticated user of the same empresa. */
export const anexoSchema = z.object({
  id: z.guid(),
  mensagemId: z.guid().nullable(),
  nomeArquivo: z.string().nullable(),
  mimeTipo: z.string(),
  tamanhoBytes: z.number().int().min(0),
  sha256: z.string().nullable(),
  metadados: z.record(z.string(), z.unknown()),
  url: z.string(),
  criadoEm: z.string(),
});
export type AnexoDto = z.infer<typeof anexoSchema>;

/** The quoted mensagem of a reply, enough to draw the quote. */
export const mensagemCitadaSchema = z.object({
  id: z.guid(),
  direcao: mensagemDirecaoSchema,
  tipo: mensagemTipoSchema,
  /** The text, cut to 200 characters. */
  conteudo: z.string().nullable(),
  remetenteNome: z.string().nullable(),
  removida: z.boolean(),
});
export type MensagemCitadaDto = z.infer<typeof mensagemCitadaSchema>;

export const mensagemReacaoSchema = z.object({
  emoji: z.string(),
  autor: z.enum(['contato', 'atendente']),
  usuarioId: z.string().optional(),
  em: z.string(),
});

export const mensagemSchema = z.object({
  id: z.guid(),
  ticketId: z.guid(),
  contatoId: z.guid().nullable(),
  canalId: z.guid().nullable(),
  direcao: mensagemDirecaoSchema,
  /** Internal note: never sent to the customer. */
  privada: z.boolean(),
  tipo: mensagemTipoSchema,
  /** Text, caption, or the label of an interactive reply. */
  conteudo: z.string().nullable(),
  /** Type-specific content: location, contact cards, interactive reply, template parameters… */
  payload: z.record(z.string(), z.unknown()),
  externalId: z.string().nullable(),
  status: mensagemStatusSchema,
  /** The provider's error when status is falhou. */
  erro: z.object({ codigo: z.string().nullable(), mensagem: z.string().nullable() }).nullable(),
  remetente: z.object({
    usuarioId: z.guid().nullable(),
    atendenteId: z.guid().nullable(),
    /** The agent's name for enviadas (null for the customer and for automations). */
    nome: z.string().nullable(),
    bot: z.boolean(),
  }),
  respondeA: mensagemCitadaSchema.nullable(),
  /** The quoted mensagem's provider id, kept even when that mensagem is not stored. */
  respondeAExternalId: z.string().nullable(),
  templateId: z.guid().nullable(),
  anexos: z.array(anexoSchema),
  reacoes: z.array(mensagemReacaoSchema),
  transcricao: z.string().nullable(),
  /** Audio: pendente, concluida, indisponivel (no speech model configured: never invented) or falhou. */
  transcricaoStatus: z.enum(['pendente', 'concluida', 'indisponivel', 'falhou']).nullable(),
  provedorEm: z.string().nullable(),
  enviadaEm: z.string().nullable(),
  entregueEm: z.string().nullable(),
  /** Outbound: read by the customer. Inbound: read by an agent. */
  lidaEm: z.string().nullable(),
  editadaEm: z.string().nullable(),
  removidaEm: z.string().nullable(),
  criadoEm: z.string(),
});
export type MensagemDto = z.infer<typeof mensagemSchema>;

/** Newest first; `nextCursor` goes further back in time and stays valid while new mensagens arrive. */
export const mensagemPaginaSchema = z.object({ items: z.array(mensagemSchema), nextCursor: z.string().nullable() });
export type MensagemPagina = z.infer<typeof mensagemPaginaSchema>;

export const listarMensagensQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limite: limiteDePagina(200, 50),
});
export type ListarMensagensQuery = z.infer<typeof listarMensagensQuerySchema>;

const conteudo = z.string().max(4096, 'conteudo pode ter no máximo 4096 caracteres');
const respondeAId = z.guid('respondeAId deve ser o id (uuid) da mensagem respondida');

/**
 * POST /api/atendimento/tickets/:ticketId/mensagens as JSON, one of:
 * - text: `{conteudo}`;
 * - template: `{templateId | atalho, variaveis}` (rendered with the ticket's contato, atendente, número and empresa);
 * - internal note: `{conteudo, privada: true}` (never sent to the customer);
 * each with an optional `respondeAId` (quoted reply).
 * An attachment goes as multipart/form-data instead: see `enviarAnexoCamposSchema`.
 */
export const enviarMensagemSchema = z
  .object({
    conteudo: conteudo.optional(),
    privada: z.boolean({ error: 'privada deve ser true ou false' }).optional(),
    templateId: z.guid('templateId deve ser o id (uuid) de um template').optional(),
    atalho: z.string().trim().min(1).max(100).optional(),
    variaveis: z.record(z.string().min(1).max(100), z.string().max(1000)).optional(),
    respondeAId: respondeAId.optional(),
  })
  .superRefine((valor, ctx) => {
    const usaTemplate = valor.templateId !== undefined || valor.atalho !== undefined;
    if (valor.templateId !== undefined && valor.atalho !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['atalho'], message: 'use templateId ou atalho, não os dois' });
    }
    if (usaTemplate && valor.conteudo !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['conteudo'],
        message: 'com um template, o texto vem do template: não envie conteudo',
      });
    }
    if (usaTemplate && valor.privada === true) {
      ctx.addIssue({ code: 'custom', path: ['privada'], message: 'notas internas são texto: envie conteudo sem template' });
    }
    if (!usaTemplate && (valor.conteudo === undefined || valor.conteudo.trim() === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['conteudo'],
        message: 'informe o texto em conteudo (ou um templateId/atalho, ou envie um arquivo)',
      });
    }
    if (!usaTemplate && valor.variaveis !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['variaveis'], message: 'variaveis só valem com templateId ou atalho' });
    }
  });
export type EnviarMensagem = z.infer<typeof enviarMensagemSchema>;

/**
 * The text fields of a multipart/form-data POST /api/atendimento/tickets/:ticketId/mensagens, whose file goes in
 * the field `arquivo`; `conteudo` is the caption. The type (imagem, audio, video, documento) comes from the
 * file's MIME type.
 */
export const enviarAnexoCamposSchema = z.object({
  conteudo: conteudo.optional(),
  privada: z.enum(['true', 'false'], { error: 'privada deve ser "true" ou "false"' }).optional(),
  respondeAId: respondeAId.optional(),
});
export type EnviarAnexoCampos = z.infer<typeof enviarAnexoCamposSchema>;
