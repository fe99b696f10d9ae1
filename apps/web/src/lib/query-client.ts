import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client.js';
import { useAuthStore } from './auth-store.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Each failed attempt already shows a toast; retry only what may heal by itself, once.
        retry: (failureCount, error) => isApiError(error) && error.kind === 'network' && failureCount < 1,
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

// Cached data belongs to the user who fetched it: drop it whenever the session ends (logout, expiry,
// logout in another tab).
useAuthStore.subscribe((state, previous) => {
  if (previous.accessToken !== null && state.accessToken === null) queryClient.clear();
});
