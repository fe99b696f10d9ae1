import type { UsuarioAutenticado } from '@atende/shared';
import { type AuthState, selectIsAuthenticated, useAuthStore } from '../../../lib/auth-store.js';

export function useIsAuthenticated(): boolean {
  return useAuthStore(selectIsAuthenticated);
}

export function useUsuario(): UsuarioAutenticado | null {
  return useAuthStore((state: AuthState) => state.usuario);
}
