import { type AuthSession, type LoginRequest, type MeResponse, loginResponseSchema, meResponseSchema } from '@atende/shared';
import { api } from '../../../lib/api.js';

export const authKeys = {
  me: ['auth', 'me'] as const,
};

export function login(body: LoginRequest): Promise<AuthSession> {
  // auth: false, because a 401 here means bad credentials, not an expired token to refresh.
  return api.post('/auth/login', body, { auth: false, schema: loginResponseSchema });
}

export function logout(refreshToken: string): Promise<void> {
  // Best effort: the local session is cleared whatever the server answers.
  return api.post<void>('/auth/logout', { refreshToken }, { auth: false, silent: true });
}

export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return api.get('/auth/me', { schema: meResponseSchema, signal });
}
