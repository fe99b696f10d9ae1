import type { z } from 'zod';
import { ChannelApiError, type ChannelErrorCategory } from '../canal.exception.js';
import type { ProviderError } from '../channel-adapter.js';
import { fetchWithTimeout, readBodyLimited, readText, trimBaseUrl, tryParseJson } from '../provider-http.util.js';
import {
  metaAccountSchema,
  metaErrorBodySchema,
  metaSendResponseSchema,
  type MetaMessagingOptions,
  type MetaSendAccount,
  type MetaSendRequest,
} from './meta.types.js';

/**
 * Messenger/Instagram Send API client: `POST {apiUrl}/{page or IG account id}/messages` with the account's
 * token as a Bearer header (never in the URL, so it cannot leak into logs), answers `{recipient_id,
 * message_id}` or a Graph error body.
 */
export class MetaSendApiClient {
  private readonly baseUrl: string;

  constructor(
    private readonly options: MetaMessagingOptions,
    /** For error texts: "Messenger" or "Instagram". */
    private readonly label: string,
  ) {
    this.baseUrl = trimBaseUrl(options.apiUrl);
  }

  async sendMessage(account: MetaSendAccount, body: MetaSendRequest): Promise<z.infer<typeof metaSendResponseSchema>> {
    return this.request(account, 'POST', `/${encodeURIComponent(account.accountId)}/messages`, body, metaSendResponseSchema);
  }

  /** An attachment from our bytes: multipart with `filedata` (Messenger). */
  async sendAttachmentUpload(
    account: MetaSendAccount,
    envelope: Omit<MetaSendRequest, 'message'>,
    type: 'image' | 'audio' | 'video' | 'file',
    file: { data: Uint8Array; mimeType: string; filename: string },
  ): Promise<z.infer<typeof metaSendResponseSchema>> {
    const form = new FormData();
    form.append('recipient', JSON.stringify(envelope.recipient));
    form.append('messaging_type', envelope.messaging_type);
    if (envelope.tag !== undefined) form.append('tag', envelope.tag);
    form.append('message', JSON.stringify({ attachment: { type, payload: { is_reusable: true } } }));
    form.append('filedata', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename);
    return this.request(account, 'POST', `/${encodeURIComponent(account.accountId)}/messages`, form, metaSendResponseSchema);
  }

  /** `GET /{id}?fields=id,name` (Page) or `id,username` (IG): proves the token can act for the account. */
  async getAccount(account: MetaSendAccount, fields: string): Promise<z.infer<typeof metaAccountSchema>> {
    return this.request(
      account,
      'GET',
      `/${encodeURIComponent(account.accountId)}?fields=${encodeURIComponent(fields)}`,
      undefined,
      metaAccountSchema,
    );
  }

  /** Attachment URLs from webhooks are signed CDN links: fetched as they are, without the token. */
  async download(url: string): Promise<{ data: Buffer; sha256: string; contentType?: string }> {
    const what = `baixar o anexo do ${this.label}`;
    const response = await fetchWithTimeout(url, { method: 'GET' }, this.options.downloadTimeoutMs, what);
    if (!response.ok) {
      const text = await readText(response, what);
      throw mapMetaError(response.status, tryParseJson(text), this.label);
    }
    const body = await readBodyLimited(response, this.options.maxDownloadBytes, what);
    const contentType = response.headers.get('content-type');
    return contentType === null ? body : { ...body, contentType };
  }

  private async request<T>(
    account: MetaSendAccount,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const what = `chamar o ${this.label}`;
    const headers: Record<string, string> = { authorization: `Bearer ${account.accessToken}` };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetchWithTimeout(
      `${this.baseUrl}${path}`,
      { method, headers, ...(payload !== undefined ? { body: payload } : {}) },
      this.options.timeoutMs,
      what,
    );
    const json = tryParseJson(await readText(response, what));
    if (!response.ok) throw mapMetaError(response.status, json, this.label, response.headers);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ChannelApiError({
        transient: false,
        category: 'desconhecido',
        providerCode: 'resposta_invalida',
        providerMessage: `Resposta inesperada do ${this.label}`,
        httpStatus: response.status,
      });
    }
    return parsed.data;
  }
}

interface Rule {
  transient: boolean;
  category: ChannelErrorCategory;
}

/**
 * Send API errors (developers.facebook.com/docs/messenger-platform/error-codes): throttling and Meta's own
 * trouble retry; the window (#10 / 2018278), an unavailable person (#551) and token problems do not.
 */
function ruleFor(code: number, subcode: number | undefined, httpStatus: number): Rule {
  if (code === 10 && (subcode === 2018278 || subcode === 2018065)) return { transient: false, category: 'janela_fechada' };
  if (code === 551 || subcode === 2018001 || subcode === 2018108)
    return { transient: false, category: 'destinatario_indisponivel' };
  if (code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code < 80100))
    return { transient: true, category: 'limite_taxa' };
  if (code === 1 || code === 2 || code === 1200) return { transient: true, category: 'provedor_indisponivel' };
  if (code === 190 || code === 102 || code === 0) return { transient: false, category: 'autenticacao' };
  if (code === 10 || code === 200 || code === 230 || code === 3 || code === 368)
    return { transient: false, category: 'permissao' };
  if (code === 100) return { transient: false, category: 'requisicao_invalida' };
  if (httpStatus === 429) return { transient: true, category: 'limite_taxa' };
  if (httpStatus >= 500) return { transient: true, category: 'provedor_indisponivel' };
  if (httpStatus === 401) return { transient: false, category: 'autenticacao' };
  if (httpStatus === 403) return { transient: false, category: 'permissao' };
  return { transient: false, category: 'desconhecido' };
}

/** Maps a non-2xx Graph answer to a typed error; `Retry-After` is honoured when Meta sends one. */
export function mapMetaError(httpStatus: number, body: unknown, label: string, headers?: Headers): ChannelApiError {
  const retryAfter = headers?.get('retry-after');
  const retrySeconds = retryAfter === null || retryAfter === undefined ? NaN : Number(retryAfter);
  const retryAfterMs = Number.isFinite(retrySeconds) && retrySeconds >= 0 ? Math.round(retrySeconds * 1000) : undefined;
  const parsed = metaErrorBodySchema.safeParse(body);
  if (!parsed.success) {
    const rule = ruleFor(-1, undefined, httpStatus);
    return new ChannelApiError({
      ...rule,
      providerCode: String(httpStatus),
      providerMessage: `Resposta HTTP ${httpStatus} sem corpo de erro do ${label}`,
      httpStatus,
      retryAfterMs,
    });
  }
  const error = parsed.data.error;
  const code = error.code === undefined ? -1 : Number(error.code);
  const subcode = error.error_subcode === undefined ? undefined : Number(error.error_subcode);
  const rule = ruleFor(Number.isFinite(code) ? code : -1, subcode, httpStatus);
  const message = error.message ?? error.error_user_msg ?? `Erro ${String(error.code ?? httpStatus)}`;
  const providerError: ProviderError = {
    code: String(error.code ?? httpStatus),
    title: error.error_user_title ?? message,
    message,
  };
  if (subcode !== undefined) providerError.details = `subcode ${subcode}`;
  return new ChannelApiError({
    ...rule,
    providerCode: String(error.code ?? httpStatus),
    providerMessage: subcode !== undefined ? `${message} (subcode ${subcode})` : message,
    httpStatus,
    retryAfterMs,
    providerError,
  });
}
