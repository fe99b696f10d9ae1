import { createApiClient } from './api-client.js';
import { useAuthStore } from './auth-store.js';
import { showApiError, showSessionExpired } from './notify.js';

/** The app's API client: tokens from the auth store, every failure shown as a toast. */
export const api = createApiClient({
  session: {
    getAccessToken: () => useAuthStore.getState().accessToken,
    getRefreshToken: () => useAuthStore.getState().refreshToken,
    setSession: (session) => useAuthStore.getState().setSession(session),
    clearSession: () => useAuthStore.getState().clearSession(),
  },
  onError: showApiError,
  onSessionExpired: showSessionExpired,
});
