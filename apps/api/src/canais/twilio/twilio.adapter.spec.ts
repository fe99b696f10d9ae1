import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilioApi } from '../../../test/support/fake-twilio-api.js';
import { CanalException, ChannelSendError } from '../canal.exception.js';
import type { InboundHttpRequest, InboundPayload, NormalizedEvent, OutboundMessage } from '../channel-adapter.js';
import { parseForm, parseTwilioWebhook, smsSegments, twilioSignature, verifyTwilioSignature } from './twilio-inbound.parser.js';
import { TwilioSmsAdapter, TwilioWhatsAppAdapter } from './twilio.adapter.js';
import { DEFAULT_TWILIO_OPTIONS, type TwilioCredentials } from './twilio.types.js';

const FIXTURES = new URL('../../../test/fixtures/channels/twilio/', import.meta.url);
const text = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const RECEIVED_AT = '2025-10-09T12:00:00.000Z';
const TOKEN = 'test_auth_token_0123456789abcdef';

function request(url: string, body: string | Buffer, signature?: string): InboundHttpRequest {
  return {
    method: 'POST',
    url,
    headers: signature === undefined ? {} : { 'x-twilio-signature': signature },
    query: {},
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  };
}

const form = (body: string): InboundPayload => ({ contentType: 'application/x-www-form-urlencoded', body });
const parse = (name: string): NormalizedEvent[] => parseTwilioWebhook(form(text(name)), { receivedAt: RECEIVED_AT });

describe('X-Twilio-Signature', () => {
  it('matches the twilio-node known vectors', () => {
    const params = parseForm('CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212');
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    const json = Buffer.from('{"property": "value", "boolean": true}');
    const url =
      'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    expect(verifyTwilioSignature(request(url, json, 'a9nBmqA0ju/hNViExpshrM61xv4='), '12345')).toEqual({ ok: true });
    expect(
      verifyTwilioSignature(request(url, Buffer.from('{"property": "other"}'), 'a9nBmqA0ju/hNViExpshrM61xv4='), '12345'),
    ).toMatchObject({
      ok: false,
    });
  });

  it.each([
    ['https://omni.example.com/webhooks/twilio/sms', 'inbound-sms.form.txt', '+sXRNwgxMddmxzMI1WlSbUthow0='],
    ['https://omni.example.com/webhooks/twilio/sms', 'inbound-whatsapp-text.form.txt', 'jiZB9lx7prHV7ywUtcE8kvsLmo8='],
    ['https://omni.example.com/webhooks/twilio/status', 'status-callback-sms-delivered.form.txt', 'y4FI1RG5Bj17Bn16RRi+6792MDQ='],
  ])('fixture vector %s + %s', (url, name, signature) => {
    expect(verifyTwilioSignature(request(url, text(name), signature), TOKEN)).toEqual({ ok: true });
    // The same URL with the default port is what some proxies report; Twilio accepts both.
    expect(verifyTwilioSignature(request(url.replace('.com/', '.com:443/'), text(name), signature), TOKEN)).toEqual({ ok: true });
  });

  it('refuses another URL, a changed param, a missing header and a canal without token', () => {
    const body = text('inbound-sms.form.txt');
    const good = '+sXRNwgxMddmxzMI1WlSbUthow0=';
    expect(verifyTwilioSignature(request('https://evil.example.com/webhooks/twilio/sms', body, good), TOKEN)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(
      verifyTwilioSignature(
        request('https://omni.example.com/webhooks/twilio/sms', body.replace('Body=Hi', 'Body=Yo'), good),
        TOKEN,
      ),
    ).toMatchObject({ ok: false, reason: 'assinatura_invalida' });
    expect(verifyTwilioSignature(request('https://omni.example.com/webhooks/twilio/sms', body), TOKEN)).toMatchObject({
      ok: false,
      reason: 'assinatura_ausente',
    });
    expect(verifyTwilioSignature(request('https://omni.example.com/webhooks/twilio/sms', body, good), '')).toMatchObject({
      ok: false,
      reason: 'segredo_nao_configurado',
    });
  });
});

describe('parseTwilioWebhook', () => {
  const SMS_SENDER = { externalId: '+14155550123', address: '+14155550123', phone: '14155550123' };
  const WA_SENDER = {
    externalId: '16505551234',
    address: '16505551234',
    phone: '16505551234',
    waId: '16505551234',
    displayName: 'Sheena',
  };

  it('inbound SMS: text, sender in E.164, geo metadata', () => {
    expect(parse('inbound-sms.form.txt')).toStrictEqual([
      {
        kind: 'message',
        dedupId: 'SM9f1b2c3d4e5f60718293a4b5c6d7e8f9',
        externalId: 'SM9f1b2c3d4e5f60718293a4b5c6d7e8f9',
        direction: 'entrada',
        sender: SMS_SENDER,
        occurredAt: RECEIVED_AT,
        type: 'texto',
        providerType: 'sms',
        channelAccountId: '+14155550100',
        metadata: {
          fromCity: 'SAN FRANCISCO',
          fromState: 'CA',
          fromCountry: 'US',
          numSegments: '1',
          messagingServiceSid: 'MG11112222333344445555666677778888',
        },
        text: "Hi, my order #1042 hasn't arrived 😟",
      },
    ]);
  });

  it('MMS: one mensagem per media, the first with the text', () => {
    const events = parse('inbound-mms.form.txt');
    expect(events).toMatchObject([
      {
        externalId: 'MMa1b2c3d4e5f60718293a4b5c6d7e8f90',
        type: 'imagem',
        providerType: 'mms',
        text: 'Photos of the box',
        media: {
          kind: 'imagem',
          mimeType: 'image/jpeg',
          ref: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MMa1b2c3d4e5f60718293a4b5c6d7e8f90/Media/ME00000000000000000000000000000001',
        },
      },
      {
        externalId: 'MMa1b2c3d4e5f60718293a4b5c6d7e8f90:1',
        type: 'documento',
        media: { kind: 'documento', mimeType: 'application/pdf' },
      },
    ]);
    expect(events[1]).not.toHaveProperty('text');
  });

  it('WhatsApp through Twilio: text, image, button with the quoted template, location', () => {
    expect(parse('inbound-whatsapp-text.form.txt')).toMatchObject([
      { sender: WA_SENDER, type: 'texto', text: 'Hola, necesito ayuda' },
    ]);
    expect(parse('inbound-whatsapp-image.form.txt')).toMatchObject([
      { sender: WA_SENDER, type: 'imagem', media: { mimeType: 'image/jpeg' } },
    ]);
    expect(parse('inbound-whatsapp-button.form.txt')).toMatchObject([
      {
        type: 'interativa',
        text: 'Talk to an agent',
        interactive: { kind: 'template_button', id: 'TALK_TO_AGENT', title: 'Talk to an agent' },
        quoted: { externalId: 'SM00000000000000000000000000000099' },
      },
    ]);
    expect(parse('inbound-whatsapp-location.form.txt')).toMatchObject([
      {
        type: 'localizacao',
        location: {
          latitude: 37.4611978,
          longitude: -122.2164385,
          name: 'Meta HQ',
          address: '1 Hacker Way, Menlo Park, CA 94025',
        },
      },
    ]);
  });

  it('status callbacks: delivered, read, and failures with their error code', () => {
    expect(parse('status-callback-sms-delivered.form.txt')).toStrictEqual([
      {
        kind: 'status',
        dedupId: 'SM0a1b2c3d4e5f60718293a4b5c6d7e8f9:delivered',
        occurredAt: RECEIVED_AT,
        target: { type: 'mensagem', externalId: 'SM0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
        status: 'entregue',
        recipientId: '+14155550123',
      },
    ]);
    expect(parse('status-callback-whatsapp-read.form.txt')).toMatchObject([{ status: 'lida' }]);
    expect(parse('status-callback-sms-undelivered-30007.form.txt')).toMatchObject([
      { status: 'falhou', errors: [{ code: '30007', title: 'Mensagem filtrada pela operadora' }] },
    ]);
    expect(parse('status-callback-whatsapp-failed-63016.form.txt')).toMatchObject([
      { status: 'falhou', errors: [{ code: '63016' }] },
    ]);
    expect(parseTwilioWebhook(form('MessageSid=SM1&AccountSid=AC1&MessageStatus=queued'), { receivedAt: RECEIVED_AT })).toEqual(
      [],
    );
    expect(() => parseTwilioWebhook(form('foo=bar'), { receivedAt: RECEIVED_AT })).toThrow(CanalException);
  });

  it('counts SMS segments: GSM-7 160/153, extension characters twice, UCS-2 70/67', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('€'.repeat(81))).toBe(2);
    expect(smsSegments('ã'.repeat(70))).toBe(1);
    expect(smsSegments('ã'.repeat(71))).toBe(2);
    expect(smsSegments('😟'.repeat(35))).toBe(1);
  });
});

describe('Twilio adapters against the fake Messages API', () => {
  let api: FakeTwilioApi;
  let sms: TwilioSmsAdapter;
  let whatsapp: TwilioWhatsAppAdapter;
  let credentials: TwilioCredentials;

  beforeAll(async () => {
    api = await FakeTwilioApi.start();
    const options = { ...DEFAULT_TWILIO_OPTIONS, apiUrl: api.baseUrl, timeoutMs: 2_000 };
    sms = new TwilioSmsAdapter(options);
    whatsapp = new TwilioWhatsAppAdapter(options);
    credentials = sms.parseCredentials(api.credentials());
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    api.reset();
  });

  async function sendError(message: OutboundMessage, creds: TwilioCredentials = credentials): Promise<ChannelSendError> {
    const error = await sms.send(creds, message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    return error as ChannelSendError;
  }

  const hello: OutboundMessage = {
    to: '+14155550123',
    content: { type: 'texto', text: 'Thanks! Your order #1042 ships today.' },
  };

  it('SMS: Basic auth, the documented form, status callback, the Message sid', async () => {
    const result = await sms.send(credentials, { ...hello, callbackUrl: 'https://omni.example.com/webhooks/twilio/status' });
    expect(result).toEqual({ externalId: 'SM00000000000000000000000000000001', providerStatus: 'queued' });
    const [call] = api.messages();
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${api.accountSid}:${api.authToken}`).toString('base64')}`);
    expect(call.params).toEqual(Object.fromEntries([...parseForm(text('send-sms-request.form.txt'))]));
  });

  it('WhatsApp: whatsapp: addresses, media by URL with caption, templates by ContentSid', async () => {
    await whatsapp.send(
      { ...credentials, from: '+14155238886' },
      {
        to: '16505551234',
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'link', url: 'https://example.com/img/label.jpg' },
          caption: 'Here is your label',
        },
      },
    );
    expect(api.messages()[0].params).toEqual(Object.fromEntries([...parseForm(text('send-whatsapp-media-request.form.txt'))]));
    await whatsapp.send(
      { ...credentials, from: '+14155238886' },
      {
        to: '16505551234',
        content: {
          type: 'template',
          name: 'HX0123456789abcdef0123456789abcdef',
          language: 'pt_BR',
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Sheena' },
                { type: 'text', text: '#1042' },
              ],
            },
          ],
        },
        callbackUrl: 'https://omni.example.com/webhooks/twilio/status',
      },
    );
    expect(api.messages()[1].params).toEqual(Object.fromEntries([...parseForm(text('send-whatsapp-template-request.form.txt'))]));
  });

  it('a Messaging Service replaces From; a digits-only address gets its +', async () => {
    const viaService = sms.parseCredentials(api.credentials({ messagingServiceSid: 'MG11112222333344445555666677778888' }));
    await sms.send(viaService, { ...hello, to: '14155550123' });
    expect(api.messages()[0].params).toMatchObject({
      To: ['+14155550123'],
      MessagingServiceSid: ['MG11112222333344445555666677778888'],
    });
    expect(api.messages()[0].params).not.toHaveProperty('From');
  });

  it('maps errors: 20429/5xx/network retry (honouring Retry-After); 20003 and 21211 do not', async () => {
    api.failNext('rate_20429');
    expect(await sendError(hello)).toMatchObject({
      transient: true,
      category: 'limite_taxa',
      providerCode: '20429',
      retryAfterMs: 3_000,
    });
    api.failNext('server_500');
    expect(await sendError(hello)).toMatchObject({ transient: true, category: 'provedor_indisponivel' });
    api.failNext('network_drop');
    expect(await sendError(hello)).toMatchObject({ transient: true, category: 'rede' });
    expect(await sendError(hello, { ...credentials, authToken: 'wrong' })).toMatchObject({
      transient: false,
      category: 'autenticacao',
      providerCode: '20003',
    });
    expect(await sendError({ ...hello, to: '+1555' })).toMatchObject({
      transient: false,
      category: 'destinatario_indisponivel',
      providerCode: '21211',
    });
  });

  it('uploads and reactions are refused without a call', async () => {
    expect(
      await sendError({
        ...hello,
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'upload', data: Buffer.from('x'), mimeType: 'image/png', filename: 'a.png' },
        },
      }),
    ).toMatchObject({ transient: false, category: 'requisicao_invalida' });
    expect(api.requests).toHaveLength(0);
  });

  it('the rate counts segments: a 3-segment SMS costs 3', () => {
    expect(sms.sendCost({ ...hello, content: { type: 'texto', text: 'x'.repeat(400) } })).toBe(3);
    expect(sms.sendCost(hello)).toBe(1);
    expect(sms.capabilities.rateLimitPerSecond).toBe(1);
  });

  it('downloads media with Basic auth; checks the account', async () => {
    const jpg = Buffer.from('jpeg');
    const url = api.addMedia('ME1', jpg, 'image/jpeg');
    expect(await sms.downloadMedia(credentials, url)).toEqual({
      data: jpg,
      mimeType: 'image/jpeg',
      sizeBytes: 4,
      sha256: createHash('sha256').update(jpg).digest('hex'),
    });
    expect(await sms.checkStatus(credentials)).toMatchObject({
      ok: true,
      details: { friendlyName: 'Acme', accountStatus: 'active' },
    });
    expect(await sms.checkStatus({ ...credentials, authToken: 'x' })).toMatchObject({ ok: false, code: 'credenciais_invalidas' });
  });

  it('never sends the credentials to a media URL outside the Twilio API host', async () => {
    const outro = await FakeTwilioApi.start();
    try {
      const url = outro.addMedia('ME2', Buffer.from('x'), 'image/png');
      await expect(sms.downloadMedia(credentials, url)).rejects.toMatchObject({ providerCode: '20003' });
      expect(outro.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await outro.close();
    }
  });

  it('validates credentials naming the field', () => {
    expect(() => sms.parseCredentials({ ...api.credentials(), accountSid: 'AB1' })).toThrow(/accountSid/);
    expect(() => sms.parseCredentials({ accountSid: api.accountSid, authToken: 't' })).toThrow(/from/);
    expect(whatsapp.provider).toBe('twilio');
    expect(whatsapp.capabilities.webhookRouting).toBe('url');
  });
});
