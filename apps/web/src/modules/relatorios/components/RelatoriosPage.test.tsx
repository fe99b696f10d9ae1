import type {
  RelatorioAtendentesDto,
  RelatorioCsatDto,
  RelatorioFilasDto,
  RelatorioResumoDto,
  RelatorioTemposDto,
  RelatorioVolumeDto,
} from '@atende/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../lib/auth-store.js';
import { uuid } from '../../../test/fixtures.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../test/render.js';
import { RelatoriosPage, duracao } from './RelatoriosPage.js';

const vazioTempo = { quantidade: 0, mediaSegundos: null, minimoSegundos: null, maximoSegundos: null };

function resumoFixture(overrides: Partial<RelatorioResumoDto> = {}): RelatorioResumoDto {
  return {
    de: '2026-03-01',
    ate: '2026-03-07',
    fusoHorario: 'America/Sao_Paulo',
    recebidos: 12,
    resolvidos: 9,
    reabertos: 1,
    primeiraResposta: { quantidade: 9, mediaSegundos: 390, minimoSegundos: 60, maximoSegundos: 900 },
    proximaResposta: vazioTempo,
    resolucao: { quantidade: 9, mediaSegundos: 5400, minimoSegundos: 600, maximoSegundos: 9000 },
    esperaNaFila: vazioTempo,
    csat: { respostas: 4, media: 4.5, satisfeitosPct: 75, taxaRespostaPct: 44.4 },
    slaCumprimentoPct: null,
    backlogAtual: 3,
    ...overrides,
  };
}

const volume: RelatorioVolumeDto = {
  dias: [
    { dia: '2026-03-01', recebidos: 5, resolvidos: 4 },
    { dia: '2026-03-02', recebidos: 7, resolvidos: 5 },
  ],
  porCanal: [{ dia: '2026-03-01', canalId: uuid(1), canalNome: 'WhatsApp Vendas', recebidos: 5 }],
};
const tempos: RelatorioTemposDto = {
  dias: [
    { dia: '2026-03-01', primeiraRespostaMediaSegundos: 300, proximaRespostaMediaSegundos: null, resolucaoMediaSegundos: 3600 },
  ],
};
const csat: RelatorioCsatDto = {
  resumo: { respostas: 4, media: 4.5, satisfeitosPct: 75, taxaRespostaPct: 44.4 },
  dias: [],
  distribuicao: [1, 2, 3, 4, 5].map((nota) => ({ nota, respostas: nota === 5 ? 3 : nota === 3 ? 1 : 0 })),
};
const filas: RelatorioFilasDto = {
  filas: [
    {
      filaId: uuid(2),
      nome: 'Suporte',
      aguardando: 3,
      maiorEsperaSegundos: 600,
      recebidos: 12,
      resolvidos: 9,
      esperaNaFila: vazioTempo,
    },
  ],
};
const atendentes: RelatorioAtendentesDto = {
  atendentes: [
    {
      atendenteId: uuid(3),
      nome: 'Ana Lima',
      ticketsAtuais: 2,
      maxTicketsSimultaneos: 5,
      ocupacaoPct: 40,
      resolvidos: 9,
      primeiraResposta: { quantidade: 9, mediaSegundos: 390, minimoSegundos: 60, maximoSegundos: 900 },
      resolucao: vazioTempo,
      csatMedia: 4.5,
      csatRespostas: 4,
    },
  ],
};

const fetchMock = vi.fn<typeof globalThis.fetch>();
let resumo: RelatorioResumoDto = resumoFixture();

function respostasPadrao(input: RequestInfo | URL): Response {
  const url = String(input);
  if (url.includes('formato=csv'))
    return new Response('atendenteId,nome\r\n', { status: 200, headers: { 'Content-Type': 'text/csv' } });
  if (url.startsWith('/api/atendimento/relatorios/resumo?')) return jsonResponse(200, resumo);
  if (url.startsWith('/api/atendimento/relatorios/volume?')) return jsonResponse(200, volume);
  if (url.startsWith('/api/atendimento/relatorios/tempos?')) return jsonResponse(200, tempos);
  if (url.startsWith('/api/atendimento/relatorios/csat?')) return jsonResponse(200, csat);
  if (url.startsWith('/api/atendimento/relatorios/filas?')) return jsonResponse(200, filas);
  if (url.startsWith('/api/atendimento/relatorios/atendentes?')) return jsonResponse(200, atendentes);
  return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: `sem rota: ${url}` });
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  resumo = resumoFixture();
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => respostasPadrao(input));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('RelatoriosPage', () => {
  it('shows the period figures, the charts and the agents load, asking for the last 7 days', async () => {
    renderWithProviders(<RelatoriosPage />);
    expect(await screen.findByTestId('indicador-Recebidos')).toHaveTextContent('12');
    expect(screen.getByTestId('indicador-1ª resposta (média)')).toHaveTextContent('7 min');
    expect(screen.getByTestId('indicador-Resolução (média)')).toHaveTextContent('1 h 30 min');
    expect(screen.getByTestId('indicador-CSAT')).toHaveTextContent('4.5 / 5');
    expect(screen.getByTestId('indicador-Na fila agora')).toHaveTextContent('3');
    for (const titulo of [
      'Volume por dia',
      'Recebidos por canal',
      'Tempos médios (minutos)',
      'Satisfação (CSAT)',
      'Backlog atual por fila',
    ])
      expect(screen.getByRole('region', { name: titulo })).toBeInTheDocument();
    const carga = await screen.findByRole('region', { name: 'Carga dos atendentes' });
    expect(await within(carga).findByText('Ana Lima')).toBeInTheDocument();
    expect(within(carga).getByText('2/5')).toBeInTheDocument();
    expect(within(carga).getByRole('progressbar', { name: 'Ocupação de Ana Lima: 40%' })).toBeInTheDocument();
    expect(screen.getByText(/4 respostas · 75% satisfeitos/)).toBeInTheDocument();

    const url = new URL(String(fetchMock.mock.calls.find(([u]) => String(u).includes('/resumo?'))?.[0]), 'http://localhost');
    const de = url.searchParams.get('de') ?? '';
    const ate = url.searchParams.get('ate') ?? '';
    expect(ate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((Date.parse(ate) - Date.parse(de)) / 86_400_000).toBe(6);
  });

  it('says what to do when the period has no tickets', async () => {
    resumo = resumoFixture({
      recebidos: 0,
      resolvidos: 0,
      backlogAtual: 0,
      csat: { respostas: 0, media: null, satisfeitosPct: null, taxaRespostaPct: null },
    });
    renderWithProviders(<RelatoriosPage />);
    expect(await screen.findByText('Nenhum atendimento neste período')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Volume por dia' })).not.toBeInTheDocument();
  });

  it('exports the chosen report as CSV with the same period', async () => {
    const criarUrl = vi.fn(() => 'blob:relatorio');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: criarUrl, revokeObjectURL: vi.fn() }));
    renderWithProviders(<RelatoriosPage />);
    await screen.findByTestId('indicador-Recebidos');
    fireEvent.click(screen.getByRole('button', { name: 'Exportar CSV' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Atendentes' }));
    await waitFor(() => expect(criarUrl).toHaveBeenCalled());
    const chamada = fetchMock.mock.calls.find(([u]) => String(u).includes('formato=csv'));
    expect(String(chamada?.[0])).toMatch(
      /^\/api\/atendimento\/relatorios\/atendentes\?de=\d{4}-\d{2}-\d{2}&ate=\d{4}-\d{2}-\d{2}&formato=csv$/,
    );
    expect(new Headers(chamada?.[1]?.headers).get('Authorization')).toBe('Bearer access-1');
  });

  it('shows an API failure as a readable toast', async () => {
    fetchMock.mockImplementation(async (input) =>
      String(input).includes('/resumo?')
        ? jsonResponse(400, {
            statusCode: 400,
            error: 'Bad Request',
            code: 'VALIDACAO',
            message: 'ate: o período pode ter no máximo 366 dias',
          })
        : respostasPadrao(input),
    );
    renderWithProviders(<RelatoriosPage />);
    expect(await screen.findByText('ate: o período pode ter no máximo 366 dias')).toBeInTheDocument();
  });

  it('formats durations', () => {
    expect([duracao(null), duracao(45), duracao(720), duracao(3900)]).toEqual(['—', '45 s', '12 min', '1 h 05 min']);
  });
});
