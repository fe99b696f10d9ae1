import type {
  RecalculoRelatoriosDto,
  RelatorioAtendentesDto,
  RelatorioCsatDto,
  RelatorioFilasDto,
  RelatorioResumoDto,
  RelatorioTemposDto,
  RelatorioVolumeDto,
} from '@atende/shared';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client.js';
import { api } from '../../../lib/api.js';
import { useAuthStore } from '../../../lib/auth-store.js';

export type NomeRelatorio = 'resumo' | 'volume' | 'tempos' | 'csat' | 'filas' | 'atendentes';

export interface Periodo {
  de: string;
  ate: string;
}

interface Relatorios {
  resumo: RelatorioResumoDto;
  volume: RelatorioVolumeDto;
  tempos: RelatorioTemposDto;
  csat: RelatorioCsatDto;
  filas: RelatorioFilasDto;
  atendentes: RelatorioAtendentesDto;
}

export function useRelatorio<N extends NomeRelatorio>(nome: N, periodo: Periodo | null) {
  return useQuery({
    queryKey: ['relatorios', nome, periodo?.de, periodo?.ate],
    queryFn: ({ signal }) =>
      api.get<Relatorios[N]>(`/atendimento/relatorios/${nome}`, { query: { de: periodo?.de, ate: periodo?.ate }, signal }),
    enabled: periodo !== null,
    staleTime: 60_000,
  });
}

/** POST …/recalcular: short periods come back `concluido`; longer ones `pendente`, to follow with useRecalculo. */
export function recalcularRelatorios(periodo: Periodo): Promise<RecalculoRelatoriosDto> {
  return api.post<RecalculoRelatoriosDto>('/atendimento/relatorios/recalcular', { de: periodo.de, ate: periodo.ate });
}

export function recalculoTerminou(recalculo: RecalculoRelatoriosDto | undefined): boolean {
  return recalculo?.estado === 'concluido' || recalculo?.estado === 'erro';
}

/** The progress of a recomputation, polled every second until it ends. */
export function useRecalculo(id: string | null) {
  return useQuery({
    queryKey: ['relatorios', 'recalculo', id],
    queryFn: ({ signal }) => api.get<RecalculoRelatoriosDto>(`/atendimento/relatorios/recalcular/${id ?? ''}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (recalculoTerminou(query.state.data) ? false : 1_000),
  });
}

/** The CSV export: fetched with the bearer token (a plain link cannot carry it) and saved as a file. */
export async function exportarCsv(nome: NomeRelatorio, periodo: Periodo): Promise<void> {
  const url = `/api/atendimento/relatorios/${nome}?de=${periodo.de}&ate=${periodo.ate}&formato=csv`;
  const tentar = (token: string | null) => fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const tokenUsado = useAuthStore.getState().accessToken;
  let resposta = await tentar(tokenUsado).catch((cause: unknown) => {
    throw new ApiError({ kind: 'network', status: 0, message: '', cause });
  });
  if (resposta.status === 401) {
    const atual = useAuthStore.getState().accessToken;
    const novo = atual !== null && atual !== tokenUsado ? atual : await api.refreshSession();
    if (novo === null) throw new ApiError({ kind: 'session-expired', status: 401, message: '' });
    resposta = await tentar(novo);
  }
  if (!resposta.ok) throw new ApiError({ kind: 'http', status: resposta.status, message: '' });
  const objeto = URL.createObjectURL(await resposta.blob());
  const link = document.createElement('a');
  link.href = objeto;
  link.download = `relatorio-${nome}-${periodo.de}-${periodo.ate}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(objeto);
}
