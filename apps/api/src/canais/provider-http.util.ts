import { createHash } from 'node:crypto';
import { ChannelApiError } from './canal.exception.js';

/** fetch() rejected: timeout, DNS, refused or reset connection. Always transient. */
export function mapNetworkError(error: unknown, what: string): ChannelApiError {
  if (error instanceof ChannelApiError) return error;
  const isTimeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const causeCode = cause !== undefined && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const reason = isTimeout ? 'tempo esgotado' : (causeCode ?? (error instanceof Error ? error.message : String(error)));
  return new ChannelApiError({
    transient: true,
    category: 'rede',
    providerCode: isTimeout ? 'timeout' : 'network',
    providerMessage: `Falha de rede ao ${what}: ${reason}`,
    cause: error,
  });
}

/** Global fetch with a timeout; network failures become transient `ChannelApiError`s. */
export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw mapNetworkError(error, what);
  }
}

/** Reads a response body as text; a connection dropped mid-body is a network error. */
export async function readText(response: Response, what: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw mapNetworkError(error, what);
  }
}

export function tryParseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a binary body, refusing more than `maxBytes` (checked on Content-Length and while streaming). */
export async function readBodyLimited(
  response: Response,
  maxBytes: number,
  what: string,
): Promise<{ data: Buffer; sha256: string }> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
  if (response.body === null) return { data: Buffer.alloc(0), sha256: createHash('sha256').digest('hex') };
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(total, maxBytes);
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      hash.update(chunk);
      chunks.push(chunk);
    }
  } catch (error) {
    throw mapNetworkError(error, what);
  }
  return { data: Buffer.concat(chunks, total), sha256: hash.digest('hex') };
}

function tooLarge(size: number, max: number): ChannelApiError {
  return new ChannelApiError({
    transient: false,
    category: 'midia',
    providerCode: 'midia_grande_demais',
    providerMessage: `Arquivo de ${size} bytes excede o limite de ${max} bytes`,
  });
}

/** Base URL without trailing slashes, so `${base}/${path}` never doubles them. */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
