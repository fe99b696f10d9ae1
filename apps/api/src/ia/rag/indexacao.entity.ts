import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const INDEXACAO_STATUS = ['pendente', 'executando', 'concluida', 'falhou'] as const;
export type IndexacaoStatus = (typeof INDEXACAO_STATUS)[number];

/** One re-indexing run of the knowledge base and resolved tickets, with its progress. */
@Entity('atendimento_ia_indexacoes')
export class Indexacao {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text', default: 'pendente' })
  status: IndexacaoStatus;

  /** Sources (articles + tickets) to index; null until the job has counted them. */
  @Column({ type: 'integer', nullable: true })
  total: number | null;

  @Column({ type: 'integer', default: 0 })
  feitos: number;

  @Column({ type: 'integer', default: 0 })
  falhas: number;

  @Column({ type: 'boolean', default: false })
  comEmbeddings: boolean;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'uuid', nullable: true })
  solicitadoPorUsuarioId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  iniciadoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  concluidoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
