import { act, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRealtimeSync } from '../modules/atendimento/hooks/useRealtimeSync.js';
import { ultimoSocket } from '../test/fake-socket.js';
import { ticketFixture, uuid } from '../test/fixtures.js';
import { jsonResponse, sessionFixture, usuarioFixture } from '../test/render.js';
import { useAuthStore } from './auth-store.js';
import { useRealtimeStore } from './realtime-store.js';
import { conectarRealtime } from './socket.js';
import { AppProviders } from '../app/AppProviders.js';
import { MemoryRouter } from 'react-router';
import type { ReactNode } from 'react';

const fetchMock = vi.fn<typeof globalThis.fetch>();

function conectado(recuperado: boolean, cursor: string) {
  return {
    usuarioId: usuarioFixture.id,
    empresaId: usuarioFixture.empresaId,
    papel: 'supervisor',
    atendenteId: null,
    salas: [`empresa:${usuarioFixture.empresaId}`],
    recuperado,
    expiraEm: new Date(Date.now() + 900_000).toISOString(),
    cursor,
  };
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url === '/api/auth/refresh') return jsonResponse(200, sessionFixture('2'));
    if (url.startsWith('/api/atendimento/realtime/desde')) {
      return jsonResponse(200, {
        tickets: [ticketFixture({ id: uuid(77) })],
        mensagens: [],
        ticketsRemovidos: [],
        cursor: 'depois',
        completo: true,
      });
    }
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'sem rota' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  useAuthStore.getState().clearSession();
});

describe('realtime connection', () => {
  it('refreshes the session and reconnects when the handshake says TOKEN_EXPIRADO', async () => {
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;
    const connect = vi.spyOn(socket, 'connect');
    const erro = Object.assign(new Error('Token expirado'), { data: { code: 'TOKEN_EXPIRADO', message: 'Token expirado' } });

    act(() => socket.servidorEmite('connect_error', erro));

    await waitFor(() => expect(connect).toHaveBeenCalled());
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain('/api/auth/refresh');
    expect(useAuthStore.getState().accessToken).toBe('access-2');
  });

  it('refreshes and reconnects after the server ends an expired session', async () => {
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;
    const connect = vi.spyOn(socket, 'connect');

    act(() => {
      socket.servidorEmite('sessao:expirada', { code: 'TOKEN_EXPIRADO', message: 'Sessão expirada' });
      socket.servidorEmite('disconnect', 'io server disconnect');
    });

    expect(useRealtimeStore.getState().status).toBe('reconectando');
    await waitFor(() => expect(connect).toHaveBeenCalled());
  });

  it('shows "reconectando" on a transport drop and "conectado" again after', async () => {
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;
    act(() => socket.servidorEmite('conectado', conectado(false, 'c0')));
    expect(useRealtimeStore.getState().status).toBe('conectado');
    act(() => socket.servidorEmite('disconnect', 'transport close'));
    expect(useRealtimeStore.getState().status).toBe('reconectando');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('catches up from the last cursor after a reconnection the server could not recover', async () => {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <AppProviders>
        <MemoryRouter>{children}</MemoryRouter>
      </AppProviders>
    );
    renderHook(() => useRealtimeSync(), { wrapper });
    // The sync module loads asynchronously; once this import resolves its listeners are registered.
    await import('../modules/atendimento/realtime/sincronizacao.js');
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;

    act(() => socket.servidorEmite('conectado', conectado(false, 'c0')));
    act(() => socket.servidorEmite('ticket:removido', { ticketId: uuid(5), cursor: 'c1' }));
    act(() => socket.servidorEmite('disconnect', 'transport close'));
    act(() => socket.servidorEmite('conectado', conectado(false, 'c9')));

    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/atendimento/realtime/desde?cursor=c1'),
    );
  });

  it('does not catch up when Socket.IO recovered the session', async () => {
    renderHook(() => useRealtimeSync(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <AppProviders>
          <MemoryRouter>{children}</MemoryRouter>
        </AppProviders>
      ),
    });
    await import('../modules/atendimento/realtime/sincronizacao.js');
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;
    act(() => socket.servidorEmite('conectado', conectado(false, 'c0')));
    act(() => socket.servidorEmite('conectado', conectado(true, 'c5')));
    expect(fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('/realtime/desde'))).toHaveLength(0);
  });

  it('shows a supervisor the churn alert with its score and reasons', async () => {
    renderHook(() => useRealtimeSync(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <AppProviders>
          <MemoryRouter>{children}</MemoryRouter>
        </AppProviders>
      ),
    });
    await import('../modules/atendimento/realtime/sincronizacao.js');
    const socket = (await conectarRealtime()) as unknown as ReturnType<typeof ultimoSocket>;
    act(() => socket.servidorEmite('conectado', conectado(false, 'c0')));
    act(() =>
      socket.servidorEmite('contato:churn', {
        contatoId: uuid(7),
        nome: 'Marina Souza',
        score: 82,
        limiar: 70,
        motivos: ['sentimento em queda', '3 contatos em 7 dias', 'pediu cancelamento'],
      }),
    );
    expect(await screen.findByText('Risco de churn: Marina Souza (82/100)')).toBeInTheDocument();
    expect(screen.getByText('sentimento em queda · 3 contatos em 7 dias · pediu cancelamento')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ver contatos em risco' })).toHaveAttribute('href', '/atendimento/relatorios/risco-churn');
  });
});
