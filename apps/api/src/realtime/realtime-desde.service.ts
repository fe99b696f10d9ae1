import { Injectable } from '@nestjs/common';
import type { MensagemDto, RealtimeDesdeQuery, RealtimeDesdeResposta, TicketDto } from '@atende/shared';
import { usuarioRestrito } from '../atendimento/tickets/ticket-visibilidade.js';
import { MensagemService } from '../atendimento/mensagens/mensagem.service.js';
import { TicketService } from '../atendimento/tickets/ticket.service.js';
import type { Ator } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { RealtimeCursor } from './realtime-cursor.js';
import { RealtimeDesdeRepository } from './realtime-desde.repository.js';
import { RealtimeException } from './realtime.exception.js';

/**
 * Reads from this long before the cursor: a transaction that was still running when the cursor was taken
 * commits rows stamped with its start time (PostgreSQL's now()), and app and database clocks may differ a
 * little. Items inside the margin may repeat ones the client already has; it applies them by id.
 */
export const MARGEM_DO_CURSOR_MS = 30_000;
/** More than this changed: `completo: false`, the client reloads its lists instead (a long outage). */
export const LIMITE_TICKETS = 100;
export const LIMITE_MENSAGENS = 200;

@Injectable()
export class RealtimeDesdeService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly alteracoes: RealtimeDesdeRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
  ) {}

  /** What changed since the cursor among the tickets the actor may see (the REST visibility rule). */
  async desde(query: RealtimeDesdeQuery, ator: Ator): Promise<RealtimeDesdeResposta> {
    const agora = Date.now();
    const cursor = RealtimeCursor.codificar(agora);
    if (query.cursor === undefined) return { tickets: [], mensagens: [], ticketsRemovidos: [], cursor, completo: true };
    const instante = RealtimeCursor.ler(query.cursor);
    if (instante === null || instante > agora + MARGEM_DO_CURSOR_MS) throw RealtimeException.cursorInvalido();
    const desde = new Date(instante - MARGEM_DO_CURSOR_MS);
    const restrito = usuarioRestrito(ator);

    return this.tx.run(async () => {
      const alterados = await this.alteracoes.ticketsAlterados(desde, restrito, LIMITE_TICKETS + 1);
      const mensagemIds = await this.alteracoes.mensagensAlteradas(desde, restrito, LIMITE_MENSAGENS + 1);
      const completo = alterados.length <= LIMITE_TICKETS && mensagemIds.length <= LIMITE_MENSAGENS;

      // A fixed number of statements whatever the outage: two id queries, then one batch per kind.
      const pagina = alterados.slice(0, LIMITE_TICKETS);
      const ticketsRemovidos = pagina.filter((alterado) => alterado.removido).map((alterado) => alterado.id);
      const tickets: TicketDto[] = await this.tickets.dtos(
        pagina.filter((alterado) => !alterado.removido).map((alterado) => alterado.id),
      );
      const mensagens: MensagemDto[] = await this.mensagens.buscarDtos(mensagemIds.slice(0, LIMITE_MENSAGENS));
      return { tickets, mensagens, ticketsRemovidos, cursor, completo };
    });
  }
}
