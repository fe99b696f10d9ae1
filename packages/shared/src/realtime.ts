import { z } from 'zod';
import { atendenteStatusSchema } from './atendentes.js';
import type { IaSugestoesEvento } from './ia.js';
import { mensagemSchema, mensagemStatusSchema } from './mensagens.js';
import { ticketSchema } from './tickets.js';

/**
 * Real time (Socket.IO). Connect to the namespace `/atendimento` with `auth: { token: <accessToken> }`.
 *
 * - A missing, expired or forged token fails the handshake: `connect_error` whose `data` is
 *   `RealtimeErroConexao` (`code`: TOKEN_AUSENTE | TOKEN_EXPIRADO | TOKEN_INVALIDO). The client does not retry
 *   on its own: refresh the token (TOKEN_EXPIRADO) or log in again, then call `socket.connect()`.
 * - When the access token expires while connected the server emits `sessao:expirada` and disconnects
 *   (reason "io server disconnect"): refresh, set the new token in `socket.auth` and `socket.connect()`.
 * - Every (re)connection starts with `conectado`. Load the lists by REST after the first `conectado` (from then
 *   on every change arrives by socket). When `recuperado` is false after a reconnection, fetch what was missed
 *   with `GET /api/atendimento/realtime/desde?cursor=<last cursor seen>`; the cursor of each event (and of
 *   `conectado` and of the catch-up answer) is the one to keep. Events are at-least-once: apply them by id.
 * - After `transport close` / `ping timeout` socket.io-client reconnects by itself (server restarts included);
 *   after `io server disconnect` (only `sessao:expirada`) it waits for `socket.connect()`.
 */
export const REALTIME_NAMESPACE = '/atendimento';

/** Names of the server → client events. */
export const REALTIME_EVENTOS = {
  conectado: 'conectado',
  ticketNovo: 'ticket:novo',
  ticketAtualizado: 'ticket:atualizado',
  ticketRemovido: 'ticket:removido',
  mensagemNova: 'mensagem:nova',
  mensagemStatus: 'mensagem:status',
  digitando: 'digitando',
  atendenteStatus: 'atendente:status',
  slaAlerta: 'sla:alerta',
  iaSugestoes: 'ia:sugestoes',
  sessaoExpirada: 'sessao:expirada',
  erro: 'erro',
} as const;

const ticketId = z.guid({ error: 'ticketId deve ser o id (uuid) de um ticket' });
/** Opaque catch-up position; pass it back to GET /api/atendimento/realtime/desde. */
const cursor = z.string().min(1).max(200);

// ------------------------------------------------------------------------------------- client → server

/** `entrar`: join the room of a ticket the user may see (same rule as GET /tickets/:id). */
export const entrarTicketSchema = z.object({ ticketId });
export type EntrarTicket = z.infer<typeof entrarTicketSchema>;

/** `sair`: leave a ticket's room. */
export const sairTicketSchema = entrarTicketSchema;
export type SairTicket = EntrarTicket;

/**
 * `digitando`: the agent is typing in a ticket it joined with `entrar` (`ativo: false` when it stops). Relayed
 * to the ticket's room except the sender, at most once per second per ticket while typing.
 */
export const digitandoSchema = z.object({ ticketId, ativo: z.boolean({ error: 'ativo deve ser true ou false' }).default(true) });
export type Digitando = z.input<typeof digitandoSchema>;

/** `presenca`: the atendente sets itself ausente or back online (offline follows the last socket closing). */
export const presencaSchema = z.object({
  status: z.enum(['online', 'ausente'], { error: 'status deve ser "online" ou "ausente" (offline é automático ao desconectar)' }),
});
export type Presenca = z.infer<typeof presencaSchema>;

/** Answer of every client → server event that was sent with an acknowledgement callback. */
export const realtimeAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type RealtimeAck = z.infer<typeof realtimeAckSchema>;

// ------------------------------------------------------------------------------------- server → client

/** `data` of a `connect_error` raised by the server (the handshake was refused). */
export const realtimeErroConexaoSchema = z.object({
  /** REALTIME_ERRO_INTERNO: the server failed to check the token (try again later). */
  code: z.enum(['TOKEN_AUSENTE', 'TOKEN_EXPIRADO', 'TOKEN_INVALIDO', 'REALTIME_ERRO_INTERNO']),
  message: z.string(),
});
export type RealtimeErroConexao = z.infer<typeof realtimeErroConexaoSchema>;

/** `conectado`: sent once per (re)connection, after the socket has joined its rooms. */
export const conectadoEventoSchema = z.object({
  usuarioId: z.guid(),
  empresaId: z.guid(),
  papel: z.enum(['admin', 'supervisor', 'atendente']),
  /** Null when the usuario is not an atendente. */
  atendenteId: z.guid().nullable(),
  /** Rooms joined automatically (`empresa:…`, `fila:…`, `atendente:…`) plus restored `ticket:…` rooms. */
  salas: z.array(z.string()),
  /** True when Socket.IO restored the session and replayed what was missed: no catch-up needed. */
  recuperado: z.boolean(),
  /** When the access token expires (ISO-8601): refresh before it to avoid `sessao:expirada`. */
  expiraEm: z.string(),
  cursor,
});
export type ConectadoEvento = z.infer<typeof conectadoEventoSchema>;

/** `ticket:novo` */
export const ticketNovoEventoSchema = z.object({ ticket: ticketSchema, cursor });
export type TicketNovoEvento = z.infer<typeof ticketNovoEventoSchema>;

/**
 * `ticket:atualizado`: status, atribuição, transferência, tags, prioridade, counters… `mudancas` names what
 * changed (as the tickets service reports it). On a transfer the previous fila/atendente hear it too, so their
 * lists can drop the ticket.
 */
export const ticketAtualizadoEventoSchema = z.object({
  ticket: ticketSchema,
  mudancas: z.array(z.string()),
  filaAnteriorId: z.guid().nullable(),
  atendenteAnteriorId: z.guid().nullable(),
  cursor,
});
export type TicketAtualizadoEvento = z.infer<typeof ticketAtualizadoEventoSchema>;

/** `ticket:removido`: an admin deleted the ticket (soft delete); drop it from the lists. */
export const ticketRemovidoEventoSchema = z.object({ ticketId: z.guid(), cursor });
export type TicketRemovidoEvento = z.infer<typeof ticketRemovidoEventoSchema>;

/** `mensagem:nova`: the mensagem exactly as GET /tickets/:ticketId/mensagens returns it. */
export const mensagemNovaEventoSchema = z.object({ mensagem: mensagemSchema, cursor });
export type MensagemNovaEvento = z.infer<typeof mensagemNovaEventoSchema>;

/** `mensagem:status`: delivery status (enviada, entregue, lida, falhou) or another change of a mensagem. */
export const mensagemStatusEventoSchema = z.object({
  ticketId: z.guid(),
  mensagemId: z.guid(),
  status: mensagemStatusSchema,
  erro: z.object({ codigo: z.string().nullable(), mensagem: z.string().nullable() }).nullable(),
  mudancas: z.array(z.string()),
  mensagem: mensagemSchema,
  cursor,
});
export type MensagemStatusEvento = z.infer<typeof mensagemStatusEventoSchema>;

/** `digitando`: someone is typing in a ticket (an agent, or the customer where the channel tells). */
export const digitandoEventoSchema = z.object({
  ticketId: z.guid(),
  origem: z.enum(['atendente', 'contato']),
  /** The typing agent's usuario (null for the customer). */
  usuarioId: z.guid().nullable(),
  nome: z.string().nullable(),
  ativo: z.boolean(),
});
export type DigitandoEvento = z.infer<typeof digitandoEventoSchema>;

/** `atendente:status`: presence of an atendente (online, ausente, offline). */
export const atendenteStatusEventoSchema = z.object({
  atendenteId: z.guid(),
  usuarioId: z.guid(),
  nome: z.string(),
  status: atendenteStatusSchema,
  deStatus: atendenteStatusSchema.nullable(),
  em: z.string(),
});
export type AtendenteStatusEvento = z.infer<typeof atendenteStatusEventoSchema>;

/** `sla:alerta`: a ticket's SLA deadline is near (`alerta`) or passed (`violado`). Emitted by the SLA module. */
export const slaAlertaEventoSchema = z.object({
  ticketId: z.guid(),
  numero: z.number().int().positive(),
  tipo: z.enum(['primeira_resposta', 'proxima_resposta', 'resolucao']),
  nivel: z.enum(['alerta', 'violado']),
  prazo: z.string(),
  filaId: z.guid().nullable(),
  atendenteId: z.guid().nullable(),
});
export type SlaAlertaEvento = z.infer<typeof slaAlertaEventoSchema>;

/** `ia:indexacao`: progress of a RAG re-indexing run, to the empresa's supervisors and admins. */
export const iaIndexacaoEventoSchema = z.object({
  id: z.guid(),
  status: z.enum(['pendente', 'executando', 'concluida', 'falhou']),
  total: z.number().int().nullable(),
  feitos: z.number().int(),
  falhas: z.number().int(),
});
export type IaIndexacaoEvento = z.infer<typeof iaIndexacaoEventoSchema>;

/** `contato:churn`: a contato's churn risk crossed the empresa's alert threshold (supervisors and admins). */
export const contatoChurnEventoSchema = z.object({
  contatoId: z.guid(),
  nome: z.string().nullable(),
  score: z.number().int().min(0).max(100),
  limiar: z.number().int().min(0).max(100),
  motivos: z.array(z.string()),
});
export type ContatoChurnEvento = z.infer<typeof contatoChurnEventoSchema>;

/** `sessao:expirada`: the access token expired; the server disconnects right after. */
export const sessaoExpiradaEventoSchema = z.object({ code: z.literal('TOKEN_EXPIRADO'), message: z.string() });
export type SessaoExpiradaEvento = z.infer<typeof sessaoExpiradaEventoSchema>;

/** `erro`: a client → server event was refused (invalid payload, ticket not visible, …). */
export const erroEventoSchema = z.object({
  /** The client event that failed: entrar, sair, digitando, presenca. */
  evento: z.string(),
  code: z.string(),
  message: z.string(),
  ticketId: z.string().optional(),
});
export type ErroEvento = z.infer<typeof erroEventoSchema>;

/** Typed event maps for `Server`/`Socket` generics on both sides (socket.io and socket.io-client). */
export interface RealtimeServerToClientEvents {
  conectado: (evento: ConectadoEvento) => void;
  'ticket:novo': (evento: TicketNovoEvento) => void;
  'ticket:atualizado': (evento: TicketAtualizadoEvento) => void;
  'ticket:removido': (evento: TicketRemovidoEvento) => void;
  'mensagem:nova': (evento: MensagemNovaEvento) => void;
  'mensagem:status': (evento: MensagemStatusEvento) => void;
  digitando: (evento: DigitandoEvento) => void;
  'atendente:status': (evento: AtendenteStatusEvento) => void;
  'sla:alerta': (evento: SlaAlertaEvento) => void;
  /** AI reply drafts for a ticket (schema `iaSugestoesEventoSchema` in ia.ts). */
  'ia:sugestoes': (evento: IaSugestoesEvento) => void;
  'ia:indexacao': (evento: IaIndexacaoEvento) => void;
  'contato:churn': (evento: ContatoChurnEvento) => void;
  'sessao:expirada': (evento: SessaoExpiradaEvento) => void;
  erro: (evento: ErroEvento) => void;
}

export interface RealtimeClientToServerEvents {
  entrar: (payload: EntrarTicket, ack?: (resposta: RealtimeAck) => void) => void;
  sair: (payload: SairTicket, ack?: (resposta: RealtimeAck) => void) => void;
  digitando: (payload: Digitando, ack?: (resposta: RealtimeAck) => void) => void;
  presenca: (payload: Presenca, ack?: (resposta: RealtimeAck) => void) => void;
}

// ----------------------------------------------------------------------------------------------- catch-up

/** GET /api/atendimento/realtime/desde. Without a cursor: no items, just the current cursor to start from. */
export const realtimeDesdeQuerySchema = z.object({
  cursor: cursor.optional(),
});
export type RealtimeDesdeQuery = z.infer<typeof realtimeDesdeQuerySchema>;

/**
 * What changed since the cursor among the tickets the user may see: tickets updated (oldest change first) and
 * mensagens created or updated, with the cursor to use next time. Items may repeat ones already received by
 * socket (apply them by id). `completo: false` means more changed than one answer carries (a long outage):
 * reload the lists instead.
 */
export const realtimeDesdeRespostaSchema = z.object({
  tickets: z.array(ticketSchema),
  mensagens: z.array(mensagemSchema),
  /** Tickets deleted since the cursor: drop them. */
  ticketsRemovidos: z.array(z.guid()),
  cursor,
  completo: z.boolean(),
});
export type RealtimeDesdeResposta = z.infer<typeof realtimeDesdeRespostaSchema>;
