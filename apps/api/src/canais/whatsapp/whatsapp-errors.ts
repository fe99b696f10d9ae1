import { ChannelApiError, type ChannelErrorCategory } from '../canal.exception.js';
import type { ProviderError } from '../channel-adapter.js';
import { graphErrorBodySchema } from './whatsapp.types.js';

/**
 * Graph/WhatsApp error codes → retry decision and category.
 * Source: developers.facebook.com …/whatsapp/support/error-codes and the Graph API error handling guide.
 */
interface CodeRule {
  transient: boolean;
  category: ChannelErrorCategory;
  /** Default wait when the provider sends no Retry-After. */
  retryAfterMs?: number;
}

const RULES: ReadonlyMap<number, CodeRule> = new Map<number, CodeRule>([
  // Throttling: retry later.
  [4, { transient: true, category: 'limite_taxa' }], // application request limit
  [17, { transient: true, category: 'limite_taxa' }],
  [32, { transient: true, category: 'limite_taxa' }],
  [613, { transient: true, category: 'limite_taxa' }],
  [80007, { transient: true, category: 'limite_taxa' }], // WABA rate limit
  [130429, { transient: true, category: 'limite_taxa' }], // Cloud API throughput reached
  [131056, { transient: true, category: 'limite_taxa', retryAfterMs: 6_000 }], // pair rate limit: 1 msg / 6 s per user
  // Provider trouble: retry.
  [1, { transient: true, category: 'provedor_indisponivel' }], // API unknown
  [2, { transient: true, category: 'provedor_indisponivel' }], // API service
  [131000, { transient: true, category: 'provedor_indisponivel' }], // something went wrong
  [131016, { transient: true, category: 'provedor_indisponivel' }], // service unavailable
  [131057, { transient: true, category: 'provedor_indisponivel' }], // account in maintenance mode
  [133004, { transient: true, category: 'provedor_indisponivel' }], // server temporarily unavailable
  // Authentication / authorization: an admin must act.
  [0, { transient: false, category: 'autenticacao' }],
  [190, { transient: false, category: 'autenticacao' }],
  [3, { transient: false, category: 'permissao' }],
  [10, { transient: false, category: 'permissao' }],
  [200, { transient: false, category: 'permissao' }],
  [368, { transient: false, category: 'permissao' }], // temporarily blocked for policy violations
  [131031, { transient: false, category: 'permissao' }], // account locked
  [131042, { transient: false, category: 'permissao' }], // payment issue
  // The request itself is wrong.
  [100, { transient: false, category: 'requisicao_invalida' }],
  [131008, { transient: false, category: 'requisicao_invalida' }],
  [131009, { transient: false, category: 'requisicao_invalida' }],
  [131021, { transient: false, category: 'requisicao_invalida' }], // recipient = sender
  [131051, { transient: false, category: 'requisicao_invalida' }],
  [131052, { transient: false, category: 'midia' }],
  [131053, { transient: false, category: 'midia' }],
  // The customer cannot receive it.
  [131047, { transient: false, category: 'janela_fechada' }], // > 24 h since the last customer message
  [131026, { transient: false, category: 'destinatario_indisponivel' }],
  [131030, { transient: false, category: 'destinatario_indisponivel' }],
  [131049, { transient: false, category: 'destinatario_indisponivel' }],
  [131050, { transient: false, category: 'bloqueado_pelo_contato' }], // user stopped marketing messages
]);

function ruleFor(code: number, httpStatus: number | undefined): CodeRule {
  const rule = RULES.get(code);
  if (rule !== undefined) return rule;
  if (code >= 132000 && code < 133000) return { transient: false, category: 'template' };
  if (httpStatus !== undefined && httpStatus >= 500) return { transient: true, category: 'provedor_indisponivel' };
  if (httpStatus === 429) return { transient: true, category: 'limite_taxa' };
  return { transient: false, category: 'desconhecido' };
}

/** `Retry-After` (seconds or HTTP date), else Graph's `X-Business-Use-Case-Usage` estimated_time_to_regain_access (minutes). */
export function retryAfterFromHeaders(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  const usage = headers.get('x-business-use-case-usage');
  if (usage !== null) {
    try {
      const parsed = JSON.parse(usage) as unknown;
      let minutes = 0;
      if (typeof parsed === 'object' && parsed !== null) {
        for (const list of Object.values(parsed)) {
          if (!Array.isArray(list)) continue;
          for (const item of list as unknown[]) {
            if (typeof item !== 'object' || item === null) continue;
            const value = (item as Record<string, unknown>).estimated_time_to_regain_access;
            if (typeof value === 'number' && value > minutes) minutes = value;
          }
        }
      }
      if (minutes > 0) return minutes * 60_000;
    } catch {
      // A malformed usage header is only a hint; ignore it.
    }
  }
  return undefined;
}

/** Maps a non-2xx (or error-bearing) Graph answer to a typed error. */
export function mapGraphError(httpStatus: number, body: unknown, headers: Headers): ChannelApiError {
  const parsed = graphErrorBodySchema.safeParse(body);
  const retryHeader = retryAfterFromHeaders(headers);
  if (!parsed.success) {
    const rule = ruleFor(-1, httpStatus);
    return new ChannelApiError({
      transient: rule.transient,
      category: rule.category,
      providerCode: String(httpStatus),
      providerMessage: `Resposta HTTP ${httpStatus} sem corpo de erro do Graph`,
      httpStatus,
      retryAfterMs: retryHeader,
    });
  }
  const error = parsed.data.error;
  const code = error.code === undefined ? -1 : Number(error.code);
  const rule = ruleFor(Number.isFinite(code) ? code : -1, httpStatus);
  const details = typeof error.error_data === 'string' ? error.error_data : error.error_data?.details;
  const message = error.message ?? error.error_user_msg ?? `Erro ${String(error.code ?? httpStatus)}`;
  const providerError: ProviderError = {
    code: String(error.code ?? httpStatus),
    title: error.error_user_title ?? message,
    message,
  };
  if (details !== undefined) providerError.details = details;
  const retryAfterMs = retryHeader ?? rule.retryAfterMs;
  return new ChannelApiError({
    transient: rule.transient,
    category: rule.category,
    providerCode: String(error.code ?? httpStatus),
    providerMessage: details !== undefined ? `${message}: ${details}` : message,
    httpStatus,
    retryAfterMs,
    providerError,
  });
}
