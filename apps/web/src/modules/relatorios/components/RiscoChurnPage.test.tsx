import type { ContatoRiscoChurnDto, RiscoChurnPagina } from '@atende/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../lib/auth-store.js';
import { uuid } from '../../../test/fixtures.js';
import { jsonResponse, renderRoutes, resetNotifications, sessionFixture, usuarioFixture } from '../../../test/render.js';
import { RiscoChurnPage } from './RiscoChurnPage.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();
const CAMINHO = '/atendimento/relatorios/risco-churn';

function item(overrides: Partial<ContatoRiscoChurnDto> = {}): ContatoRiscoChurnDto {
  return {
    contatoId: uuid(),
    nome: 'Marina Souza',
    score: 82,
    motivos: [
      { sinal: 'intencao_cancelar', peso: 30, descricao: 'pediu para cancelar nos últimos 30 dias' },
      { sinal: 'csat_baixo', peso: 20, descricao: 'avaliou um atendimento com nota 2 de 5' },
    ],
    calculadoEm: '2026-11-29T14:00:00.000Z',
    ultimoTicket: { id: uuid(501), numero: 42, status: 'aberto' },
    ...overrides,
  };
}

function pagina(items: ContatoRiscoChurnDto[], nextCursor: string | null = null, minimo = 70): RiscoChurnPagina {
  return { items, nextCursor, minimo };
}

/** Answers for GET …/risco-churn, in order; the last one repeats. */
let respostas: Response[];
const pedidos = () =>
  fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith('/api/atendimento/contatos/risco-churn'));

function renderizar() {
  return renderRoutes(
    [
      { path: CAMINHO, element: <RiscoChurnPage /> },
      { path: '/atendimento/tickets/:ticketId', element: <p>Ticket aberto</p> },
      { path: '/atendimento/configuracoes/ia', element: <p>Configurações de IA</p> },
      { path: '/atendimento/relatorios', element: <p>Relatórios</p> },
    ],
    CAMINHO,
  );
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  respostas = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith('/api/atendimento/contatos/risco-churn')) {
      const resposta = respostas.length > 1 ? respostas.shift()! : respostas[0]!.clone();
      return resposta;
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

describe('RiscoChurnPage', () => {
  it('lists the contatos at risk with score, reasons and a link that opens the latest ticket', async () => {
    respostas.push(jsonResponse(200, pagina([item(), item({ nome: null, score: 70, motivos: [], ultimoTicket: null })])));
    const user = userEvent.setup();
    renderizar();

    const linhas = await screen.findAllByRole('row');
    expect(linhas).toHaveLength(3);
    const marina = within(linhas[1]!);
    expect(marina.getByText('Marina Souza')).toBeInTheDocument();
    expect(marina.getByText('82/100')).toBeInTheDocument();
    expect(marina.getByRole('progressbar', { name: 'Risco de churn de Marina Souza: 82 de 100' })).toHaveAttribute(
      'aria-valuenow',
      '82',
    );
    expect(marina.getByText('Pediu para cancelar')).toBeInTheDocument();
    expect(marina.getByText('avaliou um atendimento com nota 2 de 5')).toBeInTheDocument();
    const semNome = within(linhas[2]!);
    expect(semNome.getByText('Contato sem nome')).toBeInTheDocument();
    expect(semNome.getByText('Sem tickets')).toBeInTheDocument();
    expect(semNome.getByText('Sem sinais de risco')).toBeInTheDocument();
    expect(screen.getByText('Em branco: o limiar de alerta da empresa (70).')).toBeInTheDocument();
    expect(pedidos()).toEqual(['/api/atendimento/contatos/risco-churn?limite=50']);

    const abrir = marina.getByRole('link', { name: 'Abrir o ticket #42 de Marina Souza' });
    expect(abrir).toHaveAttribute('href', `/atendimento/tickets/${uuid(501)}`);
    await user.click(abrir);
    expect(await screen.findByText('Ticket aberto')).toBeInTheDocument();
  });

  it('asks again with the minimum typed, and pages with the cursor', async () => {
    respostas.push(
      jsonResponse(200, pagina([item()])),
      jsonResponse(200, pagina([item({ nome: 'Paulo Lima', score: 55 })], 'cursor-1', 50)),
      jsonResponse(200, pagina([item({ nome: 'Rita Alves', score: 51 })], null, 50)),
    );
    const user = userEvent.setup();
    renderizar();
    await screen.findByText('Marina Souza');

    await user.type(screen.getByRole('textbox', { name: 'Pontuação mínima' }), '50');
    expect(await screen.findByText('Paulo Lima')).toBeInTheDocument();
    expect(pedidos()).toContain('/api/atendimento/contatos/risco-churn?minimo=50&limite=50');

    await user.click(screen.getByRole('button', { name: 'Carregar mais' }));
    expect(await screen.findByText('Rita Alves')).toBeInTheDocument();
    expect(screen.getByText('Paulo Lima')).toBeInTheDocument();
    expect(pedidos().at(-1)).toBe('/api/atendimento/contatos/risco-churn?minimo=50&cursor=cursor-1&limite=50');
    expect(screen.queryByRole('button', { name: 'Carregar mais' })).not.toBeInTheDocument();
  });

  it('says when nobody is at risk and how to see lower risks', async () => {
    respostas.push(jsonResponse(200, pagina([])));
    renderizar();
    expect(await screen.findByText('Nenhum contato em risco')).toBeInTheDocument();
    expect(screen.getByText(/Nenhum contato tem pontuação 70 ou mais\. Baixe a pontuação mínima/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('on an error, says so and retries on request', async () => {
    respostas.push(
      jsonResponse(500, { statusCode: 500, error: 'Internal Server Error', message: 'falhou' }),
      jsonResponse(200, pagina([item()])),
    );
    const user = userEvent.setup();
    renderizar();
    expect(await screen.findByText('Não foi possível carregar a lista')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByText('Marina Souza')).toBeInTheDocument();
    expect(pedidos()).toHaveLength(2);
  });

  it('tells an admin where to turn the feature on when it is off', async () => {
    useAuthStore.getState().setSession({ ...sessionFixture('2'), usuario: { ...usuarioFixture, papel: 'admin' } });
    respostas.push(
      jsonResponse(409, {
        statusCode: 409,
        error: 'Conflict',
        code: 'IA_RECURSO_DESLIGADO',
        message: 'O recurso de IA "churn" está desligado',
      }),
    );
    const user = userEvent.setup();
    renderizar();
    expect(await screen.findByText('O risco de churn está desligado')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Abrir configurações de IA' }));
    expect(await screen.findByText('Configurações de IA')).toBeInTheDocument();
  });

  it('tells a supervisor to ask an admin when the feature is off, and an atendente that the list is restricted', async () => {
    respostas.push(jsonResponse(409, { statusCode: 409, error: 'Conflict', code: 'IA_RECURSO_DESLIGADO', message: 'desligado' }));
    const { unmount } = renderizar();
    expect(await screen.findByText(/Peça a um administrador para ligar/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Abrir configurações de IA' })).not.toBeInTheDocument();
    unmount();

    respostas = [jsonResponse(403, { statusCode: 403, error: 'Forbidden', message: 'Sem permissão' })];
    renderizar();
    expect(await screen.findByText(/Só supervisores e administradores veem o risco de churn/)).toBeInTheDocument();
  });
});
