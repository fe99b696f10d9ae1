import { z } from 'zod';

const quando = z.iso.datetime({
  offset: true,
  error: 'agendadaPara deve ser uma data ISO 8601 com fuso (ex.: 2026-12-01T09:00:00-03:00)',
});
const conteudo = z.string().trim().min(1, 'conteudo não pode ser vazio').max(4096, 'conteudo tem no máximo 4096 caracteres');
const templateId = z.guid('templateId deve ser o id (uuid) de um template');
const variaveis = z.record(z.string().min(1).max(100), z.string().max(1000));

function textoOuTemplate(valor: { conteudo?: string | null; templateId?: string | null }, ctx: z.RefinementCtx): void {
  const temTexto = valor.conteudo != null;
  const temTemplate = valor.templateId != null;
  if (temTexto === temTemplate) {
    ctx.addIssue({ code: 'custom', path: ['conteudo'], message: 'informe conteudo (texto) ou templateId, um dos dois' });
  }
}

/** POST /api/atendimento/tickets/:ticketId/agendamentos: a text or a template, sent at `agendadaPara`. */
export const criarMensagemAgendadaSchema = z
  .object({
    agendadaPara: quando,
    conteudo: conteudo.optional(),
    templateId: templateId.optional(),
    variaveis: variaveis.optional(),
  })
  .superRefine(textoOuTemplate);
export type CriarMensagemAgendada = z.infer<typeof criarMensagemAgendadaSchema>;

/** PATCH …/agendamentos/:id: while still `agendada`. Switching to a template clears the text and vice versa. */
export const atualizarMensagemAgendadaSchema = z
  .object({
    agendadaPara: quando.optional(),
    conteudo: conteudo.nullable().optional(),
    templateId: templateId.nullable().optional(),
    variaveis: variaveis.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'informe ao menos um campo: agendadaPara, conteudo, templateId ou variaveis');
export type AtualizarMensagemAgendada = z.infer<typeof atualizarMensagemAgendadaSchema>;

export const MENSAGEM_AGENDADA_STATUS = ['agendada', 'enviando', 'enviada', 'cancelada', 'falhou'] as const;

export const mensagemAgendadaSchema = z.object({
  id: z.guid(),
  ticketId: z.guid(),
  criadoPorUsuarioId: z.guid().nullable(),
  conteudo: z.string().nullable(),
  templateId: z.guid().nullable(),
  variaveis: z.record(z.string(), z.string()),
  agendadaPara: z.string(),
  status: z.enum(MENSAGEM_AGENDADA_STATUS),
  /** The mensagem it became, once sent. */
  mensagemId: z.guid().nullable(),
  /** Why it failed (e.g. the reply window closed). */
  erro: z.string().nullable(),
  enviadaEm: z.string().nullable(),
  canceladaEm: z.string().nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type MensagemAgendadaDto = z.infer<typeof mensagemAgendadaSchema>;
