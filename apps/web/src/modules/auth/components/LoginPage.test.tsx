import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../lib/auth-store.js';
import { jsonResponse, renderRoutes, resetNotifications, sessionFixture } from '../../../test/render.js';
import { LoginPage } from './LoginPage.js';
import { RequireAuth } from './RequireAuth.js';

function CurrentPath() {
  const location = useLocation();
  return <p data-testid="current-path">{`${location.pathname}${location.search}`}</p>;
}

const routes = [
  { path: '/login', element: <LoginPage /> },
  { element: <RequireAuth />, children: [{ path: '/atendimento/*', element: <CurrentPath /> }] },
];

const fetchMock = vi.fn<typeof globalThis.fetch>();

beforeEach(() => {
  useAuthStore.getState().clearSession();
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
});

describe('LoginPage', () => {
  it('validates the fields before calling the API and focuses the first invalid one', async () => {
    const user = userEvent.setup();
    renderRoutes(routes, '/login');

    await user.click(await screen.findByRole('button', { name: 'Entrar' }));

    expect(await screen.findByText('Informe o e-mail')).toBeInTheDocument();
    expect(screen.getByText('Informe a senha')).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mail/)).toHaveFocus();
    expect(screen.getByLabelText(/E-mail/)).toHaveAttribute('aria-invalid', 'true');

    await user.type(screen.getByLabelText(/E-mail/), 'maria@');
    await user.type(screen.getByLabelText(/^Senha/), 'segredo');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByText('Informe um e-mail válido')).toBeInTheDocument();
    expect(screen.queryByText('Informe a senha')).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('logs in and goes back to the page the guard stopped the user at', async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(jsonResponse(200, sessionFixture('1')));
    renderRoutes(routes, '/atendimento/relatorios?periodo=7d');

    // The guard sent us to the login page.
    await user.type(await screen.findByLabelText(/E-mail/), '  maria@acme.com.br ');
    await user.type(screen.getByLabelText(/^Senha/), 'segredo');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByTestId('current-path')).toHaveTextContent('/atendimento/relatorios?periodo=7d');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/auth/login');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ email: 'maria@acme.com.br', senha: 'segredo' });
    expect(useAuthStore.getState()).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(useAuthStore.getState().usuario?.nome).toBe('Maria Souza');
  });

  it('goes to the inbox when there is no page to go back to', async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(jsonResponse(200, sessionFixture('1')));
    renderRoutes(routes, '/login');

    await user.type(await screen.findByLabelText(/E-mail/), 'maria@acme.com.br');
    await user.type(screen.getByLabelText(/^Senha/), 'segredo');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByTestId('current-path')).toHaveTextContent(/^\/atendimento$/);
  });

  it("shows the API's message as a toast when the credentials are wrong, and stays on the page", async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(
      jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'E-mail ou senha inválidos' }),
    );
    renderRoutes(routes, '/login');

    await user.type(await screen.findByLabelText(/E-mail/), 'maria@acme.com.br');
    await user.type(screen.getByLabelText(/^Senha/), 'errada');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByText('E-mail ou senha inválidos')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('current-path')).not.toBeInTheDocument();
    expect(useAuthStore.getState().accessToken).toBeNull();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Entrar' })).toBeEnabled());
  });

  it('shows a readable toast when the server cannot be reached', async () => {
    const user = userEvent.setup();
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    renderRoutes(routes, '/login');

    await user.type(await screen.findByLabelText(/E-mail/), 'maria@acme.com.br');
    await user.type(screen.getByLabelText(/^Senha/), 'segredo');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByText(/Não foi possível falar com o servidor/)).toBeInTheDocument();
  });
});
