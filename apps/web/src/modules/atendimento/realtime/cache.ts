import type { MensagemDto, MensagemPagina, TicketDto } from '@atende/shared';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import { atendimentoKeys } from '../api/query-keys.js';
import type { TicketsInfinitos } from './ticket-em-cache.js';
import { type TicketListaFiltros, atendenteDaAba, statusDaConsulta } from '../api/tickets-api.js';

/**
 * Applying real-time events (and REST answers) to the TanStack Query caches, so lists and conversations
 * change in place without a refetch. Every function is idempotent: an event seen twice (socket + catch-up,
 * or socket + the REST answer of our own action) leaves the same cache.
 */

export type MensagensInfinitas = InfiniteData<MensagemPagina, string | undefined>;

interface Pagina<T> {
  items: T[];
  nextCursor: string | null;
}

/** Newest activity first, as the API orders `ordem=atividade`; the id breaks ties like its keyset does. */
export function compararTickets(a: TicketDto, b: TicketDto): number {
  const diferenca = Date.parse(b.ultimaAtividadeEm) - Date.parse(a.ultimaAtividadeEm);
  return diferenca !== 0 ? diferenca : b.id.localeCompare(a.id);
}

/** Newest first, as GET /tickets/:id/mensagens pages them. */
export function compararMensagens(a: MensagemDto, b: MensagemDto): number {
  const diferenca = Date.parse(b.criadoEm) - Date.parse(a.criadoEm);
  return diferenca !== 0 ? diferenca : b.id.localeCompare(a.id);
}

/**
 * Puts `item` where `comparar` says among loaded pages (replacing the one with its id). An item that sorts
 * after everything loaded while more pages exist is left for the next page fetch to bring.
 */
export function inserirOrdenado<T extends { id: string }, P extends Pagina<T>>(
  pages: P[],
  item: T,
  comparar: (a: T, b: T) => number,
): P[] {
  const semEle = pages.map((page) => (page.items.some((i) => i.id === item.id) ? { ...page, items: page.items.filter((i) => i.id !== item.id) } : page));
  for (let p = 0; p < semEle.length; p++) {
    const page = semEle[p]!;
    const posicao = page.items.findIndex((existente) => comparar(item, existente) < 0);
    if (posicao >= 0) {
      const items = [...page.items];
      items.splice(posicao, 0, item);
      return semEle.map((original, indice) => (indice === p ? { ...page, items } : original));
    }
  }
  const ultima = semEle[semEle.length - 1];
  if (ultima && ultima.nextCursor === null) {
    return semEle.map((page, indice) => (indice === semEle.length - 1 ? { ...page, items: [...page.items, item] } : page));
  }
  return semEle;
}

export function removerDasPaginas<T extends { id: string }, P extends Pagina<T>>(pages: P[], id: string): P[] {
  return pages.map((page) => (page.items.some((i) => i.id === id) ? { ...page, items: page.items.filter((i) => i.id !== id) } : page));
}

function substituirNasPaginas<T extends { id: string }, P extends Pagina<T>>(pages: P[], item: T): P[] {
  return pages.map((page) =>
    page.items.some((i) => i.id === item.id) ? { ...page, items: page.items.map((i) => (i.id === item.id ? item : i)) } : page,
  );
}

export type Correspondencia = 'sim' | 'nao' | 'incerto';

/**
 * Whether a ticket belongs to a list, judged as the API would. Full-text search (`q`) cannot be judged here:
 * such lists are refetched instead.
 */
export function ticketCorresponde(ticket: TicketDto, filtros: TicketListaFiltros, meuAtendenteId: string | null): Correspondencia {
  if (!statusDaConsulta(filtros).includes(ticket.status)) return 'nao';
  const atendente = atendenteDaAba(filtros);
  if (atendente === 'eu') {
    if (meuAtendenteId === null || ticket.atendente?.id !== meuAtendenteId) return 'nao';
  } else if (atendente === 'nenhum') {
    if (ticket.atendente !== null) return 'nao';
  } else if (atendente !== undefined && ticket.atendente?.id !== atendente) {
    return 'nao';
  }
  if (filtros.filaId === 'nenhuma' ? ticket.fila !== null : filtros.filaId !== null && ticket.fila?.id !== filtros.filaId) return 'nao';
  if (filtros.canalId !== null && ticket.canal?.id !== filtros.canalId) return 'nao';
  if (filtros.tagIds.length > 0 && !ticket.tags.some((tag) => filtros.tagIds.includes(tag.id))) return 'nao';
  if (filtros.prioridade.length > 0 && !filtros.prioridade.includes(ticket.prioridade)) return 'nao';
  if (filtros.q.trim() !== '') return 'incerto';
  return 'sim';
}

function filtrosDaChave(chave: QueryKey): TicketListaFiltros | null {
  const filtros = chave[3];
  return typeof filtros === 'object' && filtros !== null && 'aba' in filtros ? (filtros as TicketListaFiltros) : null;
}

/** A new or changed ticket: its detail, and every cached list it now belongs to (or no longer does). */
export function aplicarTicket(queryClient: QueryClient, ticket: TicketDto, meuAtendenteId: string | null): void {
  queryClient.setQueryData<TicketDto>(atendimentoKeys.ticket(ticket.id), ticket);
  for (const [chave, dados] of queryClient.getQueriesData<TicketsInfinitos>({ queryKey: atendimentoKeys.ticketListas() })) {
    const filtros = filtrosDaChave(chave);
    if (!filtros || !dados) continue;
    const correspondencia = ticketCorresponde(ticket, filtros, meuAtendenteId);
    if (correspondencia === 'incerto') {
      void queryClient.invalidateQueries({ queryKey: chave, exact: true });
      continue;
    }
    const pages = correspondencia === 'sim' ? inserirOrdenado(dados.pages, ticket, compararTickets) : removerDasPaginas(dados.pages, ticket.id);
    queryClient.setQueryData<TicketsInfinitos>(chave, { ...dados, pages });
  }
  // The contato's history in the customer panel shows this ticket too.
  const historico = queryClient.getQueryData<TicketsInfinitos>(atendimentoKeys.contatoTickets(ticket.contato.id));
  if (historico) {
    queryClient.setQueryData<TicketsInfinitos>(atendimentoKeys.contatoTickets(ticket.contato.id), {
      ...historico,
      pages: inserirOrdenado(historico.pages, ticket, (a, b) => Date.parse(b.criadoEm) - Date.parse(a.criadoEm)),
    });
  }
}

/** A deleted ticket leaves every list. */
export function removerTicket(queryClient: QueryClient, ticketId: string): void {
  for (const [chave, dados] of queryClient.getQueriesData<TicketsInfinitos>({ queryKey: atendimentoKeys.ticketListas() })) {
    if (dados) queryClient.setQueryData<TicketsInfinitos>(chave, { ...dados, pages: removerDasPaginas(dados.pages, ticketId) });
  }
  queryClient.removeQueries({ queryKey: atendimentoKeys.ticket(ticketId) });
}

/**
 * A new mensagem on a ticket: its preview, activity and unread count as the API would report them on the next
 * fetch. `lidaAgora` when the agent is looking at the conversation (it is marked read right away).
 */
export function ticketComMensagem(ticket: TicketDto, mensagem: MensagemDto, lidaAgora: boolean): TicketDto {
  const anterior = ticket.ultimaMensagem;
  if (mensagem.privada || anterior?.id === mensagem.id || (anterior && Date.parse(mensagem.criadoEm) < Date.parse(anterior.em))) {
    return ticket;
  }
  const recebida = mensagem.direcao === 'recebida';
  return {
    ...ticket,
    ultimaMensagem: {
      id: mensagem.id,
      resumo: mensagem.conteudo,
      em: mensagem.criadoEm,
      direcao: mensagem.direcao,
      tipo: mensagem.tipo,
      status: mensagem.status,
    },
    ultimaAtividadeEm: Date.parse(mensagem.criadoEm) > Date.parse(ticket.ultimaAtividadeEm) ? mensagem.criadoEm : ticket.ultimaAtividadeEm,
    ultimaMensagemClienteEm: recebida ? mensagem.criadoEm : ticket.ultimaMensagemClienteEm,
    naoLidas: recebida && !lidaAgora ? ticket.naoLidas + 1 : recebida ? 0 : ticket.naoLidas,
  };
}

/** Keeps the preview tick of the list in step with the delivery status of the last mensagem. */
function ticketComStatusDaMensagem(ticket: TicketDto, mensagem: MensagemDto): TicketDto {
  if (ticket.ultimaMensagem?.id !== mensagem.id) return ticket;
  return { ...ticket, ultimaMensagem: { ...ticket.ultimaMensagem, status: mensagem.status } };
}

function atualizarTicketEmTodaParte(queryClient: QueryClient, ticketId: string, mudar: (ticket: TicketDto) => TicketDto, reordenar: boolean): void {
  const detalhe = queryClient.getQueryData<TicketDto>(atendimentoKeys.ticket(ticketId));
  if (detalhe) queryClient.setQueryData<TicketDto>(atendimentoKeys.ticket(ticketId), mudar(detalhe));
  for (const [chave, dados] of queryClient.getQueriesData<TicketsInfinitos>({ queryKey: atendimentoKeys.ticketListas() })) {
    const atual = dados?.pages.flatMap((page) => page.items).find((ticket) => ticket.id === ticketId);
    if (!dados || !atual) continue;
    const mudado = mudar(atual);
    if (mudado === atual) continue;
    const pages = reordenar ? inserirOrdenado(dados.pages, mudado, compararTickets) : substituirNasPaginas(dados.pages, mudado);
    queryClient.setQueryData<TicketsInfinitos>(chave, { ...dados, pages });
  }
}

/** Inserts or replaces a mensagem in its conversation (if loaded) and updates the ticket's preview. */
export function aplicarMensagem(queryClient: QueryClient, mensagem: MensagemDto, opcoes: { nova: boolean; lidaAgora: boolean }): void {
  const chave = atendimentoKeys.mensagens(mensagem.ticketId);
  const conversa = queryClient.getQueryData<MensagensInfinitas>(chave);
  const jaTinha = conversa?.pages.some((page) => page.items.some((item) => item.id === mensagem.id)) ?? false;
  if (conversa) {
    const pages = jaTinha ? substituirNasPaginas(conversa.pages, mensagem) : inserirOrdenado(conversa.pages, mensagem, compararMensagens);
    queryClient.setQueryData<MensagensInfinitas>(chave, { ...conversa, pages });
  }
  if (opcoes.nova && !jaTinha) {
    atualizarTicketEmTodaParte(queryClient, mensagem.ticketId, (ticket) => ticketComMensagem(ticket, mensagem, opcoes.lidaAgora), true);
  } else {
    atualizarTicketEmTodaParte(queryClient, mensagem.ticketId, (ticket) => ticketComStatusDaMensagem(ticket, mensagem), false);
  }
}

/** The agent read the conversation: its unread badge goes away everywhere. */
export function zerarNaoLidas(queryClient: QueryClient, ticketId: string): void {
  atualizarTicketEmTodaParte(queryClient, ticketId, (ticket) => (ticket.naoLidas === 0 ? ticket : { ...ticket, naoLidas: 0 }), false);
}
