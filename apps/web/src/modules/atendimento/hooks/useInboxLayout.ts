import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** Whether the customer panel is shown beside (or over) the conversation; remembered per browser. */
export const useInboxLayoutStore = create<{ clienteAberto: boolean; alternarCliente: () => void; fecharCliente: () => void }>()(
  persist(
    (set) => ({
      clienteAberto: true,
      alternarCliente: () => set((state) => ({ clienteAberto: !state.clienteAberto })),
      fecharCliente: () => set({ clienteAberto: false }),
    }),
    { name: 'atende.painelCliente', version: 1, storage: createJSONStorage(() => window.localStorage) },
  ),
);
