import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { sqlTimestampExato } from '../../common/keyset-cursor.js';
import type { ChaveKeyset } from './keyset.js';
import { TicketEvento, type TicketEventoAtor, type TicketEventoTipo } from './ticket-evento.entity.js';
import type { TicketStatus } from './ticket.entity.js';

export interface NovoTicketEvento {
  ticketId: string;
  tipo: TicketEventoTipo;
  ator: TicketEventoAtor;
  usuarioId?: string | null;
  deStatus?: TicketStatus | null;
  paraStatus?: TicketStatus | null;
  deAtendenteId?: string | null;
  paraAtendenteId?: string | null;
  deFilaId?: string | null;
  paraFilaId?: string | null;
  mensagemId?: string | null;
  motivo?: string | null;
  dados?: Record<string, unknown>;
  ocorridoEm?: Date;
}

export interface TicketEventoLinha {
  id: string;
  tipo: TicketEventoTipo;
  ator: TicketEventoAtor;
  usuario_id: string | null;
  usuario_nome: string | null;
  de_status: TicketStatus | null;
  para_status: TicketStatus | null;
  de_atendente_id: string | null;
  para_atendente_id: string | null;
  de_fila_id: string | null;
  para_fila_id: string | null;
  mensagem_id: string | null;
  motivo: string | null;
  dados: Record<string, unknown>;
  ocorrido_em: Date;
  cursor_em: string;
}

/** Append-only history of tickets: written by TicketService, read by reports, SLA and the ticket timeline. */
@Injectable()
export class TicketEventoRepository extends TenantRepository<TicketEvento> {
  constructor(tx: TransactionHost) {
    super(tx, TicketEvento, 'evento');
  }

  async registrar(evento: NovoTicketEvento): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_ticket_eventos
         (empresa_id, ticket_id, tipo, ator, usuario_id, de_status, para_status, de_atendente_id, para_atendente_id,
          de_fila_id, para_fila_id, mensagem_id, motivo, dados, ocorrido_em)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, COALESCE($15::timestamptz, clock_timestamp()))`,
      [
        this.empresaId,
        evento.ticketId,
        evento.tipo,
        evento.ator,
        evento.usuarioId ?? null,
        evento.deStatus ?? null,
        evento.paraStatus ?? null,
        evento.deAtendenteId ?? null,
        evento.paraAtendenteId ?? null,
        evento.deFilaId ?? null,
        evento.paraFilaId ?? null,
        evento.mensagemId ?? null,
        evento.motivo ?? null,
        JSON.stringify(evento.dados ?? {}),
        evento.ocorridoEm ?? null,
      ],
    );
  }

  /** A ticket's history, oldest first, with the name of the usuario who acted. */
  async listarDoTicket(ticketId: string, apos: ChaveKeyset | undefined, limite: number): Promise<TicketEventoLinha[]> {
    const params: unknown[] = [this.empresaId, ticketId, limite + 1];
    let depois = '';
    if (apos) {
      params.push(apos.em, apos.id);
      depois = `AND (e.ocorrido_em, e.id) > ($4::timestamptz, $5::uuid)`;
    }
    return this.tx.query<TicketEventoLinha>(
      `SELECT e.id, e.tipo, e.ator, e.usuario_id, u.nome AS usuario_nome, e.de_status, e.para_status,
              e.de_atendente_id, e.para_atendente_id, e.de_fila_id, e.para_fila_id, e.mensagem_id, e.motivo, e.dados,
              e.ocorrido_em, ${sqlTimestampExato('e.ocorrido_em')} AS cursor_em
         FROM atendimento_ticket_eventos e
         LEFT JOIN usuarios u ON u.id = e.usuario_id
        WHERE e.empresa_id = $1 AND e.ticket_id = $2 ${depois}
        ORDER BY e.ocorrido_em, e.id
        LIMIT $3`,
      params,
    );
  }
}
