import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { mensagemFixture, ticketFixture, uuid } from '../../../test/fixtures.js';
import { atendimentoKeys } from '../api/query-keys.js';
import { FILTROS_VAZIOS, type TicketListaFiltros } from '../api/tickets-api.js';
import {
  type MensagensInfinitas,
  aplicarMensagem,
  aplicarTicket,
  inserirOrdenado,
  compararTickets,
  removerTicket,
  ticketCorresponde,
} from './cache.js';
import type { TicketsInfinitos } from './ticket-em-cache.js';

const EU = uuid(800);
const filtros = (over: Partial<TicketListaFiltros>): TicketListaFiltros => ({ aba: 'todos', ...FILTROS_VAZIOS, ...over });
const em = (minutos: number) => new Date(Date.UTC(2026, 10, 29, 15, minutos)).toISOString();

describe('ticketCorresponde', () => {
  it('follows each tab and filter as the API does', () => {
    const meu = ticketFixture({ status: 'em_atendimento', atendente: { id: EU, nome: 'Eu', usuarioId: uuid() } });
    const naFila = ticketFixture({ status: 'aberto', atendente: null });
    expect(ticketCorresponde(meu, filtros({ aba: 'meus' }), EU)).toBe('sim');
    expect(ticketCorresponde(naFila, filtros({ aba: 'meus' }), EU)).toBe('nao');
    expect(ticketCorresponde(naFila, filtros({ aba: 'fila' }), EU)).toBe('sim');
    expect(ticketCorresponde(meu, filtros({ aba: 'fila' }), EU)).toBe('nao');
    expect(ticketCorresponde({ ...meu, status: 'resolvido' }, filtros({ aba: 'resolvidos' }), EU)).toBe('sim');
    expect(ticketCorresponde(meu, filtros({ filaId: uuid() }), EU)).toBe('nao');
    expect(ticketCorresponde(meu, filtros({ tagIds: [uuid()] }), EU)).toBe('nao');
    expect(ticketCorresponde(meu, filtros({ prioridade: ['urgente'] }), EU)).toBe('nao');
    expect(ticketCorresponde(meu, filtros({ status: ['pendente'] }), EU)).toBe('nao');
    // Full-text search cannot be judged locally.
    expect(ticketCorresponde(meu, filtros({ q: 'boleto' }), EU)).toBe('incerto');
  });
});

describe('inserirOrdenado', () => {
  it('places by activity, replaces by id, and leaves to paging what sorts past the loaded pages', () => {
    const a = ticketFixture({ id: uuid(1), ultimaAtividadeEm: em(30) });
    const b = ticketFixture({ id: uuid(2), ultimaAtividadeEm: em(20) });
    const pages = [{ items: [a, b], nextCursor: 'mais' }];
    const novo = ticketFixture({ id: uuid(3), ultimaAtividadeEm: em(40) });
    expect(inserirOrdenado(pages, novo, compararTickets)[0]!.items.map((t) => t.id)).toEqual([uuid(3), uuid(1), uuid(2)]);
    const bAtivo = { ...b, ultimaAtividadeEm: em(50) };
    expect(inserirOrdenado(pages, bAtivo, compararTickets)[0]!.items.map((t) => t.id)).toEqual([uuid(2), uuid(1)]);
    const antigo = ticketFixture({ id: uuid(4), ultimaAtividadeEm: em(1) });
    expect(inserirOrdenado(pages, antigo, compararTickets)[0]!.items).toHaveLength(2);
    expect(inserirOrdenado([{ items: [a, b], nextCursor: null }], antigo, compararTickets)[0]!.items.map((t) => t.id)).toEqual([uuid(1), uuid(2), uuid(4)]);
  });
});

describe('applying events to the caches', () => {
  function clienteComListas() {
    const queryClient = new QueryClient();
    const fila = filtros({ aba: 'fila' });
    const meus = filtros({ aba: 'meus' });
    const ticket = ticketFixture({ id: uuid(10), status: 'aberto', ultimaAtividadeEm: em(10) });
    queryClient.setQueryData<TicketsInfinitos>(atendimentoKeys.ticketLista(fila), { pages: [{ items: [ticket], nextCursor: null }], pageParams: [undefined] });
    queryClient.setQueryData<TicketsInfinitos>(atendimentoKeys.ticketLista(meus), { pages: [{ items: [], nextCursor: null }], pageParams: [undefined] });
    const itens = (f: TicketListaFiltros) => queryClient.getQueryData<TicketsInfinitos>(atendimentoKeys.ticketLista(f))!.pages[0]!.items;
    return { queryClient, ticket, itens, fila, meus };
  }

  it('moves a ticket from Fila to Meus when it is assigned to me', () => {
    const { queryClient, ticket, itens, fila, meus } = clienteComListas();
    aplicarTicket(queryClient, { ...ticket, status: 'em_atendimento', atendente: { id: EU, nome: 'Eu', usuarioId: uuid() } }, EU);
    expect(itens(fila)).toHaveLength(0);
    expect(itens(meus).map((t) => t.id)).toEqual([ticket.id]);
    expect(queryClient.getQueryData(atendimentoKeys.ticket(ticket.id))).toMatchObject({ status: 'em_atendimento' });
  });

  it('removes a deleted ticket everywhere', () => {
    const { queryClient, ticket, itens, fila } = clienteComListas();
    removerTicket(queryClient, ticket.id);
    expect(itens(fila)).toHaveLength(0);
  });

  it('adds a new mensagem once (socket echo of our own send included) and updates preview and unread', () => {
    const { queryClient, ticket, itens, fila } = clienteComListas();
    const conversa: MensagensInfinitas = { pages: [{ items: [], nextCursor: null }], pageParams: [undefined] };
    queryClient.setQueryData(atendimentoKeys.mensagens(ticket.id), conversa);
    const recebida = mensagemFixture({ id: uuid(20), ticketId: ticket.id, conteudo: 'Oi de novo', criadoEm: em(30) });

    aplicarMensagem(queryClient, recebida, { nova: true, lidaAgora: false });
    aplicarMensagem(queryClient, recebida, { nova: true, lidaAgora: false });

    const mensagens = queryClient.getQueryData<MensagensInfinitas>(atendimentoKeys.mensagens(ticket.id))!.pages[0]!.items;
    expect(mensagens.map((m) => m.id)).toEqual([recebida.id]);
    expect(itens(fila)[0]).toMatchObject({ naoLidas: 1, ultimaAtividadeEm: em(30), ultimaMensagem: { resumo: 'Oi de novo', direcao: 'recebida' } });

    aplicarMensagem(queryClient, { ...recebida, status: 'recebida', lidaEm: em(31) }, { nova: false, lidaAgora: false });
    expect(itens(fila)[0]!.naoLidas).toBe(1);
  });

  it('updates delivery ticks in place and keeps private notes out of the preview', () => {
    const { queryClient, ticket, itens, fila } = clienteComListas();
    const enviada = mensagemFixture({ id: uuid(21), ticketId: ticket.id, direcao: 'enviada', status: 'enviada', conteudo: 'Resolvido!', criadoEm: em(40) });
    queryClient.setQueryData<MensagensInfinitas>(atendimentoKeys.mensagens(ticket.id), { pages: [{ items: [], nextCursor: null }], pageParams: [undefined] });
    aplicarMensagem(queryClient, enviada, { nova: true, lidaAgora: true });

    aplicarMensagem(queryClient, { ...enviada, status: 'lida' }, { nova: false, lidaAgora: false });
    expect(queryClient.getQueryData<MensagensInfinitas>(atendimentoKeys.mensagens(ticket.id))!.pages[0]!.items[0]!.status).toBe('lida');

    const nota = mensagemFixture({ id: uuid(22), ticketId: ticket.id, direcao: 'enviada', privada: true, conteudo: 'interno', criadoEm: em(50) });
    aplicarMensagem(queryClient, nota, { nova: true, lidaAgora: true });
    expect(itens(fila)[0]!.ultimaMensagem?.resumo).toBe('Resolvido!');
  });
});
