import { useInfiniteQuery } from '@tanstack/react-query';
import { listarMensagens } from '../api/mensagens-api.js';
import { atendimentoKeys } from '../api/query-keys.js';

/** A conversation, newest page first; older pages load as the agent scrolls up. */
export function useMensagens(ticketId: string) {
  return useInfiniteQuery({
    queryKey: atendimentoKeys.mensagens(ticketId),
    queryFn: ({ pageParam, signal }) => listarMensagens(ticketId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (pagina) => pagina.nextCursor ?? undefined,
    staleTime: 60_000,
  });
}
