import type { TicketDto } from '@atende/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { atendimentoKeys } from '../api/query-keys.js';
import { buscarTicket } from '../api/tickets-api.js';
import { ticketEmCache } from '../realtime/ticket-em-cache.js';

/** One ticket, shown at once from any list that holds it while the detail loads. */
export function useTicket(ticketId: string | null) {
  const queryClient = useQueryClient();
  return useQuery<TicketDto>({
    queryKey: atendimentoKeys.ticket(ticketId ?? ''),
    queryFn: ({ signal }) => buscarTicket(ticketId ?? '', signal),
    enabled: ticketId !== null,
    placeholderData: () => (ticketId ? ticketEmCache(queryClient, ticketId) : undefined),
    staleTime: 30_000,
  });
}
