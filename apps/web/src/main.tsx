import './app/estilos.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from './app/AppProviders.js';
import { createAppRouter } from './app/router.js';
import { prepararIdiomaGuardado } from './lib/i18n.js';

const router = createAppRouter();
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// A user who chose English gets its strings before the first paint (pt-BR is bundled).
await prepararIdiomaGuardado();

createRoot(container).render(
  <StrictMode>
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
