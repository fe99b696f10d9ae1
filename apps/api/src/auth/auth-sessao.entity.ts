import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A refresh-token session. Only the SHA-256 of the token's secret is stored. */
@Entity('auth_sessoes')
export class AuthSessao {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  usuarioId: string;

  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiraEm: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revogadaEm: Date | null;

  /** The session that replaced this one on rotation; presenting a replaced token is a reuse. */
  @Column({ type: 'uuid', nullable: true })
  substituidaPor: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
