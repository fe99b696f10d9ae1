import { type IaSugestoesDto, iaSugestoesSchema } from '@atende/shared';
import { api } from '../../../lib/api.js';

/** Up to 3 AI reply drafts for the ticket, grounded in the KB and resolved tickets (computed on request). */
export function buscarSugestoesIa(ticketId: string): Promise<IaSugestoesDto> {
  return api.get(`/atendimento/tickets/${ticketId}/sugestoes`, { schema: iaSugestoesSchema });
}
