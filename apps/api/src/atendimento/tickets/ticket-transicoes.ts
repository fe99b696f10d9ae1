import type { TicketStatus } from './ticket.entity.js';

/**
 * The ticket status machine (DESIGN.md, "Ticket statuses"), as the one table every change is checked against:
 *
 * - aberto → em_atendimento (atribuir) | resolvido (resolved straight from the fila: spam, duplicate)
 * - em_atendimento → pendente (aguardar cliente) | aberto (back to a fila: transferir, devolver) | resolvido
 * - pendente → em_atendimento (the customer answers, or the agent resumes) | aberto | resolvido
 * - resolvido → aberto | em_atendimento (reabrir: an agent, or a customer mensagem within the reopen window)
 *   | fechado (fechar)
 * - fechado: final. A later conversation opens a new ticket (`origemTicketId` points back).
 */
export const TRANSICOES_TICKET: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  aberto: ['em_atendimento', 'resolvido'],
  em_atendimento: ['pendente', 'aberto', 'resolvido'],
  pendente: ['em_atendimento', 'aberto', 'resolvido'],
  resolvido: ['aberto', 'em_atendimento', 'fechado'],
  fechado: [],
};

export function transicaoPermitida(de: TicketStatus, para: TicketStatus): boolean {
  return TRANSICOES_TICKET[de].includes(para);
}

/** Why a status changed, kept in the event row's `dados.acao` for reports. */
export type AcaoStatus =
  | 'atribuir'
  | 'aguardar_cliente'
  | 'retomar'
  | 'cliente_respondeu'
  | 'devolver_a_fila'
  | 'transferir'
  | 'resolver'
  | 'reabrir'
  | 'fechar';
