import type { IaIntencaoDto } from '@atende/shared';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { IntencoesCard } from './IntencoesCard.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

const INTENCOES: IaIntencaoDto[] = [
  { nome: 'cancelar', exemplos: ['quero cancelar', 'cancela meu pedido'] },
  { nome: 'suporte', exemplos: ['não consigo acessar'] },
];

const PADRAO: IaIntencaoDto[] = [
  { nome: 'comprar', exemplos: ['quero comprar', 'quanto custa'] },
  { nome: 'cancelar', exemplos: ['quero cancelar'] },
  { nome: 'falar_com_humano', exemplos: ['quero falar com um atendente'] },
];

const CONFIG = {
  provedor: 'local',
  modelo: null,
  baseUrl: null,
  chave: null,
  provedorEmbeddings: null,
  modeloEmbeddings: null,
  recursos: {},
  autoRespostaModo: 'desligado',
  limiarConfianca: 0.7,
  maxTurnosBot: 3,
  orcamentoMensalTokens: null,
  orcamentoMensalCusto: null,
  moeda: 'USD',
  redacaoLgpd: true,
  intencoes: INTENCOES,
  consumoMes: { tokens: 0, custo: 0 },
};

/** The bodies of the PUTs made. */
function salvamentos(): unknown[] {
  return fetchMock.mock.calls
    .filter(([, init]) => init?.method === 'PUT')
    .map(([, init]) => JSON.parse(String(init?.body)) as unknown);
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    const metodo = init?.method ?? 'GET';
    if (url === '/api/atendimento/ia/config' && metodo === 'PUT')
      return jsonResponse(200, { ...CONFIG, ...(JSON.parse(String(init?.body)) as object) });
    if (url === '/api/atendimento/ia/config/intencoes-padrao') return jsonResponse(200, { intencoes: PADRAO });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

const nomes = () => screen.getAllByRole('textbox', { name: 'Nome' });
const exemplos = () => screen.getAllByRole('textbox', { name: 'Exemplos (um por linha)' });

describe('IntencoesCard', () => {
  it('renames, edits examples one per line, adds and removes intents, and saves only the list', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IntencoesCard intencoes={INTENCOES} />);
    expect(nomes().map((campo) => (campo as HTMLInputElement).value)).toEqual(['cancelar', 'suporte']);
    expect(exemplos()[0]).toHaveValue('quero cancelar\ncancela meu pedido');
    expect(screen.getByText('2 de até 30 exemplos')).toBeInTheDocument();
    const salvar = screen.getByRole('button', { name: 'Salvar intenções' });
    expect(salvar).toBeDisabled();

    await user.clear(nomes()[1]!);
    await user.type(nomes()[1]!, 'suporte_tecnico');
    await user.type(exemplos()[1]!, '{Enter}{Enter}  o app trava  ');
    await user.click(screen.getByRole('button', { name: 'Adicionar intenção' }));
    await user.type(nomes()[2]!, 'agendar');
    await user.type(exemplos()[2]!, 'quero marcar uma visita');
    await user.click(screen.getByRole('button', { name: 'Remover a intenção cancelar' }));
    expect(nomes()).toHaveLength(2);
    await user.click(salvar);

    await waitFor(() => expect(salvamentos()).toHaveLength(1));
    expect(salvamentos()[0]).toEqual({
      intencoes: [
        { nome: 'suporte_tecnico', exemplos: ['não consigo acessar', 'o app trava'] },
        { nome: 'agendar', exemplos: ['quero marcar uma visita'] },
      ],
    });
    // Saved: the form holds what the API returned, nothing left to save.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Salvar intenções' })).toBeDisabled());
    expect(exemplos()[0]).toHaveValue('não consigo acessar\no app trava');
  });

  it('shows the schema messages on the field (and the line of a bad example) without calling the API', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IntencoesCard intencoes={INTENCOES} />);
    await user.clear(nomes()[0]!);
    await user.type(nomes()[0]!, 'Cancelar Pedido');
    await user.clear(nomes()[1]!);
    await user.type(nomes()[1]!, 'cancelar');
    await user.type(exemplos()[1]!, '{Enter}{Enter}x');
    await user.click(screen.getByRole('button', { name: 'Salvar intenções' }));

    expect(
      await screen.findByText('o nome da intenção usa letras minúsculas, dígitos e _ (2 a 40 caracteres)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Linha 3: cada exemplo tem ao menos 2 caracteres')).toBeInTheDocument();
    expect(nomes()[0]).toHaveAttribute('aria-invalid', 'true');
    expect(salvamentos()).toEqual([]);

    // Fixing the name leaves the repeated one, named on its own field.
    await user.clear(nomes()[0]!);
    await user.type(nomes()[0]!, 'cancelar');
    await user.clear(exemplos()[1]!);
    await user.type(exemplos()[1]!, 'desistir da compra');
    await user.click(screen.getByRole('button', { name: 'Salvar intenções' }));
    expect(await screen.findByText('nome de intenção repetido: cancelar')).toBeInTheDocument();
    expect(nomes()[1]).toHaveAttribute('aria-invalid', 'true');
    expect(salvamentos()).toEqual([]);
  });

  it('asks for at least one intent, and one example per intent', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IntencoesCard intencoes={INTENCOES} />);
    await user.clear(exemplos()[1]!);
    await user.click(screen.getByRole('button', { name: 'Salvar intenções' }));
    expect(await screen.findByText('dê ao menos um exemplo por intenção')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remover a intenção cancelar' }));
    await user.click(screen.getByRole('button', { name: 'Remover a intenção suporte' }));
    expect(screen.getByText('Nenhuma intenção: adicione ao menos uma ou restaure o padrão.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Salvar intenções' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('informe ao menos uma intenção');
    expect(salvamentos()).toEqual([]);
  });

  it('restores the default intents into the editor, to be saved', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IntencoesCard intencoes={INTENCOES} />);
    await user.click(screen.getByRole('button', { name: 'Restaurar padrão' }));
    expect(await screen.findByText(/As intenções padrão estão no editor/)).toBeInTheDocument();
    expect(nomes().map((campo) => (campo as HTMLInputElement).value)).toEqual(['comprar', 'cancelar', 'falar_com_humano']);
    expect(salvamentos()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Salvar intenções' }));
    await waitFor(() => expect(salvamentos()).toEqual([{ intencoes: PADRAO }]));
    await waitFor(() => expect(screen.queryByText(/As intenções padrão estão no editor/)).not.toBeInTheDocument());
  });
});
