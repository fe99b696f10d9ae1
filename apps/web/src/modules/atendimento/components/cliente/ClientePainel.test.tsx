import type { ContatoDetalheDto } from '@atende/shared';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { ticketFixture } from '../../../../test/fixtures.js';
import { jsonResponse, renderRoutes, sessionFixture } from '../../../../test/render.js';
import { ClientePainel } from './ClientePainel.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();
const ticket = ticketFixture();

function contato(churn: ContatoDetalheDto['churn']): ContatoDetalheDto {
  return {
    id: ticket.contato.id,
    nome: 'Carla Dias',
    telefone: '+5511999990001',
    email: null,
    avatarUrl: null,
    campos: {},
    observacoes: null,
    bloqueado: false,
    bloqueadoEm: null,
    mescladoParaId: null,
    mescladoEm: null,
    tags: [],
    criadoEm: '2026-11-01T10:00:00.000Z',
    atualizadoEm: '2026-11-01T10:00:00.000Z',
    identidades: [],
    churn,
  };
}

function servir(detalhe: ContatoDetalheDto): void {
  fetchMock.mockImplementation(async (entrada) => {
    const url = String(entrada);
    if (url.includes(`/atendimento/contatos/${ticket.contato.id}/tickets`)) return jsonResponse(200, { items: [], nextCursor: null });
    if (url.includes(`/atendimento/contatos/${ticket.contato.id}`)) return jsonResponse(200, detalhe);
    if (url.includes('/atendimento/tags')) return jsonResponse(200, { items: [], nextCursor: null });
    return jsonResponse(404, { statusCode: 404, code: 'NAO_ENCONTRADO', message: url });
  });
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  useAuthStore.getState().clearSession();
});

describe('ClientePainel: churn risk', () => {
  it('shows the score and each reason with its weight', async () => {
    servir(
      contato({
        score: 75,
        calculadoEm: '2026-11-29T12:00:00.000Z',
        motivos: [
          { sinal: 'intencao_cancelar', peso: 30, descricao: 'pediu para cancelar nos últimos 30 dias' },
          { sinal: 'csat_baixo', peso: 20, descricao: 'avaliou um atendimento com nota 1 de 5' },
        ],
      }),
    );
    renderRoutes([{ path: '/', element: <ClientePainel ticket={ticket} /> }], '/');
    expect(await screen.findByText('Risco de churn')).toBeInTheDocument();
    expect(screen.getByText('75/100')).toBeInTheDocument();
    expect(screen.getByText('Pediu para cancelar')).toBeInTheDocument();
    expect(screen.getByText('+30')).toBeInTheDocument();
    expect(screen.getByText('Avaliação baixa')).toBeInTheDocument();
  });

  it('shows nothing about churn before it was computed', async () => {
    servir(contato(null));
    renderRoutes([{ path: '/', element: <ClientePainel ticket={ticket} /> }], '/');
    expect(await screen.findByText('Canais')).toBeInTheDocument();
    expect(screen.queryByText('Risco de churn')).toBeNull();
  });
});
