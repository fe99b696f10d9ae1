import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TenantContextMissingError } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { condicaoVisibilidade } from '../tickets/ticket-visibilidade.js';
import { TicketEvento, type TicketEventoAtor } from '../tickets/ticket-evento.entity.js';
import { ContatoTag } from './contato-tag.entity.js';
import { Tag } from './tag.entity.js';
import { TicketTag } from './ticket-tag.entity.js';

/** What a ticket change needs to be announced (real-time rooms route by fila and atendente). */
export interface TicketAlvo {
  id: string;
  empresaId: string;
  filaId: string | null;
  atendenteId: string | null;
}

/**
 * The tag links of tickets and contatos (composite-key tables, hence not a TenantRepository), and the ticket
 * event rows a tag change writes. Every query is filtered by the empresa of the request context.
 */
@Injectable()
export class TagLigacaoRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get empresaId(): string {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    return empresaId;
  }

  /** A ticket of the empresa that is not (soft-)deleted and, for an atendente's usuario, visible to it. */
  async findTicket(ticketId: string, usuarioRestrito: string | null): Promise<TicketAlvo | null> {
    const query = this.tx.manager
      .getRepository(Ticket)
      .createQueryBuilder('ticket')
      .select(['ticket.id', 'ticket.filaId', 'ticket.atendenteId'])
      .where('ticket.empresa_id = :empresaId AND ticket.id = :ticketId AND ticket.removido_em IS NULL', {
        empresaId: this.empresaId,
        ticketId,
      });
    if (usuarioRestrito !== null)
      query.andWhere(condicaoVisibilidade('ticket', ':empresaId', ':usuarioRestrito'), { usuarioRestrito });
    const ticket = await query.getOne();
    return ticket ? { id: ticket.id, empresaId: this.empresaId, filaId: ticket.filaId, atendenteId: ticket.atendenteId } : null;
  }

  /** False when the ticket already had the tag. */
  async adicionarAoTicket(ticketId: string, tagId: string, usuarioId: string | null): Promise<boolean> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .insert()
      .into(TicketTag)
      .values({ empresaId: this.empresaId, ticketId, tagId, usuarioId })
      .orIgnore()
      .returning('ticket_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** False when the ticket did not have the tag. */
  async removerDoTicket(ticketId: string, tagId: string): Promise<boolean> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .delete()
      .from(TicketTag)
      .where('empresa_id = :empresaId AND ticket_id = :ticketId AND tag_id = :tagId', {
        empresaId: this.empresaId,
        ticketId,
        tagId,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async listarTagsDoTicket(ticketId: string): Promise<Tag[]> {
    return this.tx.manager
      .getRepository(Tag)
      .createQueryBuilder('tag')
      .innerJoin(TicketTag, 'tt', 'tt.tag_id = tag.id AND tt.empresa_id = tag.empresa_id')
      .where('tag.empresa_id = :empresaId AND tt.ticket_id = :ticketId', { empresaId: this.empresaId, ticketId })
      .orderBy('lower(tag.nome)', 'ASC')
      .getMany();
  }

  /** False when the contato already had the tag. */
  async adicionarAoContato(contatoId: string, tagId: string, usuarioId: string | null): Promise<boolean> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .insert()
      .into(ContatoTag)
      .values({ empresaId: this.empresaId, contatoId, tagId, usuarioId })
      .orIgnore()
      .returning('contato_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async removerDoContato(contatoId: string, tagId: string): Promise<boolean> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .delete()
      .from(ContatoTag)
      .where('empresa_id = :empresaId AND contato_id = :contatoId AND tag_id = :tagId', {
        empresaId: this.empresaId,
        contatoId,
        tagId,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The tickets carrying a tag (before the tag is deleted, to record its removal on each). */
  async ticketsComTag(tagId: string): Promise<TicketAlvo[]> {
    const tickets = await this.tx.manager
      .getRepository(Ticket)
      .createQueryBuilder('ticket')
      .select(['ticket.id', 'ticket.filaId', 'ticket.atendenteId'])
      .innerJoin(TicketTag, 'tt', 'tt.ticket_id = ticket.id AND tt.empresa_id = ticket.empresa_id')
      .where('ticket.empresa_id = :empresaId AND tt.tag_id = :tagId', { empresaId: this.empresaId, tagId })
      .getMany();
    const empresaId = this.empresaId;
    return tickets.map((ticket) => ({ id: ticket.id, empresaId, filaId: ticket.filaId, atendenteId: ticket.atendenteId }));
  }

  /** Appends `tag_adicionada`/`tag_removida` rows (one per ticket): reports replay tags from them. */
  async registrarEventos(
    ticketIds: string[],
    tipo: 'tag_adicionada' | 'tag_removida',
    tag: Tag,
    autor: { usuarioId: string | null; ator: TicketEventoAtor },
  ): Promise<void> {
    if (ticketIds.length === 0) return;
    const empresaId = this.empresaId;
    await this.tx.manager
      .createQueryBuilder()
      .insert()
      .into(TicketEvento)
      .values(
        ticketIds.map((ticketId) => ({
          empresaId,
          ticketId,
          tipo,
          ator: autor.ator,
          usuarioId: autor.usuarioId,
          dados: { tagId: tag.id, tagNome: tag.nome },
        })),
      )
      .execute();
  }
}
