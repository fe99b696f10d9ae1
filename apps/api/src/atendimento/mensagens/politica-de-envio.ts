import type { Ticket } from '../tickets/ticket.entity.js';

/**
 * Port of the outbound policy (reply window, canal capabilities, inactive canal). Declared here, where it is
 * called before a non-private mensagem is stored; implemented and provided globally by the canais module,
 * which knows the adapters. `verificar` throws an AppException (422) with the reason when sending is refused.
 */
export const POLITICA_DE_ENVIO = Symbol('POLITICA_DE_ENVIO');

export interface PoliticaDeEnvio {
  verificar(input: { ticket: Ticket; tipo: string; templateNome?: string | null }): Promise<void>;
}
