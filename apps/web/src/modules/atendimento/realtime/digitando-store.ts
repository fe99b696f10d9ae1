import type { DigitandoEvento } from '@atende/shared';
import { create } from 'zustand';

/** A "digitando" that is never followed by a stop (closed tab, lost connection) fades after this long. */
export const DIGITANDO_EXPIRA_MS = 6_000;

export interface Digitante {
  chave: string;
  origem: DigitandoEvento['origem'];
  nome: string | null;
  ate: number;
}

interface DigitandoState {
  porTicket: Record<string, Digitante[]>;
  registrar: (evento: DigitandoEvento, agora?: number) => void;
  expirar: (agora?: number) => void;
}

/** Who is typing in each ticket, from `digitando` events (other agents, or the customer where the channel tells). */
export const useDigitandoStore = create<DigitandoState>((set, get) => ({
  porTicket: {},
  registrar: (evento, agora = Date.now()) => {
    const chave = evento.origem === 'contato' ? 'contato' : (evento.usuarioId ?? 'atendente');
    const atuais = (get().porTicket[evento.ticketId] ?? []).filter((d) => d.chave !== chave);
    const proximos = evento.ativo ? [...atuais, { chave, origem: evento.origem, nome: evento.nome, ate: agora + DIGITANDO_EXPIRA_MS }] : atuais;
    set({ porTicket: { ...get().porTicket, [evento.ticketId]: proximos } });
  },
  expirar: (agora = Date.now()) => {
    const porTicket = get().porTicket;
    let mudou = false;
    const proximo: Record<string, Digitante[]> = {};
    for (const [ticketId, lista] of Object.entries(porTicket)) {
      const vivos = lista.filter((d) => d.ate > agora);
      if (vivos.length !== lista.length) mudou = true;
      if (vivos.length > 0) proximo[ticketId] = vivos;
    }
    if (mudou) set({ porTicket: proximo });
  },
}));

const NINGUEM: Digitante[] = [];

export function useDigitantes(ticketId: string): Digitante[] {
  return useDigitandoStore((state) => state.porTicket[ticketId] ?? NINGUEM);
}
