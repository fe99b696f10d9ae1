import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { IaPage } from './IaPage.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

const CONFIG = {
  provedor: 'openai',
  modelo: 'gpt-4o-mini',
  baseUrl: null,
  chave: '••••abcd',
  provedorEmbeddings: null,
  modeloEmbeddings: null,
  recursos: { transcricao: false },
  autoRespostaModo: 'sugerir',
  limiarConfianca: 0.7,
  maxTurnosBot: 3,
  orcamentoMensalTokens: null,
  orcamentoMensalCusto: 50,
  moeda: 'USD',
  redacaoLgpd: true,
  intencoes: [{ nome: 'cancelar', exemplos: ['quero cancelar'] }],
  consumoMes: { tokens: 12_000, custo: 1.25 },
};

function indexacao(status: string, feitos: number, total: number | null) {
  return {
    id: '44444444-4444-4444-8444-444444444444',
    status,
    total,
    feitos,
    falhas: 0,
    percentual: total ? Math.round((feitos / total) * 100) : null,
    comEmbeddings: false,
    erro: null,
    iniciadoEm: '2026-11-29T10:00:00.000Z',
    concluidoEm: status === 'concluida' ? '2026-11-29T10:01:00.000Z' : null,
    criadoEm: '2026-11-29T10:00:00.000Z',
  };
}

/** The requests made, as [method, url, body]. */
function chamadas(): [string, string, unknown][] {
  return fetchMock.mock.calls.map(([url, init]) => [
    init?.method ?? 'GET',
    String(url),
    init?.body ? JSON.parse(String(init.body)) : undefined,
  ]);
}

let leiturasDaIndexacao: unknown[];

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  leiturasDaIndexacao = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    const metodo = init?.method ?? 'GET';
    if (url === '/api/atendimento/ia/config' && metodo === 'GET') return jsonResponse(200, CONFIG);
    if (url === '/api/atendimento/ia/config' && metodo === 'PUT')
      return jsonResponse(200, { ...CONFIG, ...JSON.parse(String(init?.body)) });
    if (url === '/api/atendimento/ia/reindexar' && metodo === 'POST') return jsonResponse(202, indexacao('pendente', 0, null));
    if (url === '/api/atendimento/ia/reindexar') {
      const proxima = leiturasDaIndexacao.shift();
      return proxima
        ? jsonResponse(200, proxima)
        : jsonResponse(404, { statusCode: 404, code: 'IA_INDEXACAO_NAO_ENCONTRADA', message: 'Nenhuma' });
    }
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('IaPage', () => {
  it('shows the stored settings without the key, and saves only what the form holds (a blank key keeps it)', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IaPage />);
    expect(await screen.findByText('Guardada (••••abcd). Deixe em branco para manter.')).toBeInTheDocument();
    expect(screen.getByText(/12[.,]000 tokens, 1\.25 USD/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Transcrição de áudios' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Sentimento' })).toBeChecked();

    await user.click(screen.getByRole('radio', { name: 'Automática' }));
    const limiar = screen.getByRole('textbox', { name: /Confiança mínima/ });
    await user.clear(limiar);
    await user.type(limiar, '0.85');
    await user.click(screen.getByRole('checkbox', { name: 'Transcrição de áudios' }));
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    await waitFor(() => expect(chamadas().some(([metodo]) => metodo === 'PUT')).toBe(true));
    const [, , corpo] = chamadas().find(([metodo]) => metodo === 'PUT')!;
    expect(corpo).toMatchObject({
      provedor: 'openai',
      modelo: 'gpt-4o-mini',
      autoRespostaModo: 'automatico',
      limiarConfianca: 0.85,
      orcamentoMensalCusto: 50,
    });
    expect(corpo).not.toHaveProperty('chave');
    expect((corpo as { recursos: Record<string, boolean> }).recursos).toMatchObject({ transcricao: true, sentimento: true });
  });

  it('refuses a currency that is not an ISO code with the field named, without calling the API', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IaPage />);
    const moeda = await screen.findByRole('textbox', { name: 'Moeda' });
    await user.clear(moeda);
    await user.type(moeda, 'us');
    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    expect(await screen.findByText('moeda é um código ISO de 3 letras, como USD ou BRL')).toBeInTheDocument();
    expect(chamadas().some(([metodo]) => metodo === 'PUT')).toBe(false);
  });

  it('starts a re-index and follows its progress until it is done', async () => {
    const user = userEvent.setup();
    renderWithProviders(<IaPage />);
    expect(await screen.findByText(/Ainda não houve uma reindexação completa/)).toBeInTheDocument();
    leiturasDaIndexacao.push(indexacao('executando', 5, 10), indexacao('concluida', 10, 10));
    await user.click(screen.getByRole('button', { name: 'Reindexar' }));
    expect(await screen.findByText('Indexando: 5 de 10 (0 com falha)', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(await screen.findByText('Concluída: 10 de 10 (0 com falha)', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reindexar' })).toBeEnabled();
    expect(chamadas().filter(([metodo, url]) => metodo === 'POST' && url.endsWith('/reindexar'))).toHaveLength(1);
  });
});
