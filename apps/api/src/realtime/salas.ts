/**
 * Room names. Ids are uuids, unique across empresas, so a room never mixes tenants; every socket joins only
 * rooms derived from its own token (empresa, atendente, filas) or from a ticket it was allowed to see.
 */
export const Salas = {
  /** Supervisors and admins: everything of the empresa. */
  empresa: (empresaId: string): string => `empresa:${empresaId}`,
  /** Atendentes of a fila: its tickets. */
  fila: (filaId: string): string => `fila:${filaId}`,
  /** One atendente's sockets (all tabs and devices): its tickets and its own presence. */
  atendente: (atendenteId: string): string => `atendente:${atendenteId}`,
  /** Whoever opened the ticket (`entrar`): its mensagens and typing. */
  ticket: (ticketId: string): string => `ticket:${ticketId}`,
  ehTicket: (sala: string): boolean => sala.startsWith('ticket:'),
};
