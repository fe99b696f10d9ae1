import { create } from 'zustand';

/** The ticket whose conversation is on screen (for alerts and unread counts); null on the list alone. */
export const useTicketAbertoStore = create<{ ticketId: string | null }>(() => ({ ticketId: null }));

/** Whether the agent is looking at this ticket right now (its conversation open in a focused, visible tab). */
export function estaVendoTicket(ticketId: string): boolean {
  return useTicketAbertoStore.getState().ticketId === ticketId && document.visibilityState === 'visible' && document.hasFocus();
}
