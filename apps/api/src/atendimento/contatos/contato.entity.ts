import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { ContatoIdentidade } from './contato-identidade.entity.js';

/** Custom fields an empresa keeps on its contatos (CPF, plano, cidade…). */
export type ContatoCampos = Record<string, string | number | boolean | null>;

/** One reason behind a churn score, shown next to it. */
export interface ChurnMotivo {
  sinal: string;
  peso: number;
  descricao: string;
}

@Entity('atendimento_contatos')
export class Contato {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text', nullable: true })
  nome: string | null;

  /** E.164 with '+'; Brazilian mobiles always with the 9th digit. */
  @Column({ type: 'text', nullable: true })
  telefone: string | null;

  /** Lower-case. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  avatarUrl: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  campos: ContatoCampos;

  @Column({ type: 'text', nullable: true })
  observacoes: string | null;

  /** Blocked by the empresa: inbound messages are stored but open no ticket. */
  @Column({ type: 'boolean', default: false })
  bloqueado: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  bloqueadoEm: Date | null;

  /** 0..1. */
  @Column({ type: 'real', nullable: true })
  churnScore: number | null;

  @Column({ type: 'jsonb', nullable: true })
  churnMotivos: ChurnMotivo[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  churnCalculadoEm: Date | null;

  /** Set when this contato was merged into another one; its identities and tickets moved there. */
  @Column({ type: 'uuid', nullable: true })
  mescladoParaId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  mescladoEm: Date | null;

  @OneToMany(() => ContatoIdentidade, (identidade) => identidade.contato)
  identidades: Relation<ContatoIdentidade[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
