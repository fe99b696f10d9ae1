import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useIsAuthenticated } from '../../auth/hooks/useAuth.js';

/**
 * Keeps the real-time sync running while logged in (see realtime/sincronizacao.ts). Its code and the socket
 * client load after the first paint: the inbox list draws from the REST API and the events follow.
 */
export function useRealtimeSync(): void {
  const queryClient = useQueryClient();
  const autenticado = useIsAuthenticated();
  const navigate = useNavigate();
  const navegar = useRef(navigate);

  useEffect(() => {
    navegar.current = navigate;
  }, [navigate]);

  useEffect(() => {
    if (!autenticado) return;
    let ativo = true;
    let parar: (() => void) | null = null;
    void import('../realtime/sincronizacao.js').then(({ iniciarSincronizacao }) => {
      if (!ativo) return;
      parar = iniciarSincronizacao(queryClient, { navegar: (caminho) => void navegar.current(caminho) });
    });
    return () => {
      ativo = false;
      parar?.();
    };
  }, [autenticado, queryClient]);
}
