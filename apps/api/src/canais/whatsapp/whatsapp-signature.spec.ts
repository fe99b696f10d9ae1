import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InboundHttpRequest } from '../channel-adapter.js';
import { flattenQuery, inboundPayloadFromRequest, verifyMetaSignature } from '../webhook.util.js';
import { WhatsAppGraphClient } from './whatsapp-graph.client.js';
import { WhatsAppAdapter } from './whatsapp.adapter.js';
import { DEFAULT_WHATSAPP_OPTIONS, type WhatsAppCredentials } from './whatsapp.types.js';

const FIXTURES = new URL('../../../test/fixtures/channels/whatsapp/', import.meta.url);
const SIGNED_BODY = readFileSync(new URL('signature-body.raw.txt', FIXTURES));
const FIXTURE_SIGNATURE = 'sha256=050de9f43049ca48959285360406062aa8e9f8dae4802db95e40b6a993ae4887';

const credentials: WhatsAppCredentials = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  accessToken: 'EAAG-test',
  appSecret: 'test_app_secret',
  verifyToken: 'my-verify-token',
};

const adapter = new WhatsAppAdapter(new WhatsAppGraphClient(DEFAULT_WHATSAPP_OPTIONS));

function request(rawBody: Buffer, headers: Record<string, string> = {}): InboundHttpRequest {
  return { method: 'POST', url: 'https://atende.example.com/api/atendimento/webhooks/whatsapp', headers, query: {}, rawBody };
}

describe('WhatsApp X-Hub-Signature-256', () => {
  it('accepts the fixture test vector (raw bytes with \\/ and \\u escapes)', () => {
    expect(SIGNED_BODY.byteLength).toBe(523);
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': FIXTURE_SIGNATURE }), credentials)).toEqual({ ok: true });
  });

  it('accepts the sanity vector (secret "secret", body "test") and upper-case hex', () => {
    const sig = 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914';
    expect(verifyMetaSignature(request(Buffer.from('test'), { 'x-hub-signature-256': sig }), 'secret')).toEqual({ ok: true });
    expect(
      verifyMetaSignature(
        request(Buffer.from('test'), { 'x-hub-signature-256': sig.toUpperCase().replace('SHA256', 'sha256') }),
        'secret',
      ),
    ).toEqual({
      ok: true,
    });
  });

  it('rejects a re-serialized body (the signature is over the bytes, not the JSON)', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(SIGNED_BODY.toString('utf8'))));
    expect(adapter.verify(request(reserialized, { 'x-hub-signature-256': FIXTURE_SIGNATURE }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
  });

  it('rejects a forged body and a forged signature', () => {
    const tampered = Buffer.from(SIGNED_BODY.toString('utf8').replace('1042', '1043'));
    expect(adapter.verify(request(tampered, { 'x-hub-signature-256': FIXTURE_SIGNATURE }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    const forged = `sha256=${'0'.repeat(64)}`;
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': forged }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': 'sha256=zz' }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(
      adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': FIXTURE_SIGNATURE.slice(7) }), credentials),
    ).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
  });

  it('rejects an unsigned request', () => {
    expect(adapter.verify(request(SIGNED_BODY), credentials)).toMatchObject({ ok: false, reason: 'assinatura_ausente' });
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': '' }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_ausente',
    });
  });

  it('rejects a request signed with a stale (rotated) app secret', () => {
    const stale = `sha256=${createHmac('sha256', 'old_app_secret').update(SIGNED_BODY).digest('hex')}`;
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': stale }), credentials)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    const rotated = { ...credentials, appSecret: 'new_app_secret' };
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature-256': FIXTURE_SIGNATURE }), rotated)).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
  });

  it('refuses to verify without a configured secret', () => {
    expect(verifyMetaSignature(request(SIGNED_BODY, { 'x-hub-signature-256': FIXTURE_SIGNATURE }), '')).toMatchObject({
      ok: false,
      reason: 'segredo_nao_configurado',
    });
  });

  it('falls back to the legacy X-Hub-Signature (sha1) only when the sha256 header is absent', () => {
    const sha1 = `sha1=${createHmac('sha1', 'test_app_secret').update(SIGNED_BODY).digest('hex')}`;
    expect(adapter.verify(request(SIGNED_BODY, { 'x-hub-signature': sha1 }), credentials)).toEqual({ ok: true });
    expect(
      adapter.verify(
        request(SIGNED_BODY, { 'x-hub-signature': sha1, 'x-hub-signature-256': `sha256=${'1'.repeat(64)}` }),
        credentials,
      ),
    ).toMatchObject({ ok: false, reason: 'assinatura_invalida' });
  });
});

describe('WhatsApp webhook handshake', () => {
  // From webhook-verify-get.txt
  const query = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'my-verify-token' };

  it('echoes hub.challenge as plain text when the verify token matches', () => {
    expect(adapter.handshake(query, credentials)).toEqual({
      ok: true,
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: '1158201444',
    });
  });

  it('answers 403 on a wrong token, wrong mode, or a missing/odd challenge', () => {
    expect(adapter.handshake({ ...query, 'hub.verify_token': 'nope' }, credentials)).toMatchObject({ ok: false, status: 403 });
    expect(adapter.handshake({ ...query, 'hub.mode': 'unsubscribe' }, credentials)).toMatchObject({ ok: false, status: 403 });
    expect(adapter.handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token' }, credentials)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(adapter.handshake({ ...query, 'hub.challenge': '<script>' }, credentials)).toMatchObject({ ok: false, status: 403 });
    expect(adapter.handshake({}, { ...credentials, verifyToken: '' })).toMatchObject({ ok: false, status: 403 });
  });

  it('takes the first value of a repeated query parameter', () => {
    expect(adapter.handshake({ ...query, 'hub.challenge': ['42', '43'] }, credentials)).toMatchObject({ ok: true, body: '42' });
  });
});

describe('WhatsApp routing and credentials', () => {
  it('routes by value.metadata.phone_number_id', () => {
    const body = readFileSync(new URL('inbound-text.json', FIXTURES));
    expect(adapter.routingKeys({ contentType: 'application/json', body })).toEqual(['106540352242922']);
    expect(adapter.routingKeyOf(credentials)).toBe('106540352242922');
  });

  it('validates configuracao and names the offending field', () => {
    expect(adapter.parseCredentials(credentials)).toEqual(credentials);
    expect(() => adapter.parseCredentials({ ...credentials, appSecret: '' })).toThrow(/appSecret/);
    expect(() => adapter.parseCredentials({ ...credentials, phoneNumberId: 'abc' })).toThrow(/phoneNumberId/);
    const { verifyToken: _omitted, ...withoutVerifyToken } = credentials;
    expect(() => adapter.parseCredentials(withoutVerifyToken)).toThrow(
      expect.objectContaining({ code: 'CANAL_CREDENCIAIS_INVALIDAS' }) as Error,
    );
    expect(adapter.secretFields).toEqual(['accessToken', 'appSecret', 'verifyToken']);
  });

  it('declares a 24 h reply window and its capabilities', () => {
    expect(adapter.capabilities).toMatchObject({
      replyWindowMs: 24 * 3_600_000,
      templates: true,
      readReceipts: true,
      typingIndicator: true,
      rateLimitPerSecond: 80,
      webhookRouting: 'payload',
    });
  });
});

describe('webhook helpers', () => {
  it('builds the stored payload from a request and flattens framework queries', () => {
    const req = request(SIGNED_BODY, { 'content-type': 'application/json', 'x-hub-signature-256': FIXTURE_SIGNATURE });
    expect(inboundPayloadFromRequest(req)).toEqual({ contentType: 'application/json', body: SIGNED_BODY, headers: {} });
    expect(inboundPayloadFromRequest(req, ['X-Hub-Signature-256']).headers).toEqual({ 'x-hub-signature-256': FIXTURE_SIGNATURE });
    expect(flattenQuery({ 'hub.mode': 'subscribe', a: ['1', '2'], nested: { b: '1' }, n: 3 })).toEqual({
      'hub.mode': 'subscribe',
      a: ['1', '2'],
    });
    expect(flattenQuery(undefined)).toEqual({});
  });
});
