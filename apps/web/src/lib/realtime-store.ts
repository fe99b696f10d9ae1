import type { ConectadoEvento } from '@atende/shared';
import { create } from 'zustand';

/** The real-time connection's state for the UI (kept apart from socket.ts, which loads after the first paint). */
export type ConexaoStatus = 'desconectado' | 'conectando' | 'conectado' | 'reconectando';

interface RealtimeState {
  status: ConexaoStatus;
  /** The last `conectado` event: who the server thinks we are, our rooms and the catch-up cursor. */
  sessao: ConectadoEvento | null;
}

export const useRealtimeStore = create<RealtimeState>(() => ({ status: 'desconectado', sessao: null }));

