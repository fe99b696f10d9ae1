import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ChannelApiError } from '../canal.exception.js';
import { fetchWithTimeout, readBodyLimited, readText, trimBaseUrl, tryParseJson } from '../provider-http.util.js';
import { mapGraphError } from './whatsapp-errors.js';
import {
  WHATSAPP_OPTIONS,
  waBusinessAccountSchema,
  waMediaInfoSchema,
  waPhoneNumberSchema,
  waSendResponseSchema,
  waSuccessResponseSchema,
  waTemplateListSchema,
  waUploadResponseSchema,
  type WaMarkReadRequest,
  type WaMediaInfo,
  type WaPhoneNumber,
  type WaSendRequest,
  type WaTemplate,
  type WhatsAppCredentials,
  type WhatsAppOptions,
} from './whatsapp.types.js';

type GraphAuth = Pick<WhatsAppCredentials, 'accessToken'>;

/** Upper bound on template pages, so a provider bug returning the same cursor can never loop forever. */
const MAX_TEMPLATE_PAGES = 200;

/**
 * Thin Graph API client: one method per endpoint, bearer auth, timeouts, and errors mapped to
 * `ChannelApiError`. No retries here; the job library retries transient failures.
 */
@Injectable()
export class WhatsAppGraphClient {
  private readonly baseUrl: string;

  constructor(@Inject(WHATSAPP_OPTIONS) private readonly options: WhatsAppOptions) {
    this.baseUrl = trimBaseUrl(options.apiUrl);
  }

  /** `POST /{phone-number-id}/messages` */
  async sendMessage(credentials: WhatsAppCredentials, body: WaSendRequest): Promise<z.infer<typeof waSendResponseSchema>> {
    return this.requestJson(
      credentials,
      'POST',
      this.url(credentials.phoneNumberId, 'messages'),
      body,
      waSendResponseSchema,
      'enviar a mensagem',
    );
  }

  /** `POST /{phone-number-id}/messages` with `status: read` (and optionally a typing indicator). */
  async markRead(credentials: WhatsAppCredentials, body: WaMarkReadRequest): Promise<void> {
    const result = await this.requestJson(
      credentials,
      'POST',
      this.url(credentials.phoneNumberId, 'messages'),
      body,
      waSuccessResponseSchema,
      'marcar como lida',
    );
    if (!result.success) {
      throw new ChannelApiError({
        transient: false,
        category: 'desconhecido',
        providerCode: 'success_false',
        providerMessage: 'O Graph respondeu success=false ao marcar como lida',
      });
    }
  }

  /** `POST /{phone-number-id}/media` (multipart) → media id, valid for 30 days. */
  async uploadMedia(
    credentials: WhatsAppCredentials,
    file: { data: Uint8Array; mimeType: string; filename: string },
  ): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.mimeType);
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename);
    const result = await this.requestJson(
      credentials,
      'POST',
      this.url(credentials.phoneNumberId, 'media'),
      form,
      waUploadResponseSchema,
      'enviar a mídia',
    );
    return result.id;
  }

  /** `GET /{media-id}` → a short-lived (≈5 min) download URL. */
  async getMediaInfo(credentials: GraphAuth, mediaId: string): Promise<WaMediaInfo> {
    return this.requestJson(credentials, 'GET', this.url(mediaId), undefined, waMediaInfoSchema, 'consultar a mídia');
  }

  /** GET the media URL with the same bearer token. */
  async downloadMediaUrl(credentials: GraphAuth, url: string): Promise<{ data: Buffer; sha256: string; contentType?: string }> {
    const what = 'baixar a mídia';
    const response = await fetchWithTimeout(
      url,
      { method: 'GET', headers: this.authHeaders(credentials) },
      this.options.downloadTimeoutMs,
      what,
    );
    if (!response.ok) {
      const text = await readText(response, what);
      throw mapGraphError(response.status, tryParseJson(text), response.headers);
    }
    const body = await readBodyLimited(response, this.options.maxDownloadBytes, what);
    const contentType = response.headers.get('content-type');
    return contentType === null ? body : { ...body, contentType };
  }

  /** `GET /{waba-id}/message_templates`, following the `after` cursor while `paging.next` exists. */
  async listTemplates(credentials: WhatsAppCredentials): Promise<WaTemplate[]> {
    const templates: WaTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const params = new URLSearchParams({ fields: 'id,name,language,status,category,components', limit: '100' });
      if (after !== undefined) params.set('after', after);
      const url = `${this.url(credentials.businessAccountId, 'message_templates')}?${params.toString()}`;
      const result = await this.requestJson(credentials, 'GET', url, undefined, waTemplateListSchema, 'listar os templates');
      templates.push(...result.data);
      const next = result.paging?.cursors?.after;
      // Cursors, not `paging.next`: that absolute URL would carry our bearer token to whatever host it names.
      if (result.paging?.next === undefined || next === undefined || next === after || result.data.length === 0) return templates;
      after = next;
    }
    return templates;
  }

  /** `GET /{phone-number-id}`: cheapest call that proves the token can use this number. */
  async getPhoneNumber(credentials: WhatsAppCredentials): Promise<WaPhoneNumber> {
    const params = new URLSearchParams({
      fields: 'id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,throughput',
    });
    return this.requestJson(
      credentials,
      'GET',
      `${this.url(credentials.phoneNumberId)}?${params.toString()}`,
      undefined,
      waPhoneNumberSchema,
      'consultar o número',
    );
  }

  /** `GET /{waba-id}`: proves the token reaches the WhatsApp Business Account (needed for templates). */
  async getBusinessAccount(credentials: WhatsAppCredentials): Promise<z.infer<typeof waBusinessAccountSchema>> {
    return this.requestJson(
      credentials,
      'GET',
      `${this.url(credentials.businessAccountId)}?fields=id,name`,
      undefined,
      waBusinessAccountSchema,
      'consultar a conta do WhatsApp Business',
    );
  }

  private url(...segments: string[]): string {
    return `${this.baseUrl}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  }

  private authHeaders(credentials: GraphAuth): Record<string, string> {
    return { authorization: `Bearer ${credentials.accessToken}` };
  }

  private async requestJson<T>(
    credentials: GraphAuth,
    method: 'GET' | 'POST',
    url: string,
    body: object | FormData | undefined,
    schema: z.ZodType<T>,
    what: string,
  ): Promise<T> {
    const headers = this.authHeaders(credentials);
    let payload: string | FormData | undefined;
    if (body instanceof FormData) {
      payload = body; // fetch sets the multipart boundary itself
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetchWithTimeout(url, { method, headers, body: payload }, this.options.timeoutMs, what);
    const text = await readText(response, what);
    const json = tryParseJson(text);
    if (!response.ok || (typeof json === 'object' && json !== null && 'error' in json)) {
      throw mapGraphError(response.status, json, response.headers);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ChannelApiError({
        transient: false,
        category: 'desconhecido',
        providerCode: 'resposta_invalida',
        providerMessage: `Resposta inesperada do Graph ao ${what}`,
        httpStatus: response.status,
      });
    }
    return parsed.data;
  }
}
