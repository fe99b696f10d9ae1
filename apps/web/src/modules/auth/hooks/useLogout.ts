import { useMutation } from '@tanstack/react-query';
import { useAuthStore } from '../../../lib/auth-store.js';
import { logout } from '../api/auth-api.js';

export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      const { refreshToken, clearSession } = useAuthStore.getState();
      // Revoking the refresh token is best effort: being offline must not keep the user logged in here.
      if (refreshToken) await logout(refreshToken).catch(() => undefined);
      // Clearing the store sends the route guard back to /login and drops the query cache.
      clearSession();
    },
  });
}
