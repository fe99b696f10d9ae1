import { useQuery } from '@tanstack/react-query';
import { useUsuario } from '../../auth/hooks/useAuth.js';
import { buscarMeuAtendente, listarAtendentes } from '../api/atendentes-api.js';
import { atendimentoKeys } from '../api/query-keys.js';

export function useAtendentes(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.atendentes(), queryFn: ({ signal }) => listarAtendentes(signal), staleTime: 60_000, enabled });
}

/** The logged-in usuario's atendente (null when the usuario is not one). */
export function useMeuAtendente() {
  const usuario = useUsuario();
  return useQuery({
    queryKey: atendimentoKeys.meuAtendente(),
    queryFn: ({ signal }) => buscarMeuAtendente(signal),
    staleTime: 5 * 60_000,
    enabled: usuario !== null,
  });
}

/** Supervisors and admins see every ticket of the empresa (the Todos tab, the agent filter). */
export function useVeTodos(): boolean {
  const usuario = useUsuario();
  return usuario?.papel === 'admin' || usuario?.papel === 'supervisor';
}
