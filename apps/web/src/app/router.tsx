import { Navigate, type RouteObject, createBrowserRouter } from 'react-router';
import { RequireAuth } from '../modules/auth/components/RequireAuth.js';
import { FullPageLoader, RootLayout } from './layout/RootLayout.js';
import { RouteErrorPage } from './pages/RouteErrorPage.js';

// Every screen is its own chunk: the first load carries only the providers, the router and the guard.
export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      { index: true, element: <Navigate to="/atendimento" replace /> },
      {
        path: 'login',
        lazy: async () => ({ Component: (await import('../modules/auth/components/LoginPage.js')).LoginPage }),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            path: 'atendimento',
            lazy: async () => ({ Component: (await import('./layout/AppLayout.js')).AppLayout }),
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../modules/atendimento/components/InboxPage.js')).InboxPage,
                }),
              },
              {
                path: 'relatorios',
                lazy: async () => ({
                  Component: (await import('../modules/relatorios/components/RelatoriosPage.js')).RelatoriosPage,
                }),
              },
              {
                path: 'configuracoes',
                lazy: async () => ({
                  Component: (await import('../modules/configuracoes/components/ConfiguracoesPage.js')).ConfiguracoesPage,
                }),
              },
            ],
          },
        ],
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('./pages/NotFoundPage.js')).NotFoundPage }),
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
