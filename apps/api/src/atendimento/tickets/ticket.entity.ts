import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Atendente } from '../atendentes/atendente.entity.js';
import { Contato } from '../contatos/contato.entity.js';
import { Fila } from '../filas/fila.entity.js';
import { TicketTag } from '../tags/ticket-tag.entity.js';

export const TICKET_STATUS = ['aberto', 'em_atendimento', 'pendente', 'resolvido', 'fechado'] as const;
export type TicketStatus = (typeof TICKET_STATUS)[number];

/** Statuses of a ticket that is still open (at most one per contato and canal). */
export const TICKET_STATUS_ABERTOS = ['aberto', 'em_atendimento', 'pendente'] as const satisfies readonly TicketStatus[];

export const TICKET_PRIORIDADES = ['baixa', 'normal', 'alta', 'urgente'] as const;
export type TicketPrioridade = (typeof TICKET_PRIORIDADES)[number];

export const SENTIMENTO_ROTULOS = ['negativo', 'neutro', 'positivo'] as const;
export type SentimentoRotulo = (typeof SENTIMENTO_ROTULOS)[number];

/** Loose per-ticket markers (e.g. `sentimentoNegativo` for supervisors) that need no column. */
export type TicketFlags = Record<string, boolean | string | number>;

@Entity('atendimento_tickets')
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** Per-empresa, human-friendly (#1042), from `empresas.ticket_seq`. */
  @Column({ type: 'integer' })
  numero: number;

  @Column({ type: 'uuid' })
  contatoId: string;

  @ManyToOne(() => Contato)
  @JoinColumn()
  contato: Relation<Contato>;

  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  filaId: string | null;

  @ManyToOne(() => Fila, { onDelete: 'SET NULL' })
  @JoinColumn()
  fila: Relation<Fila> | null;

  @Column({ type: 'uuid', nullable: true })
  atendenteId: string | null;

  @ManyToOne(() => Atendente, { onDelete: 'SET NULL' })
  @JoinColumn()
  atendente: Relation<Atendente> | null;

  /** Changed only by TicketService, which checks the transition and writes a ticket event. */
  @Column({ type: 'text', default: 'aberto' })
  status: TicketStatus;

  @Column({ type: 'text', default: 'normal' })
  prioridade: TicketPrioridade;

  @Column({ type: 'text', nullable: true })
  assunto: string | null;

  /** The ticket this one continues (a new e-mail subject, a conversation after the reopen window). */
  @Column({ type: 'uuid', nullable: true })
  origemTicketId: string | null;

  /** E-mail: the thread's first Message-ID; several keyed tickets of one contato may be open at once. */
  @Column({ type: 'text', nullable: true })
  conversaChave: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ultimaAtividadeEm: Date;

  @Column({ type: 'timestamptz', nullable: true })
  ultimaMensagemEm: Date | null;

  /** The reply window (WhatsApp 24 h) counts from the customer's last message. */
  @Column({ type: 'timestamptz', nullable: true })
  ultimaMensagemClienteEm: Date | null;

  @Column({ type: 'uuid', nullable: true })
  ultimaMensagemId: string | null;

  /** Preview for the ticket list, so it needs no join on mensagens. */
  @Column({ type: 'text', nullable: true })
  ultimaMensagemResumo: string | null;

  @Column({ type: 'integer', default: 0 })
  naoLidas: number;

  /** Set while waiting in a fila's backlog (FIFO key); null otherwise. */
  @Column({ type: 'timestamptz', nullable: true })
  entrouNaFilaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  atribuidoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  primeiraRespostaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvidoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  fechadoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reabertoEm: Date | null;

  @Column({ type: 'integer', default: 0 })
  reaberturas: number;

  /** CSAT 1–5, once per resolution. */
  @Column({ type: 'smallint', nullable: true })
  avaliacaoNota: number | null;

  @Column({ type: 'text', nullable: true })
  avaliacaoComentario: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  avaliadoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  avaliacaoSolicitadaEm: Date | null;

  @Column({ type: 'uuid', nullable: true })
  slaPoliticaId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaPrimeiraRespostaPrazo: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaProximaRespostaPrazo: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaResolucaoPrazo: Date | null;

  @Column({ type: 'boolean', default: false })
  slaPrimeiraRespostaViolado: boolean;

  @Column({ type: 'boolean', default: false })
  slaProximaRespostaViolado: boolean;

  @Column({ type: 'boolean', default: false })
  slaResolucaoViolado: boolean;

  /** While pendente the SLA clocks stop from this instant. */
  @Column({ type: 'timestamptz', nullable: true })
  slaPausadoEm: Date | null;

  /** −1..1. */
  @Column({ type: 'real', nullable: true })
  sentimentoScore: number | null;

  @Column({ type: 'text', nullable: true })
  sentimentoRotulo: SentimentoRotulo | null;

  @Column({ type: 'text', nullable: true })
  intencao: string | null;

  @Column({ type: 'text', nullable: true })
  categoria: string | null;

  /** The AI auto-reply is handling the conversation (no human yet). */
  @Column({ type: 'boolean', default: false })
  botAtivo: boolean;

  @Column({ type: 'integer', default: 0 })
  botTurnos: number;

  @Column({ type: 'timestamptz', nullable: true })
  menuEnviadoEm: Date | null;

  @Column({ type: 'smallint', default: 0 })
  menuTentativas: number;

  /** The out-of-hours reply goes out once per conversation. */
  @Column({ type: 'timestamptz', nullable: true })
  foraExpedienteAvisadoEm: Date | null;

  @Column({ type: 'text', nullable: true })
  resumo: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resumoEm: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  flags: TicketFlags;

  /** Soft delete (admin). */
  @Column({ type: 'timestamptz', nullable: true })
  removidoEm: Date | null;

  @OneToMany(() => TicketTag, (ticketTag) => ticketTag.ticket)
  tags: Relation<TicketTag[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
