import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from '../../../test/support/fake-telegram-api.js';
import { ChannelSendError } from '../canal.exception.js';
import type { InboundHttpRequest, OutboundMessage } from '../channel-adapter.js';
import { TelegramBotApiClient } from './telegram-bot-api.client.js';
import { TelegramAdapter } from './telegram.adapter.js';
import { DEFAULT_TELEGRAM_OPTIONS, type TelegramCredentials } from './telegram.types.js';

const FIXTURES = new URL('../../../test/fixtures/channels/telegram/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

/** The POST from webhook-post-headers.txt: its secret header and its body bytes. */
function fixtureWebhook(): { secret: string; body: Buffer } {
  const lines = readFileSync(new URL('webhook-post-headers.txt', FIXTURES), 'utf8').split('\n');
  const secret =
    lines
      .find((l) => l.startsWith('X-Telegram-Bot-Api-Secret-Token:'))
      ?.split(':')[1]
      .trim() ?? '';
  const body = lines.find((l) => l.startsWith('{"update_id"')) ?? '';
  return { secret, body: Buffer.from(body) };
}

function request(rawBody: Buffer, headers: Record<string, string> = {}): InboundHttpRequest {
  return { method: 'POST', url: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1', headers, query: {}, rawBody };
}

const CHAT = '123456789';

describe('TelegramAdapter: webhook verification', () => {
  const adapter = new TelegramAdapter(new TelegramBotApiClient(DEFAULT_TELEGRAM_OPTIONS));
  const { secret, body } = fixtureWebhook();
  const credentials: TelegramCredentials = { botToken: '7000000001:AAH-fake-telegram-token_0123456789', webhookSecret: secret };

  it('accepts the fixture request (secret from setWebhook-request.json)', () => {
    expect(secret).toBe(fixture('setWebhook-request.json').secret_token);
    expect(adapter.verify(request(body, { 'x-telegram-bot-api-secret-token': secret }), credentials)).toEqual({ ok: true });
  });

  it('rejects a forged, missing or stale secret, and a canal without one', () => {
    expect(adapter.verify(request(body, { 'x-telegram-bot-api-secret-token': 's3cr3t_T0ken-abd' }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(adapter.verify(request(body), credentials)).toMatchObject({ ok: false, reason: 'assinatura_ausente' });
    expect(
      adapter.verify(request(body, { 'x-telegram-bot-api-secret-token': secret }), { ...credentials, webhookSecret: 'rotated' }),
    ).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(
      adapter.verify(request(body, { 'x-telegram-bot-api-secret-token': secret }), { botToken: credentials.botToken }),
    ).toMatchObject({
      ok: false,
      reason: 'segredo_nao_configurado',
    });
  });

  it('routes by canal id in the URL and validates credentials', () => {
    expect(adapter.capabilities.webhookRouting).toBe('url');
    expect(adapter.routingKeys()).toEqual([]);
    expect(adapter.routingKeyOf(credentials)).toBe('7000000001');
    expect(() => adapter.parseCredentials({ botToken: 'nope' })).toThrow(/botToken/);
    expect(() => adapter.parseCredentials({ ...credentials, webhookSecret: 'has spaces' })).toThrow(/webhookSecret/);
    expect(adapter.capabilities.replyWindowMs).toBeNull();
  });
});

describe('TelegramAdapter against the fake Bot API', () => {
  let api: FakeTelegramApi;
  let adapter: TelegramAdapter;
  let credentials: TelegramCredentials;

  beforeAll(async () => {
    api = await FakeTelegramApi.start();
    adapter = new TelegramAdapter(
      new TelegramBotApiClient({ ...DEFAULT_TELEGRAM_OPTIONS, apiUrl: `${api.baseUrl}/`, timeoutMs: 2_000 }),
    );
    credentials = { botToken: api.botToken, webhookSecret: 's3cr3t_T0ken-abc' };
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    api.reset();
  });

  async function sendError(message: OutboundMessage, creds: TelegramCredentials = credentials): Promise<ChannelSendError> {
    const error = await adapter.send(creds, message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    return error as ChannelSendError;
  }

  const text: OutboundMessage = { to: CHAT, content: { type: 'texto', text: 'Olá Ana! Seu pedido #1042 sai hoje.' } };

  it('sendMessage with a quoted reply; the external id is chat:message', async () => {
    const result = await adapter.send(credentials, { ...text, replyToExternalId: `${CHAT}:501` });
    expect(result).toEqual({ externalId: `${CHAT}:601`, recipientId: CHAT });
    const [call] = api.calls('sendMessage');
    expect(call.token).toBe(api.botToken);
    expect(call.params).toEqual({
      chat_id: 123456789,
      text: 'Olá Ana! Seu pedido #1042 sai hoje.',
      link_preview_options: { is_disabled: true },
      reply_parameters: { message_id: 501, allow_sending_without_reply: true },
    });
  });

  it('sendPhoto by URL matches the documented request', async () => {
    await adapter.send(credentials, {
      to: CHAT,
      content: {
        type: 'midia',
        kind: 'imagem',
        source: { type: 'link', url: 'https://example.com/img/label.jpg' },
        caption: 'Etiqueta de devolução',
      },
    });
    expect(api.calls('sendPhoto')[0].params).toEqual(fixture('sendPhoto-request-by-url-or-file_id.json'));
  });

  it('sendDocument uploads bytes as multipart', async () => {
    const pdf = Buffer.from('%PDF-1.4 nota');
    const result = await adapter.send(credentials, {
      to: CHAT,
      content: {
        type: 'midia',
        kind: 'documento',
        source: { type: 'upload', data: pdf, mimeType: 'application/pdf', filename: 'nota.pdf' },
        caption: 'NF',
      },
    });
    const [call] = api.calls('sendDocument');
    expect(call.params).toEqual({ chat_id: '123456789', caption: 'NF' });
    expect(call.files.map((f) => [f.name, f.filename, f.contentType, f.data.equals(pdf)])).toEqual([
      ['document', 'nota.pdf', 'application/pdf', true],
    ]);
    expect(result.externalId).toMatch(/^123456789:\d+$/);
  });

  it('sends by file_id, sends venues, and sets reactions', async () => {
    await adapter.send(credentials, {
      to: CHAT,
      content: { type: 'midia', kind: 'sticker', source: { type: 'provider', id: 'CAACStickerID' }, caption: 'x' },
    });
    expect(api.calls('sendSticker')[0].params).toEqual({ chat_id: 123456789, sticker: 'CAACStickerID' });
    await adapter.send(credentials, {
      to: CHAT,
      content: {
        type: 'localizacao',
        location: { latitude: -23.5, longitude: -46.6, name: 'Loja', address: 'Av. Paulista, 1000' },
      },
    });
    expect(api.calls('sendVenue')[0].params).toMatchObject({ title: 'Loja', address: 'Av. Paulista, 1000' });
    const reaction = await adapter.send(credentials, {
      to: CHAT,
      content: { type: 'reacao', targetExternalId: `${CHAT}:501`, emoji: '👍' },
    });
    expect(api.calls('setMessageReaction')[0].params).toEqual({
      chat_id: 123456789,
      message_id: 501,
      reaction: [{ type: 'emoji', emoji: '👍' }],
    });
    expect(reaction.externalId).toBe(`${CHAT}:501:reacao:👍`);
  });

  it('refuses templates (permanent, nothing sent)', async () => {
    const error = await sendError({ to: CHAT, content: { type: 'template', name: 'x', language: 'pt_BR', components: [] } });
    expect(error).toMatchObject({ transient: false, category: 'requisicao_invalida' });
    expect(api.requests).toHaveLength(0);
  });

  it('429 is transient and honours parameters.retry_after', async () => {
    api.failNext('flood_429');
    expect(await sendError(text)).toMatchObject({
      transient: true,
      category: 'limite_taxa',
      providerCode: '429',
      providerMessage: 'Too Many Requests: retry after 35',
      retryAfterMs: 35_000,
    });
  });

  it('403 "blocked by the user" is permanent and says so', async () => {
    api.blockedChats.add(CHAT);
    expect(await sendError(text)).toMatchObject({
      transient: false,
      category: 'bloqueado_pelo_contato',
      providerCode: '403',
      providerMessage: 'Forbidden: bot was blocked by the user',
    });
  });

  it('maps chat not found, an empty text, a bad token, 5xx and network failures', async () => {
    api.knownChats.add('1');
    expect(await sendError(text)).toMatchObject({
      transient: false,
      category: 'destinatario_indisponivel',
      providerMessage: 'Bad Request: chat not found',
    });
    api.knownChats.clear();
    expect(await sendError({ to: CHAT, content: { type: 'texto', text: ' ' } })).toMatchObject({
      transient: false,
      category: 'requisicao_invalida',
      providerMessage: 'Bad Request: message text is empty',
    });
    expect(await sendError(text, { botToken: '7000000001:AAH-wrong-token_00000000000' })).toMatchObject({
      transient: false,
      category: 'autenticacao',
      providerCode: '401',
    });
    api.failNext('migrate_to_supergroup_400');
    expect((await sendError(text)).providerMessage).toContain('-1001234567890');
    api.failNext('server_error_500');
    expect(await sendError(text)).toMatchObject({ transient: true, category: 'provedor_indisponivel' });
    api.failNext('network_drop');
    expect(await sendError(text)).toMatchObject({ transient: true, category: 'rede' });
  });

  it('the bot token never appears in error messages', async () => {
    api.failNext('network_drop');
    const error = await sendError(text);
    expect(JSON.stringify(error.getResponse())).not.toContain(api.botToken);
    expect(error.message).not.toContain(api.botToken);
  });

  it('getFile then downloads the file; mime type from the extension', async () => {
    const pdf = Buffer.from('%PDF-1.4 nota fiscal');
    const fileId = api.addFile(pdf, 'documents/file_12.pdf', 'BQACAgEAAxkBAAIBvmZ0docFILEID');
    const media = await adapter.downloadMedia(credentials, fileId);
    expect(media).toEqual({
      data: pdf,
      mimeType: 'application/pdf',
      filename: 'file_12.pdf',
      sizeBytes: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(api.calls('getFile')[0].params).toEqual(fixture('getFile-request.json'));
    expect(api.calls('file')[0].method).toBe('GET');
    await expect(adapter.downloadMedia(credentials, 'missing')).rejects.toMatchObject({ transient: false, providerCode: '400' });
  });

  it('setupWebhook registers a generated secret, which then verifies inbound requests', async () => {
    const first = await adapter.setupWebhook(credentials, {
      url: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1',
    });
    const second = await adapter.setupWebhook(credentials, {
      url: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1',
    });
    const secret = first.credentialsUpdate.webhookSecret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.credentialsUpdate.webhookSecret).not.toBe(secret);
    expect(api.calls('setWebhook')[0].params).toEqual({
      url: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1',
      secret_token: secret,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
      max_connections: 40,
      drop_pending_updates: false,
    });
    const stored = adapter.parseCredentials({ ...credentials, ...second.credentialsUpdate });
    const { body } = fixtureWebhook();
    expect(adapter.verify(request(body, { 'x-telegram-bot-api-secret-token': api.webhook.secretToken ?? '' }), stored)).toEqual({
      ok: true,
    });
    await expect(adapter.setupWebhook(credentials, { url: 'http://insecure.example.com/hook' })).rejects.toThrow(/https/);
  });

  it('answers callback queries', async () => {
    await adapter.acknowledgeInteraction(credentials, '4382bfdwdsb323b2d9', 'Obrigado!');
    expect(api.calls('answerCallbackQuery')[0].params).toEqual(fixture('answerCallbackQuery-request.json'));
    expect(api.answeredCallbacks).toEqual(['4382bfdwdsb323b2d9']);
  });

  it('checkStatus: ok with bot and webhook details; a revoked token says what to do', async () => {
    api.webhook = { url: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1', secretToken: 's3cr3t_T0ken-abc' };
    expect(await adapter.checkStatus(credentials)).toEqual({
      ok: true,
      code: 'ok',
      message: 'Token do bot válido.',
      details: {
        botId: '7000000001',
        botName: 'Acme Support',
        botUsername: 'acme_support_bot',
        webhookConfigured: true,
        webhookUrl: 'https://atende.example.com/api/atendimento/webhooks/telegram/c1',
        pendingUpdateCount: 0,
      },
    });
    api.failNext('unauthorized_401');
    const health = await adapter.checkStatus(credentials);
    expect(health).toMatchObject({ ok: false, code: 'credenciais_invalidas' });
    expect(health.action).toMatch(/BotFather/);
    api.failNext('network_drop');
    expect(await adapter.checkStatus(credentials)).toMatchObject({ ok: false, code: 'provedor_indisponivel' });
  });
});
