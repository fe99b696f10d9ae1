import { useInfiniteQuery } from '@tanstack/react-query';
import { atendimentoKeys } from '../api/query-keys.js';
import { type TicketListaFiltros, listarTickets } from '../api/tickets-api.js';

/** One inbox list, page after page (keyset cursors). Real-time events keep the loaded pages current. */
export function useTicketLista(filtros: TicketListaFiltros) {
  return useInfiniteQuery({
    queryKey: atendimentoKeys.ticketLista(filtros),
    queryFn: ({ pageParam, signal }) => listarTickets(filtros, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (pagina) => pagina.nextCursor ?? undefined,
    // The socket keeps it fresh; refetch only on mount after a while (covers missed events on long sleeps).
    staleTime: 60_000,
  });
}
