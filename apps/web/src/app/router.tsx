import { Navigate, type RouteObject, createBrowserRouter } from 'react-router';
import { carregarPacote } from '../lib/i18n.js';
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
                path: 'tickets/:ticketId',
                lazy: async () => ({
                  Component: (await import('../modules/atendimento/components/InboxPage.js')).InboxPage,
                }),
              },
              {
                path: 'relatorios',
                lazy: async () => {
                  const [{ RelatoriosPage }] = await Promise.all([
                    import('../modules/relatorios/components/RelatoriosPage.js'),
                    carregarPacote('configuracoes'),
                  ]);
                  return { Component: RelatoriosPage };
                },
              },
              {
                path: 'relatorios/risco-churn',
                lazy: async () => {
                  const [{ RiscoChurnPage }] = await Promise.all([
                    import('../modules/relatorios/components/RiscoChurnPage.js'),
                    carregarPacote('configuracoes'),
                  ]);
                  return { Component: RiscoChurnPage };
                },
              },
              {
                path: 'configuracoes',
                lazy: async () => {
                  const [{ ConfiguracoesLayout }] = await Promise.all([
                    import('../modules/configuracoes/components/ConfiguracoesLayout.js'),
                    carregarPacote('configuracoes'),
                  ]);
                  return { Component: ConfiguracoesLayout };
                },
                children: [
                  {
                    index: true,
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/ConfiguracoesPage.js')).ConfiguracoesPage,
                    }),
                  },
                  {
                    path: 'canais',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/canais/CanaisPage.js')).CanaisPage,
                    }),
                  },
                  {
                    path: 'filas',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/filas/FilasPage.js')).FilasPage,
                    }),
                  },
                  {
                    path: 'atendentes',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/atendentes/AtendentesPage.js'))
                        .AtendentesPage,
                    }),
                  },
                  {
                    path: 'templates',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/templates/TemplatesPage.js')).TemplatesPage,
                    }),
                  },
                  {
                    path: 'tags',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/tags/TagsPage.js')).TagsPage,
                    }),
                  },
                  {
                    path: 'ia',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/ia/IaPage.js')).IaPage,
                    }),
                  },
                  {
                    path: 'automacoes',
                    lazy: async () => ({
                      Component: (await import('../modules/configuracoes/components/automacoes/AutomacoesPage.js'))
                        .AutomacoesPage,
                    }),
                  },
                ],
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
