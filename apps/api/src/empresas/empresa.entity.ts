import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Per-empresa settings that need no column of their own (shaped by the features that read them). */
export type EmpresaConfiguracoes = Record<string, unknown>;

/** The tenant. Every other table (but none above it) hangs off an empresa. */
@Entity('empresas')
export class Empresa {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text', default: 'America/Sao_Paulo' })
  fusoHorario: string;

  @Column({ type: 'text', default: 'pt-BR' })
  idioma: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  configuracoes: EmpresaConfiguracoes;

  /** Last ticket number handed out; tickets take the next one with `UPDATE … RETURNING`. */
  @Column({ type: 'integer', default: 0 })
  ticketSeq: number;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
