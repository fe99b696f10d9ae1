import type { TicketListaFiltros } from './tickets-api.js';

/** Every query of the agent workspace, under one root so a logout or a long outage can drop them together. */
export const atendimentoKeys = {
  all: ['atendimento'] as const,
  tickets: () => ['atendimento', 'tickets'] as const,
  ticketListas: () => ['atendimento', 'tickets', 'lista'] as const,
  ticketLista: (filtros: TicketListaFiltros) => ['atendimento', 'tickets', 'lista', filtros] as const,
  ticket: (id: string) => ['atendimento', 'tickets', 'detalhe', id] as const,
  mensagens: (ticketId: string) => ['atendimento', 'mensagens', ticketId] as const,
  contato: (id: string) => ['atendimento', 'contatos', id] as const,
  contatoTickets: (id: string) => ['atendimento', 'contatos', id, 'tickets'] as const,
  filas: () => ['atendimento', 'filas'] as const,
  fila: (id: string) => ['atendimento', 'filas', id] as const,
  atendentes: () => ['atendimento', 'atendentes'] as const,
  meuAtendente: () => ['atendimento', 'atendentes', 'me'] as const,
  tags: () => ['atendimento', 'tags'] as const,
  templates: () => ['atendimento', 'templates'] as const,
  templateBusca: (busca: { atalho?: string; q?: string; canalId?: string }) => ['atendimento', 'templates', 'busca', busca] as const,
  canais: () => ['atendimento', 'canais'] as const,
  canalSaude: (id: string) => ['atendimento', 'canais', id, 'status'] as const,
  usuarios: () => ['atendimento', 'usuarios'] as const,
};
