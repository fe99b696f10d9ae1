import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { CsatConfigCard } from './CsatConfigCard.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();
const CONFIG = { ativo: false, mensagem: 'Como foi o atendimento? Nota de 1 a 5.', atrasoMinutos: 0, janelaRespostaHoras: 24 };

function entrarComo(papel: 'admin' | 'supervisor') {
  const sessao = sessionFixture('1');
  useAuthStore.getState().setSession({ ...sessao, usuario: { ...sessao.usuario, papel } });
}

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input, init) => {
    if (String(input) !== '/api/atendimento/csat/configuracao') return jsonResponse(404, { statusCode: 404, message: 'x' });
    return init?.method === 'PUT'
      ? jsonResponse(200, { ...CONFIG, ...JSON.parse(String(init.body)) })
      : jsonResponse(200, CONFIG);
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('CsatConfigCard', () => {
  it('lets an admin switch the survey on with a delay and saves exactly that', async () => {
    entrarComo('admin');
    const user = userEvent.setup();
    renderWithProviders(<CsatConfigCard />);
    const ativo = await screen.findByRole('switch', { name: /Enviar a pesquisa/ });
    expect(ativo).not.toBeChecked();
    await user.click(ativo);
    const atraso = screen.getByRole('textbox', { name: /Atraso após resolver/ });
    await user.clear(atraso);
    await user.type(atraso, '30');
    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(true));
    const [, init] = fetchMock.mock.calls.find(([, i]) => i?.method === 'PUT')!;
    expect(JSON.parse(String(init?.body))).toEqual({ ...CONFIG, ativo: true, atrasoMinutos: 30 });
  });

  it('refuses an empty survey text with the field named', async () => {
    entrarComo('admin');
    const user = userEvent.setup();
    renderWithProviders(<CsatConfigCard />);
    await user.clear(await screen.findByRole('textbox', { name: /Texto da pesquisa/ }));
    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    expect(await screen.findByText('mensagem não pode ser vazia')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);
  });

  it('shows a supervisor the survey read-only', async () => {
    entrarComo('supervisor');
    renderWithProviders(<CsatConfigCard />);
    expect(await screen.findByRole('switch', { name: /Enviar a pesquisa/ })).toBeDisabled();
    expect(screen.getByText('Só administradores alteram a pesquisa.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Salvar' })).not.toBeInTheDocument();
  });
});
