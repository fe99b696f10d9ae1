import { z } from 'zod';

/** 2xx answer of POST /api/atendimento/webhooks/:tipo[/:canalId]: the events are committed. */
export const webhookRecebidoSchema = z.object({
  recebido: z.literal(true),
  /** Normalized events found in the request (messages, statuses…) for known canais. */
  eventos: z.number().int(),
  /** Of those, the ones not seen before (a redelivery gives 0). */
  novos: z.number().int(),
});
export type WebhookRecebido = z.infer<typeof webhookRecebidoSchema>;

export const EVENTO_ENTRADA_STATUS_DISPONIVEIS = ['recebido', 'processando', 'processado', 'falhou', 'ignorado'] as const;
export const eventoEntradaStatusSchema = z.enum(EVENTO_ENTRADA_STATUS_DISPONIVEIS, {
  error: `status deve ser um de: ${EVENTO_ENTRADA_STATUS_DISPONIVEIS.join(', ')}`,
});
export type EventoEntradaStatusDto = z.infer<typeof eventoEntradaStatusSchema>;

/** GET /api/atendimento/eventos-entrada (admin). */
export const listarEventosEntradaQuerySchema = z.object({
  status: eventoEntradaStatusSchema.optional(),
  canalId: z.guid({ error: 'canalId deve ser um id de canal' }).optional(),
  limite: z.coerce.number().int().min(1, 'limite mínimo é 1').max(100, 'limite máximo é 100').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type ListarEventosEntradaQuery = z.infer<typeof listarEventosEntradaQuerySchema>;

export const eventoEntradaSchema = z.object({
  id: z.guid(),
  canalId: z.guid().nullable(),
  tipo: z.string(),
  /** The provider's id of the event (wamid, `wamid:status`, Telegram update…): unique per canal. */
  externalId: z.string(),
  status: eventoEntradaStatusSchema,
  tentativas: z.number().int(),
  /** Why the last attempt failed (or why the event was ignored). */
  erro: z.string().nullable(),
  /** The request body as received: parsed JSON when it is JSON, else the text. */
  corpo: z.unknown(),
  headers: z.record(z.string(), z.string()),
  recebidoEm: z.string(),
  processadoEm: z.string().nullable(),
});
export type EventoEntradaDto = z.infer<typeof eventoEntradaSchema>;

export const eventoEntradaListaSchema = z.object({ items: z.array(eventoEntradaSchema), nextCursor: z.string().nullable() });
export type EventoEntradaLista = z.infer<typeof eventoEntradaListaSchema>;
