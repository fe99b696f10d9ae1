import { CreateDateColumn, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';
import { Tag } from './tag.entity.js';

/** A tag on a ticket. An entity (not a bare join table) so that it carries the empresa. */
@Entity('atendimento_tickets_tags')
export class TicketTag {
  @PrimaryColumn({ type: 'uuid' })
  empresaId: string;

  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;

  @PrimaryColumn({ type: 'uuid' })
  tagId: string;

  @ManyToOne(() => Ticket, (ticket) => ticket.tags, { onDelete: 'CASCADE' })
  @JoinColumn()
  ticket: Relation<Ticket>;

  @ManyToOne(() => Tag, { onDelete: 'CASCADE' })
  @JoinColumn()
  tag: Relation<Tag>;

  /** Who added it; null for automations. */
  @Column({ type: 'uuid', nullable: true })
  usuarioId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
