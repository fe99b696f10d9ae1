import type { z } from 'zod';
import { ChannelApiError, type ChannelErrorCategory } from '../canal.exception.js';
import { fetchWithTimeout, readBodyLimited, readText, trimBaseUrl, tryParseJson } from '../provider-http.util.js';
import {
  twilioAccountSchema,
  twilioContentPageSchema,
  twilioErrorSchema,
  twilioMessageSchema,
  type TwilioContent,
  type TwilioCredentials,
  type TwilioOptions,
} from './twilio.types.js';

type Auth = Pick<TwilioCredentials, 'accountSid' | 'authToken'>;

/**
 * Twilio REST (2010-04-01): form-encoded requests with HTTP Basic `AccountSid:AuthToken`; errors answer
 * `{code, message, more_info, status}`.
 */
export class TwilioApiClient {
  private readonly baseUrl: string;
  private readonly contentUrl: string;

  constructor(private readonly options: TwilioOptions) {
    this.baseUrl = trimBaseUrl(options.apiUrl);
    this.contentUrl = trimBaseUrl(options.contentApiUrl);
  }

  /**
   * Every template of the account with its WhatsApp approval (`GET /v1/ContentAndApprovals`, all pages). The next
   * page is followed only on the Content API's own host, whatever URL a response names.
   */
  async listContentAndApprovals(auth: Auth): Promise<TwilioContent[]> {
    const contents: TwilioContent[] = [];
    let url: string | null = `${this.contentUrl}/v1/ContentAndApprovals?PageSize=500`;
    for (let page = 0; url !== null && page < 50; page++) {
      const body: z.infer<typeof twilioContentPageSchema> = await this.request(
        auth,
        'GET',
        url,
        undefined,
        twilioContentPageSchema,
      );
      contents.push(...body.contents);
      const next = body.meta?.next_page_url ?? null;
      url = next !== null && URL.canParse(next) && new URL(next).origin === new URL(this.contentUrl).origin ? next : null;
    }
    return contents;
  }

  /** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`; `MediaUrl` may repeat. */
  async createMessage(auth: Auth, params: readonly [string, string][]): Promise<z.infer<typeof twilioMessageSchema>> {
    const form = new URLSearchParams();
    for (const [key, value] of params) form.append(key, value);
    return this.request(
      auth,
      'POST',
      `${this.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(auth.accountSid)}/Messages.json`,
      form,
      twilioMessageSchema,
    );
  }

  async fetchAccount(auth: Auth): Promise<z.infer<typeof twilioAccountSchema>> {
    return this.request(
      auth,
      'GET',
      `${this.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(auth.accountSid)}.json`,
      undefined,
      twilioAccountSchema,
    );
  }

  /**
   * Media URLs need the same Basic auth when the account enforces it; the redirect to storage drops it. The
   * credentials go only to Twilio's own API host, whatever URL a payload names.
   */
  async download(auth: Auth, url: string): Promise<{ data: Buffer; sha256: string; contentType?: string }> {
    const what = 'baixar a mídia do Twilio';
    const daApi = URL.canParse(url) && new URL(url).origin === new URL(this.baseUrl).origin;
    const response = await fetchWithTimeout(
      url,
      { method: 'GET', headers: daApi ? { authorization: basic(auth) } : {} },
      this.options.downloadTimeoutMs,
      what,
    );
    if (!response.ok) throw mapTwilioError(response.status, tryParseJson(await readText(response, what)), response.headers);
    const body = await readBodyLimited(response, this.options.maxDownloadBytes, what);
    const contentType = response.headers.get('content-type');
    return contentType === null ? body : { ...body, contentType };
  }

  private async request<T>(
    auth: Auth,
    method: 'GET' | 'POST',
    url: string,
    form: URLSearchParams | undefined,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const what = 'chamar o Twilio';
    const headers: Record<string, string> = { authorization: basic(auth), accept: 'application/json' };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetchWithTimeout(
      url,
      { method, headers, ...(form !== undefined ? { body: form.toString() } : {}) },
      this.options.timeoutMs,
      what,
    );
    const json = tryParseJson(await readText(response, what));
    if (!response.ok) throw mapTwilioError(response.status, json, response.headers);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ChannelApiError({
        transient: false,
        category: 'desconhecido',
        providerCode: 'resposta_invalida',
        providerMessage: 'Resposta inesperada do Twilio',
        httpStatus: response.status,
      });
    }
    return parsed.data;
  }
}

function basic(auth: Auth): string {
  return `Basic ${Buffer.from(`${auth.accountSid}:${auth.authToken}`, 'utf8').toString('base64')}`;
}

/** Error codes (twilio.com/docs/api/errors) → retry decision and category. */
const RULES: ReadonlyMap<number, { transient: boolean; category: ChannelErrorCategory }> = new Map([
  [20429, { transient: true, category: 'limite_taxa' }],
  [14107, { transient: true, category: 'limite_taxa' }], // SMS send rate limit exceeded
  [20500, { transient: true, category: 'provedor_indisponivel' }],
  [20503, { transient: true, category: 'provedor_indisponivel' }],
  [20003, { transient: false, category: 'autenticacao' }],
  [20404, { transient: false, category: 'requisicao_invalida' }],
  [21211, { transient: false, category: 'destinatario_indisponivel' }], // invalid To number
  [21612, { transient: false, category: 'destinatario_indisponivel' }], // cannot route to this number
  [21614, { transient: false, category: 'destinatario_indisponivel' }], // not a mobile number
  [21408, { transient: false, category: 'permissao' }], // region not enabled
  [21606, { transient: false, category: 'permissao' }], // From cannot send
  [21610, { transient: false, category: 'bloqueado_pelo_contato' }], // the customer replied STOP
  [21617, { transient: false, category: 'requisicao_invalida' }], // body too long
  [21620, { transient: false, category: 'midia' }], // invalid media URL
  [63016, { transient: false, category: 'janela_fechada' }], // WhatsApp: outside the 24 h window
]);

export function mapTwilioError(httpStatus: number, body: unknown, headers?: Headers): ChannelApiError {
  const retryAfter = Number(headers?.get('retry-after') ?? NaN);
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.round(retryAfter * 1000) : undefined;
  const parsed = twilioErrorSchema.safeParse(body);
  const code = parsed.success ? Number(parsed.data.code) : NaN;
  const rule =
    RULES.get(code) ??
    (httpStatus === 429
      ? { transient: true, category: 'limite_taxa' as const }
      : httpStatus >= 500
        ? { transient: true, category: 'provedor_indisponivel' as const }
        : httpStatus === 401
          ? { transient: false, category: 'autenticacao' as const }
          : httpStatus === 403
            ? { transient: false, category: 'permissao' as const }
            : httpStatus === 400 || httpStatus === 404
              ? { transient: false, category: 'requisicao_invalida' as const }
              : { transient: false, category: 'desconhecido' as const });
  const providerCode = parsed.success ? String(parsed.data.code) : String(httpStatus);
  const message = parsed.success ? (parsed.data.message ?? `Erro ${providerCode}`) : `Resposta HTTP ${httpStatus} do Twilio`;
  return new ChannelApiError({
    ...rule,
    providerCode,
    providerMessage: message,
    httpStatus,
    retryAfterMs,
    providerError: {
      code: providerCode,
      title: message,
      ...(parsed.success && parsed.data.more_info !== undefined ? { details: parsed.data.more_info } : {}),
    },
  });
}
