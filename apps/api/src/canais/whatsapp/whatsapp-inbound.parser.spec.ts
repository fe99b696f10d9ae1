import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanalErro, CanalException } from '../canal.exception.js';
import type { InboundPayload, NormalizedEvent, NormalizedSender } from '../channel-adapter.js';
import { parseWhatsAppWebhook, whatsAppRoutingKeys } from './whatsapp-inbound.parser.js';

const FIXTURES = new URL('../../../test/fixtures/channels/whatsapp/', import.meta.url);
const RECEIVED_AT = '2025-10-09T12:00:00.000Z';
const PHONE_NUMBER_ID = '106540352242922';

function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function payloadOf(body: string | object): InboundPayload {
  return { contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body) };
}

function parseFixture(name: string): NormalizedEvent[] {
  return parseWhatsAppWebhook(payloadOf(fixtureText(name)), { receivedAt: RECEIVED_AT });
}

const SHEENA: NormalizedSender = {
  externalId: '16505551234',
  address: '16505551234',
  phone: '16505551234',
  waId: '16505551234',
  bsuid: 'US.13491208655302741918',
  displayName: 'Sheena Nelson',
};

const message = (fields: Record<string, unknown>) => ({
  kind: 'message',
  direction: 'entrada',
  channelAccountId: PHONE_NUMBER_ID,
  sender: SHEENA,
  ...fields,
});

/** Every inbound fixture with the exact events it must produce. */
const EXPECTED: Record<string, unknown[]> = {
  'inbound-text.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      occurredAt: '2025-10-09T08:53:20.000Z',
      type: 'texto',
      providerType: 'text',
      text: 'Hi, my order #1042 has not arrived yet',
    }),
  ],
  'inbound-text-reply-with-context.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI3RDg3QjE0NzQ2QkYzNEQwMQA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI3RDg3QjE0NzQ2QkYzNEQwMQA=',
      occurredAt: '2025-10-09T08:55:20.000Z',
      type: 'texto',
      providerType: 'text',
      text: 'Yes, that one',
      quoted: { externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA', from: '15550783881' },
    }),
  ],
  'inbound-image.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUY1OTQxRTg4RjRCMjJBOTVBRAA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUY1OTQxRTg4RjRCMjJBOTVBRAA=',
      occurredAt: '2025-10-09T08:56:40.000Z',
      type: 'imagem',
      providerType: 'image',
      text: 'Damaged box',
      media: {
        kind: 'imagem',
        ref: '1003383421387256',
        mimeType: 'image/jpeg',
        sha256: 'NQOZ3s1WbKRW1mdGbYWXKs3EiBSwt/AkqKfR8Cw8/Ow=',
      },
    }),
  ],
  'inbound-audio-voice.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTk5MEQzOUY0OEYwQjE0MTZFNQA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTk5MEQzOUY0OEYwQjE0MTZFNQA=',
      occurredAt: '2025-10-09T08:58:20.000Z',
      type: 'audio',
      providerType: 'audio',
      media: {
        kind: 'audio',
        ref: '1234567890987654321',
        mimeType: 'audio/ogg; codecs=opus',
        sha256: 'm04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=',
        voice: true,
      },
    }),
  ],
  'inbound-video.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUM5RkQ2OTk2QjgzNjc2MDEzMgA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUM5RkQ2OTk2QjgzNjc2MDEzMgA=',
      occurredAt: '2025-10-09T09:00:00.000Z',
      type: 'video',
      providerType: 'video',
      text: 'Unboxing',
      media: {
        kind: 'video',
        ref: '1166846181421424',
        mimeType: 'video/mp4',
        sha256: 'Qk5Ud2lFaXNXb3JrZW1XbEI0YzJiNnpWU1BySHVrRjA=',
      },
    }),
  ],
  'inbound-document.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdEREU1NjJGMzE2NUFFNDg1NAA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdEREU1NjJGMzE2NUFFNDg1NAA=',
      occurredAt: '2025-10-09T09:01:40.000Z',
      type: 'documento',
      providerType: 'document',
      text: 'Invoice',
      media: {
        kind: 'documento',
        ref: '889714856583234',
        mimeType: 'application/pdf',
        sha256: 'JfKnsq2yKEMGpXz+Ykb2EMQNqaqmrqyfC4nhiSgjHVQ=',
        filename: 'invoice-1042.pdf',
      },
    }),
  ],
  'inbound-sticker.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTFFN0ZGQTdFQTg0MEQxQjI0RQA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTFFN0ZGQTdFQTg0MEQxQjI0RQA=',
      occurredAt: '2025-10-09T09:03:20.000Z',
      type: 'sticker',
      providerType: 'sticker',
      media: {
        kind: 'sticker',
        ref: '1228429454942411',
        mimeType: 'image/webp',
        sha256: 'OmT4nhjUhCMIPNmj7eeOZeCYjTXkLxoOv85OMCFwSuc=',
        animated: false,
      },
    }),
  ],
  'inbound-location.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTNCRjlDMkVGRkE4NkY3NUI5RAA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTNCRjlDMkVGRkE4NkY3NUI5RAA=',
      occurredAt: '2025-10-09T09:05:00.000Z',
      type: 'localizacao',
      providerType: 'location',
      location: {
        latitude: 37.4611978,
        longitude: -122.2164385,
        name: 'Meta HQ',
        address: '1 Hacker Way, Menlo Park, CA 94025',
        url: 'https://maps.google.com/?cid=2000000000000000000',
      },
    }),
  ],
  'inbound-contacts.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTJDMjc5RUNFOTgzODVFNkE5RQA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTJDMjc5RUNFOTgzODVFNkE5RQA=',
      occurredAt: '2025-10-09T09:06:40.000Z',
      type: 'contato',
      providerType: 'contacts',
      contacts: [
        {
          name: 'Barbara J. Johnson',
          firstName: 'Barbara',
          lastName: 'Johnson',
          phones: [{ phone: '+1 (940) 555-1234', waId: '19405551234', type: 'MOBILE' }],
          emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
          organization: { company: 'Example Corp', title: 'Buyer' },
        },
      ],
    }),
  ],
  'inbound-interactive-button-reply.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUJBNTU2N0ZCMTg4NzcwNjVFMgA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUJBNTU2N0ZCMTg4NzcwNjVFMgA=',
      occurredAt: '2025-10-09T09:08:20.000Z',
      type: 'interativa',
      providerType: 'interactive',
      text: 'Yes, solved',
      quoted: { externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIxQkVEOEY4NjNFRjQ0RDE3RUYA', from: '15550783881' },
      interactive: { kind: 'button_reply', id: 'csat_yes', title: 'Yes, solved' },
    }),
  ],
  'inbound-interactive-list-reply.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTYxMDlBMjgxNjYyQUE0RjA1MwA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTYxMDlBMjgxNjYyQUE0RjA1MwA=',
      occurredAt: '2025-10-09T09:10:00.000Z',
      type: 'interativa',
      providerType: 'interactive',
      text: 'Returns',
      quoted: { externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJEMkE0MUNGRDU0QkI1QTMyRDcA', from: '15550783881' },
      interactive: { kind: 'list_reply', id: 'topic_returns', title: 'Returns', description: 'Start a return or exchange' },
    }),
  ],
  'inbound-button-template-quick-reply.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTBDMkZCODQ0OTIxNjk2Q0YyMwA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTBDMkZCODQ0OTIxNjk2Q0YyMwA=',
      occurredAt: '2025-10-09T09:11:40.000Z',
      type: 'interativa',
      providerType: 'button',
      text: 'Talk to an agent',
      quoted: { externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJGOTZCNjY5MjlCNkU1RDFBMEMA', from: '15550783881' },
      interactive: { kind: 'template_button', id: 'TALK_TO_AGENT', title: 'Talk to an agent' },
    }),
  ],
  'inbound-reaction.json': [
    {
      kind: 'reaction',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTVEMjk4OTNGM0Y4RDdGMTQzQgA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTVEMjk4OTNGM0Y4RDdGMTQzQgA=',
      occurredAt: '2025-10-09T09:13:20.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      sender: SHEENA,
      targetExternalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
      emoji: '👍',
    },
  ],
  'inbound-unsupported.json': [
    message({
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE5MEE2NTk3QjEwRjM5NTNFQQA=',
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE5MEE2NTk3QjEwRjM5NTNFQQA=',
      occurredAt: '2025-10-09T09:15:00.000Z',
      type: 'desconhecido',
      providerType: 'unsupported',
      errors: [
        {
          code: '131051',
          title: 'Message type unknown',
          message: 'Message type unknown',
          details: 'Message type is currently not supported.',
        },
      ],
      metadata: { unsupportedType: 'poll_creation' },
    }),
  ],
  'status-sent.json': [
    {
      kind: 'status',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:sent',
      occurredAt: '2025-10-09T08:54:21.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      target: { type: 'mensagem', externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA' },
      status: 'enviada',
      recipientId: '16505551234',
      pricing: { billable: false, model: 'PMP', category: 'service', type: 'free_customer_service' },
    },
  ],
  'status-delivered.json': [
    {
      kind: 'status',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:delivered',
      occurredAt: '2025-10-09T08:54:22.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      target: { type: 'mensagem', externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA' },
      status: 'entregue',
      recipientId: '16505551234',
      pricing: { billable: false, model: 'PMP', category: 'service', type: 'free_customer_service' },
    },
  ],
  'status-read.json': [
    {
      kind: 'status',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:read',
      occurredAt: '2025-10-09T08:54:50.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      target: { type: 'mensagem', externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA' },
      status: 'lida',
      recipientId: '16505551234',
    },
  ],
  'status-failed-131047-reengagement.json': [
    {
      kind: 'status',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJBQkM0QzU0ODZGMjYwQzk4RTAA:failed',
      occurredAt: '2025-10-10T09:53:20.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      target: { type: 'mensagem', externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJBQkM0QzU0ODZGMjYwQzk4RTAA' },
      status: 'falhou',
      recipientId: '16505551234',
      errors: [
        {
          code: '131047',
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      ],
    },
  ],
  'status-failed-131026-undeliverable.json': [
    {
      kind: 'status',
      dedupId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCQ0Q0RTU0OTZGMjYwQzk4RTEA:failed',
      occurredAt: '2025-10-10T09:55:00.000Z',
      channelAccountId: PHONE_NUMBER_ID,
      target: { type: 'mensagem', externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCQ0Q0RTU0OTZGMjYwQzk4RTEA' },
      status: 'falhou',
      recipientId: '16505551234',
      errors: [
        { code: '131026', title: 'Message undeliverable', message: 'Message undeliverable', details: 'Message Undeliverable.' },
      ],
    },
  ],
  'webhook-value-errors-130429.json': [
    {
      kind: 'channel_error',
      dedupId: expect.stringMatching(/^erro:106540352242922:130429:[0-9a-f]{16}$/) as unknown,
      occurredAt: RECEIVED_AT,
      channelAccountId: PHONE_NUMBER_ID,
      errors: [
        {
          code: '130429',
          title: 'Rate limit hit',
          message: '(#130429) Rate limit hit',
          details: 'Cloud API message throughput has been reached.',
        },
      ],
    },
  ],
};

describe('parseWhatsAppWebhook', () => {
  it.each(Object.keys(EXPECTED))('%s → exact normalized events', (name) => {
    expect(parseFixture(name)).toStrictEqual(EXPECTED[name]);
  });

  it('covers every webhook fixture in the folder', () => {
    const webhookFixtures = readdirSync(FIXTURES).filter((f) => /^(inbound|status|webhook-value)-.*\.json$/.test(f));
    expect(webhookFixtures.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('parses the signed example body with \\/ and \\u escapes', () => {
    const [event] = parseFixture('signature-body.raw.txt');
    expect(event).toMatchObject({ kind: 'message', type: 'texto', text: 'Thanks 👍 see https://example.com/o/1042' });
  });

  it('is deterministic: a redelivery yields the same dedup ids (including value.errors)', () => {
    for (const name of Object.keys(EXPECTED)) {
      expect(parseFixture(name).map((e) => e.dedupId)).toEqual(parseFixture(name).map((e) => e.dedupId));
    }
    const other = JSON.parse(fixtureText('webhook-value-errors-130429.json')) as {
      entry: { changes: { value: { errors: { code: number }[] } }[] }[];
    };
    other.entry[0].changes[0].value.errors[0].code = 131000;
    const [a] = parseFixture('webhook-value-errors-130429.json');
    const [b] = parseWhatsAppWebhook(payloadOf(other), { receivedAt: RECEIVED_AT });
    expect(a.dedupId).not.toEqual(b.dedupId);
  });

  it('a reaction without emoji is a removal', () => {
    const body = JSON.parse(fixtureText('inbound-reaction.json')) as {
      entry: { changes: { value: { messages: { reaction: { emoji?: string } }[] } }[] }[];
    };
    delete body.entry[0].changes[0].value.messages[0].reaction.emoji;
    const [event] = parseWhatsAppWebhook(payloadOf(body), { receivedAt: RECEIVED_AT });
    expect(event).toMatchObject({
      kind: 'reaction',
      emoji: null,
      targetExternalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
    });
  });

  it('keys the sender on the BSUID when wa_id/from are absent (username users)', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
                contacts: [{ profile: { name: 'Anon', username: 'anon_user' }, user_id: 'BR.998877665544' }],
                messages: [
                  {
                    from_user_id: 'BR.998877665544',
                    id: 'wamid.BSUID1',
                    timestamp: '1760000000',
                    type: 'text',
                    text: { body: 'oi' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const [event] = parseWhatsAppWebhook(payloadOf(body), { receivedAt: RECEIVED_AT });
    expect(event.kind === 'message' ? event.sender : null).toStrictEqual({
      externalId: 'BR.998877665544',
      address: 'BR.998877665544',
      bsuid: 'BR.998877665544',
      displayName: 'Anon',
      username: 'anon_user',
    });
  });

  it('visits every entry × change × message/status and filters by routing key', () => {
    const text = JSON.parse(fixtureText('inbound-text.json')) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
    const image = JSON.parse(fixtureText('inbound-image.json')) as typeof text;
    const sent = JSON.parse(fixtureText('status-sent.json')) as typeof text;
    const read = JSON.parse(fixtureText('status-read.json')) as typeof text;
    const otherNumber = JSON.parse(fixtureText('inbound-location.json')) as typeof text;
    (otherNumber.entry[0].changes[0].value.metadata as Record<string, string>).phone_number_id = '999';
    const merged = {
      object: 'whatsapp_business_account',
      entry: [
        { id: '102290129340398', changes: [text.entry[0].changes[0], sent.entry[0].changes[0]] },
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                ...image.entry[0].changes[0].value,
                messages: [
                  ...(image.entry[0].changes[0].value.messages as unknown[]),
                  ...(text.entry[0].changes[0].value.messages as unknown[]),
                ],
                statuses: read.entry[0].changes[0].value.statuses,
              },
            },
            otherNumber.entry[0].changes[0],
            { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } },
          ],
        },
      ],
    };
    const payload = payloadOf(merged);
    expect(whatsAppRoutingKeys(payload)).toEqual([PHONE_NUMBER_ID, '999']);
    const all = parseWhatsAppWebhook(payload, { receivedAt: RECEIVED_AT });
    expect(all.map((e) => [e.kind, e.channelAccountId])).toEqual([
      ['message', PHONE_NUMBER_ID],
      ['status', PHONE_NUMBER_ID],
      ['message', PHONE_NUMBER_ID],
      ['message', PHONE_NUMBER_ID],
      ['status', PHONE_NUMBER_ID],
      ['message', '999'],
    ]);
    const mine = parseWhatsAppWebhook(payload, { receivedAt: RECEIVED_AT, routingKey: PHONE_NUMBER_ID });
    expect(mine).toHaveLength(5);
    expect(mine.every((e) => e.channelAccountId === PHONE_NUMBER_ID)).toBe(true);
  });

  it('skips malformed items without losing the others', () => {
    const body = JSON.parse(fixtureText('inbound-text.json')) as {
      entry: { changes: { value: { messages: unknown[]; statuses?: unknown[] } }[] }[];
    };
    const value = body.entry[0].changes[0].value;
    value.messages.push(
      {
        id: 'wamid.BROKEN',
        from: '16505551234',
        timestamp: '1760000001',
        type: 'image',
        image: { caption: 'no id' },
        text: 'not an object',
      },
      { from: '16505551234', type: 'text' },
      'garbage',
    );
    value.statuses = [{ id: 'wamid.X', status: 'deleted', timestamp: '1' }, { status: 'read' }];
    const events = parseWhatsAppWebhook(payloadOf(body), { receivedAt: RECEIVED_AT });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      kind: 'message',
      dedupId: 'wamid.BROKEN',
      type: 'desconhecido',
      providerType: 'image',
      sender: SHEENA,
    });
  });

  it('rejects a body that is not a WhatsApp webhook', () => {
    const run = (body: string) => () => parseWhatsAppWebhook(payloadOf(body), { receivedAt: RECEIVED_AT });
    expect(run('not json')).toThrow(CanalException);
    expect(run('{"object":"page","entry":[]}')).toThrow(expect.objectContaining({ code: CanalErro.PAYLOAD_INVALIDO }) as Error);
    expect(run('[]')).toThrow(CanalException);
  });

  it('accepts a Buffer body', () => {
    const events = parseWhatsAppWebhook(
      { contentType: 'application/json', body: Buffer.from(fixtureText('inbound-text.json')) },
      { receivedAt: RECEIVED_AT },
    );
    expect(events).toEqual(EXPECTED['inbound-text.json']);
  });
});
