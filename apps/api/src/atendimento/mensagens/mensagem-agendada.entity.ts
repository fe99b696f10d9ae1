import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MENSAGEM_AGENDADA_STATUS = ['agendada', 'enviando', 'enviada', 'cancelada', 'falhou'] as const;
export type MensagemAgendadaStatus = (typeof MENSAGEM_AGENDADA_STATUS)[number];

/** A message or template an agent scheduled; sent by a durable job, editable until it goes out. */
@Entity('atendimento_mensagens_agendadas')
export class MensagemAgendada {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'uuid', nullable: true })
  criadoPorUsuarioId: string | null;

  @Column({ type: 'text', nullable: true })
  conteudo: string | null;

  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  templateVariaveis: Record<string, string>;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  anexoIds: string[];

  @Column({ type: 'timestamptz' })
  agendadaPara: Date;

  @Column({ type: 'text', default: 'agendada' })
  status: MensagemAgendadaStatus;

  /** The job that will send it (cancelled with it). */
  @Column({ type: 'text', nullable: true })
  jobId: string | null;

  /** The mensagem it became. */
  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  enviadaEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  canceladaEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
