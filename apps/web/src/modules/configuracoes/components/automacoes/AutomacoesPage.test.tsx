import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { AutomacoesPage } from './AutomacoesPage.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

function regra(id: string, nome: string, ordem: number, ativo = true) {
  return {
    id,
    nome,
    descricao: null,
    gatilho: 'ticket_criado',
    gatilhoConfig: {},
    condicoes: { tipo: 'e', condicoes: [] },
    acoes: [{ tipo: 'resolver' }],
    webhookSegredoDefinido: false,
    ordem,
    pararAposExecutar: false,
    ativo,
    criadoEm: '2026-11-29T10:00:00.000Z',
    atualizadoEm: '2026-11-29T10:00:00.000Z',
  };
}

const R1 = regra('11111111-1111-4111-8111-111111111111', 'Primeira', 0);
const R2 = regra('22222222-2222-4222-8222-222222222222', 'Segunda', 1);

/** The requests made, as [method, url, body]. */
function chamadas(): [string, string, unknown][] {
  return fetchMock.mock.calls.map(([url, init]) => [init?.method ?? 'GET', String(url), init?.body ? JSON.parse(String(init.body)) : undefined]);
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    const metodo = init?.method ?? 'GET';
    if (url === '/api/atendimento/automacoes' && metodo === 'GET') return jsonResponse(200, [R1, R2]);
    if (url === '/api/atendimento/automacoes/ordem') return jsonResponse(200, [R2, R1]);
    if (url.endsWith('/desativar')) return jsonResponse(200, { ...R1, ativo: false });
    if (url === '/api/atendimento/automacoes' && metodo === 'POST') return jsonResponse(201, regra('33333333-3333-4333-8333-333333333333', 'Nova', 2));
    if (url.startsWith('/api/atendimento/tags')) return jsonResponse(200, { items: [], nextCursor: null });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('AutomacoesPage', () => {
  it('lists the rules in order, reorders them and switches one off', async () => {
    const user = userEvent.setup();
    renderWithProviders(<AutomacoesPage />);
    const linhas = await screen.findAllByRole('row');
    expect(within(linhas[1]!).getByText('Primeira')).toBeTruthy();
    expect(within(linhas[2]!).getByText('Segunda')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Subir Primeira' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Descer Primeira' }));
    await waitFor(() => expect(chamadas()).toContainEqual(['PUT', '/api/atendimento/automacoes/ordem', { ids: [R2.id, R1.id] }]));

    await user.click(screen.getByRole('switch', { name: 'Ativar ou desativar Primeira' }));
    await waitFor(() => expect(chamadas().map(([m, u]) => `${m} ${u}`)).toContain(`POST /api/atendimento/automacoes/${R1.id}/desativar`));
  });

  it('validates the form with the shared schema before creating a rule', async () => {
    const user = userEvent.setup();
    renderWithProviders(<AutomacoesPage />);
    await user.click(await screen.findByRole('button', { name: 'Nova automação' }));
    const dialogo = await screen.findByRole('dialog');
    await user.click(within(dialogo).getByRole('button', { name: 'Salvar' }));
    expect(await within(dialogo).findByText('nome é obrigatório')).toBeTruthy();
    expect(chamadas().filter(([m]) => m === 'POST')).toHaveLength(0);

    await user.type(within(dialogo).getByRole('textbox', { name: /Nome/ }), 'Nota de boas-vindas');
    await user.click(within(dialogo).getByRole('combobox', { name: 'Ação' }));
    await user.click(await screen.findByRole('option', { name: 'Nota interna' }));
    await user.type(within(dialogo).getByRole('textbox', { name: 'Texto da nota interna' }), 'Olá!');
    await user.click(within(dialogo).getByRole('button', { name: 'Salvar' }));
    await waitFor(() =>
      expect(chamadas()).toContainEqual([
        'POST',
        '/api/atendimento/automacoes',
        { nome: 'Nota de boas-vindas', gatilho: 'ticket_criado', acoes: [{ tipo: 'nota_interna', texto: 'Olá!' }], pararAposExecutar: false },
      ]),
    );
  });
});
