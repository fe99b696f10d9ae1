import { useInfiniteQuery } from '@tanstack/react-query';
import { listarRiscoChurn, riscoChurnKeys } from '../api/risco-churn-api.js';

/** The at-risk contatos, a page at a time (`fetchNextPage` for more). */
export function useRiscoChurn(minimo: number | null) {
  return useInfiniteQuery({
    queryKey: riscoChurnKeys.lista(minimo),
    queryFn: ({ pageParam, signal }) => listarRiscoChurn(minimo, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (pagina) => pagina.nextCursor ?? undefined,
    staleTime: 30_000,
  });
}
