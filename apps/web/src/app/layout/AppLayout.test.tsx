import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InboxPage } from '../../modules/atendimento/components/InboxPage.js';
import { RequireAuth } from '../../modules/auth/components/RequireAuth.js';
import { RelatoriosPage } from '../../modules/relatorios/components/RelatoriosPage.js';
import { useAuthStore } from '../../lib/auth-store.js';
import { jsonResponse, renderRoutes, resetNotifications, sessionFixture, usuarioFixture } from '../../test/render.js';
import { AppLayout } from './AppLayout.js';

const routes = [
  { path: '/login', element: <p data-testid="login">login</p> },
  {
    element: <RequireAuth />,
    children: [
      {
        path: '/atendimento',
        element: <AppLayout />,
        children: [
          { index: true, element: <InboxPage /> },
          { path: 'relatorios', element: <RelatoriosPage /> },
        ],
      },
    ],
  },
];

const fetchMock = vi.fn<typeof globalThis.fetch>();

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url === '/api/auth/me') return jsonResponse(200, { usuario: usuarioFixture });
    if (url === '/api/auth/logout') return new Response(null, { status: 204 });
    // An empresa with nothing yet: empty lists, and this supervisor is not an atendente.
    if (url.startsWith('/api/atendimento/atendentes/me')) {
      return jsonResponse(404, { statusCode: 404, error: 'NOT_FOUND', message: 'Seu usuário ainda não é um atendente' });
    }
    // Reports are not lists; navigation must still work while they are unavailable.
    if (url.startsWith('/api/atendimento/relatorios/')) {
      return jsonResponse(503, { statusCode: 503, error: 'Service Unavailable', message: 'Relatórios indisponíveis' });
    }
    if (url.startsWith('/api/atendimento/')) return jsonResponse(200, { items: [], nextCursor: null });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('AppLayout', () => {
  it("shows the user's name and papel and an honest empty inbox", async () => {
    renderRoutes(routes, '/atendimento');

    const header = await screen.findByRole('banner');
    expect(within(header).getByText('Maria Souza')).toBeInTheDocument();
    expect(within(header).getByText('Supervisor')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Atendimento' })).toBeInTheDocument();
    expect(await screen.findByText('Nenhum ticket em aberto')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Todos', selected: true })).toBeInTheDocument();
    expect(document.title).toBe('Atendimento · Atende');
  });

  it('labels every icon button and marks the current section in the navigation', async () => {
    const user = userEvent.setup();
    renderRoutes(routes, '/atendimento');

    const header = await screen.findByRole('banner');
    for (const name of ['Abrir menu de navegação', 'Mudar idioma', /Ativar modo (escuro|claro)/, 'Sair']) {
      expect(within(header).getByRole('button', { name })).toBeInTheDocument();
    }
    const nav = screen.getByRole('navigation', { name: 'Navegação principal' });
    expect(within(nav).getByRole('link', { name: 'Atendimento' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(nav).getByRole('link', { name: 'Relatórios' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Relatórios' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Relatórios' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Atendimento' })).not.toHaveAttribute('aria-current');
  });

  it('toggles dark mode and remembers it', async () => {
    const user = userEvent.setup();
    renderRoutes(routes, '/atendimento');

    await user.click(await screen.findByRole('button', { name: 'Ativar modo escuro' }));

    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(window.localStorage.getItem('atende.tema')).toBe('dark');
    expect(screen.getByRole('button', { name: 'Ativar modo claro' })).toBeInTheDocument();
  });

  it('refreshes the user from /api/auth/me', async () => {
    const padrao = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (input, init) =>
      String(input) === '/api/auth/me'
        ? jsonResponse(200, { usuario: { ...usuarioFixture, nome: 'Maria S. Lima', papel: 'admin' } })
        : padrao(input, init),
    );
    renderRoutes(routes, '/atendimento');

    const header = await screen.findByRole('banner');
    expect(await within(header).findByText('Maria S. Lima')).toBeInTheDocument();
    expect(within(header).getByText('Administrador')).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls.find(([chamada]) => chamada === '/api/auth/me')!;
    expect(url).toBe('/api/auth/me');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer access-1');
  });

  it('logs out: revokes the refresh token, clears the session and returns to /login', async () => {
    const user = userEvent.setup();
    renderRoutes(routes, '/atendimento');

    await user.click(await screen.findByRole('button', { name: 'Sair' }));

    expect(await screen.findByTestId('login')).toBeInTheDocument();
    const logoutCall = fetchMock.mock.calls.find(([url]) => url === '/api/auth/logout');
    expect(JSON.parse(String(logoutCall?.[1]?.body))).toEqual({ refreshToken: 'refresh-1' });
    expect(useAuthStore.getState().accessToken).toBeNull();
  });

  it('still logs out locally when the server cannot be reached', async () => {
    const user = userEvent.setup();
    renderRoutes(routes, '/atendimento');
    await screen.findByRole('banner');
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));

    await user.click(screen.getByRole('button', { name: 'Sair' }));

    expect(await screen.findByTestId('login')).toBeInTheDocument();
    await waitFor(() => expect(useAuthStore.getState().refreshToken).toBeNull());
  });
});
