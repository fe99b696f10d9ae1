import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useAuthStore } from '../../../lib/auth-store.js';
import { authKeys, fetchMe } from '../api/auth-api.js';

/** Re-reads the logged-in usuario from the API, so a changed name or papel shows without logging in again. */
export function useMe() {
  const setUsuario = useAuthStore((state) => state.setUsuario);
  const query = useQuery({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });
  const usuario = query.data?.usuario;
  useEffect(() => {
    if (usuario) setUsuario(usuario);
  }, [usuario, setUsuario]);
  return query;
}
