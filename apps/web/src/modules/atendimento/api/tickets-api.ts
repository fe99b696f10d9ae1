import {
  type AtualizarTicket,
  type TicketDto,
  type TicketPagina,
  type TicketPrioridadeDto,
  type TicketStatusDto,
  type TransferirTicket,
  ticketPaginaSchema,
  ticketSchema,
  ticketTagsSchema,
  type TicketTagsDto,
} from '@atende/shared';
import { api } from '../../../lib/api.js';

/** The inbox tabs: what each one lists is decided here and mirrored by the real-time cache updates. */
export const TICKET_ABAS = ['meus', 'fila', 'todos', 'resolvidos'] as const;
export type TicketAba = (typeof TICKET_ABAS)[number];

/** Statuses each tab shows, and offers in its status filter. */
export const STATUS_DA_ABA: Readonly<Record<TicketAba, readonly TicketStatusDto[]>> = {
  meus: ['aberto', 'em_atendimento', 'pendente'],
  fila: ['aberto'],
  todos: ['aberto', 'em_atendimento', 'pendente'],
  resolvidos: ['resolvido', 'fechado'],
};

/** A ticket list as the inbox asks for it (also the query key, so keep it plain data). */
export interface TicketListaFiltros {
  aba: TicketAba;
  status: TicketStatusDto[];
  filaId: string | null;
  canalId: string | null;
  tagIds: string[];
  /** A uuid, or `nenhum` (unassigned). Ignored by the Meus and Fila tabs, which fix it. */
  atendenteId: string | null;
  prioridade: TicketPrioridadeDto[];
  q: string;
}

export const FILTROS_VAZIOS: Omit<TicketListaFiltros, 'aba'> = {
  status: [],
  filaId: null,
  canalId: null,
  tagIds: [],
  atendenteId: null,
  prioridade: [],
  q: '',
};

/** The `atendenteId` the API gets for a tab: `eu` for Meus, `nenhum` for Fila, the filter otherwise. */
export function atendenteDaAba(filtros: TicketListaFiltros): string | undefined {
  if (filtros.aba === 'meus') return 'eu';
  if (filtros.aba === 'fila') return 'nenhum';
  return filtros.atendenteId ?? undefined;
}

export function statusDaConsulta(filtros: TicketListaFiltros): TicketStatusDto[] {
  const permitidos = STATUS_DA_ABA[filtros.aba];
  const escolhidos = filtros.status.filter((status) => permitidos.includes(status));
  return escolhidos.length > 0 ? escolhidos : [...permitidos];
}

export const TICKETS_POR_PAGINA = 30;

export function listarTickets(filtros: TicketListaFiltros, cursor: string | undefined, signal?: AbortSignal): Promise<TicketPagina> {
  const q = filtros.q.trim();
  return api.get('/atendimento/tickets', {
    schema: ticketPaginaSchema,
    signal,
    query: {
      status: statusDaConsulta(filtros).join(','),
      atendenteId: atendenteDaAba(filtros),
      filaId: filtros.filaId ?? undefined,
      canalId: filtros.canalId ?? undefined,
      tag: filtros.tagIds.length > 0 ? filtros.tagIds.join(',') : undefined,
      prioridade: filtros.prioridade.length > 0 ? filtros.prioridade.join(',') : undefined,
      q: q === '' ? undefined : q,
      limite: TICKETS_POR_PAGINA,
      cursor,
    },
  });
}

export function buscarTicket(id: string, signal?: AbortSignal): Promise<TicketDto> {
  return api.get(`/atendimento/tickets/${id}`, { schema: ticketSchema, signal });
}

export function ticketsDoContato(contatoId: string, cursor: string | undefined, signal?: AbortSignal): Promise<TicketPagina> {
  return api.get(`/atendimento/contatos/${contatoId}/tickets`, {
    schema: ticketPaginaSchema,
    signal,
    query: { limite: 20, cursor },
  });
}

export function atribuirTicket(id: string, atendenteId?: string): Promise<TicketDto> {
  return api.post(`/atendimento/tickets/${id}/atribuir`, atendenteId ? { atendenteId } : {}, { schema: ticketSchema });
}

export function transferirTicket(id: string, body: TransferirTicket): Promise<TicketDto> {
  return api.post(`/atendimento/tickets/${id}/transferir`, body, { schema: ticketSchema });
}

export function resolverTicket(id: string, motivo?: string): Promise<TicketDto> {
  return api.post(`/atendimento/tickets/${id}/resolver`, motivo ? { motivo } : {}, { schema: ticketSchema });
}

export function reabrirTicket(id: string, motivo?: string): Promise<TicketDto> {
  return api.post(`/atendimento/tickets/${id}/reabrir`, motivo ? { motivo } : {}, { schema: ticketSchema });
}

export function alterarStatusTicket(id: string, status: TicketStatusDto): Promise<TicketDto> {
  return api.post(`/atendimento/tickets/${id}/status`, { status }, { schema: ticketSchema });
}

export function atualizarTicket(id: string, body: AtualizarTicket): Promise<TicketDto> {
  return api.patch(`/atendimento/tickets/${id}`, body, { schema: ticketSchema });
}

export function marcarTicketComoLido(id: string): Promise<TicketDto> {
  // Best effort and frequent: a failure here must not toast on every opened conversation.
  return api.post(`/atendimento/tickets/${id}/ler`, undefined, { schema: ticketSchema, silent: true });
}

export function aplicarTagNoTicket(ticketId: string, tagId: string): Promise<TicketTagsDto> {
  return api.post(`/atendimento/tickets/${ticketId}/tags`, { tagId }, { schema: ticketTagsSchema });
}

export function removerTagDoTicket(ticketId: string, tagId: string): Promise<void> {
  return api.delete(`/atendimento/tickets/${ticketId}/tags/${tagId}`);
}
