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
import { Workflow, type WorkflowDefinicao } from './workflow.entity.js';

export const WORKFLOW_ESTADO_STATUS = [
  'ativo',
  'aguardando_resposta',
  'aguardando_tempo',
  'concluido',
  'cancelado',
  'falhou',
] as const;
export type WorkflowEstadoStatus = (typeof WORKFLOW_ESTADO_STATUS)[number];

/** Where one ticket is in a workflow; persisted so a restart resumes there. At most one active per ticket. */
@Entity('atendimento_workflow_estados')
export class WorkflowEstado {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  workflowId: string;

  @ManyToOne(() => Workflow, { onDelete: 'CASCADE' })
  @JoinColumn()
  workflow: Relation<Workflow>;

  @Column({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'integer' })
  workflowVersao: number;

  /** Snapshot taken at start: editing the workflow never breaks a conversation in flight. */
  @Column({ type: 'jsonb' })
  definicao: WorkflowDefinicao;

  @Column({ type: 'text', nullable: true })
  passoAtual: string | null;

  /** Data collected so far (answers, chosen options). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  variaveis: Record<string, unknown>;

  @Column({ type: 'text', default: 'ativo' })
  status: WorkflowEstadoStatus;

  @Column({ type: 'timestamptz', nullable: true })
  aguardandoAte: Date | null;

  @Column({ type: 'integer', default: 0 })
  tentativasInvalidas: number;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  iniciadoEm: Date;

  @Column({ type: 'timestamptz', nullable: true })
  concluidoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
