import type { AuthSession, UsuarioAutenticado } from '@atende/shared';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export const AUTH_STORAGE_KEY = 'atende.auth';

interface AuthData {
  accessToken: string | null;
  refreshToken: string | null;
  usuario: UsuarioAutenticado | null;
}

interface AuthActions {
  setSession: (session: AuthSession) => void;
  setUsuario: (usuario: UsuarioAutenticado) => void;
  clearSession: () => void;
}

export type AuthState = AuthData & AuthActions;

const EMPTY: AuthData = { accessToken: null, refreshToken: null, usuario: null };

export const useAuthStore = create<AuthState>()(
  persist(
    (set) => ({
      ...EMPTY,
      setSession: ({ accessToken, refreshToken, usuario }) => set({ accessToken, refreshToken, usuario }),
      setUsuario: (usuario) => set({ usuario }),
      clearSession: () => set(EMPTY),
    }),
    {
      name: AUTH_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: ({ accessToken, refreshToken, usuario }): AuthData => ({ accessToken, refreshToken, usuario }),
    },
  ),
);

export function selectIsAuthenticated(state: AuthState): boolean {
  return state.accessToken !== null && state.refreshToken !== null;
}

// Another tab that refreshed (rotated) the tokens or logged out must be seen here too, or this tab would
// refresh with a revoked token and log the user out.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === AUTH_STORAGE_KEY) void useAuthStore.persist.rehydrate();
  });
}
