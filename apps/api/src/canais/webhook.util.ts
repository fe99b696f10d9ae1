import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CanalErro, CanalException } from './canal.exception.js';
import type { HttpHeaderValue, InboundHttpRequest, InboundPayload, VerifyResult } from './channel-adapter.js';

/** First value of a header or query parameter. */
export function firstValue(value: HttpHeaderValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return value[0];
}

/** Reads a header by lower-case name (Node lower-cases incoming header names). */
export function headerValue(headers: InboundHttpRequest['headers'], name: string): string | undefined {
  return firstValue(headers[name.toLowerCase()]);
}

/**
 * Constant-time string equality. Both sides are hashed first so that the comparison time does not depend
 * on where they differ nor leak the expected length.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** Body bytes as UTF-8 text. */
export function payloadText(payload: InboundPayload): string {
  return typeof payload.body === 'string' ? payload.body : payload.body.toString('utf8');
}

/** Parses a JSON body or throws `PAYLOAD_INVALIDO`. */
export function parseJsonPayload(payload: InboundPayload): unknown {
  try {
    return JSON.parse(payloadText(payload)) as unknown;
  } catch (error) {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'O corpo do webhook não é JSON válido.', {}, { cause: error });
  }
}

/** Seconds since the epoch (number or numeric string) → ISO-8601; `fallback` when absent or malformed. */
export function epochSecondsToIso(value: string | number | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds)) return fallback;
  return new Date(seconds * 1000).toISOString();
}

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` (WhatsApp, Messenger,
 * Instagram). Computed over the raw bytes: Meta escapes `/` and non-ASCII, so re-serialized JSON differs.
 * The legacy `X-Hub-Signature: sha1=` header is accepted only when the SHA-256 one is absent.
 */
export function verifyMetaSignature(req: InboundHttpRequest, appSecret: string): VerifyResult {
  if (appSecret.length === 0) {
    return { ok: false, reason: 'segredo_nao_configurado', detail: 'O canal não tem appSecret configurado.' };
  }
  const sha256Header = headerValue(req.headers, 'x-hub-signature-256');
  const sha1Header = headerValue(req.headers, 'x-hub-signature');
  const header = sha256Header ?? sha1Header;
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'assinatura_ausente', detail: 'Cabeçalho X-Hub-Signature-256 ausente.' };
  }
  const algorithm = sha256Header !== undefined ? 'sha256' : 'sha1';
  const match = /^(sha256|sha1)=([0-9a-fA-F]+)$/.exec(header.trim());
  if (match === null || match[1] !== algorithm) {
    return { ok: false, reason: 'assinatura_invalida', detail: `Formato de assinatura inválido; esperado ${algorithm}=<hex>.` };
  }
  // Digests compared as bytes: their length is the algorithm's (public), so no hashing of both sides is needed.
  const expected = createHmac(algorithm, appSecret).update(req.rawBody).digest();
  const received = Buffer.from(match[2], 'hex');
  if (match[2].length !== expected.length * 2 || !timingSafeEqual(received, expected)) {
    return { ok: false, reason: 'assinatura_invalida', detail: 'A assinatura não confere com o corpo recebido.' };
  }
  return { ok: true };
}

/** Meta's challenges are numeric; anything else is refused rather than echoed back. */
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** Meta's subscription handshake: `hub.mode=subscribe`, `hub.verify_token`, echo `hub.challenge` as plain text. */
export function metaHandshake(
  query: InboundHttpRequest['query'],
  verifyToken: string,
): { ok: true; status: 200; contentType: string; body: string } | { ok: false; status: 403; reason: string } {
  const mode = firstValue(query['hub.mode']);
  const token = firstValue(query['hub.verify_token']);
  const challenge = firstValue(query['hub.challenge']);
  if (mode !== 'subscribe') return { ok: false, status: 403, reason: 'hub.mode deve ser "subscribe".' };
  if (token === undefined || verifyToken.length === 0 || !safeEqual(token, verifyToken)) {
    return { ok: false, status: 403, reason: 'hub.verify_token não confere.' };
  }
  if (challenge === undefined || !CHALLENGE_PATTERN.test(challenge)) {
    return { ok: false, status: 403, reason: 'hub.challenge ausente ou inválido.' };
  }
  return { ok: true, status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
}

/** The stored form of a webhook request: what `routingKeys`/`parseInbound` read later. */
export function inboundPayloadFromRequest(req: InboundHttpRequest, keepHeaders: readonly string[] = []): InboundPayload {
  const headers: Record<string, string> = {};
  for (const name of keepHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return { contentType: headerValue(req.headers, 'content-type') ?? 'application/octet-stream', body: req.rawBody, headers };
}

/** A framework's parsed query (possibly nested, e.g. Express/qs) → the flat form adapters read; nested values are dropped. */
export function flattenQuery(query: unknown): Record<string, string | string[]> {
  const flat: Record<string, string | string[]> = {};
  if (typeof query !== 'object' || query === null) return flat;
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') flat[key] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) flat[key] = value;
  }
  return flat;
}
