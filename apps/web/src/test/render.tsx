import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { type RouteObject, RouterProvider, createMemoryRouter } from 'react-router';
import { colorSchemeManager, theme } from '../app/theme.js';
import { i18n } from '../lib/i18n.js';
import { createQueryClient } from '../lib/query-client.js';

/** The app's providers in Mantine's test mode (no transitions, no portals), a fresh query cache each time. */
export function renderWithProviders(ui: ReactElement) {
  const queryClient = createQueryClient();
  const result = render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="light" env="test">
        <Notifications />
        <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return { ...result, queryClient };
}

/** Renders `routes` in a memory router starting at `initialPath`. */
export function renderRoutes(routes: RouteObject[], initialPath: string) {
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const result = renderWithProviders(<RouterProvider router={router} />);
  return { ...result, router };
}

export function resetNotifications(): void {
  notifications.clean();
}

/** A `fetch` answer with a JSON body. */
export function jsonResponse(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  });
}

export const usuarioFixture = {
  id: '7b1f6a7e-3c1d-4f7a-9a51-2f4a8f0c9e11',
  nome: 'Maria Souza',
  email: 'maria@acme.com.br',
  papel: 'supervisor',
  empresaId: '0d7c3e8a-54b2-4c9e-8f7e-6a1b2c3d4e5f',
  empresaNome: 'Acme',
} as const;

export function sessionFixture(suffix = '1') {
  return { accessToken: `access-${suffix}`, refreshToken: `refresh-${suffix}`, usuario: { ...usuarioFixture } };
}
