import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Ticket, type TicketStatus } from './ticket.entity.js';

export const TICKET_EVENTO_TIPOS = [
  'criado',
  'status_alterado',
  'atribuido',
  'desatribuido',
  'transferido',
  'fila_entrada',
  'prioridade_alterada',
  'tag_adicionada',
  'tag_removida',
  'mensagem_recebida',
  'mensagem_enviada',
  'nota_interna',
  'avaliacao_solicitada',
  'avaliado',
  'sla_alerta',
  'sla_violado',
  'bot_iniciado',
  'bot_handoff',
  'fora_expediente',
  'automacao_executada',
  'workflow_iniciado',
  'workflow_concluido',
  'contato_mesclado',
  'atualizado',
  'removido',
  'restaurado',
] as const;
export type TicketEventoTipo = (typeof TICKET_EVENTO_TIPOS)[number];

export const TICKET_EVENTO_ATORES = ['usuario', 'cliente', 'bot', 'automacao', 'sistema'] as const;
export type TicketEventoAtor = (typeof TICKET_EVENTO_ATORES)[number];

/**
 * One thing that happened to a ticket (append-only). Reports and SLA are computed from these rows, so every
 * figure can be recomputed. The usuario/atendente/fila ids carry no foreign key: history outlives them.
 */
@Entity('atendimento_ticket_eventos')
export class TicketEvento {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn()
  ticket: Relation<Ticket>;

  @Column({ type: 'text' })
  tipo: TicketEventoTipo;

  @Column({ type: 'text', default: 'sistema' })
  ator: TicketEventoAtor;

  /** Who did it, when a usuario did. */
  @Column({ type: 'uuid', nullable: true })
  usuarioId: string | null;

  @Column({ type: 'text', nullable: true })
  deStatus: TicketStatus | null;

  @Column({ type: 'text', nullable: true })
  paraStatus: TicketStatus | null;

  @Column({ type: 'uuid', nullable: true })
  deAtendenteId: string | null;

  @Column({ type: 'uuid', nullable: true })
  paraAtendenteId: string | null;

  @Column({ type: 'uuid', nullable: true })
  deFilaId: string | null;

  @Column({ type: 'uuid', nullable: true })
  paraFilaId: string | null;

  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  /** Transfer or reopen reason, as typed by the agent. */
  @Column({ type: 'text', nullable: true })
  motivo: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  dados: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ocorridoEm: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
