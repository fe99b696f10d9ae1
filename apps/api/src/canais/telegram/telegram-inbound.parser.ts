import { CanalErro, CanalException } from '../canal.exception.js';
import type {
  InboundPayload,
  NormalizedEditEvent,
  NormalizedEvent,
  NormalizedMedia,
  NormalizedMessageEvent,
  NormalizedSender,
  ParseContext,
} from '../channel-adapter.js';
import { epochSecondsToIso, parseJsonPayload } from '../webhook.util.js';
import {
  tgCallbackQuerySchema,
  tgChatMemberUpdatedSchema,
  tgMessageSchema,
  tgUpdateSchema,
  type TgCallbackQuery,
  type TgChat,
  type TgMessage,
  type TgUser,
} from './telegram.types.js';

/**
 * Pure translation of one Telegram Update (one per webhook POST) into normalized events.
 * Message ids are only unique per chat, so external ids are `<chat id>:<message id>`; chat and user ids
 * stay strings because they can exceed 32 bits.
 */

export function telegramMessageId(chatId: number | string, messageId: number | string): string {
  return `${String(chatId)}:${String(messageId)}`;
}

/** `<chat id>:<message id>` → its parts; `null` for anything else. */
export function splitTelegramMessageId(externalId: string): { chatId: string; messageId: number } | null {
  const match = /^(-?\d+):(\d+)$/.exec(externalId);
  return match === null ? null : { chatId: match[1], messageId: Number(match[2]) };
}

export function parseTelegramUpdate(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
  const update = tgUpdateSchema.safeParse(parseJsonPayload(payload));
  if (!update.success) {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'O corpo não é um Update do Telegram.');
  }
  const { update_id: updateId } = update.data;

  if (update.data.message !== undefined) {
    const message = tgMessageSchema.safeParse(update.data.message);
    if (!message.success) return [];
    const event = messageEvent(message.data, ctx);
    return event === null ? [] : [event];
  }
  if (update.data.edited_message !== undefined) {
    const message = tgMessageSchema.safeParse(update.data.edited_message);
    if (!message.success) return [];
    const event = editEvent(message.data, ctx);
    return event === null ? [] : [event];
  }
  if (update.data.callback_query !== undefined) {
    const query = tgCallbackQuerySchema.safeParse(update.data.callback_query);
    if (!query.success) return [];
    return [callbackEvent(query.data, ctx)];
  }
  if (update.data.my_chat_member !== undefined) {
    const member = tgChatMemberUpdatedSchema.safeParse(update.data.my_chat_member);
    if (!member.success || member.data.chat.type !== 'private') return [];
    const { old_chat_member: before, new_chat_member: after } = member.data;
    const blocked = after.status === 'kicked';
    // Only a transition into or out of "kicked" matters for the contato.
    if (!blocked && before.status !== 'kicked') return [];
    return [
      {
        kind: 'contact_state',
        dedupId: `update:${updateId}`,
        occurredAt: epochSecondsToIso(member.data.date, ctx.receivedAt),
        sender: senderOf(member.data.from, member.data.chat),
        blocked,
      },
    ];
  }
  return [];
}

function senderOf(user: TgUser | undefined, chat: TgChat): NormalizedSender {
  const id = String(user?.id ?? chat.id);
  const sender: NormalizedSender = { externalId: id, address: String(chat.id) };
  const name = [user?.first_name ?? chat.first_name, user?.last_name ?? chat.last_name]
    .filter((p) => p !== undefined && p !== '')
    .join(' ');
  if (name !== '') sender.displayName = name;
  else if (chat.title !== undefined) sender.displayName = chat.title;
  const username = user?.username ?? chat.username;
  if (username !== undefined) sender.username = username;
  return sender;
}

function messageEvent(message: TgMessage, ctx: ParseContext): NormalizedMessageEvent | null {
  if (message.from?.is_bot === true) return null;
  const externalId = telegramMessageId(message.chat.id, message.message_id);
  const event: NormalizedMessageEvent = {
    kind: 'message',
    dedupId: externalId,
    externalId,
    direction: 'entrada',
    occurredAt: epochSecondsToIso(message.date, ctx.receivedAt),
    sender: senderOf(message.from, message.chat),
    type: 'desconhecido',
    providerType: providerTypeOf(message),
  };
  fillContent(event, message);
  if (message.reply_to_message !== undefined) {
    const reply = message.reply_to_message;
    event.quoted = { externalId: telegramMessageId(reply.chat?.id ?? message.chat.id, reply.message_id) };
    const from = reply.from?.username ?? (reply.from !== undefined ? String(reply.from.id) : undefined);
    if (from !== undefined) event.quoted.from = from;
    const text = reply.text ?? reply.caption;
    if (text !== undefined) event.quoted.text = text;
  }
  const metadata: Record<string, string> = {};
  if (message.media_group_id !== undefined) metadata.mediaGroupId = message.media_group_id;
  if (message.chat.type !== 'private') metadata.chatType = message.chat.type;
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}

const CONTENT_KEYS = [
  'text',
  'photo',
  'document',
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'sticker',
  'venue',
  'location',
  'contact',
] as const;

function providerTypeOf(message: TgMessage): string {
  for (const key of CONTENT_KEYS) if (message[key] !== undefined) return key;
  // Polls, dice, games, stories…: the first key that is not envelope metadata.
  const envelope = new Set([
    'message_id',
    'from',
    'chat',
    'date',
    'edit_date',
    'reply_to_message',
    'entities',
    'caption',
    'reply_markup',
    'sender_chat',
  ]);
  return Object.keys(message).find((k) => !envelope.has(k)) ?? 'desconhecido';
}

function fillContent(event: NormalizedMessageEvent | NormalizedEditEvent, message: TgMessage): void {
  const caption = message.caption;
  const withMedia = (type: NormalizedMessageEvent['type'], media: NormalizedMedia) => {
    if (event.kind === 'message') event.type = type;
    event.media = media;
    if (caption !== undefined) event.text = caption;
  };
  const fileMedia = (
    kind: NormalizedMedia['kind'],
    file: { file_id: string; file_size?: number; file_name?: string; mime_type?: string; duration?: number },
  ): NormalizedMedia => {
    const media: NormalizedMedia = { kind, ref: file.file_id };
    if (file.mime_type !== undefined) media.mimeType = file.mime_type;
    if (file.file_name !== undefined) media.filename = file.file_name;
    if (file.file_size !== undefined) media.sizeBytes = file.file_size;
    if (file.duration !== undefined) media.durationSeconds = file.duration;
    return media;
  };

  if (message.text !== undefined) {
    event.text = message.text;
    if (event.kind === 'message') {
      event.type = 'texto';
      const command = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
      if (command !== undefined) {
        // "/start@my_bot ref" → name "start", args "ref"
        const name = message.text.slice(1, command.length).split('@')[0];
        const args = message.text.slice(command.length).trim();
        event.command = args === '' ? { name } : { name, args };
      }
    }
    return;
  }
  if (message.photo !== undefined && message.photo.length > 0) {
    // Sizes come smallest first; the last is the largest.
    const largest = message.photo[message.photo.length - 1];
    const media: NormalizedMedia = { kind: 'imagem', ref: largest.file_id };
    if (largest.file_size !== undefined) media.sizeBytes = largest.file_size;
    withMedia('imagem', media);
    return;
  }
  if (message.document !== undefined) return withMedia('documento', fileMedia('documento', message.document));
  if (message.voice !== undefined) return withMedia('audio', { ...fileMedia('audio', message.voice), voice: true });
  if (message.audio !== undefined) return withMedia('audio', fileMedia('audio', message.audio));
  if (message.video !== undefined) return withMedia('video', fileMedia('video', message.video));
  if (message.video_note !== undefined) return withMedia('video', fileMedia('video', message.video_note));
  if (message.animation !== undefined) return withMedia('video', { ...fileMedia('video', message.animation), animated: true });
  if (message.sticker !== undefined) {
    const sticker = fileMedia('sticker', message.sticker);
    sticker.animated = message.sticker.is_animated === true || message.sticker.is_video === true;
    withMedia('sticker', sticker);
    if (message.sticker.emoji !== undefined) event.text = message.sticker.emoji;
    return;
  }
  if (event.kind !== 'message') return;
  if (message.venue !== undefined) {
    event.type = 'localizacao';
    event.location = {
      latitude: message.venue.location.latitude,
      longitude: message.venue.location.longitude,
      name: message.venue.title,
      address: message.venue.address,
    };
    return;
  }
  if (message.location !== undefined) {
    event.type = 'localizacao';
    event.location = { latitude: message.location.latitude, longitude: message.location.longitude };
    return;
  }
  if (message.contact !== undefined) {
    const { first_name: firstName, last_name: lastName, phone_number: phone } = message.contact;
    event.type = 'contato';
    const card: NonNullable<NormalizedMessageEvent['contacts']>[number] = {
      name: [firstName, lastName].filter((p) => p !== undefined).join(' '),
      firstName,
      phones: [{ phone }],
      emails: [],
    };
    if (lastName !== undefined) card.lastName = lastName;
    event.contacts = [card];
    if (message.contact.user_id !== undefined) event.metadata = { contactUserId: String(message.contact.user_id) };
  }
}

function editEvent(message: TgMessage, ctx: ParseContext): NormalizedEditEvent | null {
  if (message.from?.is_bot === true) return null;
  const target = telegramMessageId(message.chat.id, message.message_id);
  const event: NormalizedEditEvent = {
    kind: 'edit',
    // The same message can be edited many times; edit_date tells the versions apart.
    dedupId: `${target}:edit:${message.edit_date ?? message.date}`,
    occurredAt: epochSecondsToIso(message.edit_date ?? message.date, ctx.receivedAt),
    sender: senderOf(message.from, message.chat),
    targetExternalId: target,
  };
  fillContent(event, message);
  return event;
}

function callbackEvent(query: TgCallbackQuery, ctx: ParseContext): NormalizedMessageEvent {
  const chat: TgChat = query.message?.chat ?? { id: query.from.id, type: 'private' };
  const data = query.data ?? '';
  // The update carries only callback_data; the label is on the keyboard of the message it came from.
  const label = query.message?.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data === data)?.text;
  const event: NormalizedMessageEvent = {
    kind: 'message',
    dedupId: `callback:${query.id}`,
    externalId: `callback:${query.id}`,
    direction: 'entrada',
    occurredAt: ctx.receivedAt,
    sender: senderOf(query.from, chat),
    type: 'interativa',
    providerType: 'callback_query',
    text: label ?? data,
    interactive: { kind: 'callback_query', id: data, title: label ?? data, callbackId: query.id },
  };
  if (query.message !== undefined) {
    event.quoted = { externalId: telegramMessageId(query.message.chat.id, query.message.message_id) };
    if (query.message.text !== undefined) event.quoted.text = query.message.text;
  }
  return event;
}
