import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * The text search configuration of `busca` (and of the RAG chunks): Portuguese stemming over unaccented
 * words. Queries must use the same one: `busca @@ websearch_to_tsquery('atende_portugues', :q)`.
 */
export const CONFIG_BUSCA_TEXTO = 'atende_portugues';

export const MENSAGEM_DIRECOES = ['recebida', 'enviada'] as const;
export type MensagemDirecao = (typeof MENSAGEM_DIRECOES)[number];

export const MENSAGEM_TIPOS = [
  'texto',
  'imagem',
  'audio',
  'video',
  'documento',
  'localizacao',
  'contato',
  'sticker',
  'reacao',
  'interativa',
  'template',
  'sistema',
  'desconhecido',
] as const;
export type MensagemTipo = (typeof MENSAGEM_TIPOS)[number];

/** `recebida` is the status of every inbound mensagem; outbound ones move forward only (falhou is terminal). */
export const MENSAGEM_STATUS = ['pendente', 'enviada', 'entregue', 'lida', 'falhou', 'recebida'] as const;
export type MensagemStatus = (typeof MENSAGEM_STATUS)[number];

export const TRANSCRICAO_STATUS = ['pendente', 'concluida', 'indisponivel', 'falhou'] as const;
export type TranscricaoStatus = (typeof TRANSCRICAO_STATUS)[number];

/** Type-specific content (location, contact cards, interactive reply, template parameters, media refs…). */
export type MensagemPayload = Record<string, unknown>;

/** A reaction on this mensagem (reactions update their target instead of becoming rows of their own). */
export interface MensagemReacao {
  emoji: string;
  autor: 'contato' | 'atendente';
  usuarioId?: string;
  em: string;
}

@Entity('atendimento_mensagens')
export class Mensagem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn()
  ticket: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  contatoId: string | null;

  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  @Column({ type: 'text' })
  direcao: MensagemDirecao;

  /** Internal note: never sent to the customer. */
  @Column({ type: 'boolean', default: false })
  privada: boolean;

  @Column({ type: 'text', default: 'texto' })
  tipo: MensagemTipo;

  /** Text, caption, or the label of an interactive reply. */
  @Column({ type: 'text', nullable: true })
  conteudo: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: MensagemPayload;

  /** Provider message id (wamid, Telegram chat:message_id, Message-ID, mid, MessageSid); unique per canal. */
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondeAId: string | null;

  /** The quoted message's provider id, kept even when that mensagem is not stored. */
  @Column({ type: 'text', nullable: true })
  respondeAExternalId: string | null;

  @Column({ type: 'text' })
  status: MensagemStatus;

  @Column({ type: 'text', nullable: true })
  erroCodigo: string | null;

  @Column({ type: 'text', nullable: true })
  erroMensagem: string | null;

  @Column({ type: 'uuid', nullable: true })
  remetenteUsuarioId: string | null;

  @Column({ type: 'uuid', nullable: true })
  remetenteAtendenteId: string | null;

  /** Written by the AI auto-reply. */
  @Column({ type: 'boolean', default: false })
  bot: boolean;

  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reacoes: MensagemReacao[];

  /** The provider's timestamp, when it gives one. */
  @Column({ type: 'timestamptz', nullable: true })
  provedorEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  enviadaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  entregueEm: Date | null;

  /** Outbound: read by the customer. Inbound: read by an agent. */
  @Column({ type: 'timestamptz', nullable: true })
  lidaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  editadaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  removidaEm: Date | null;

  /** Voice-note transcript; searchable with the text (the `busca` column covers both). */
  @Column({ type: 'text', nullable: true })
  transcricao: string | null;

  @Column({ type: 'text', nullable: true })
  transcricaoStatus: TranscricaoStatus | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
