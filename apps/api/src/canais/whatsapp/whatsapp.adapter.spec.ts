import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGraphApi, type FakeTemplate } from '../../../test/support/fake-graph-api.js';
import { ChannelApiError, ChannelSendError } from '../canal.exception.js';
import type { OutboundMessage } from '../channel-adapter.js';
import { WhatsAppGraphClient } from './whatsapp-graph.client.js';
import { WhatsAppAdapter } from './whatsapp.adapter.js';
import { DEFAULT_WHATSAPP_OPTIONS, type WhatsAppCredentials } from './whatsapp.types.js';

const FIXTURES = new URL('../../../test/fixtures/channels/whatsapp/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

const CUSTOMER = '16505551234';
const INBOUND_WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';

function template(n: number, status = 'APPROVED'): FakeTemplate {
  return {
    id: `10000${n}`,
    name: `template_${n}`,
    language: 'pt_BR',
    status,
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} saiu. {{1}}' },
      { type: 'FOOTER', text: 'Acme' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Rastrear', url: 'https://example.com/t/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Falar' },
        ],
      },
    ],
  };
}

describe('WhatsAppAdapter against the fake Graph API', () => {
  let graph: FakeGraphApi;
  let adapter: WhatsAppAdapter;
  let credentials: WhatsAppCredentials;

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    adapter = new WhatsAppAdapter(
      new WhatsAppGraphClient({ ...DEFAULT_WHATSAPP_OPTIONS, apiUrl: `${graph.baseUrl}/`, timeoutMs: 2_000 }),
    );
    credentials = graph.credentials();
  });

  afterAll(async () => {
    await graph.close();
  });

  beforeEach(() => {
    graph.reset();
  });

  async function sendError(message: OutboundMessage, creds: WhatsAppCredentials = credentials): Promise<ChannelSendError> {
    const error = await adapter.send(creds, message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    return error as ChannelSendError;
  }

  const text: OutboundMessage = { to: CUSTOMER, content: { type: 'texto', text: 'Thanks! Your order #1042 ships today.' } };

  describe('send', () => {
    it('sends text with the documented body and bearer token, returning the wamid', async () => {
      const result = await adapter.send(credentials, text);
      expect(result.externalId).toMatch(/^wamid\./);
      expect(result.recipientId).toBe(CUSTOMER);
      const [request] = graph.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/${graph.phoneNumberId}/messages`);
      expect(request.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.json).toEqual(fixture('send-text-request.json'));
    });

    it('quotes a message with context.message_id', async () => {
      await adapter.send(credentials, {
        to: CUSTOMER,
        replyToExternalId: INBOUND_WAMID,
        content: { type: 'texto', text: 'Replying to your message above' },
      });
      expect(graph.sentMessages()[0]).toMatchObject(fixture('send-text-reply-context-request.json'));
    });

    it('sends a template with header media, body variables and a quick-reply button', async () => {
      const result = await adapter.send(credentials, {
        to: CUSTOMER,
        content: {
          type: 'template',
          name: 'order_update',
          language: 'en_US',
          components: [
            {
              type: 'header',
              parameters: [{ type: 'imagem', source: { type: 'link', url: 'https://example.com/img/order.png' } }],
            },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Sheena' },
                { type: 'text', text: '#1042' },
              ],
            },
            { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'TALK_TO_AGENT' }] },
          ],
        },
      });
      expect(graph.sentMessages()[0]).toEqual(fixture('send-template-request.json'));
      expect(result.providerStatus).toBe('accepted');
    });

    it('sends media by link and by provider id', async () => {
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'link', url: 'https://example.com/img/label.jpg' },
          caption: 'Your return label',
        },
      });
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'provider', id: '1479537139650973' },
          caption: 'Your return label',
        },
      });
      expect(graph.sentMessages()).toEqual([fixture('send-image-link-request.json'), fixture('send-image-id-request.json')]);
    });

    it('uploads bytes (multipart POST /{phone-number-id}/media) and then sends by id', async () => {
      const pdf = Buffer.from('%PDF-1.4 fake invoice');
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: {
          type: 'midia',
          kind: 'documento',
          source: { type: 'upload', data: pdf, mimeType: 'application/pdf', filename: 'invoice-1042.pdf' },
          caption: 'Invoice',
        },
      });
      const [upload, sendRequest] = graph.requests;
      expect(upload.path).toBe(`/${graph.phoneNumberId}/media`);
      expect(upload.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
      expect(
        upload.parts?.map((p) => [p.name, p.filename, p.filename === undefined ? p.data.toString() : p.data.byteLength]),
      ).toEqual([
        ['messaging_product', undefined, 'whatsapp'],
        ['type', undefined, 'application/pdf'],
        ['file', 'invoice-1042.pdf', pdf.byteLength],
      ]);
      const mediaId = (sendRequest.json as { document: { id: string } }).document.id;
      expect(graph.getMedia(mediaId)?.data.equals(pdf)).toBe(true);
      expect(sendRequest.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: CUSTOMER,
        type: 'document',
        document: { id: mediaId, caption: 'Invoice', filename: 'invoice-1042.pdf' },
      });
    });

    it('drops captions on audio/stickers, sends locations and reactions (empty emoji removes)', async () => {
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: { type: 'midia', kind: 'audio', source: { type: 'provider', id: '42' }, caption: 'ignored' },
      });
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: { type: 'localizacao', location: { latitude: -23.56, longitude: -46.65, name: 'Loja' } },
      });
      await adapter.send(credentials, {
        to: CUSTOMER,
        content: { type: 'reacao', targetExternalId: INBOUND_WAMID, emoji: null },
      });
      const [audio, location, reaction] = graph.sentMessages();
      expect(audio).toMatchObject({ type: 'audio', audio: { id: '42' } });
      expect(location).toMatchObject({ type: 'location', location: { latitude: -23.56, longitude: -46.65, name: 'Loja' } });
      expect(reaction).toMatchObject({ type: 'reaction', reaction: { message_id: INBOUND_WAMID, emoji: '' } });
    });

    it('addresses username-only customers by BSUID', async () => {
      await adapter.send(credentials, { to: 'US.13491208655302741918', content: { type: 'texto', text: 'oi' } });
      const [body] = graph.sentMessages();
      expect(body.recipient).toBe('US.13491208655302741918');
      expect(body.to).toBeUndefined();
    });
  });

  describe('send errors: transient vs permanent', () => {
    it('130429 rate limit is transient, with the provider code and text', async () => {
      graph.failNext('rate_limit_130429');
      const error = await sendError(text);
      expect(error).toMatchObject({
        transient: true,
        category: 'limite_taxa',
        providerCode: '130429',
        providerMessage: '(#130429) Rate limit hit: Cloud API message throughput has been reached.',
        httpStatus: 400,
      });
      expect(error.retryAfterMs).toBeUndefined();
    });

    it('honours Retry-After and the Business Use Case usage header', async () => {
      graph.failNext('rate_limit_130429', { headers: { 'retry-after': '3' } });
      expect((await sendError(text)).retryAfterMs).toBe(3_000);
      graph.failNext('rate_limit_130429', {
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            '102290129340398': [{ type: 'whatsapp', call_count: 100, estimated_time_to_regain_access: 2 }],
          }),
        },
      });
      expect((await sendError(text)).retryAfterMs).toBe(120_000);
    });

    it('131056 (pair rate limit) is transient with a 6 s hint', async () => {
      graph.failNext({
        status: 400,
        body: { error: { message: '(#131056) Pair rate limit hit', type: 'OAuthException', code: 131056 } },
      });
      expect(await sendError(text)).toMatchObject({ transient: true, providerCode: '131056', retryAfterMs: 6_000 });
    });

    it('5xx (JSON or HTML) and a dropped connection are transient', async () => {
      graph.failNext('server_error_500');
      expect(await sendError(text)).toMatchObject({
        transient: true,
        category: 'provedor_indisponivel',
        providerCode: '1',
        httpStatus: 500,
      });
      graph.failNext('bad_gateway_502');
      expect(await sendError(text)).toMatchObject({
        transient: true,
        category: 'provedor_indisponivel',
        providerCode: '502',
        httpStatus: 502,
      });
      graph.failNext('network_drop');
      expect(await sendError(text)).toMatchObject({ transient: true, category: 'rede', providerCode: 'network' });
    });

    it('a timeout is transient', async () => {
      const impatient = new WhatsAppAdapter(
        new WhatsAppGraphClient({ ...DEFAULT_WHATSAPP_OPTIONS, apiUrl: graph.baseUrl, timeoutMs: 100 }),
      );
      graph.failNext('hang');
      const error = await impatient.send(credentials, text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelSendError);
      expect(error).toMatchObject({ transient: true, category: 'rede', providerCode: 'timeout' });
    });

    it('190, 100 and 131009 are permanent', async () => {
      graph.failNext('token_expired_190');
      expect(await sendError(text)).toMatchObject({
        transient: false,
        category: 'autenticacao',
        providerCode: '190',
        httpStatus: 401,
      });
      graph.failNext('invalid_parameter_100');
      expect(await sendError(text)).toMatchObject({
        transient: false,
        category: 'requisicao_invalida',
        providerCode: '100',
        providerMessage: '(#100) Invalid parameter: Unexpected key "txt" on param "<root>".',
      });
      graph.failNext('invalid_param_value_131009');
      expect(await sendError(text)).toMatchObject({ transient: false, providerCode: '131009' });
    });

    it('a wrong token is rejected by the server with 190', async () => {
      const error = await sendError(text, { ...credentials, accessToken: 'stale' });
      expect(error).toMatchObject({ transient: false, providerCode: '190' });
      expect(error.providerError).toMatchObject({ code: '190' });
    });

    it('131047 (outside the 24 h window) is permanent and categorized', async () => {
      graph.failNext({
        status: 400,
        body: {
          error: {
            message: '(#131047) Re-engagement message',
            type: 'OAuthException',
            code: 131047,
            error_data: { details: 'More than 24 hours…' },
          },
        },
      });
      expect(await sendError(text)).toMatchObject({ transient: false, category: 'janela_fechada' });
    });

    it('an upload failure during send is a ChannelSendError', async () => {
      graph.failNext('server_error_500', { match: `POST /${graph.phoneNumberId}/media` });
      const error = await sendError({
        to: CUSTOMER,
        content: {
          type: 'midia',
          kind: 'imagem',
          source: { type: 'upload', data: Buffer.from('x'), mimeType: 'image/png', filename: 'x.png' },
        },
      });
      expect(error.transient).toBe(true);
      expect(graph.sentMessages()).toHaveLength(0);
    });
  });

  describe('media download', () => {
    it('GET /{media-id} then the URL with the bearer token; returns bytes, mime and sha256', async () => {
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
      const id = graph.addMedia(jpeg, 'image/jpeg', '1003383421387256');
      const media = await adapter.downloadMedia(credentials, id);
      expect(media).toEqual({
        data: jpeg,
        mimeType: 'image/jpeg',
        sizeBytes: jpeg.byteLength,
        sha256: createHash('sha256').update(jpeg).digest('hex'),
      });
      expect(graph.requests.map((r) => [r.method, r.path.split('?')[0], r.headers.authorization])).toEqual([
        ['GET', `/${id}`, `Bearer ${graph.accessToken}`],
        ['GET', `/media-download/${id}`, `Bearer ${graph.accessToken}`],
      ]);
    });

    it('maps errors on either step', async () => {
      graph.failNext('token_expired_190');
      await expect(adapter.downloadMedia(credentials, '1')).rejects.toMatchObject({ transient: false, providerCode: '190' });
      const id = graph.addMedia(Buffer.from('abc'), 'audio/ogg');
      graph.failNext('server_error_500', { match: 'GET /media-download/' });
      await expect(adapter.downloadMedia(credentials, id)).rejects.toMatchObject({ transient: true });
      await expect(adapter.downloadMedia(credentials, 'unknown-media')).rejects.toBeInstanceOf(ChannelApiError);
    });

    it('refuses files larger than the configured limit', async () => {
      const small = new WhatsAppAdapter(
        new WhatsAppGraphClient({ ...DEFAULT_WHATSAPP_OPTIONS, apiUrl: graph.baseUrl, maxDownloadBytes: 4 }),
      );
      const id = graph.addMedia(Buffer.from('too large'), 'image/png');
      await expect(small.downloadMedia(credentials, id)).rejects.toMatchObject({
        transient: false,
        category: 'midia',
        providerCode: 'midia_grande_demais',
      });
    });
  });

  describe('mark as read', () => {
    it('posts the documented bodies, with and without typing', async () => {
      await adapter.markRead(credentials, { externalId: INBOUND_WAMID });
      await adapter.markRead(credentials, { externalId: INBOUND_WAMID, typing: true });
      expect(graph.readReceipts()).toEqual([fixture('mark-read-request.json'), fixture('mark-read-typing-request.json')]);
    });

    it('an invalid message id is 131009 (permanent)', async () => {
      graph.unknownMessageIds.add(INBOUND_WAMID);
      await expect(adapter.markRead(credentials, { externalId: INBOUND_WAMID })).rejects.toMatchObject({
        transient: false,
        providerCode: '131009',
      });
    });
  });

  describe('templates', () => {
    it('follows the paging cursor until the last page and normalizes templates', async () => {
      graph.templates = [template(1), template(2, 'PENDING'), template(3, 'REJECTED'), template(4), template(5, 'PAUSED')];
      graph.templatePageSize = 2;
      const templates = await adapter.syncTemplates(credentials);
      expect(templates.map((t) => [t.name, t.status])).toEqual([
        ['template_1', 'aprovado'],
        ['template_2', 'pendente'],
        ['template_3', 'rejeitado'],
        ['template_4', 'aprovado'],
        ['template_5', 'pausado'],
      ]);
      const listing = graph.requests.filter((r) => r.path === `/${graph.businessAccountId}/message_templates`);
      expect(listing).toHaveLength(3);
      expect(listing.every((r) => r.headers.authorization === `Bearer ${graph.accessToken}`)).toBe(true);
      expect(listing[0].query.after).toBeUndefined();
      expect(listing[1].query.after).toBeDefined();
      expect(templates[0]).toEqual({
        externalId: '100001',
        name: 'template_1',
        language: 'pt_BR',
        status: 'aprovado',
        providerStatus: 'APPROVED',
        category: 'UTILITY',
        components: [
          { type: 'header', format: 'TEXT', text: 'Pedido {{1}}', variables: ['1'] },
          { type: 'body', text: 'Olá {{1}}, seu pedido {{2}} saiu. {{1}}', variables: ['1', '2'] },
          { type: 'footer', text: 'Acme', variables: [] },
          {
            type: 'buttons',
            variables: ['1'],
            buttons: [
              { type: 'URL', text: 'Rastrear', url: 'https://example.com/t/{{1}}' },
              { type: 'QUICK_REPLY', text: 'Falar' },
            ],
          },
        ],
      });
    });

    it('an error on a later page fails the sync', async () => {
      graph.templates = [template(1), template(2), template(3)];
      graph.templatePageSize = 2;
      graph.failNext('rate_limit_130429', { match: /[?&]after=/ });
      await expect(adapter.syncTemplates(credentials)).rejects.toMatchObject({ transient: true, providerCode: '130429' });
      expect(graph.requests.map((r) => r.query.after === undefined)).toEqual([true, false]);
    });
  });

  describe('checkStatus (token check)', () => {
    it('reports ok with the number details', async () => {
      const health = await adapter.checkStatus(credentials);
      expect(health).toEqual({
        ok: true,
        code: 'ok',
        message: 'Credenciais do WhatsApp válidas.',
        details: {
          phoneNumberId: graph.phoneNumberId,
          businessAccountId: graph.businessAccountId,
          displayPhoneNumber: '+1 555-078-3881',
          verifiedName: 'Acme Support',
          qualityRating: 'GREEN',
          throughput: 'STANDARD',
          businessAccountName: 'Acme WABA',
        },
      });
    });

    it('a 190 becomes "token expirado" with what to do', async () => {
      graph.failNext('token_expired_190');
      const health = await adapter.checkStatus(credentials);
      expect(health).toMatchObject({ ok: false, code: 'token_expirado', providerError: { code: '190' } });
      expect(health.message).toMatch(/expirado/);
      expect(health.message).toMatch(/Session has expired/);
      expect(health.action).toMatch(/novo token/);
    });

    it('a wrong phone number id, a permission error and an outage are told apart', async () => {
      expect(await adapter.checkStatus({ ...credentials, phoneNumberId: '1' })).toMatchObject({
        ok: false,
        code: 'recurso_nao_encontrado',
      });
      graph.failNext({ status: 403, body: { error: { message: '(#10) Permission denied', code: 10 } } });
      expect(await adapter.checkStatus(credentials)).toMatchObject({ ok: false, code: 'permissao_insuficiente' });
      graph.failNext('network_drop');
      expect(await adapter.checkStatus(credentials)).toMatchObject({ ok: false, code: 'provedor_indisponivel' });
    });
  });
});
