import type {
  RecalculoRelatoriosDto,
  RelatorioAtendentesDto,
  RelatorioCsatDto,
  RelatorioFilasDto,
  RelatorioResumoDto,
  RelatorioTemposDto,
  RelatorioVolumeDto,
} from '@atende/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../lib/auth-store.js';
import { uuid } from '../../../test/fixtures.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../test/render.js';
import { RelatoriosPage, duracao } from './RelatoriosPage.js';

/** In a router: the page links to the churn risk list. */
function renderizar() {
  return renderWithProviders(
    <MemoryRouter>
      <RelatoriosPage />
    </MemoryRouter>,
  );
}

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
    primeiraRespostaComercial: { quantidade: 9, mediaSegundos: 120, minimoSegundos: 30, maximoSegundos: 600 },
    proximaRespostaComercial: vazioTempo,
    resolucaoComercial: { quantidade: 9, mediaSegundos: 1800, minimoSegundos: 300, maximoSegundos: 3600 },
    esperaNaFilaComercial: vazioTempo,
    expedienteConfigurado: true,
    csat: { respostas: 4, media: 4.5, satisfeitosPct: 75, taxaRespostaPct: 44.4 },
    sentimento: {
      analisadas: 10,
      positivas: 6,
      neutras: 2,
      negativas: 2,
      scoreMedio: 0.3,
      positivasPct: 60,
      negativasPct: 20,
    },
    slaCumprimentoPct: 88.9,
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
    {
      dia: '2026-03-01',
      primeiraRespostaMediaSegundos: 300,
      proximaRespostaMediaSegundos: null,
      resolucaoMediaSegundos: 3600,
      primeiraRespostaComercialMediaSegundos: 120,
      proximaRespostaComercialMediaSegundos: null,
      resolucaoComercialMediaSegundos: 1800,
    },
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
      esperaNaFilaComercial: vazioTempo,
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
      primeiraRespostaComercial: { quantidade: 9, mediaSegundos: 120, minimoSegundos: 30, maximoSegundos: 600 },
      resolucaoComercial: vazioTempo,
      csatMedia: 4.5,
      csatRespostas: 4,
    },
  ],
};

function recalculo(overrides: Partial<RecalculoRelatoriosDto>): RecalculoRelatoriosDto {
  return {
    id: uuid(9),
    estado: 'pendente',
    de: '2025-12-01',
    ate: '2026-03-08',
    dias: 98,
    diasConcluidos: 0,
    tickets: 0,
    eventos: 0,
    linhas: 0,
    duracaoMs: null,
    erro: null,
    criadoEm: '2026-03-08T09:59:00.000Z',
    concluidoEm: null,
    ...overrides,
  };
}

const fetchMock = vi.fn<typeof globalThis.fetch>();
let resumo: RelatorioResumoDto = resumoFixture();
let consultasDoRecalculo = 0;

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
  if (url === '/api/atendimento/relatorios/recalcular') return jsonResponse(202, recalculo({ estado: 'pendente', diasConcluidos: 0 }));
  if (url === `/api/atendimento/relatorios/recalcular/${uuid(9)}`) {
    consultasDoRecalculo += 1;
    // Half-way on the first poll, finished on the next one.
    return jsonResponse(
      200,
      consultasDoRecalculo === 1
        ? recalculo({ estado: 'executando', diasConcluidos: 49 })
        : recalculo({ estado: 'concluido', diasConcluidos: 98, duracaoMs: 1200, concluidoEm: '2026-03-08T10:00:00.000Z' }),
    );
  }
  return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: `sem rota: ${url}` });
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  resumo = resumoFixture();
  consultasDoRecalculo = 0;
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
    renderizar();
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
    renderizar();
    expect(await screen.findByText('Nenhum atendimento neste período')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Volume por dia' })).not.toBeInTheDocument();
  });

  it('exports the chosen report as CSV with the same period', async () => {
    const criarUrl = vi.fn(() => 'blob:relatorio');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: criarUrl, revokeObjectURL: vi.fn() }));
    renderizar();
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
    renderizar();
    expect(await screen.findByText('ate: o período pode ter no máximo 366 dias')).toBeInTheDocument();
  });

  it('switches the time figures to business hours, and shows SLA and sentiment', async () => {
    renderizar();
    expect(await screen.findByTestId('indicador-1ª resposta (média)')).toHaveTextContent('7 min');
    expect(screen.getByTestId('resumo-extra')).toHaveTextContent('SLA cumprido: 88.9% · Sentimento: 60% positivas, 20% negativas (10 mensagens)');
    fireEvent.click(screen.getByRole('radio', { name: 'Horas comerciais' }));
    expect(screen.getByTestId('indicador-1ª resposta (média)')).toHaveTextContent('2 min');
    expect(screen.getByTestId('indicador-Resolução (média)')).toHaveTextContent('30 min');
    expect(screen.getByRole('region', { name: 'Tempos médios em horas comerciais (minutos)' })).toBeInTheDocument();
    const carga = screen.getByRole('region', { name: 'Carga dos atendentes' });
    expect(within(carga).getByText('2 min')).toBeInTheDocument();
    expect(screen.queryByText(/Nenhum expediente configurado/)).not.toBeInTheDocument();
  });

  it('warns when business hours are chosen without an expediente', async () => {
    resumo = resumoFixture({ expedienteConfigurado: false, primeiraRespostaComercial: vazioTempo });
    renderizar();
    await screen.findByTestId('indicador-Recebidos');
    fireEvent.click(screen.getByRole('radio', { name: 'Horas comerciais' }));
    expect(screen.getByText(/Nenhum expediente configurado/)).toBeInTheDocument();
    expect(screen.getByTestId('indicador-1ª resposta (média)')).toHaveTextContent('—');
  });

  it('recomputes a long period with a progress bar until the job ends, then reloads the reports', async () => {
    renderizar();
    await screen.findByTestId('indicador-Recebidos');
    const antes = fetchMock.mock.calls.filter(([u]) => String(u).includes('/resumo?')).length;
    fireEvent.click(screen.getByRole('button', { name: 'Recalcular' }));

    expect(await screen.findByRole('progressbar', { name: '49 de 98 dias' }, { timeout: 3000 })).toBeInTheDocument();
    expect(await screen.findByText('Relatórios recalculados (98 dias).', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.queryByTestId('recalculo-progresso')).not.toBeInTheDocument();
    const post = fetchMock.mock.calls.find(([u, init]) => String(u) === '/api/atendimento/relatorios/recalcular' && init?.method === 'POST');
    const corpo = JSON.parse(String(post?.[1]?.body)) as { de: string; ate: string };
    expect(corpo.ate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await waitFor(() => expect(fetchMock.mock.calls.filter(([u]) => String(u).includes('/resumo?')).length).toBeGreaterThan(antes));
  });

  it('formats durations', () => {
    expect([duracao(null), duracao(45), duracao(720), duracao(3900)]).toEqual(['—', '45 s', '12 min', '1 h 05 min']);
  });
});
