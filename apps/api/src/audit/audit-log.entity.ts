import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only. `usuarioId` has no foreign key: the audit trail outlives the usuario. */
@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid', nullable: true })
  usuarioId: string | null;

  /** e.g. `canal.criado`, `usuario.papel_alterado`. */
  @Column({ type: 'text' })
  acao: string;

  @Column({ type: 'text' })
  entidade: string;

  @Column({ type: 'text', nullable: true })
  entidadeId: string | null;

  /** Never credentials: masked values only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  dados: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
