import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanalException } from '../canal.exception.js';
import type { InboundPayload, NormalizedEvent, NormalizedSender } from '../channel-adapter.js';
import { parseTelegramUpdate, splitTelegramMessageId } from './telegram-inbound.parser.js';

const FIXTURES = new URL('../../../test/fixtures/channels/telegram/', import.meta.url);
const RECEIVED_AT = '2025-10-09T12:00:00.000Z';

const fixtureText = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const payloadOf = (body: string | object): InboundPayload => ({
  contentType: 'application/json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const parseFixture = (name: string): NormalizedEvent[] =>
  parseTelegramUpdate(payloadOf(fixtureText(name)), { receivedAt: RECEIVED_AT });

const ANA: NormalizedSender = { externalId: '123456789', address: '123456789', displayName: 'Ana Silva', username: 'ana_silva' };

const message = (id: number, fields: Record<string, unknown>) => ({
  kind: 'message',
  dedupId: `123456789:${id}`,
  externalId: `123456789:${id}`,
  direction: 'entrada',
  sender: ANA,
  ...fields,
});

const EXPECTED: Record<string, unknown[]> = {
  'update-message-text.json': [
    message(501, {
      occurredAt: '2025-10-09T08:53:20.000Z',
      type: 'texto',
      providerType: 'text',
      text: 'Oi, meu pedido #1042 não chegou',
    }),
  ],
  'update-message-command-start.json': [
    message(500, {
      occurredAt: '2025-10-09T08:53:10.000Z',
      type: 'texto',
      providerType: 'text',
      text: '/start ref_campaign42',
      command: { name: 'start', args: 'ref_campaign42' },
    }),
  ],
  'update-message-reply.json': [
    message(507, {
      occurredAt: '2025-10-09T08:59:20.000Z',
      type: 'texto',
      providerType: 'text',
      text: 'Sim, esse mesmo',
      quoted: { externalId: '123456789:601', from: 'acme_support_bot', text: 'É este o pedido #1042?' },
    }),
  ],
  'update-message-photo.json': [
    message(502, {
      occurredAt: '2025-10-09T08:54:20.000Z',
      type: 'imagem',
      providerType: 'photo',
      text: 'Caixa danificada',
      media: { kind: 'imagem', ref: 'AgACAgEAAxkBAAIBvWZ0photoLARGE', sizeBytes: 84102 },
      metadata: { mediaGroupId: '13701234567890123' },
    }),
  ],
  'update-message-document.json': [
    message(503, {
      occurredAt: '2025-10-09T08:55:20.000Z',
      type: 'documento',
      providerType: 'document',
      media: {
        kind: 'documento',
        ref: 'BQACAgEAAxkBAAIBvmZ0docFILEID',
        mimeType: 'application/pdf',
        filename: 'nota-fiscal-1042.pdf',
        sizeBytes: 52313,
      },
    }),
  ],
  'update-message-voice.json': [
    message(504, {
      occurredAt: '2025-10-09T08:56:20.000Z',
      type: 'audio',
      providerType: 'voice',
      media: {
        kind: 'audio',
        ref: 'AwACAgEAAxkBAAIBv2Z0voiceFILEID',
        mimeType: 'audio/ogg',
        sizeBytes: 12061,
        durationSeconds: 4,
        voice: true,
      },
    }),
  ],
  'update-message-location.json': [
    message(505, {
      occurredAt: '2025-10-09T08:57:20.000Z',
      type: 'localizacao',
      providerType: 'location',
      location: { latitude: -23.561414, longitude: -46.655881 },
    }),
  ],
  'update-message-contact.json': [
    message(506, {
      occurredAt: '2025-10-09T08:58:20.000Z',
      type: 'contato',
      providerType: 'contact',
      contacts: [{ name: 'Ana Silva', firstName: 'Ana', lastName: 'Silva', phones: [{ phone: '+5511987654321' }], emails: [] }],
      metadata: { contactUserId: '123456789' },
    }),
  ],
  'update-edited-message.json': [
    {
      kind: 'edit',
      dedupId: '123456789:501:edit:1760000420',
      occurredAt: '2025-10-09T09:00:20.000Z',
      sender: ANA,
      targetExternalId: '123456789:501',
      text: 'Oi, meu pedido #1042 ainda não chegou',
    },
  ],
  'update-callback-query.json': [
    {
      kind: 'message',
      dedupId: 'callback:4382bfdwdsb323b2d9',
      externalId: 'callback:4382bfdwdsb323b2d9',
      direction: 'entrada',
      occurredAt: RECEIVED_AT,
      sender: ANA,
      type: 'interativa',
      providerType: 'callback_query',
      text: 'Sim',
      interactive: { kind: 'callback_query', id: 'csat:yes', title: 'Sim', callbackId: '4382bfdwdsb323b2d9' },
      quoted: { externalId: '123456789:602', text: 'Seu problema foi resolvido?' },
    },
  ],
  'update-my-chat-member-blocked.json': [
    { kind: 'contact_state', dedupId: 'update:905000110', occurredAt: '2025-10-09T09:03:20.000Z', sender: ANA, blocked: true },
  ],
};

describe('parseTelegramUpdate', () => {
  it.each(Object.keys(EXPECTED))('%s → exact normalized events', (name) => {
    expect(parseFixture(name)).toStrictEqual(EXPECTED[name]);
  });

  it('covers every update fixture in the folder', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.startsWith('update-'))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it('parses the body of webhook-post-headers.txt', () => {
    const body = fixtureText('webhook-post-headers.txt')
      .split('\n')
      .find((line) => line.startsWith('{"update_id"'));
    expect(parseTelegramUpdate(payloadOf(body ?? ''), { receivedAt: RECEIVED_AT })).toEqual(EXPECTED['update-message-text.json']);
  });

  it('keeps ids beyond 32 bits exact, as strings', () => {
    const update = JSON.parse(fixtureText('update-message-text.json')) as {
      message: { chat: { id: number }; from: { id: number } };
    };
    update.message.chat.id = 4_503_599_627_370_495; // 2^52 - 1
    update.message.from.id = 4_503_599_627_370_495;
    const [event] = parseTelegramUpdate(payloadOf(update), { receivedAt: RECEIVED_AT });
    expect(event).toMatchObject({
      externalId: '4503599627370495:501',
      sender: { externalId: '4503599627370495', address: '4503599627370495' },
    });
  });

  it('an unblock after a block is reported; other member changes are ignored', () => {
    const update = JSON.parse(fixtureText('update-my-chat-member-blocked.json')) as {
      update_id: number;
      my_chat_member: { old_chat_member: { status: string }; new_chat_member: { status: string } };
    };
    update.my_chat_member.old_chat_member.status = 'kicked';
    update.my_chat_member.new_chat_member.status = 'member';
    update.update_id += 1;
    expect(parseTelegramUpdate(payloadOf(update), { receivedAt: RECEIVED_AT })).toMatchObject([
      { kind: 'contact_state', blocked: false },
    ]);
    update.my_chat_member.old_chat_member.status = 'member';
    update.my_chat_member.new_chat_member.status = 'administrator';
    expect(parseTelegramUpdate(payloadOf(update), { receivedAt: RECEIVED_AT })).toEqual([]);
  });

  it('unknown content becomes desconhecido; unknown update kinds are skipped', () => {
    const update = JSON.parse(fixtureText('update-message-text.json')) as { message: Record<string, unknown> };
    delete update.message.text;
    update.message.dice = { emoji: '🎲', value: 4 };
    expect(parseTelegramUpdate(payloadOf(update), { receivedAt: RECEIVED_AT })).toMatchObject([
      { kind: 'message', type: 'desconhecido', providerType: 'dice' },
    ]);
    expect(parseTelegramUpdate(payloadOf({ update_id: 1, channel_post: {} }), { receivedAt: RECEIVED_AT })).toEqual([]);
    expect(() => parseTelegramUpdate(payloadOf({ ok: true }), { receivedAt: RECEIVED_AT })).toThrow(CanalException);
  });

  it('splits external ids back into chat and message ids', () => {
    expect(splitTelegramMessageId('-1001234567890:42')).toEqual({ chatId: '-1001234567890', messageId: 42 });
    expect(splitTelegramMessageId('callback:abc')).toBeNull();
  });
});
