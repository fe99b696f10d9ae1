import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanalException } from '../canal.exception.js';
import type { InboundPayload, NormalizedEvent } from '../channel-adapter.js';
import { metaRoutingKeys, parseMetaWebhook, type MetaObject } from './meta-inbound.parser.js';

const FIXTURES = new URL('../../../test/fixtures/channels/meta-messenger-instagram/', import.meta.url);
const RECEIVED_AT = '2025-10-09T12:00:00.000Z';

const payloadOf = (body: string | object): InboundPayload => ({
  contentType: 'application/json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const parse = (name: string, object: MetaObject, routingKey?: string): NormalizedEvent[] =>
  parseMetaWebhook(payloadOf(readFileSync(new URL(name, FIXTURES), 'utf8')), { receivedAt: RECEIVED_AT, routingKey }, object);

const PAGE = '109876543210987';
const PSID = '6543210987654321';
const IG = '17841400000000000';
const IGSID = '1234567890123456';
// The fixtures' mids end in the base64 of 598…601.
const IG_MID = (n: 598 | 599 | 600 | 601) =>
  `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAwOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTEwNjg1ODYwOTM2${Buffer.from(String(n)).toString('base64')}`;
const iso = (ms: number) => new Date(ms).toISOString();

const inbound = (dedupId: string, sender: string, account: string, ms: number, fields: Record<string, unknown>) => ({
  kind: 'message',
  dedupId,
  externalId: dedupId,
  direction: 'entrada',
  sender: { externalId: sender, address: sender },
  occurredAt: iso(ms),
  channelAccountId: account,
  ...fields,
});

const MESSENGER: Record<string, unknown[]> = {
  'messenger-message-text.json': [
    inbound(
      'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P',
      PSID,
      PAGE,
      1760000000123,
      {
        type: 'texto',
        providerType: 'text',
        text: 'Hi, where is my order #1042?',
      },
    ),
  ],
  'messenger-message-quick-reply.json': [
    inbound('m_qr00000000000000000000000000000000000000000000000000000000000001', PSID, PAGE, 1760000010123, {
      type: 'interativa',
      providerType: 'quick_reply',
      text: 'Returns',
      interactive: { kind: 'quick_reply', id: 'TOPIC_RETURNS', title: 'Returns' },
    }),
  ],
  'messenger-message-reply-to.json': [
    inbound('m_rt00000000000000000000000000000000000000000000000000000000000002', PSID, PAGE, 1760000020123, {
      type: 'texto',
      providerType: 'text',
      quoted: { externalId: 'm_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU' },
      text: 'yes this one',
    }),
  ],
  'messenger-message-attachments.json': [
    inbound('m_at00000000000000000000000000000000000000000000000000000000000003', PSID, PAGE, 1760000030123, {
      type: 'imagem',
      providerType: 'image',
      media: { kind: 'imagem', ref: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=abc&oe=def' },
    }),
    inbound('m_at00000000000000000000000000000000000000000000000000000000000003:1', PSID, PAGE, 1760000030123, {
      type: 'documento',
      providerType: 'file',
      media: {
        kind: 'documento',
        ref: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf?_nc_cat=1&oh=abc&oe=def',
        filename: 'invoice.pdf',
      },
    }),
  ],
  'messenger-message-echo.json': [
    {
      kind: 'message',
      dedupId: 'm_ec00000000000000000000000000000000000000000000000000000000000004',
      externalId: 'm_ec00000000000000000000000000000000000000000000000000000000000004',
      direction: 'saida',
      sender: { externalId: PSID, address: PSID },
      occurredAt: iso(1760000040123),
      channelAccountId: PAGE,
      type: 'texto',
      providerType: 'text',
      metadata: { eco: true, appId: '1517776481860111', metadata: 'omni:msg_7f3c', enviadaPorAqui: false },
      text: 'Thanks! Your order #1042 ships today.',
    },
  ],
  'messenger-postback.json': [
    inbound('m_pb00000000000000000000000000000000000000000000000000000000000005', PSID, PAGE, 1760000050123, {
      type: 'interativa',
      providerType: 'postback',
      text: 'Talk to an agent',
      interactive: { kind: 'postback', id: 'HANDOFF_HUMAN', title: 'Talk to an agent' },
    }),
  ],
  'messenger-postback-get-started-referral.json': [
    inbound('m_pb00000000000000000000000000000000000000000000000000000000000006', PSID, PAGE, 1760000055123, {
      type: 'interativa',
      providerType: 'postback',
      text: 'Get Started',
      interactive: { kind: 'postback', id: 'GET_STARTED', title: 'Get Started' },
      metadata: { referralRef: 'campaign42', referralSource: 'SHORTLINK', referralType: 'OPEN_THREAD' },
    }),
  ],
  'messenger-read.json': [
    {
      kind: 'status',
      dedupId: `read:${PSID}:1760000040123`,
      occurredAt: iso(1760000060123),
      channelAccountId: PAGE,
      target: { type: 'ate', recipient: PSID, upTo: iso(1760000040123) },
      status: 'lida',
      recipientId: PSID,
    },
  ],
  'messenger-delivery.json': [
    {
      kind: 'status',
      dedupId: `delivery:${PSID}:1760000040123`,
      occurredAt: iso(1760000045123),
      channelAccountId: PAGE,
      target: { type: 'ate', recipient: PSID, upTo: iso(1760000040123) },
      status: 'entregue',
      recipientId: PSID,
    },
  ],
  'messenger-batched-two-entries.json': [
    inbound('m_b1000000000000000000000000000000000000000000000000000000000000001', PSID, PAGE, 1760000070100, {
      type: 'texto',
      providerType: 'text',
      text: 'one',
    }),
    inbound('m_b2000000000000000000000000000000000000000000000000000000000000002', PSID, PAGE, 1760000070200, {
      type: 'texto',
      providerType: 'text',
      text: 'two',
    }),
  ],
};

const INSTAGRAM: Record<string, unknown[]> = {
  'instagram-message-text.json': [
    inbound(IG_MID(598), IGSID, IG, 1760000100123, { type: 'texto', providerType: 'text', text: 'Hola! ¿tienen envío a Lima?' }),
  ],
  'instagram-message-image.json': [
    inbound(IG_MID(599), IGSID, IG, 1760000110123, {
      type: 'imagem',
      providerType: 'image',
      media: { kind: 'imagem', ref: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790000000000000&signature=abc' },
    }),
  ],
  'instagram-message-story-reply.json': [
    inbound(IG_MID(600), IGSID, IG, 1760000115123, {
      type: 'texto',
      providerType: 'story_reply',
      metadata: {
        storyId: '18000000000000000',
        storyUrl: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790000000000001',
      },
      text: 'Is this still available?',
    }),
  ],
  'instagram-message-echo.json': [
    {
      kind: 'message',
      dedupId: IG_MID(601),
      externalId: IG_MID(601),
      direction: 'saida',
      sender: { externalId: IGSID, address: IGSID },
      occurredAt: iso(1760000120123),
      channelAccountId: IG,
      type: 'texto',
      providerType: 'text',
      metadata: { eco: true, enviadaPorAqui: false },
      text: '¡Sí! Enviamos a todo Perú.',
    },
  ],
  'instagram-message-deleted.json': [
    {
      kind: 'delete',
      dedupId: `delete:${IG_MID(598)}`,
      occurredAt: iso(1760000140123),
      channelAccountId: IG,
      sender: { externalId: IGSID, address: IGSID },
      targetExternalId: IG_MID(598),
    },
  ],
  'instagram-messaging-seen.json': [
    {
      kind: 'status',
      dedupId: `read:${IG_MID(601)}`,
      occurredAt: iso(1760000130123),
      channelAccountId: IG,
      target: { type: 'mensagem', externalId: IG_MID(601) },
      status: 'lida',
      recipientId: IGSID,
    },
  ],
};

describe('parseMetaWebhook', () => {
  it.each(Object.keys(MESSENGER))('Messenger %s → exact normalized events', (name) => {
    expect(parse(name, 'page')).toStrictEqual(MESSENGER[name]);
  });

  it.each(Object.keys(INSTAGRAM))('Instagram %s → exact normalized events', (name) => {
    expect(parse(name, 'instagram')).toStrictEqual(INSTAGRAM[name]);
  });

  it('covers every webhook fixture in the folder', () => {
    const webhooks = readdirSync(FIXTURES).filter((f) =>
      /^(messenger|instagram)-(message|messaging|postback|read|delivery|batched)/.test(f),
    );
    expect(webhooks.sort()).toEqual([...Object.keys(MESSENGER), ...Object.keys(INSTAGRAM)].sort());
  });

  it('routing keys are the entry ids; parsing keeps only the routed account', () => {
    const body = readFileSync(new URL('messenger-batched-two-entries.json', FIXTURES), 'utf8');
    expect(metaRoutingKeys(payloadOf(body), 'page')).toEqual([PAGE]);
    expect(parse('messenger-batched-two-entries.json', 'page', '999')).toEqual([]);
    expect(parse('messenger-batched-two-entries.json', 'page', PAGE)).toHaveLength(2);
  });

  it('our own echo (metadata atende:<id>) is marked as sent from here', () => {
    const echo = JSON.parse(readFileSync(new URL('messenger-message-echo.json', FIXTURES), 'utf8')) as {
      entry: { messaging: { message: { metadata: string } }[] }[];
    };
    echo.entry[0].messaging[0].message.metadata = 'atende:0d9f3c1e-1111-4222-8333-444455556666';
    const [event] = parseMetaWebhook(payloadOf(echo), { receivedAt: RECEIVED_AT }, 'page');
    expect(event).toMatchObject({ kind: 'message', direction: 'saida', metadata: { enviadaPorAqui: true } });
  });

  it('a reaction becomes a reaction event; unreact removes it', () => {
    const body = (action: string) => ({
      object: 'page',
      entry: [
        {
          id: PAGE,
          messaging: [
            {
              sender: { id: PSID },
              recipient: { id: PAGE },
              timestamp: 1760000090000,
              reaction: { mid: 'm_x', action, emoji: '❤️', reaction: 'love' },
            },
          ],
        },
      ],
    });
    expect(parseMetaWebhook(payloadOf(body('react')), { receivedAt: RECEIVED_AT }, 'page')).toMatchObject([
      { kind: 'reaction', targetExternalId: 'm_x', emoji: '❤️' },
    ]);
    expect(parseMetaWebhook(payloadOf(body('unreact')), { receivedAt: RECEIVED_AT }, 'page')).toMatchObject([
      { kind: 'reaction', emoji: null },
    ]);
  });

  it('the wrong object or a non-Meta body is PAYLOAD_INVALIDO; malformed items are skipped', () => {
    const body = readFileSync(new URL('instagram-message-text.json', FIXTURES), 'utf8');
    expect(() => parseMetaWebhook(payloadOf(body), { receivedAt: RECEIVED_AT }, 'page')).toThrow(CanalException);
    expect(() => parseMetaWebhook(payloadOf('{"ok":true}'), { receivedAt: RECEIVED_AT }, 'page')).toThrow(CanalException);
    const mixed = {
      object: 'page',
      entry: [
        {
          id: PAGE,
          messaging: [
            { nope: 1 },
            { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1, message: { mid: 'm_1', text: 'oi' } },
          ],
        },
      ],
    };
    expect(parseMetaWebhook(payloadOf(mixed), { receivedAt: RECEIVED_AT }, 'page')).toMatchObject([
      { externalId: 'm_1', text: 'oi' },
    ]);
  });
});
