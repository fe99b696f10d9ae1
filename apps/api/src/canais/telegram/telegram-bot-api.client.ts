import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ChannelApiError, type ChannelErrorCategory } from '../canal.exception.js';
import { fetchWithTimeout, readBodyLimited, readText, trimBaseUrl, tryParseJson } from '../provider-http.util.js';
import { TELEGRAM_OPTIONS, tgErrorResponseSchema, type TelegramCredentials, type TelegramOptions } from './telegram.types.js';

type BotAuth = Pick<TelegramCredentials, 'botToken'>;

/** A file sent as multipart (`InputFile`). */
export interface TelegramUpload {
  field: string;
  data: Uint8Array;
  mimeType: string;
  filename: string;
}

export type TelegramParams = Readonly<Record<string, string | number | boolean | object | undefined>>;

/**
 * Bot API client: `POST ${apiUrl}/bot<token>/<method>`, JSON or multipart, answers `{ok, result}` or
 * `{ok:false, error_code, description, parameters}`. It branches on `ok` (the HTTP status mirrors
 * error_code) and never logs the URL, which contains the token.
 */
@Injectable()
export class TelegramBotApiClient {
  private readonly baseUrl: string;

  constructor(@Inject(TELEGRAM_OPTIONS) private readonly options: TelegramOptions) {
    this.baseUrl = trimBaseUrl(options.apiUrl);
  }

  async call<T>(
    credentials: BotAuth,
    method: string,
    params: TelegramParams,
    schema: z.ZodType<T>,
    upload?: TelegramUpload,
  ): Promise<T> {
    const what = `chamar ${method} no Telegram`;
    let body: string | FormData;
    const headers: Record<string, string> = {};
    if (upload === undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(params);
    } else {
      const form = new FormData();
      for (const [key, value] of Object.entries(params)) {
        if (value === undefined) continue;
        form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
      form.append(upload.field, new Blob([new Uint8Array(upload.data)], { type: upload.mimeType }), upload.filename);
      body = form;
    }
    const response = await fetchWithTimeout(
      `${this.baseUrl}/bot${credentials.botToken}/${method}`,
      { method: 'POST', headers, body },
      this.options.timeoutMs,
      what,
    );
    const json = tryParseJson(await readText(response, what));
    if (typeof json === 'object' && json !== null && 'ok' in json && json.ok === true && 'result' in json) {
      const parsed = schema.safeParse(json.result);
      if (parsed.success) return parsed.data;
      throw new ChannelApiError({
        transient: false,
        category: 'desconhecido',
        providerCode: 'resposta_invalida',
        providerMessage: `Resposta inesperada do Telegram em ${method}`,
        httpStatus: response.status,
      });
    }
    throw mapTelegramError(response.status, json);
  }

  /** `GET ${apiUrl}/file/bot<token>/<file_path>` (links valid for at least an hour). */
  async downloadFile(credentials: BotAuth, filePath: string): Promise<{ data: Buffer; sha256: string; contentType?: string }> {
    const what = 'baixar o arquivo do Telegram';
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const response = await fetchWithTimeout(
      `${this.baseUrl}/file/bot${credentials.botToken}/${path}`,
      { method: 'GET' },
      this.options.downloadTimeoutMs,
      what,
    );
    if (!response.ok) throw mapTelegramError(response.status, tryParseJson(await readText(response, what)));
    const body = await readBodyLimited(response, this.options.maxDownloadBytes, what);
    const contentType = response.headers.get('content-type');
    return contentType === null ? body : { ...body, contentType };
  }
}

export function mapTelegramError(httpStatus: number, body: unknown): ChannelApiError {
  const parsed = tgErrorResponseSchema.safeParse(body);
  const code = parsed.success ? parsed.data.error_code : httpStatus;
  const description = parsed.success ? (parsed.data.description ?? `Erro ${code}`) : `Resposta HTTP ${httpStatus} do Telegram`;
  const retryAfter = parsed.success ? parsed.data.parameters?.retry_after : undefined;
  const migrateTo = parsed.success ? parsed.data.parameters?.migrate_to_chat_id : undefined;
  const { transient, category } = classify(code, description);
  return new ChannelApiError({
    transient,
    category,
    providerCode: String(code),
    providerMessage: migrateTo !== undefined ? `${description} (novo chat_id: ${migrateTo})` : description,
    httpStatus,
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}),
    providerError: { code: String(code), title: description },
  });
}

function classify(code: number, description: string): { transient: boolean; category: ChannelErrorCategory } {
  const text = description.toLowerCase();
  if (code === 429) return { transient: true, category: 'limite_taxa' };
  if (code >= 500) return { transient: true, category: 'provedor_indisponivel' };
  // A wrong token answers 401, or 404 "Not Found" for the whole /bot<token>/ path.
  if (code === 401 || (code === 404 && text === 'not found')) return { transient: false, category: 'autenticacao' };
  if (code === 403) {
    if (text.includes('blocked by the user')) return { transient: false, category: 'bloqueado_pelo_contato' };
    return { transient: false, category: 'destinatario_indisponivel' };
  }
  if (code === 400 && text.includes('chat not found')) return { transient: false, category: 'destinatario_indisponivel' };
  if (code === 400 || code === 404 || code === 409) return { transient: false, category: 'requisicao_invalida' };
  return { transient: false, category: 'desconhecido' };
}
