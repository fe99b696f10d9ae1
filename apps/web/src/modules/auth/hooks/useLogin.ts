import type { AuthSession, LoginRequest } from '@atende/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../../lib/api-client.js';
import { useAuthStore } from '../../../lib/auth-store.js';
import { authKeys, login } from '../api/auth-api.js';

export function useLogin() {
  const queryClient = useQueryClient();
  const setSession = useAuthStore((state) => state.setSession);
  return useMutation<AuthSession, ApiError, LoginRequest>({
    mutationFn: login,
    onSuccess: (session) => {
      setSession(session);
      queryClient.setQueryData(authKeys.me, { usuario: session.usuario });
    },
  });
}
