import type { TicketDto, TicketPagina } from '@atende/shared';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { atendimentoKeys } from '../api/query-keys.js';

export type TicketsInfinitos = InfiniteData<TicketPagina, string | undefined>;

/** Finds a ticket in the detail cache or any list (the freshest copy the app holds). */
export function ticketEmCache(queryClient: QueryClient, ticketId: string): TicketDto | undefined {
  const detalhe = queryClient.getQueryData<TicketDto>(atendimentoKeys.ticket(ticketId));
  if (detalhe) return detalhe;
  for (const [, dados] of queryClient.getQueriesData<TicketsInfinitos>({ queryKey: atendimentoKeys.ticketListas() })) {
    const achado = dados?.pages.flatMap((page) => page.items).find((ticket) => ticket.id === ticketId);
    if (achado) return achado;
  }
  return undefined;
}
