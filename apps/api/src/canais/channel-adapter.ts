import type { z } from 'zod';

/**
 * The contract every channel implements. An adapter only translates between a provider's wire format and
 * these normalized types: it never touches the database, never decides policy (reply windows are declared in
 * `capabilities` and enforced by the outbound pipeline) and never retries (it says whether a failure is
 * transient; the job library retries).
 *
 * Timestamps are ISO-8601 strings, not `Date`, because normalized events travel through durable job
 * payloads (JSON) between the webhook and the worker.
 */

export type CanalTipo = 'whatsapp' | 'telegram' | 'email' | 'messenger' | 'instagram' | 'sms' | 'webchat';

export const CANAL_TIPOS: readonly CanalTipo[] = ['whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat'];

// ---------------------------------------------------------------------------------------------------------
// Inbound HTTP

export type HttpHeaderValue = string | readonly string[] | undefined;

/** What a webhook controller hands to `verify`/`handshake`: the request exactly as received. */
export interface InboundHttpRequest {
  method: string;
  /**
   * The public URL as the provider sees it (`ATENDE_PUBLIC_URL` + path + query). Twilio signs this URL,
   * so behind a proxy it must be rebuilt from configuration, not from the Host header.
   */
  url: string;
  /** Header names in lower case (Node's `IncomingMessage.headers`). */
  headers: Readonly<Record<string, HttpHeaderValue>>;
  /** Flat query string: keys such as `hub.mode` keep their dot. */
  query: Readonly<Record<string, HttpHeaderValue>>;
  /** The body bytes before any parsing: signatures are computed over these. */
  rawBody: Buffer;
}

/**
 * What `routingKeys`/`parseInbound` read. The inbound pipeline stores this durably and parses it later in
 * a job, so it holds the body bytes plus the few headers a parser needs (e.g. SNS message type).
 */
export interface InboundPayload {
  contentType: string;
  body: Buffer | string;
  /** Lower-case header names; only the ones the parser needs. */
  headers?: Readonly<Record<string, string>>;
}

export type VerifyFailureReason =
  'assinatura_ausente' | 'assinatura_invalida' | 'segredo_nao_configurado' | 'requisicao_invalida';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason; detail: string };

export type HandshakeResult =
  { ok: true; status: 200; contentType: string; body: string } | { ok: false; status: 403; reason: string };

// ---------------------------------------------------------------------------------------------------------
// Normalized inbound events

export type TipoMensagem =
  | 'texto'
  | 'imagem'
  | 'audio'
  | 'video'
  | 'documento'
  | 'localizacao'
  | 'contato'
  | 'sticker'
  | 'reacao'
  | 'interativa'
  | 'desconhecido';

export type MediaKind = 'imagem' | 'audio' | 'video' | 'documento' | 'sticker';

/** Ordered: the pipeline only ever moves a mensagem forward (pendente < enviada < entregue < lida). */
export type StatusEntrega = 'enviada' | 'entregue' | 'lida' | 'falhou';

/** Who sent an inbound message, with every identity the provider gave (identity resolution is the pipeline's job). */
export interface NormalizedSender {
  /** Stable per-channel key for the contato (WhatsApp: wa_id, or the BSUID when wa_id is absent). */
  externalId: string;
  /** Where replies go (WhatsApp wa_id/BSUID, Telegram chat id as a string, e-mail address, PSID). */
  address: string;
  /** E.164 digits without '+', when the channel exposes a phone number. */
  phone?: string;
  /** WhatsApp `wa_id`. */
  waId?: string;
  /** WhatsApp business-scoped user id (`user_id`, e.g. `US.1349…`). */
  bsuid?: string;
  username?: string;
  email?: string;
  displayName?: string;
}

/** A provider error as reported in a payload or an API answer. */
export interface ProviderError {
  code: string;
  title: string;
  message?: string;
  details?: string;
}

/** A reference to inbound media, downloaded later with `downloadMedia`. */
export interface NormalizedMedia {
  kind: MediaKind;
  /** Provider handle: WhatsApp media id, Telegram file_id, or an absolute URL. */
  ref: string;
  mimeType?: string;
  /** As the provider wrote it (WhatsApp: base64 SHA-256). */
  sha256?: string;
  filename?: string;
  sizeBytes?: number;
  durationSeconds?: number;
  /** Audio recorded as a voice note. */
  voice?: boolean;
  /** Animated sticker. */
  animated?: boolean;
  /** The bytes, base64, when the payload carries the file itself (e-mail attachments): stored without a download. */
  inlineBase64?: string;
}

export interface NormalizedLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface NormalizedContactCard {
  name: string;
  firstName?: string;
  lastName?: string;
  phones: { phone: string; waId?: string; type?: string }[];
  emails: { email: string; type?: string }[];
  organization?: { company?: string; title?: string };
}

export type InteractiveReplyKind =
  'button_reply' | 'list_reply' | 'template_button' | 'quick_reply' | 'postback' | 'callback_query' | 'flow_reply';

/** The customer's answer to something interactive we sent. */
export interface NormalizedInteractiveReply {
  kind: InteractiveReplyKind;
  /** Machine id or payload we set on the button/row. */
  id: string;
  /** What the customer saw/tapped. */
  title: string;
  description?: string;
  /** Telegram callback_query id: the worker must answer it with `acknowledgeInteraction`. */
  callbackId?: string;
}

export interface NormalizedQuote {
  /** Provider id of the quoted message (ours or the customer's). */
  externalId: string;
  /** Who wrote the quoted message, as the provider names it. */
  from?: string;
  text?: string;
}

interface BaseEvent {
  /** Unique per canal: the inbound table's (canal_id, external_id) key. Stable across redeliveries. */
  dedupId: string;
  occurredAt: string;
  /** The business-side id the event was addressed to (WhatsApp phone_number_id, page id, bot id, inbox). */
  channelAccountId?: string;
}

export interface NormalizedMessageEvent extends BaseEvent {
  kind: 'message';
  /** Provider message id (wamid, Telegram chat:message_id, Message-ID, mid, MessageSid). */
  externalId: string;
  /** `saida` for echoes of messages sent by us or another app on the same account (Messenger echoes). */
  direction: 'entrada' | 'saida';
  sender: NormalizedSender;
  type: TipoMensagem;
  /** The provider's own type name, kept for diagnostics (`unsupported`, `button`, `interactive`…). */
  providerType: string;
  /** Text body, caption, or the label of an interactive reply. */
  text?: string;
  subject?: string;
  quoted?: NormalizedQuote;
  media?: NormalizedMedia;
  location?: NormalizedLocation;
  contacts?: NormalizedContactCard[];
  interactive?: NormalizedInteractiveReply;
  /** A bot command such as Telegram's `/start <args>`. */
  command?: { name: string; args?: string };
  /** Why the provider could not describe the message (WhatsApp `unsupported` → 131051). */
  errors?: ProviderError[];
  /** Provider-specific details that matter downstream (referral, forwarded, story, e-mail headers). */
  metadata?: Readonly<Record<string, string | number | boolean>>;
  /**
   * E-mail threading, present only on threaded channels. `references`: provider ids of the earlier messages
   * this one answers (In-Reply-To, References, the reply token), newest first; empty for a new conversation.
   * `root`: the thread's first message id (References[0], else In-Reply-To, else this message's own id).
   */
  thread?: { references: string[]; root: string };
}

export type StatusTarget =
  /** One message by its provider id. */
  | { type: 'mensagem'; externalId: string }
  /** Every message sent to `recipient` at or before `upTo` (Messenger/Instagram read/delivery watermarks). */
  | { type: 'ate'; recipient: string; upTo: string };

export interface NormalizedStatusEvent extends BaseEvent {
  kind: 'status';
  target: StatusTarget;
  status: StatusEntrega;
  recipientId?: string;
  errors?: ProviderError[];
  pricing?: { billable?: boolean; model?: string; category?: string; type?: string };
}

export interface NormalizedReactionEvent extends BaseEvent {
  kind: 'reaction';
  externalId: string;
  sender: NormalizedSender;
  targetExternalId: string;
  /** `null` means the customer removed the reaction. */
  emoji: string | null;
}

export interface NormalizedEditEvent extends BaseEvent {
  kind: 'edit';
  sender: NormalizedSender;
  targetExternalId: string;
  text?: string;
  media?: NormalizedMedia;
}

export interface NormalizedDeleteEvent extends BaseEvent {
  kind: 'delete';
  sender: NormalizedSender;
  targetExternalId: string;
}

/** The customer blocked or unblocked us (Telegram my_chat_member): shown on the contato. */
export interface NormalizedContactStateEvent extends BaseEvent {
  kind: 'contact_state';
  sender: NormalizedSender;
  blocked: boolean;
}

/** Account-level errors (WhatsApp `value.errors`): logged and surfaced on the canal status. */
export interface NormalizedChannelErrorEvent extends BaseEvent {
  kind: 'channel_error';
  errors: ProviderError[];
}

export type NormalizedEvent =
  | NormalizedMessageEvent
  | NormalizedStatusEvent
  | NormalizedReactionEvent
  | NormalizedEditEvent
  | NormalizedDeleteEvent
  | NormalizedContactStateEvent
  | NormalizedChannelErrorEvent;

export interface ParseContext {
  /** When the webhook arrived (ISO): the time of events whose payload carries none. Never part of a dedupId. */
  receivedAt: string;
  /**
   * The routing key of the canal being processed. When one payload mixes several business accounts
   * (a WABA with two numbers), only the items addressed to this key are returned.
   */
  routingKey?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Outbound

export type OutboundMediaSource =
  /** A public URL the provider fetches. */
  | { type: 'link'; url: string }
  /** Media already on the provider (uploaded earlier, or a file_id). */
  | { type: 'provider'; id: string }
  /** Bytes we hold: the adapter uploads them first when the provider needs that. */
  | { type: 'upload'; data: Uint8Array; mimeType: string; filename: string };

export type TemplateParameter =
  | { type: 'text'; text: string; parameterName?: string }
  | { type: 'payload'; payload: string }
  | {
      type: 'imagem' | 'video' | 'documento';
      source: { type: 'link'; url: string } | { type: 'provider'; id: string };
      filename?: string;
    };

export interface TemplateComponentInput {
  type: 'header' | 'body' | 'button';
  /** Buttons only. */
  subType?: 'quick_reply' | 'url' | 'copy_code';
  /** Buttons only: position of the button in the template. */
  index?: number;
  parameters: TemplateParameter[];
}

export type OutboundContent =
  | { type: 'texto'; text: string; previewUrl?: boolean }
  | { type: 'midia'; kind: MediaKind; source: OutboundMediaSource; caption?: string; filename?: string }
  | { type: 'template'; name: string; language: string; components: TemplateComponentInput[] }
  | { type: 'localizacao'; location: NormalizedLocation }
  | { type: 'reacao'; targetExternalId: string; emoji: string | null }
  /**
   * A question with choices the customer taps (reply buttons, a list, an inline keyboard); the tap comes back as
   * an interactive reply whose id is the option's. Sent only to canais whose `capabilities.opcoes` allow it.
   */
  | { type: 'opcoes'; text: string; options: { id: string; title: string }[]; buttonLabel?: string };

export interface OutboundMessage {
  /** `NormalizedSender.address` of the contato. */
  to: string;
  content: OutboundContent;
  /** Provider id of the message being quoted. */
  replyToExternalId?: string;
  /**
   * When the customer last wrote in this conversation (ISO). Channels whose message type depends on the reply
   * window use it (Messenger/Instagram: `RESPONSE` inside 24 h, the `HUMAN_AGENT` tag after it).
   */
  lastInboundAt?: string;
  /** Written by a person, not a bot or automation: only these may go out with Meta's `HUMAN_AGENT` tag. */
  sentByHuman?: boolean;
  /** Our mensagem id. Messenger echoes it back in `metadata`, so that our own sends are recognized. */
  reference?: string;
  /** This canal's public webhook URL, for providers that take a status callback per message (Twilio). */
  callbackUrl?: string;
  /** Threaded channels (`capabilities.threads`): the ticket's subject and its messages' provider ids, oldest first. */
  thread?: { subject: string | null; references: string[] };
}

export interface SendResult {
  /** Provider id of the sent message (wamid…): stored on the mensagem to match later status events. */
  externalId: string;
  /** Provider's acceptance state when it reports one (WhatsApp `accepted`, `held_for_quality_assessment`). */
  providerStatus?: string;
  /** The recipient id the provider resolved (WhatsApp `contacts[0].wa_id`). */
  recipientId?: string;
}

export interface DownloadedMedia {
  data: Buffer;
  mimeType: string;
  filename?: string;
  sizeBytes: number;
  /** Hex SHA-256 of `data`. */
  sha256: string;
}

export interface MarkReadInput {
  externalId: string;
  /** Also show "typing…" (WhatsApp: dismissed after 25 s or on reply). */
  typing?: boolean;
}

export type ChannelHealthCode =
  | 'ok'
  | 'token_expirado'
  | 'credenciais_invalidas'
  | 'permissao_insuficiente'
  | 'recurso_nao_encontrado'
  | 'provedor_indisponivel';

export interface ChannelHealth {
  ok: boolean;
  code: ChannelHealthCode;
  /** pt-BR, for admins. */
  message: string;
  /** pt-BR: what the admin should do to fix it. */
  action?: string;
  providerError?: ProviderError;
  /** Non-secret facts the provider returned (display number, quality rating, bot username…). */
  details?: Readonly<Record<string, string | number | boolean>>;
}

export type TemplateStatus = 'aprovado' | 'pendente' | 'rejeitado' | 'pausado' | 'desativado' | 'outro';

export interface NormalizedTemplateComponent {
  type: 'header' | 'body' | 'footer' | 'buttons';
  format?: string;
  text?: string;
  /** Placeholder names in order of appearance (`1`, `2` or named ones). */
  variables: string[];
  buttons?: { type: string; text: string; url?: string; phoneNumber?: string }[];
}

export interface NormalizedTemplate {
  externalId: string;
  /** What a send names the template by (WhatsApp Cloud: its name; Twilio: its ContentSid). */
  name: string;
  /** For people, when it differs from `name` (Twilio's friendly name). */
  displayName?: string;
  language: string;
  status: TemplateStatus;
  providerStatus: string;
  category?: string;
  components: NormalizedTemplateComponent[];
}

export interface WebhookSetupInput {
  /** Absolute public URL of this canal's webhook. */
  url: string;
}

export interface WebhookSetupResult {
  /** Credential fields the canal service must merge and store (e.g. a newly generated webhook secret). */
  credentialsUpdate: Readonly<Record<string, string>>;
}

export interface ChannelCapabilities {
  /** Free-form replies are allowed only this long after the customer's last message; `null` = no window. */
  replyWindowMs: number | null;
  /** Outside the window, human-agent-tagged sends are allowed up to this age (Messenger: 7 days). */
  humanAgentWindowMs: number | null;
  mediaKinds: readonly MediaKind[];
  maxMediaBytes: Readonly<Partial<Record<MediaKind, number>>>;
  maxTextLength: number;
  templates: boolean;
  readReceipts: boolean;
  typingIndicator: boolean;
  reactions: boolean;
  quotedReplies: boolean;
  /** Provider messages per second that the per-canal token bucket allows. */
  rateLimitPerSecond: number;
  /** How the webhook finds its canal: `payload` (routingKeys) or a canal id in the URL. */
  webhookRouting: 'payload' | 'url';
  /** Conversations are threads (e-mail): inbound events carry `thread`, sends get `OutboundMessage.thread`. */
  threads?: boolean;
  /** The provider takes media only from a public URL it fetches (Twilio, Instagram): files go as signed links. */
  mediaByLink?: boolean;
  /** Tappable choices (`OutboundContent` `opcoes`): at most this many, each label up to `maxTitleLength`. */
  options?: { maxOptions: number; maxTitleLength: number };
}

// ---------------------------------------------------------------------------------------------------------
// The adapter

/**
 * `C` is the adapter's decrypted credentials shape. Callers validate the stored `configuracao` with
 * `parseCredentials` before calling anything else.
 */
export interface ChannelAdapter<C = unknown> {
  readonly kind: CanalTipo;
  /**
   * Set only when the kind is served by a third-party API besides its own (`canal.provedor`, e.g. WhatsApp
   * through `twilio`); the kind's own adapter leaves it undefined.
   */
  readonly provider?: string;
  readonly capabilities: ChannelCapabilities;
  /** zod schema of `C`: used by the canal API to validate `configuracao` (400 naming the field). */
  readonly credentialsSchema: z.ZodType<C>;

  /** Validates stored/posted configuration; throws `CanalException(CREDENCIAIS_INVALIDAS)`. */
  parseCredentials(configuracao: unknown): C;

  /** Credential field names that are secrets: encrypted at rest and masked in responses and logs. */
  readonly secretFields: readonly string[];

  /**
   * Authenticates a webhook request over its raw bytes (constant-time comparison). Asynchronous only where the
   * provider signs with a certificate that must be fetched (Amazon SNS).
   */
  verify(req: InboundHttpRequest, credentials: C): VerifyResult | Promise<VerifyResult>;

  /** Answers a subscription handshake (Meta `GET hub.challenge`), for channels that have one. */
  handshake?(query: InboundHttpRequest['query'], credentials: C): HandshakeResult;

  /**
   * Routing keys found in an (unverified) payload, distinct, in order: the webhook looks each one up to
   * find its canal, then verifies with that canal's secret. Empty when the canal id is in the URL.
   */
  routingKeys(payload: InboundPayload): string[];

  /** The routing key a canal answers to, from its credentials (WhatsApp phoneNumberId). */
  routingKeyOf(credentials: C): string | null;

  /**
   * Pure: payload → normalized events, no I/O. Items it cannot map become `desconhecido` messages or are
   * skipped, never thrown; a body that is not the provider's format throws `CanalException(PAYLOAD_INVALIDO)`.
   */
  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] | Promise<NormalizedEvent[]>;

  /** Sends one message. Throws `ChannelSendError` (transient or permanent). */
  send(credentials: C, message: OutboundMessage): Promise<SendResult>;

  /** Units of the canal's rate (`rateLimitPerSecond`) one send uses; default 1 (SMS: one per segment). */
  sendCost?(message: OutboundMessage): number;

  /** Fetches inbound media by `NormalizedMedia.ref`. Throws `ChannelApiError`. */
  downloadMedia(credentials: C, ref: string): Promise<DownloadedMedia>;

  /** Read receipt (and optionally typing) for an inbound message, where the channel has them. */
  markRead?(credentials: C, input: MarkReadInput): Promise<void>;

  /** Checks the credentials against the provider; never throws for provider answers. */
  checkStatus(credentials: C): Promise<ChannelHealth>;

  /** Lists the provider's message templates (all statuses), following pagination. */
  syncTemplates?(credentials: C): Promise<NormalizedTemplate[]>;

  /** Registers the webhook with the provider (Telegram setWebhook with a new secret). */
  setupWebhook?(credentials: C, input: WebhookSetupInput): Promise<WebhookSetupResult>;

  /** Acknowledges an interactive reply the provider needs answered (Telegram answerCallbackQuery). */
  acknowledgeInteraction?(credentials: C, callbackId: string, text?: string): Promise<void>;
}

/** Any adapter, as the registry holds them. */
export type AnyChannelAdapter = ChannelAdapter<unknown>;

export const CHANNEL_ADAPTERS = Symbol('CHANNEL_ADAPTERS');
