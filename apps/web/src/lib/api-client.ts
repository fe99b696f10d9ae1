import { type ApiErrorIssue, type AuthSession, apiErrorBodySchema, authSessionSchema } from '@atende/shared';
import type { z } from 'zod';

export type ApiErrorKind =
  /** The server answered with a non-2xx status. */
  | 'http'
  /** The request never got an answer (offline, DNS, proxy down). */
  | 'network'
  /** The server answered 2xx with a body that does not match the expected schema. */
  | 'invalid-response'
  /** The refresh token was rejected; the session is gone and the user must log in again. */
  | 'session-expired';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly code: string | undefined;
  readonly issues: ApiErrorIssue[];

  constructor(init: {
    kind: ApiErrorKind;
    status: number;
    message: string;
    code?: string;
    issues?: ApiErrorIssue[];
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Where the client reads and writes the session; the zustand auth store in the app, a plain object in tests. */
export interface SessionStore {
  getAccessToken: () => string | null;
  getRefreshToken: () => string | null;
  setSession: (session: AuthSession) => void;
  clearSession: () => void;
}

export interface ApiClientOptions {
  session: SessionStore;
  /** Prefix of every path. @default '/api' */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called once for every failed request that is not `silent`, after any refresh and retry. */
  onError?: (error: ApiError) => void;
  /** Called once when a refresh is rejected and the session has been cleared. */
  onSessionExpired?: () => void;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Validates (and types) the response body. Without it the body is returned unchecked as `unknown`. */
  schema?: z.ZodType<T>;
  /** Send the bearer token and refresh it on 401. Off for the auth endpoints themselves. @default true */
  auth?: boolean;
  /** Do not report the failure through `onError`; the caller handles it. @default false */
  silent?: boolean;
}

export interface ApiClient {
  request: <T = unknown>(path: string, options?: RequestOptions<T>) => Promise<T>;
  get: <T = unknown>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => Promise<T>;
  post: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => Promise<T>;
  put: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => Promise<T>;
  patch: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => Promise<T>;
  delete: <T = unknown>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => Promise<T>;
  /** Exchanges the refresh token for a new session; concurrent callers share one request. */
  refreshSession: () => Promise<string | null>;
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns an error response into an ApiError, keeping the server's `message` for the toast. */
async function toHttpError(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  const parsed = apiErrorBodySchema.safeParse(body);
  if (parsed.success) {
    return new ApiError({
      kind: 'http',
      status: response.status,
      message: parsed.data.message,
      code: parsed.data.code,
      issues: parsed.data.issues,
    });
  }
  // Not our error shape (a proxy's HTML page, a framework default): keep whatever message there is.
  let message = '';
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const raw = body.message;
    if (typeof raw === 'string') message = raw;
    else if (Array.isArray(raw)) message = raw.filter((m): m is string => typeof m === 'string').join('; ');
  }
  return new ApiError({ kind: 'http', status: response.status, message });
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { session, onError, onSessionExpired } = options;
  const baseUrl = options.baseUrl ?? '/api';
  // Resolved at call time so a test (or a polyfill) replacing globalThis.fetch later is honoured.
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  let refreshInFlight: Promise<string | null> | null = null;

  function buildUrl(path: string, query?: RequestOptions<unknown>['query']): string {
    let url = `${baseUrl}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.append(key, String(value));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  function expireSession(): void {
    session.clearSession();
    onSessionExpired?.();
  }

  async function performRefresh(): Promise<string | null> {
    const refreshToken = session.getRefreshToken();
    if (!refreshToken) {
      expireSession();
      return null;
    }
    let response: Response;
    try {
      response = await doFetch(buildUrl('/auth/refresh'), {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch (cause) {
      // Offline is not a rejected session: keep the tokens so the next attempt can still refresh.
      throw new ApiError({ kind: 'network', status: 0, message: '', cause });
    }
    if (response.status >= 500) throw await toHttpError(response);
    if (!response.ok) {
      expireSession();
      return null;
    }
    const parsed = authSessionSchema.safeParse(await readJson(response));
    if (!parsed.success) {
      expireSession();
      return null;
    }
    session.setSession(parsed.data);
    return parsed.data.accessToken;
  }

  function refreshSession(): Promise<string | null> {
    refreshInFlight ??= performRefresh().finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  async function send(path: string, opts: RequestOptions<unknown>, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData) {
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await doFetch(buildUrl(path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body,
        signal: opts.signal,
      });
    } catch (cause) {
      if (isAbortError(cause)) throw cause;
      throw new ApiError({ kind: 'network', status: 0, message: '', cause });
    }
  }

  async function execute<T>(path: string, opts: RequestOptions<T>): Promise<T> {
    const useAuth = opts.auth ?? true;
    const tokenUsed = useAuth ? session.getAccessToken() : null;
    let response = await send(path, opts, tokenUsed);

    if (response.status === 401 && useAuth) {
      if (tokenUsed === null) {
        throw new ApiError({ kind: 'session-expired', status: 401, message: '' });
      }
      const current = session.getAccessToken();
      // Another request may have refreshed while this one was in flight: reuse its token.
      const freshToken = current !== null && current !== tokenUsed ? current : await refreshSession();
      if (freshToken === null) {
        throw new ApiError({ kind: 'session-expired', status: 401, message: '' });
      }
      response = await send(path, opts, freshToken);
    }

    if (!response.ok) throw await toHttpError(response);
    if (response.status === 204) return undefined as T;

    const data = await readJson(response);
    if (!opts.schema) return data as T;
    const parsed = opts.schema.safeParse(data);
    if (!parsed.success) {
      throw new ApiError({ kind: 'invalid-response', status: response.status, message: '', cause: parsed.error });
    }
    return parsed.data;
  }

  async function request<T = unknown>(path: string, opts: RequestOptions<T> = {}): Promise<T> {
    try {
      return await execute(path, opts);
    } catch (error) {
      // The session-expired notice is given once by onSessionExpired, not once per pending request.
      if (error instanceof ApiError && error.kind !== 'session-expired' && !opts.silent) onError?.(error);
      throw error;
    }
  }

  return {
    request,
    get: (path, opts) => request(path, { ...opts, method: 'GET' }),
    post: (path, body, opts) => request(path, { ...opts, method: 'POST', body }),
    put: (path, body, opts) => request(path, { ...opts, method: 'PUT', body }),
    patch: (path, body, opts) => request(path, { ...opts, method: 'PATCH', body }),
    delete: (path, opts) => request(path, { ...opts, method: 'DELETE' }),
    refreshSession,
  };
}
