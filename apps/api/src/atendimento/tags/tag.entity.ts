import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('atendimento_tags')
export class Tag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** Unique per empresa, case-insensitively. */
  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', default: '#64748b' })
  cor: string;

  @Column({ type: 'text', nullable: true })
  descricao: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
