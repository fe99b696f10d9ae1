import type { AtendenteDto, TicketDto } from '@atende/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { ultimoSocket } from '../../../../test/fake-socket.js';
import { AGORA, ticketFixture, uuid } from '../../../../test/fixtures.js';
import { jsonResponse, renderRoutes, resetNotifications, sessionFixture, usuarioFixture } from '../../../../test/render.js';
import { useRealtimeSync } from '../../hooks/useRealtimeSync.js';
import { TicketListaPane } from './TicketListaPane.js';

const SUPORTE = { id: uuid(9101), nome: 'Suporte', cor: '#0ca678' };
const FINANCEIRO = { id: uuid(9102), nome: 'Financeiro', cor: '#7048e8' };
const VIP = { id: uuid(9201), nome: 'VIP', cor: '#e64980' };
const ANA: AtendenteDto = {
  id: uuid(9301),
  usuarioId: usuarioFixture.id,
  nome: 'Maria Souza',
  email: usuarioFixture.email,
  maxTicketsSimultaneos: 5,
  status: 'online',
  statusEm: AGORA,
  ultimoAtendimentoEm: null,
  ativo: true,
  ticketsAbertos: 1,
  filas: [],
  criadoEm: AGORA,
  atualizadoEm: AGORA,
};

function filaFixture(fila: typeof SUPORTE) {
  return {
    ...fila,
    descricao: null,
    estrategia: 'manual',
    ordem: 0,
    mensagemSaudacao: null,
    mensagemPosicao: null,
    devolverAoFicarOffline: false,
    carenciaOfflineSegundos: 0,
    fidelizacaoJanelaMinutos: null,
    slaPoliticaId: null,
    expedienteId: null,
    ativo: true,
    totalAtendentes: 1,
    criadoEm: AGORA,
    atualizadoEm: AGORA,
  };
}

const fetchMock = vi.fn<typeof globalThis.fetch>();
let tickets: TicketDto[] = [];

/** The query string of every GET /api/atendimento/tickets made so far. */
function consultasDeTickets(): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([url]) => String(url))
    .filter((url) => url.startsWith('/api/atendimento/tickets?'))
    .map((url) => new URL(url, 'http://localhost').searchParams);
}

function ultimaConsulta(): URLSearchParams {
  const todas = consultasDeTickets();
  return todas[todas.length - 1]!;
}

function ListaComTempoReal() {
  useRealtimeSync();
  return <TicketListaPane ticketSelecionadoId={null} />;
}

function renderLista() {
  return renderRoutes([{ path: '/atendimento', element: <ListaComTempoReal /> }], '/atendimento');
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  tickets = [
    ticketFixture({
      id: uuid(1),
      codigo: '#7',
      naoLidas: 3,
      contato: { id: uuid(11), nome: 'Carla Dias', telefone: '+5511999990001', email: null, avatarUrl: null },
      ultimaMensagem: { id: uuid(21), resumo: 'Quero cancelar o plano', em: AGORA, direcao: 'recebida', tipo: 'texto', status: 'recebida' },
      ultimaMensagemClienteEm: new Date(Date.now() - 12 * 60_000).toISOString(),
      ultimaAtividadeEm: new Date(Date.now() - 12 * 60_000).toISOString(),
      atendente: { id: ANA.id, nome: ANA.nome, usuarioId: ANA.usuarioId },
      status: 'em_atendimento',
      tags: [VIP],
    }),
  ];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith('/api/atendimento/tickets?')) return jsonResponse(200, { items: tickets, nextCursor: null });
    if (url.startsWith('/api/atendimento/atendentes/me')) return jsonResponse(200, ANA);
    if (url.startsWith('/api/atendimento/atendentes?')) return jsonResponse(200, { items: [ANA], nextCursor: null });
    if (url.startsWith('/api/atendimento/filas?')) return jsonResponse(200, { items: [filaFixture(SUPORTE), filaFixture(FINANCEIRO)], nextCursor: null });
    if (url.startsWith('/api/atendimento/tags?')) return jsonResponse(200, { items: [{ ...VIP, descricao: null, criadoEm: AGORA, atualizadoEm: AGORA }], nextCursor: null });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: `sem rota: ${url}` });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('TicketListaPane', () => {
  it('shows each ticket with unread badge, channel, contact, preview, waiting time and tags', async () => {
    renderLista();

    const link = await screen.findByRole('link', { name: /Carla Dias/ });
    expect(within(link).getByLabelText('3 mensagens não lidas')).toHaveTextContent('3');
    expect(within(link).getByRole('img', { name: 'WhatsApp' })).toBeInTheDocument();
    expect(within(link).getByText('Quero cancelar o plano')).toBeInTheDocument();
    expect(within(link).getByLabelText('Cliente aguardando há 12 min')).toBeInTheDocument();
    expect(within(link).getByText('VIP')).toBeInTheDocument();
    expect(link).toHaveAttribute('href', `/atendimento/tickets/${uuid(1)}`);
  });

  it("asks for the agent's own open tickets on Meus, and unassigned ones on Fila", async () => {
    const user = userEvent.setup();
    renderLista();
    await screen.findByRole('link', { name: /Carla Dias/ });

    expect(screen.getByRole('tab', { name: 'Meus', selected: true })).toBeInTheDocument();
    expect(ultimaConsulta().get('atendenteId')).toBe('eu');
    expect(ultimaConsulta().get('status')).toBe('aberto,em_atendimento,pendente');

    await user.click(screen.getByRole('tab', { name: 'Fila' }));
    await waitFor(() => expect(ultimaConsulta().get('atendenteId')).toBe('nenhum'));
    expect(ultimaConsulta().get('status')).toBe('aberto');

    await user.click(screen.getByRole('tab', { name: 'Resolvidos' }));
    await waitFor(() => expect(ultimaConsulta().get('status')).toBe('resolvido,fechado'));
    expect(ultimaConsulta().get('atendenteId')).toBeNull();
  });

  it('filters by fila, tag and status, shows how many are set, and clears them', async () => {
    const user = userEvent.setup();
    renderLista();
    await screen.findByRole('link', { name: /Carla Dias/ });
    await user.click(screen.getByRole('tab', { name: 'Todos' }));

    await user.click(screen.getByRole('button', { name: 'Filtros' }));
    await user.click(await screen.findByRole('combobox', { name: 'Fila' }));
    await user.click(await screen.findByRole('option', { name: 'Financeiro' }));
    await waitFor(() => expect(ultimaConsulta().get('filaId')).toBe(FINANCEIRO.id));

    await user.click(screen.getByRole('combobox', { name: 'Tags' }));
    await user.click(await screen.findByRole('option', { name: 'VIP' }));
    await waitFor(() => expect(ultimaConsulta().get('tag')).toBe(VIP.id));

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Aguardando cliente' }));
    await waitFor(() => expect(ultimaConsulta().get('status')).toBe('pendente'));
    expect(screen.getByRole('button', { name: 'Filtros (3 ativos)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    // The unfiltered list was already loaded: it comes back from the cache.
    expect(await screen.findByRole('button', { name: 'Filtros' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Fila' })).toHaveValue('');
    expect(await screen.findByRole('link', { name: /Carla Dias/ })).toBeInTheDocument();
  });

  it('searches the conversations (full text) after a pause in typing', async () => {
    const user = userEvent.setup();
    renderLista();
    await screen.findByRole('link', { name: /Carla Dias/ });

    tickets = [];
    await user.type(screen.getByRole('searchbox', { name: 'Buscar nas conversas ou #número' }), 'boleto vencido');

    await waitFor(() => expect(ultimaConsulta().get('q')).toBe('boleto vencido'));
    expect(consultasDeTickets().filter((q) => q.get('q') !== null)).toHaveLength(1);
    expect(await screen.findByText('Nenhum ticket com esses filtros')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    expect(screen.getByRole('searchbox', { name: 'Buscar nas conversas ou #número' })).toHaveValue('');
    // Back to the unfiltered list, straight from the cache.
    expect(await screen.findByRole('link', { name: /Carla Dias/ })).toBeInTheDocument();
  });

  it('adds a new ticket from a real-time event without reloading, and drops one transferred away', async () => {
    const user = userEvent.setup();
    renderLista();
    await screen.findByRole('link', { name: /Carla Dias/ });
    await user.click(screen.getByRole('tab', { name: 'Fila' }));
    await waitFor(() => expect(ultimaConsulta().get('atendenteId')).toBe('nenhum'));
    const pedidos = consultasDeTickets().length;

    const novo = ticketFixture({
      id: uuid(3),
      contato: { id: uuid(13), nome: 'Helena Mota', telefone: null, email: null, avatarUrl: null },
      ultimaAtividadeEm: new Date().toISOString(),
    });
    act(() => ultimoSocket().servidorEmite('ticket:novo', { ticket: novo, cursor: 'c1' }));
    expect(await screen.findByRole('link', { name: /Helena Mota/ })).toBeInTheDocument();

    act(() =>
      ultimoSocket().servidorEmite('ticket:atualizado', {
        ticket: { ...novo, fila: FINANCEIRO, atendente: { id: uuid(9302), nome: 'Bruno', usuarioId: uuid(9303) }, status: 'em_atendimento' },
        mudancas: ['atendente'],
        filaAnteriorId: SUPORTE.id,
        atendenteAnteriorId: null,
        cursor: 'c2',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('link', { name: /Helena Mota/ })).not.toBeInTheDocument());
    expect(consultasDeTickets()).toHaveLength(pedidos);
  });

  it('moves a conversation to the top and counts unread when a new message arrives', async () => {
    tickets = [
      ...tickets,
      ticketFixture({
        id: uuid(4),
        contato: { id: uuid(14), nome: 'Elisa Prado', telefone: null, email: null, avatarUrl: null },
        atendente: { id: ANA.id, nome: ANA.nome, usuarioId: ANA.usuarioId },
        status: 'em_atendimento',
        ultimaAtividadeEm: new Date(Date.now() - 60 * 60_000).toISOString(),
      }),
    ];
    renderLista();
    const itens = await screen.findAllByRole('link', { name: /Carla Dias|Elisa Prado/ });
    expect(itens.map((item) => item.textContent)).toEqual([expect.stringContaining('Carla'), expect.stringContaining('Elisa')]);

    act(() =>
      ultimoSocket().servidorEmite('mensagem:nova', {
        mensagem: {
          id: uuid(31),
          ticketId: uuid(4),
          contatoId: uuid(14),
          canalId: null,
          direcao: 'recebida',
          privada: false,
          tipo: 'texto',
          conteudo: 'Alguém aí?',
          payload: {},
          externalId: 'wamid.x',
          status: 'recebida',
          erro: null,
          remetente: { usuarioId: null, atendenteId: null, nome: null, bot: false },
          respondeA: null,
          respondeAExternalId: null,
          templateId: null,
          anexos: [],
          reacoes: [],
          transcricao: null,
          transcricaoStatus: null,
          provedorEm: null,
          enviadaEm: null,
          entregueEm: null,
          lidaEm: null,
          editadaEm: null,
          removidaEm: null,
          criadoEm: new Date().toISOString(),
        },
        cursor: 'c3',
      }),
    );

    await waitFor(() => {
      const ordem = screen.getAllByRole('link', { name: /Carla Dias|Elisa Prado/ });
      expect(ordem[0]).toHaveTextContent('Alguém aí?');
    });
    expect(screen.getByLabelText('1 mensagem não lida')).toBeInTheDocument();
  });
});
