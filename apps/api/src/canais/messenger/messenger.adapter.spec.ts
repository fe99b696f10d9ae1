import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeMetaSendApi } from '../../../test/support/fake-meta-send-api.js';
import { ChannelSendError } from '../canal.exception.js';
import type { InboundHttpRequest, OutboundMessage } from '../channel-adapter.js';
import { InstagramAdapter } from '../instagram/instagram.adapter.js';
import { DEFAULT_INSTAGRAM_OPTIONS, DEFAULT_MESSENGER_OPTIONS, type MessengerCredentials } from '../meta/meta.types.js';
import { MessengerAdapter } from './messenger.adapter.js';

const FIXTURES = new URL('../../../test/fixtures/channels/meta-messenger-instagram/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as unknown;

const PAGE = '109876543210987';
const PSID = '6543210987654321';
const HOUR = 3_600_000;

function request(rawBody: Buffer, headers: Record<string, string> = {}): InboundHttpRequest {
  return { method: 'POST', url: 'https://atende.example.com/api/atendimento/webhooks/messenger', headers, query: {}, rawBody };
}

describe('MessengerAdapter: webhook verification and handshake', () => {
  const adapter = new MessengerAdapter(DEFAULT_MESSENGER_OPTIONS);
  const credentials: MessengerCredentials = {
    pageId: PAGE,
    pageAccessToken: 'EAAG-page-token',
    appSecret: 'test_app_secret',
    verifyToken: 'meu-verify-token',
  };
  const body = readFileSync(new URL('signature-body.raw.txt', FIXTURES));

  it('accepts the documented signature vectors (sha256, and legacy sha1 alone) over the raw bytes', () => {
    expect(
      adapter.verify(
        request(body, { 'x-hub-signature-256': 'sha256=2e52b7ee58ab41605bd52526e465b91b5e131a681f01d750c8f38ecebb3f10da' }),
        credentials,
      ),
    ).toEqual({ ok: true });
    expect(
      adapter.verify(request(body, { 'x-hub-signature': 'sha1=159d0fb98be2ebae6953c0fc077d55fb8ed9cf92' }), credentials),
    ).toEqual({ ok: true });
  });

  it('refuses a re-serialized body, a missing header and another secret', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    const header = { 'x-hub-signature-256': 'sha256=2e52b7ee58ab41605bd52526e465b91b5e131a681f01d750c8f38ecebb3f10da' };
    expect(adapter.verify(request(reserialized, header), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(adapter.verify(request(body), credentials)).toMatchObject({ ok: false, reason: 'assinatura_ausente' });
    expect(adapter.verify(request(body, header), { ...credentials, appSecret: 'outro' })).toMatchObject({ ok: false });
  });

  it('answers the hub.challenge handshake only with the verify token', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'meu-verify-token', 'hub.challenge': '1158201444' };
    expect(adapter.handshake(query, credentials)).toEqual({
      ok: true,
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: '1158201444',
    });
    expect(adapter.handshake({ ...query, 'hub.verify_token': 'errado' }, credentials)).toMatchObject({ ok: false, status: 403 });
  });

  it('validates credentials naming the field, and routes by page id', () => {
    expect(() => adapter.parseCredentials({ ...credentials, pageId: 'abc' })).toThrow(/pageId/);
    expect(() => adapter.parseCredentials({ pageId: PAGE })).toThrow(/pageAccessToken/);
    expect(adapter.routingKeyOf(credentials)).toBe(PAGE);
    expect(adapter.capabilities).toMatchObject({
      replyWindowMs: 24 * HOUR,
      humanAgentWindowMs: 7 * 24 * HOUR,
      webhookRouting: 'payload',
    });
  });
});

describe('Messenger and Instagram Send API against the fake server', () => {
  let api: FakeMetaSendApi;
  let messenger: MessengerAdapter;
  let instagram: InstagramAdapter;
  const credentials: MessengerCredentials = {
    pageId: PAGE,
    pageAccessToken: 'EAAG-page-token',
    appSecret: 'test_app_secret',
    verifyToken: 'v',
  };

  beforeAll(async () => {
    api = await FakeMetaSendApi.start();
    api.tokens.set(PAGE, credentials.pageAccessToken);
    api.tokens.set('17841400000000000', 'IGQV-token');
    messenger = new MessengerAdapter({ ...DEFAULT_MESSENGER_OPTIONS, apiUrl: api.baseUrl, timeoutMs: 2_000 });
    instagram = new InstagramAdapter({ ...DEFAULT_INSTAGRAM_OPTIONS, apiUrl: api.baseUrl, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    api.reset();
  });

  const recent = () => new Date(Date.now() - HOUR).toISOString();
  const text = (fields: Partial<OutboundMessage> = {}): OutboundMessage => ({
    to: PSID,
    content: { type: 'texto', text: 'Thanks! Your order #1042 ships today.' },
    lastInboundAt: recent(),
    sentByHuman: true,
    ...fields,
  });

  async function sendError(adapter: MessengerAdapter | InstagramAdapter, creds: unknown, message: OutboundMessage) {
    const error = await adapter.send(creds as never, message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    return error as ChannelSendError;
  }

  it('inside 24 h: RESPONSE with our metadata, Bearer token, the documented body', async () => {
    const result = await messenger.send(credentials, text({ reference: 'msg_7f3c' }));
    expect(result).toEqual({ externalId: 'm_fake000001', recipientId: PSID });
    const [call] = api.sends(PAGE);
    expect(call.headers.authorization).toBe('Bearer EAAG-page-token');
    expect(call.json).toEqual({
      ...(fixture('send-api-request-response.json') as object),
      message: { text: 'Thanks! Your order #1042 ships today.', metadata: 'atende:msg_7f3c' },
    });
  });

  it('after 24 h a person replies with the HUMAN_AGENT tag; bots are refused; after 7 days nobody', async () => {
    const old = new Date(Date.now() - 3 * 24 * HOUR).toISOString();
    await messenger.send(credentials, {
      to: PSID,
      content: { type: 'texto', text: 'Hi, following up on your return request.' },
      lastInboundAt: old,
      sentByHuman: true,
    });
    expect(api.sends(PAGE)[0].json).toEqual(fixture('send-api-request-human-agent-tag.json'));
    expect(await sendError(messenger, credentials, text({ lastInboundAt: old, sentByHuman: false }))).toMatchObject({
      transient: false,
      category: 'janela_fechada',
    });
    const ancient = new Date(Date.now() - 8 * 24 * HOUR).toISOString();
    expect(await sendError(messenger, credentials, text({ lastInboundAt: ancient }))).toMatchObject({
      transient: false,
      category: 'janela_fechada',
      providerMessage: expect.stringContaining('7 dias') as string,
    });
    expect(api.sends(PAGE)).toHaveLength(1);
  });

  it('media by URL matches the documented request; uploads go as multipart filedata', async () => {
    await messenger.send(credentials, {
      to: PSID,
      content: { type: 'midia', kind: 'imagem', source: { type: 'link', url: 'https://example.com/img/label.jpg' } },
      lastInboundAt: recent(),
    });
    expect(api.sends(PAGE)[0].json).toEqual(fixture('send-api-request-image-url.json'));
    const pdf = Buffer.from('%PDF-1.4 nota');
    await messenger.send(credentials, {
      to: PSID,
      content: {
        type: 'midia',
        kind: 'documento',
        source: { type: 'upload', data: pdf, mimeType: 'application/pdf', filename: 'nota.pdf' },
        caption: 'Sua nota',
      },
      lastInboundAt: recent(),
    });
    const [, upload, caption] = api.sends(PAGE);
    const file = upload.parts?.find((part) => part.name === 'filedata');
    expect([file?.filename, file?.contentType, file?.data.equals(pdf)]).toEqual(['nota.pdf', 'application/pdf', true]);
    expect(JSON.parse(upload.parts?.find((part) => part.name === 'message')?.data.toString() ?? '{}')).toEqual({
      attachment: { type: 'file', payload: { is_reusable: true } },
    });
    expect(caption.json).toMatchObject({ message: { text: 'Sua nota' } });
  });

  it('maps the documented errors: window and unavailable person are permanent; 613, 429 and 5xx retry', async () => {
    api.failNext('fora_da_janela');
    expect(await sendError(messenger, credentials, text())).toMatchObject({
      transient: false,
      category: 'janela_fechada',
      providerCode: '10',
    });
    api.failNext('usuario_indisponivel');
    expect(await sendError(messenger, credentials, text())).toMatchObject({
      transient: false,
      category: 'destinatario_indisponivel',
      providerCode: '551',
    });
    api.failNext('limite_613');
    expect(await sendError(messenger, credentials, text())).toMatchObject({ transient: true, category: 'limite_taxa' });
    api.failNext('limite_429');
    expect(await sendError(messenger, credentials, text())).toMatchObject({
      transient: true,
      category: 'limite_taxa',
      retryAfterMs: 7_000,
    });
    api.failNext('erro_500');
    expect(await sendError(messenger, credentials, text())).toMatchObject({ transient: true, category: 'provedor_indisponivel' });
    api.failNext('queda_de_rede');
    expect(await sendError(messenger, credentials, text())).toMatchObject({ transient: true, category: 'rede' });
    expect(await sendError(messenger, { ...credentials, pageAccessToken: 'errado' }, text())).toMatchObject({
      transient: false,
      category: 'autenticacao',
      providerCode: '190',
    });
  });

  it('templates and reactions are refused without a call', async () => {
    expect(
      await sendError(
        messenger,
        credentials,
        text({ content: { type: 'template', name: 'x', language: 'pt_BR', components: [] } }),
      ),
    ).toMatchObject({ transient: false, category: 'requisicao_invalida' });
    expect(api.requests).toHaveLength(0);
  });

  it('Instagram: same Send API on the IG account, no metadata, URL media only', async () => {
    const ig = { instagramAccountId: '17841400000000000', accessToken: 'IGQV-token', appSecret: 's', verifyToken: 'v' };
    await instagram.send(ig, {
      to: '1234567890123456',
      content: { type: 'texto', text: '¡Sí! Enviamos a todo Perú.' },
      lastInboundAt: recent(),
      reference: 'x',
    });
    expect(api.sends('17841400000000000')[0].json).toEqual({
      ...(fixture('instagram-send-request.json') as object),
      messaging_type: 'RESPONSE',
    });
    expect(
      await sendError(instagram, ig, {
        to: '1234567890123456',
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'upload', data: Buffer.from('x'), mimeType: 'image/png', filename: 'a.png' },
        },
      }),
    ).toMatchObject({ transient: false, category: 'requisicao_invalida' });
  });

  it('downloads attachment URLs and checks the account', async () => {
    const jpg = Buffer.from('jpeg bytes');
    const url = api.addMedia('photo.jpg', jpg, 'image/jpeg');
    expect(await messenger.downloadMedia(credentials, url)).toEqual({
      data: jpg,
      mimeType: 'image/jpeg',
      filename: 'photo.jpg',
      sizeBytes: jpg.byteLength,
      sha256: createHash('sha256').update(jpg).digest('hex'),
    });
    expect(await messenger.checkStatus(credentials)).toMatchObject({
      ok: true,
      details: { accountId: PAGE, name: 'Acme Store' },
    });
    expect(await messenger.checkStatus({ ...credentials, pageAccessToken: 'errado' })).toMatchObject({
      ok: false,
      code: 'token_expirado',
    });
  });
});
