import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const USUARIO_PAPEIS = ['admin', 'supervisor', 'atendente'] as const;
export type UsuarioPapel = (typeof USUARIO_PAPEIS)[number];

export type UsuarioPreferencias = Record<string, unknown>;

@Entity('usuarios')
export class Usuario {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  /** Lower-case, unique across the installation (login is by e-mail alone). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  senhaHash: string;

  @Column({ type: 'text' })
  papel: UsuarioPapel;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  ultimoLoginEm: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  preferencias: UsuarioPreferencias;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
