import { useQuery } from '@tanstack/react-query';
import { listarCanais, listarFilas, listarTags, listarTemplates } from '../api/catalogo-api.js';
import { atendimentoKeys } from '../api/query-keys.js';

const CINCO_MINUTOS = 5 * 60_000;

export function useFilas(enabled = true) {
  return useQuery({ queryKey: atendimentoKeys.filas(), queryFn: ({ signal }) => listarFilas(signal), staleTime: CINCO_MINUTOS, enabled });
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
