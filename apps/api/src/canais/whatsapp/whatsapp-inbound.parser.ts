import { createHash } from 'node:crypto';
import { CanalErro, CanalException } from '../canal.exception.js';
import type {
  InboundPayload,
  MediaKind,
  NormalizedContactCard,
  NormalizedEvent,
  NormalizedMedia,
  NormalizedMessageEvent,
  NormalizedSender,
  NormalizedStatusEvent,
  ParseContext,
  ProviderError,
  StatusEntrega,
  TipoMensagem,
} from '../channel-adapter.js';
import { epochSecondsToIso, parseJsonPayload } from '../webhook.util.js';
import {
  waChangeValueSchema,
  waContactSchema,
  waErrorSchema,
  waMessageSchema,
  waStatusSchema,
  waWebhookSchema,
  type WaContact,
  type WaMessage,
  type WaStatus,
  type WaWebhookError,
} from './whatsapp.types.js';

/**
 * Pure translation of a WhatsApp Cloud API webhook into normalized events. Every
 * entry[] × changes[] × messages[]/statuses[]/errors[] item is visited; items that do not validate are
 * skipped (or become `desconhecido` when they still identify a sender), so one odd item never loses the rest.
 */

const STATUS_MAP: Readonly<Record<string, StatusEntrega>> = {
  sent: 'enviada',
  delivered: 'entregue',
  read: 'lida',
  failed: 'falhou',
};

const MEDIA_TYPES: Readonly<Record<string, { tipo: TipoMensagem; kind: MediaKind }>> = {
  image: { tipo: 'imagem', kind: 'imagem' },
  audio: { tipo: 'audio', kind: 'audio' },
  video: { tipo: 'video', kind: 'video' },
  document: { tipo: 'documento', kind: 'documento' },
  sticker: { tipo: 'sticker', kind: 'sticker' },
};

interface ChangeValue {
  phoneNumberId: string;
  displayPhoneNumber?: string;
  contacts: WaContact[];
  messages: unknown[];
  statuses: unknown[];
  errors: unknown[];
}

/**
 * Decoded envelopes by payload: the webhook path reads the same payload twice (routing keys to find the canal,
 * then the events once it is verified), and JSON plus schema parsing is most of a webhook's CPU.
 */
const envelopes = new WeakMap<InboundPayload, readonly ChangeValue[]>();

function decodeEnvelope(payload: InboundPayload): readonly ChangeValue[] {
  let values = envelopes.get(payload);
  if (values === undefined) {
    values = decodeEnvelopeSemCache(payload);
    envelopes.set(payload, values);
  }
  return values;
}

function decodeEnvelopeSemCache(payload: InboundPayload): ChangeValue[] {
  const parsed = waWebhookSchema.safeParse(parseJsonPayload(payload));
  if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'O corpo não é um webhook whatsapp_business_account.');
  }
  const values: ChangeValue[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes ?? []) {
      // Other subscribed fields (template status, account updates) carry no phone_number_id.
      if (change.field !== undefined && change.field !== 'messages') continue;
      const value = waChangeValueSchema.safeParse(change.value);
      if (!value.success) continue;
      values.push({
        phoneNumberId: value.data.metadata.phone_number_id,
        displayPhoneNumber: value.data.metadata.display_phone_number,
        contacts: (value.data.contacts ?? []).flatMap((c) => {
          const contact = waContactSchema.safeParse(c);
          return contact.success ? [contact.data] : [];
        }),
        messages: value.data.messages ?? [],
        statuses: value.data.statuses ?? [],
        errors: value.data.errors ?? [],
      });
    }
  }
  return values;
}

/** The distinct `value.metadata.phone_number_id`s, in order of appearance. */
export function whatsAppRoutingKeys(payload: InboundPayload): string[] {
  return [...new Set(decodeEnvelope(payload).map((v) => v.phoneNumberId))];
}

export function parseWhatsAppWebhook(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
  const events: NormalizedEvent[] = [];
  for (const value of decodeEnvelope(payload)) {
    if (ctx.routingKey !== undefined && value.phoneNumberId !== ctx.routingKey) continue;
    for (const raw of value.messages) {
      const event = parseMessage(raw, value, ctx);
      if (event !== null) events.push(event);
    }
    for (const raw of value.statuses) {
      const status = waStatusSchema.safeParse(raw);
      if (!status.success) continue;
      const event = parseStatus(status.data, value, ctx);
      if (event !== null) events.push(event);
    }
    const errors = value.errors.flatMap((e) => {
      const parsed = waErrorSchema.safeParse(e);
      return parsed.success ? [toProviderError(parsed.data)] : [];
    });
    if (errors.length > 0) {
      // No id or timestamp in `value.errors`: a content hash keeps redeliveries idempotent.
      const digest = createHash('sha256').update(JSON.stringify(errors)).digest('hex').slice(0, 16);
      events.push({
        kind: 'channel_error',
        dedupId: `erro:${value.phoneNumberId}:${errors.map((e) => e.code).join(',')}:${digest}`,
        occurredAt: ctx.receivedAt,
        channelAccountId: value.phoneNumberId,
        errors,
      });
    }
  }
  return events;
}

export function toProviderError(error: WaWebhookError): ProviderError {
  const result: ProviderError = {
    code: String(error.code),
    title: error.title ?? error.message ?? `Erro ${String(error.code)}`,
  };
  if (error.message !== undefined) result.message = error.message;
  if (error.error_data?.details !== undefined) result.details = error.error_data.details;
  return result;
}

function resolveSender(message: { from?: string; from_user_id?: string }, contacts: WaContact[]): NormalizedSender | null {
  const contact =
    contacts.find(
      (c) =>
        (message.from !== undefined && c.wa_id === message.from) ||
        (message.from_user_id !== undefined && c.user_id === message.from_user_id),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const waId = message.from ?? contact?.wa_id;
  const bsuid = message.from_user_id ?? contact?.user_id;
  // wa_id first (issue 4): contatos created before BSUIDs existed are keyed by phone.
  const key = waId ?? bsuid;
  if (key === undefined) return null;
  const sender: NormalizedSender = { externalId: key, address: key };
  if (waId !== undefined) {
    sender.waId = waId;
    sender.phone = waId;
  }
  if (bsuid !== undefined) sender.bsuid = bsuid;
  if (contact?.profile?.name !== undefined) sender.displayName = contact.profile.name;
  if (contact?.profile?.username !== undefined) sender.username = contact.profile.username;
  return sender;
}

function parseMessage(raw: unknown, value: ChangeValue, ctx: ParseContext): NormalizedEvent | null {
  const parsed = waMessageSchema.safeParse(raw);
  if (!parsed.success) return unknownFromInvalid(raw, value, ctx);
  const message = parsed.data;
  const sender = resolveSender(message, value.contacts);
  if (sender === null) return null;
  const occurredAt = epochSecondsToIso(message.timestamp, ctx.receivedAt);

  if (message.type === 'reaction' && message.reaction !== undefined) {
    const emoji = message.reaction.emoji;
    return {
      kind: 'reaction',
      dedupId: message.id,
      externalId: message.id,
      occurredAt,
      channelAccountId: value.phoneNumberId,
      sender,
      targetExternalId: message.reaction.message_id,
      emoji: emoji === undefined || emoji === '' ? null : emoji,
    };
  }

  const event: NormalizedMessageEvent = {
    kind: 'message',
    dedupId: message.id,
    externalId: message.id,
    direction: 'entrada',
    occurredAt,
    channelAccountId: value.phoneNumberId,
    sender,
    type: 'desconhecido',
    providerType: message.type,
  };
  if (message.context?.id !== undefined) {
    event.quoted = { externalId: message.context.id };
    if (message.context.from !== undefined) event.quoted.from = message.context.from;
  }
  const metadata: Record<string, string | number | boolean> = {};
  if (message.context?.forwarded === true) metadata.forwarded = true;
  if (message.context?.frequently_forwarded === true) metadata.frequentlyForwarded = true;
  if (message.referral !== undefined) {
    for (const [key, v] of Object.entries(message.referral)) {
      if (typeof v === 'string') metadata[`referral.${key}`] = v;
    }
  }

  fillContent(event, message, metadata);

  if (message.errors !== undefined && message.errors.length > 0) event.errors = message.errors.map(toProviderError);
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}

function fillContent(
  event: NormalizedMessageEvent,
  message: WaMessage,
  metadata: Record<string, string | number | boolean>,
): void {
  const mediaType = MEDIA_TYPES[message.type];
  if (mediaType !== undefined) {
    const media = message[message.type as 'image' | 'audio' | 'video' | 'document' | 'sticker'];
    if (media === undefined) return;
    event.type = mediaType.tipo;
    const normalized: NormalizedMedia = { kind: mediaType.kind, ref: media.id };
    if (media.mime_type !== undefined) normalized.mimeType = media.mime_type;
    if (media.sha256 !== undefined) normalized.sha256 = media.sha256;
    if (media.filename !== undefined) normalized.filename = media.filename;
    if (media.voice !== undefined) normalized.voice = media.voice;
    if (media.animated !== undefined) normalized.animated = media.animated;
    event.media = normalized;
    if (media.caption !== undefined) event.text = media.caption;
    return;
  }

  switch (message.type) {
    case 'text':
      if (message.text === undefined) return;
      event.type = 'texto';
      event.text = message.text.body;
      return;
    case 'location': {
      if (message.location === undefined) return;
      const { latitude, longitude, name, address, url } = message.location;
      event.type = 'localizacao';
      event.location = { latitude, longitude };
      if (name !== undefined) event.location.name = name;
      if (address !== undefined) event.location.address = address;
      if (url !== undefined) event.location.url = url;
      return;
    }
    case 'contacts':
      if (message.contacts === undefined) return;
      event.type = 'contato';
      event.contacts = message.contacts.map(toContactCard);
      return;
    case 'interactive': {
      const interactive = message.interactive;
      if (interactive === undefined) return;
      if (interactive.button_reply !== undefined) {
        event.type = 'interativa';
        event.interactive = { kind: 'button_reply', id: interactive.button_reply.id, title: interactive.button_reply.title };
        event.text = interactive.button_reply.title;
      } else if (interactive.list_reply !== undefined) {
        event.type = 'interativa';
        event.interactive = { kind: 'list_reply', id: interactive.list_reply.id, title: interactive.list_reply.title };
        if (interactive.list_reply.description !== undefined) event.interactive.description = interactive.list_reply.description;
        event.text = interactive.list_reply.title;
      } else if (interactive.nfm_reply !== undefined) {
        event.type = 'interativa';
        event.interactive = {
          kind: 'flow_reply',
          id: interactive.nfm_reply.name ?? 'flow',
          title: interactive.nfm_reply.body ?? '',
        };
        if (interactive.nfm_reply.response_json !== undefined) metadata.flowResponseJson = interactive.nfm_reply.response_json;
        if (interactive.nfm_reply.body !== undefined) event.text = interactive.nfm_reply.body;
      }
      return;
    }
    case 'button':
      // A tap on a template's quick-reply button.
      if (message.button === undefined) return;
      event.type = 'interativa';
      event.interactive = {
        kind: 'template_button',
        id: message.button.payload ?? message.button.text,
        title: message.button.text,
      };
      event.text = message.button.text;
      return;
    case 'unsupported':
    case 'unknown':
      if (message.unsupported?.type !== undefined) metadata.unsupportedType = message.unsupported.type;
      return;
    default:
      return;
  }
}

function toContactCard(card: NonNullable<WaMessage['contacts']>[number]): NormalizedContactCard {
  const fullName = [card.name?.first_name, card.name?.last_name].filter((p) => p !== undefined).join(' ');
  const phones = (card.phones ?? []).flatMap((p) => {
    if (p.phone === undefined && p.wa_id === undefined) return [];
    const phone: NormalizedContactCard['phones'][number] = { phone: p.phone ?? p.wa_id ?? '' };
    if (p.wa_id !== undefined) phone.waId = p.wa_id;
    if (p.type !== undefined) phone.type = p.type;
    return [phone];
  });
  const result: NormalizedContactCard = {
    name: card.name?.formatted_name ?? (fullName !== '' ? fullName : (phones[0]?.phone ?? '')),
    phones,
    emails: (card.emails ?? []).flatMap((e) => {
      if (e.email === undefined) return [];
      const email: NormalizedContactCard['emails'][number] = { email: e.email };
      if (e.type !== undefined) email.type = e.type;
      return [email];
    }),
  };
  if (card.name?.first_name !== undefined) result.firstName = card.name.first_name;
  if (card.name?.last_name !== undefined) result.lastName = card.name.last_name;
  if (card.org !== undefined && (card.org.company !== undefined || card.org.title !== undefined)) {
    result.organization = {};
    if (card.org.company !== undefined) result.organization.company = card.org.company;
    if (card.org.title !== undefined) result.organization.title = card.org.title;
  }
  return result;
}

/** A message whose content does not validate still reached us: keep it as `desconhecido` when it names a sender. */
function unknownFromInvalid(raw: unknown, value: ChangeValue, ctx: ParseContext): NormalizedMessageEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const record = raw as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id !== '' ? record.id : undefined;
  if (id === undefined) return null;
  const from = typeof record.from === 'string' ? record.from : undefined;
  const fromUserId = typeof record.from_user_id === 'string' ? record.from_user_id : undefined;
  const sender = resolveSender({ from, from_user_id: fromUserId }, value.contacts);
  if (sender === null) return null;
  const timestamp = typeof record.timestamp === 'string' || typeof record.timestamp === 'number' ? record.timestamp : undefined;
  return {
    kind: 'message',
    dedupId: id,
    externalId: id,
    direction: 'entrada',
    occurredAt: epochSecondsToIso(timestamp, ctx.receivedAt),
    channelAccountId: value.phoneNumberId,
    sender,
    type: 'desconhecido',
    providerType: typeof record.type === 'string' ? record.type : 'invalido',
  };
}

function parseStatus(status: WaStatus, value: ChangeValue, ctx: ParseContext): NormalizedStatusEvent | null {
  const mapped = STATUS_MAP[status.status];
  if (mapped === undefined) return null;
  const event: NormalizedStatusEvent = {
    kind: 'status',
    dedupId: `${status.id}:${status.status}`,
    occurredAt: epochSecondsToIso(status.timestamp, ctx.receivedAt),
    channelAccountId: value.phoneNumberId,
    target: { type: 'mensagem', externalId: status.id },
    status: mapped,
  };
  const recipient = status.recipient_id ?? status.recipient_user_id;
  if (recipient !== undefined) event.recipientId = recipient;
  if (status.errors !== undefined && status.errors.length > 0) event.errors = status.errors.map(toProviderError);
  if (status.pricing !== undefined) {
    const pricing: NonNullable<NormalizedStatusEvent['pricing']> = {};
    if (status.pricing.billable !== undefined) pricing.billable = status.pricing.billable;
    if (status.pricing.pricing_model !== undefined) pricing.model = status.pricing.pricing_model;
    if (status.pricing.category !== undefined) pricing.category = status.pricing.category;
    if (status.pricing.type !== undefined) pricing.type = status.pricing.type;
    event.pricing = pricing;
  }
  return event;
}
