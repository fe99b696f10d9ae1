import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const WORKFLOW_GATILHOS = ['manual', 'ticket_criado', 'mensagem_recebida', 'fora_expediente'] as const;
export type WorkflowGatilho = (typeof WORKFLOW_GATILHOS)[number];

/** The stored flow: steps (message, question with options, branch, wait, handoff) keyed by id. */
export type WorkflowDefinicao = Record<string, unknown>;

@Entity('atendimento_workflows')
export class Workflow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', nullable: true })
  descricao: string | null;

  @Column({ type: 'text', default: 'manual' })
  gatilho: WorkflowGatilho;

  /** e.g. the canais it starts on. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  gatilhoConfig: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  definicao: WorkflowDefinicao;

  /** Bumped on every edit of `definicao`. */
  @Column({ type: 'integer', default: 1 })
  versao: number;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
