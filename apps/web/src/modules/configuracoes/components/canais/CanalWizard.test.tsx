import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { CanalWizard } from './CanalWizard.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

/** The bodies POSTed to /api/atendimento/canais. */
function criacoes(): Record<string, unknown>[] {
  return fetchMock.mock.calls
    .filter(([url, init]) => String(url) === '/api/atendimento/canais' && init?.method === 'POST')
    .map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith('/api/atendimento/filas')) return jsonResponse(200, { items: [], nextCursor: null });
    // The wizard's last step is covered by the end-to-end test; here the creation is refused.
    if (url === '/api/atendimento/canais')
      return jsonResponse(503, { statusCode: 503, error: 'Service Unavailable', message: 'Tente de novo' });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('CanalWizard', () => {
  it('asks a Messenger canal for its Page credentials and a generated verify token', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-messenger'));

    await user.type(screen.getByRole('textbox', { name: /ID da Página/ }), '1234567890');
    await user.type(screen.getByLabelText(/Token de acesso da Página/), 'EAAG-pagina');
    await user.type(screen.getByLabelText(/Chave secreta do app/), 'segredo-do-app');
    const verifyToken = screen.getByRole('textbox', { name: /Token de verificação/ });
    expect((verifyToken as HTMLInputElement).value).toMatch(/^atende-[0-9a-f]{36}$/);
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));

    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toMatchObject({
      tipo: 'messenger',
      nome: 'Messenger',
      configuracao: {
        pageId: '1234567890',
        pageAccessToken: 'EAAG-pagina',
        appSecret: 'segredo-do-app',
        verifyToken: (verifyToken as HTMLInputElement).value,
      },
    });
  });

  it('checks the Twilio Account SID and sender number before creating an SMS canal', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-sms'));

    await user.type(screen.getByRole('textbox', { name: /Account SID/ }), 'AC123');
    await user.type(screen.getByLabelText(/Auth Token/), 'token-da-twilio');
    await user.type(screen.getByRole('textbox', { name: /Número remetente/ }), '11999990000');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));

    expect(await screen.findByText(/AC seguido de 32 caracteres/)).toBeInTheDocument();
    expect(screen.getByText(/formato internacional/)).toBeInTheDocument();
    expect(criacoes()).toHaveLength(0);

    await user.clear(screen.getByRole('textbox', { name: /Account SID/ }));
    await user.type(screen.getByRole('textbox', { name: /Account SID/ }), `AC${'a'.repeat(32)}`);
    await user.clear(screen.getByRole('textbox', { name: /Número remetente/ }));
    await user.type(screen.getByRole('textbox', { name: /Número remetente/ }), '+5511999990000');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toMatchObject({
      tipo: 'sms',
      configuracao: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'token-da-twilio', from: '+5511999990000' },
    });
  });
});
