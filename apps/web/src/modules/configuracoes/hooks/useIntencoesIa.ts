import type { IaConfigDto, IaIntencaoDto } from '@atende/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buscarIntencoesPadrao, iaConfigKey, iaIntencoesPadraoKey, salvarIaConfig } from '../api/ia-config-api.js';

/** Saves only the intent list (the rest of the IA settings stays as stored) and updates the cached config. */
export function useSalvarIntencoes(aoSalvar: (config: IaConfigDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intencoes: IaIntencaoDto[]) => salvarIaConfig({ intencoes }),
    onSuccess: (salva) => {
      queryClient.setQueryData(iaConfigKey, salva);
      aoSalvar(salva);
    },
  });
}

/** Fetches the default intents (once per session: they only change with a new release). */
export function useIntencoesPadrao(aoCarregar: (intencoes: IaIntencaoDto[]) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({
        queryKey: iaIntencoesPadraoKey,
        queryFn: ({ signal }) => buscarIntencoesPadrao(signal),
        staleTime: Infinity,
      }),
    onSuccess: ({ intencoes }) => aoCarregar(intencoes),
  });
}
