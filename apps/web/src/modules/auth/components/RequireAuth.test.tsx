import { act, screen } from '@testing-library/react';
import { useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../../../lib/auth-store.js';
import { renderRoutes, sessionFixture } from '../../../test/render.js';
import type { LoginLocationState } from '../hooks/useRedirectTarget.js';
import { RequireAuth } from './RequireAuth.js';

function LoginProbe() {
  const state = useLocation().state as LoginLocationState | null;
  return <p data-testid="login">{state ? `from ${state.from.pathname}${state.from.search ?? ''}` : 'no state'}</p>;
}

const routes = [
  { path: '/login', element: <LoginProbe /> },
  {
    element: <RequireAuth />,
    children: [{ path: '/atendimento/*', element: <p data-testid="protected">conteúdo protegido</p> }],
  },
  { path: '/publica', element: <p data-testid="public">pública</p> },
];

beforeEach(() => {
  useAuthStore.getState().clearSession();
});

describe('RequireAuth', () => {
  it('sends a visitor without a session to /login, remembering where they were going', async () => {
    const { router } = renderRoutes(routes, '/atendimento/configuracoes?aba=canais');

    expect(await screen.findByTestId('login')).toHaveTextContent('from /atendimento/configuracoes?aba=canais');
    expect(screen.queryByTestId('protected')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    // replace, not push: Back must not return to the page that bounced the user.
    expect(router.state.historyAction).toBe('REPLACE');
  });

  it('renders the protected route for a logged-in user', async () => {
    useAuthStore.getState().setSession(sessionFixture());
    renderRoutes(routes, '/atendimento');

    expect(await screen.findByTestId('protected')).toBeInTheDocument();
    expect(screen.queryByTestId('login')).not.toBeInTheDocument();
  });

  it('does not guard public routes', async () => {
    renderRoutes(routes, '/publica');
    expect(await screen.findByTestId('public')).toBeInTheDocument();
  });

  it('redirects as soon as the session ends (logout or a rejected refresh)', async () => {
    useAuthStore.getState().setSession(sessionFixture());
    renderRoutes(routes, '/atendimento/relatorios');
    expect(await screen.findByTestId('protected')).toBeInTheDocument();

    act(() => useAuthStore.getState().clearSession());

    expect(await screen.findByTestId('login')).toHaveTextContent('from /atendimento/relatorios');
  });
});
