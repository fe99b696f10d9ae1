import { useQuery } from '@tanstack/react-query';
import { useUsuario } from '../../auth/hooks/useAuth.js';
import { buscarMeuAtendente, listarAtendentes, listarCanais, listarFilas, listarTags, listarTemplates } from '../api/catalogo-api.js';
import { atendimentoKeys } from '../api/query-keys.js';

const CINCO_MINUTOS = 5 * 60_000;

export function useFilas(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.filas(), queryFn: ({ signal }) => listarFilas(signal), staleTime: CINCO_MINUTOS, enabled });
}

export function useAtendentes(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.atendentes(), queryFn: ({ signal }) => listarAtendentes(signal), staleTime: 60_000, enabled });
}

export function useTags(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.tags(), queryFn: ({ signal }) => listarTags(signal), staleTime: CINCO_MINUTOS, enabled });
}

export function useCanais(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.canais(), queryFn: ({ signal }) => listarCanais(signal), staleTime: CINCO_MINUTOS, enabled });
}

export function useTemplates(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.templates(), queryFn: ({ signal }) => listarTemplates(signal), staleTime: 60_000, enabled });
}

/** The logged-in usuario's atendente (null when the usuario is not one). */
export function useMeuAtendente() {
  const usuario = useUsuario();
  return useQuery({
    queryKey: atendimentoKeys.meuAtendente(),
    queryFn: ({ signal }) => buscarMeuAtendente(signal),
    staleTime: CINCO_MINUTOS,
    enabled: usuario !== null,
  });
}

/** Supervisors and admins see every ticket of the empresa (the Todos tab, the agent filter). */
export function useVeTodos(): boolean {
  const usuario = useUsuario();
  return usuario?.papel === 'admin' || usuario?.papel === 'supervisor';
}
