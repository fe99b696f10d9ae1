import type { AuthSession } from '@atende/shared';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, sessionFixture } from '../test/render.js';
import { ApiError, type SessionStore, createApiClient } from './api-client.js';

function memorySession(initial: AuthSession | null): SessionStore & { current: AuthSession | null } {
  const store = {
    current: initial,
    getAccessToken: () => store.current?.accessToken ?? null,
    getRefreshToken: () => store.current?.refreshToken ?? null,
    setSession: vi.fn((session: AuthSession) => {
      store.current = session;
    }),
    clearSession: vi.fn(() => {
      store.current = null;
    }),
  };
  return store;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function bearer(init: RequestInit | undefined): string | undefined {
  const headers = (init?.headers ?? {}) as Record<string, string>;
  return headers.Authorization;
}

describe('api client', () => {
  it('sends JSON with the bearer token and returns the parsed body', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse(200, { ok: true }));
    const client = createApiClient({ session: memorySession(sessionFixture('1')), fetch });

    await expect(client.post('/tickets', { assunto: 'Olá' })).resolves.toEqual({ ok: true });

    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/tickets');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(JSON.stringify({ assunto: 'Olá' }));
    expect(bearer(init)).toBe('Bearer access-1');
  });

  it('refreshes once for concurrent 401s and retries every request with the new token', async () => {
    const session = memorySession(sessionFixture('old'));
    const refreshAnswer = deferred<Response>();
    const fetch = vi.fn<typeof globalThis.fetch>(async (input, init) => {
      const url = String(input);
      if (url === '/api/auth/refresh') return refreshAnswer.promise;
      if (bearer(init) === 'Bearer access-old')
        return jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expirado' });
      return jsonResponse(200, { url });
    });
    const onError = vi.fn();
    const client = createApiClient({ session, fetch, onError });

    const pending = [client.get('/a'), client.get('/b'), client.get('/c')];
    // Let all three see their 401 and queue behind the single refresh before it answers.
    await vi.waitFor(() => expect(fetch.mock.calls.filter(([u]) => u === '/api/auth/refresh')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 0));
    refreshAnswer.resolve(jsonResponse(200, sessionFixture('new')));

    await expect(Promise.all(pending)).resolves.toEqual([{ url: '/api/a' }, { url: '/api/b' }, { url: '/api/c' }]);
    const refreshCalls = fetch.mock.calls.filter(([u]) => u === '/api/auth/refresh');
    expect(refreshCalls).toHaveLength(1);
    expect(JSON.parse(String(refreshCalls[0]![1]?.body))).toEqual({ refreshToken: 'refresh-old' });
    expect(session.setSession).toHaveBeenCalledTimes(1);
    expect(session.current?.accessToken).toBe('access-new');
    const retries = fetch.mock.calls.filter(([u, init]) => u !== '/api/auth/refresh' && bearer(init) === 'Bearer access-new');
    expect(retries).toHaveLength(3);
    expect(onError).not.toHaveBeenCalled();
  });

  it('reuses a token refreshed by another request instead of refreshing again', async () => {
    const session = memorySession(sessionFixture('old'));
    const slow = deferred<Response>();
    const fetch = vi.fn<typeof globalThis.fetch>(async (input, init) => {
      const url = String(input);
      if (url === '/api/auth/refresh') return jsonResponse(200, sessionFixture('new'));
      if (url === '/api/slow' && bearer(init) === 'Bearer access-old') return slow.promise;
      if (bearer(init) === 'Bearer access-old')
        return jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'x' });
      return jsonResponse(200, { url });
    });
    const client = createApiClient({ session, fetch });

    const slowRequest = client.get('/slow');
    await expect(client.get('/fast')).resolves.toEqual({ url: '/api/fast' });
    // The slow request was sent with the old token and only now learns it expired.
    slow.resolve(jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'x' }));

    await expect(slowRequest).resolves.toEqual({ url: '/api/slow' });
    expect(fetch.mock.calls.filter(([u]) => u === '/api/auth/refresh')).toHaveLength(1);
  });

  it('logs out once when the refresh token is rejected, and fails every waiting request', async () => {
    const session = memorySession(sessionFixture('old'));
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) =>
      String(input) === '/api/auth/refresh'
        ? jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Refresh token inválido' })
        : jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expirado' }),
    );
    const onError = vi.fn();
    const onSessionExpired = vi.fn();
    const client = createApiClient({ session, fetch, onError, onSessionExpired });

    const results = await Promise.allSettled([client.get('/a'), client.get('/b')]);

    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as ApiError;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason.kind).toBe('session-expired');
    }
    expect(fetch.mock.calls.filter(([u]) => u === '/api/auth/refresh')).toHaveLength(1);
    expect(session.clearSession).toHaveBeenCalledTimes(1);
    expect(session.current).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    const session = memorySession(sessionFixture('old'));
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) => {
      if (String(input) === '/api/auth/refresh') throw new TypeError('Failed to fetch');
      return jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expirado' });
    });
    const onError = vi.fn();
    const client = createApiClient({ session, fetch, onError });

    await expect(client.get('/a')).rejects.toMatchObject({ kind: 'network' });
    expect(session.clearSession).not.toHaveBeenCalled();
    expect(session.current?.refreshToken).toBe('refresh-old');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('does not refresh on a 401 from an unauthenticated call such as login', async () => {
    const session = memorySession(null);
    const fetch = vi.fn<typeof globalThis.fetch>(async () =>
      jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'E-mail ou senha inválidos' }),
    );
    const onError = vi.fn();
    const client = createApiClient({ session, fetch, onError });

    const error = await client.post('/auth/login', { email: 'a@b.co', senha: 'x' }, { auth: false }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'http', status: 401, message: 'E-mail ou senha inválidos' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(bearer(fetch.mock.calls[0]![1])).toBeUndefined();
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('carries the error body (message, code, issues) and reports it unless silent', async () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Dados inválidos',
      code: 'VALIDACAO',
      issues: [{ path: 'email', message: 'E-mail inválido' }],
    };
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse(400, body));
    const onError = vi.fn();
    const client = createApiClient({ session: memorySession(sessionFixture()), fetch, onError });

    await expect(client.post('/x', {})).rejects.toMatchObject({
      kind: 'http',
      status: 400,
      message: 'Dados inválidos',
      code: 'VALIDACAO',
      issues: body.issues,
    });
    expect(onError).toHaveBeenCalledTimes(1);

    await expect(client.post('/x', {}, { silent: true })).rejects.toBeInstanceOf(ApiError);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('rejects a 2xx body that does not match the schema', async () => {
    const { meResponseSchema } = await import('@atende/shared');
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse(200, { usuario: { id: 1 } }));
    const client = createApiClient({ session: memorySession(sessionFixture()), fetch });

    await expect(client.get('/auth/me', { schema: meResponseSchema })).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});
