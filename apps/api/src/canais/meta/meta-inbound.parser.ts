import { CanalErro, CanalException } from '../canal.exception.js';
import type {
  InboundPayload,
  NormalizedEvent,
  NormalizedMedia,
  NormalizedMessageEvent,
  NormalizedSender,
  ParseContext,
} from '../channel-adapter.js';
import { parseJsonPayload } from '../webhook.util.js';
import {
  metaMessagingSchema,
  metaWebhookSchema,
  type MetaAttachment,
  type MetaMessage,
  type MetaMessaging,
  type MetaReferral,
} from './meta.types.js';

/**
 * Pure translation of Messenger (`object: "page"`) and Instagram (`object: "instagram"`) webhooks into
 * normalized events. Both share `entry[].messaging[]`; `entry.id` is the page or IG account (the routing
 * key), `sender.id` the customer's page-scoped id (PSID/IGSID), except in echoes, where the sender is us.
 */

export type MetaObject = 'page' | 'instagram';

/** Our sends carry `metadata: "atende:<mensagem id>"`; the echo brings it back (Messenger only). */
export const META_METADATA_PREFIX = 'atende:';

type Metadata = Record<string, string | number | boolean>;

function parseEnvelope(payload: InboundPayload, object: MetaObject) {
  const parsed = metaWebhookSchema.safeParse(parseJsonPayload(payload));
  if (!parsed.success || parsed.data.object !== object) {
    throw new CanalException(
      CanalErro.PAYLOAD_INVALIDO,
      `O corpo não é um webhook ${object === 'page' ? 'do Messenger (object "page")' : 'do Instagram (object "instagram")'}.`,
    );
  }
  return parsed.data;
}

/** The page / IG account ids the payload is addressed to, distinct, in order. */
export function metaRoutingKeys(payload: InboundPayload, object: MetaObject): string[] {
  return [...new Set(parseEnvelope(payload, object).entry.map((entry) => entry.id))];
}

export function parseMetaWebhook(payload: InboundPayload, ctx: ParseContext, object: MetaObject): NormalizedEvent[] {
  const envelope = parseEnvelope(payload, object);
  const events: NormalizedEvent[] = [];
  for (const entry of envelope.entry) {
    if (ctx.routingKey !== undefined && entry.id !== ctx.routingKey) continue;
    for (const raw of entry.messaging ?? []) {
      const item = metaMessagingSchema.safeParse(raw);
      // One malformed item must not drop its neighbours: it is skipped.
      if (!item.success) continue;
      events.push(...eventsOf(item.data, entry.id, ctx));
    }
  }
  return events;
}

function isoOf(ms: number | undefined, fallback: string): string {
  return ms === undefined || !Number.isFinite(ms) ? fallback : new Date(ms).toISOString();
}

function customer(id: string): NormalizedSender {
  return { externalId: id, address: id };
}

function eventsOf(item: MetaMessaging, accountId: string, ctx: ParseContext): NormalizedEvent[] {
  const occurredAt = isoOf(item.timestamp, ctx.receivedAt);
  const base = { occurredAt, channelAccountId: accountId };
  if (item.message !== undefined) return messageEvents(item, item.message, accountId, occurredAt);
  if (item.postback !== undefined) {
    const { postback } = item;
    const id = postback.mid ?? `postback:${item.sender.id}:${item.timestamp ?? occurredAt}`;
    const title = postback.title ?? postback.payload ?? '';
    const event: NormalizedMessageEvent = {
      kind: 'message',
      dedupId: id,
      externalId: id,
      direction: 'entrada',
      sender: customer(item.sender.id),
      ...base,
      type: 'interativa',
      providerType: 'postback',
      text: title,
      interactive: { kind: 'postback', id: postback.payload ?? '', title },
    };
    const metadata = referralMetadata(postback.referral);
    if (metadata !== undefined) event.metadata = metadata;
    return [event];
  }
  if (item.read !== undefined) {
    if (item.read.watermark !== undefined) {
      return [
        {
          kind: 'status',
          dedupId: `read:${item.sender.id}:${item.read.watermark}`,
          ...base,
          target: { type: 'ate', recipient: item.sender.id, upTo: new Date(item.read.watermark).toISOString() },
          status: 'lida',
          recipientId: item.sender.id,
        },
      ];
    }
    if (item.read.mid !== undefined) {
      // Instagram's "seen" names the message instead of a watermark.
      return [
        {
          kind: 'status',
          dedupId: `read:${item.read.mid}`,
          ...base,
          target: { type: 'mensagem', externalId: item.read.mid },
          status: 'lida',
          recipientId: item.sender.id,
        },
      ];
    }
    return [];
  }
  if (item.delivery !== undefined) {
    const { watermark, mids } = item.delivery;
    if (watermark !== undefined) {
      return [
        {
          kind: 'status',
          dedupId: `delivery:${item.sender.id}:${watermark}`,
          ...base,
          target: { type: 'ate', recipient: item.sender.id, upTo: new Date(watermark).toISOString() },
          status: 'entregue',
          recipientId: item.sender.id,
        },
      ];
    }
    return (mids ?? []).map((mid) => ({
      kind: 'status' as const,
      dedupId: `delivery:${mid}`,
      ...base,
      target: { type: 'mensagem' as const, externalId: mid },
      status: 'entregue' as const,
      recipientId: item.sender.id,
    }));
  }
  if (item.reaction !== undefined) {
    const { reaction } = item;
    const removed = reaction.action === 'unreact';
    const id = `reaction:${item.sender.id}:${reaction.mid}:${item.timestamp ?? occurredAt}`;
    return [
      {
        kind: 'reaction',
        dedupId: id,
        externalId: id,
        ...base,
        sender: customer(item.sender.id),
        targetExternalId: reaction.mid,
        emoji: removed ? null : (reaction.emoji ?? reaction.reaction ?? null),
      },
    ];
  }
  // Standalone referrals, optins, handovers…: nothing for the conversation.
  return [];
}

function messageEvents(item: MetaMessaging, message: MetaMessage, accountId: string, occurredAt: string): NormalizedEvent[] {
  const echo = message.is_echo === true;
  // In an echo the page/account is the sender and the customer the recipient.
  const who = customer(echo ? item.recipient.id : item.sender.id);
  const base = { occurredAt, channelAccountId: accountId };
  if (message.is_deleted === true) {
    return [{ kind: 'delete', dedupId: `delete:${message.mid}`, ...base, sender: who, targetExternalId: message.mid }];
  }
  const metadata: Metadata = { ...(referralMetadata(message.referral) ?? {}) };
  if (echo) {
    metadata.eco = true;
    if (message.app_id !== undefined) metadata.appId = message.app_id;
    if (message.metadata !== undefined) metadata.metadata = message.metadata;
    metadata.enviadaPorAqui = message.metadata?.startsWith(META_METADATA_PREFIX) === true;
  }
  const story = message.reply_to?.story;
  if (story !== undefined) {
    if (story.id !== undefined) metadata.storyId = story.id;
    if (story.url !== undefined) metadata.storyUrl = story.url;
  }
  const event = (id: string, fields: Pick<NormalizedMessageEvent, 'type' | 'providerType'>): NormalizedMessageEvent => {
    const result: NormalizedMessageEvent = {
      kind: 'message',
      dedupId: id,
      externalId: id,
      direction: echo ? 'saida' : 'entrada',
      sender: who,
      ...base,
      ...fields,
    };
    if (message.reply_to?.mid !== undefined) result.quoted = { externalId: message.reply_to.mid };
    if (Object.keys(metadata).length > 0) result.metadata = { ...metadata };
    return result;
  };

  const attachments = message.attachments ?? [];
  if (attachments.length > 0) {
    // One mensagem per attachment (the conversation shows each); the first keeps the mid and the text.
    return attachments.map((attachment, index) => {
      const id = index === 0 ? message.mid : `${message.mid}:${index}`;
      const result = event(id, attachmentType(attachment));
      if (index === 0 && message.text !== undefined && message.text !== '') result.text = message.text;
      fillAttachment(result, attachment);
      return result;
    });
  }
  if (message.quick_reply !== undefined) {
    const title = message.text ?? message.quick_reply.payload;
    const result = event(message.mid, { type: 'interativa', providerType: 'quick_reply' });
    result.text = title;
    result.interactive = { kind: 'quick_reply', id: message.quick_reply.payload, title };
    return [result];
  }
  if (message.text !== undefined) {
    const result = event(message.mid, { type: 'texto', providerType: story !== undefined ? 'story_reply' : 'text' });
    result.text = message.text;
    return [result];
  }
  return [event(message.mid, { type: 'desconhecido', providerType: 'unsupported' })];
}

function attachmentType(attachment: MetaAttachment): Pick<NormalizedMessageEvent, 'type' | 'providerType'> {
  const providerType = attachment.type;
  switch (attachment.type) {
    case 'image':
      return { type: attachment.payload?.sticker_id !== undefined ? 'sticker' : 'imagem', providerType };
    case 'video':
      return { type: 'video', providerType };
    case 'audio':
      return { type: 'audio', providerType };
    case 'file':
      return { type: 'documento', providerType };
    case 'location':
      return { type: 'localizacao', providerType };
    default:
      return { type: 'desconhecido', providerType };
  }
}

function fillAttachment(event: NormalizedMessageEvent, attachment: MetaAttachment): void {
  const url = attachment.payload?.url;
  const coordinates = attachment.payload?.coordinates;
  if (event.type === 'localizacao' && coordinates !== undefined) {
    event.location = { latitude: coordinates.lat, longitude: coordinates.long };
    if (attachment.payload?.title !== undefined) event.location.name = attachment.payload.title;
    return;
  }
  if (url === undefined) return;
  const kind = event.type;
  if (kind === 'imagem' || kind === 'video' || kind === 'audio' || kind === 'documento' || kind === 'sticker') {
    const media: NormalizedMedia = { kind, ref: url };
    const filename = filenameOf(url);
    if (kind === 'documento' && filename !== undefined) media.filename = filename;
    event.media = media;
    return;
  }
  // Shares, reels, story mentions…: kept as a link.
  event.metadata = { ...(event.metadata ?? {}), url };
}

function filenameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last !== undefined && last.includes('.') ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

function referralMetadata(referral: MetaReferral | undefined): Metadata | undefined {
  if (referral === undefined) return undefined;
  const metadata: Metadata = {};
  if (referral.ref !== undefined) metadata.referralRef = referral.ref;
  if (referral.source !== undefined) metadata.referralSource = referral.source;
  if (referral.type !== undefined) metadata.referralType = referral.type;
  if (referral.ad_id !== undefined) metadata.referralAdId = referral.ad_id;
  return metadata;
}
