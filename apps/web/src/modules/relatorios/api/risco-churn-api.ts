import { type RiscoChurnPagina, riscoChurnPaginaSchema } from '@atende/shared';
import { api } from '../../../lib/api.js';

export const riscoChurnKeys = {
  todas: ['relatorios', 'risco-churn'] as const,
  /** `minimo` null: the empresa's alert threshold. */
  lista: (minimo: number | null) => ['relatorios', 'risco-churn', minimo] as const,
};

/** One page of the contatos at or above `minimo`, highest risk first. The page shows its own error state. */
export function listarRiscoChurn(
  minimo: number | null,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<RiscoChurnPagina> {
  return api.get('/atendimento/contatos/risco-churn', {
    query: { minimo: minimo ?? undefined, cursor, limite: 50 },
    schema: riscoChurnPaginaSchema,
    signal,
    silent: true,
  });
}
