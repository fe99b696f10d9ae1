import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { FILTROS_VAZIOS, type TicketAba, type TicketListaFiltros } from '../api/tickets-api.js';

type Filtros = Omit<TicketListaFiltros, 'aba' | 'q'>;

interface InboxFiltrosState {
  aba: TicketAba | null;
  filtros: Filtros;
  q: string;
  setAba: (aba: TicketAba) => void;
  setFiltros: (filtros: Partial<Filtros>) => void;
  limparFiltros: () => void;
  setQ: (q: string) => void;
}

const { q: _q, ...VAZIOS } = FILTROS_VAZIOS;

/** The inbox's tab and filters, kept per browser so a reload lands on the same list. */
export const useInboxFiltrosStore = create<InboxFiltrosState>()(
  persist(
    (set) => ({
      aba: null,
      filtros: VAZIOS,
      q: '',
      setAba: (aba) => set({ aba }),
      setFiltros: (filtros) => set((state) => ({ filtros: { ...state.filtros, ...filtros } })),
      limparFiltros: () => set({ filtros: VAZIOS }),
      setQ: (q) => set({ q }),
    }),
    {
      name: 'atende.inbox',
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: ({ aba, filtros }) => ({ aba, filtros }),
    },
  ),
);

/** How many filters (besides the tab and the search) are set, for the filter button's badge. */
export function contarFiltros(filtros: Filtros): number {
  return (
    (filtros.status.length > 0 ? 1 : 0) +
    (filtros.filaId ? 1 : 0) +
    (filtros.canalId ? 1 : 0) +
    (filtros.tagIds.length > 0 ? 1 : 0) +
    (filtros.atendenteId ? 1 : 0) +
    (filtros.prioridade.length > 0 ? 1 : 0)
  );
}
