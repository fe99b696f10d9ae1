import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToMany,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Usuario } from '../../usuarios/usuario.entity.js';
import { AtendenteFila } from './atendente-fila.entity.js';

export const ATENDENTE_STATUS = ['online', 'ausente', 'offline'] as const;
export type AtendenteStatus = (typeof ATENDENTE_STATUS)[number];

@Entity('atendimento_atendentes')
export class Atendente {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  usuarioId: string;

  @OneToOne(() => Usuario, { onDelete: 'CASCADE' })
  @JoinColumn()
  usuario: Relation<Usuario>;

  /** Shown to customers and in the inbox. */
  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'integer', default: 5 })
  maxTicketsSimultaneos: number;

  @Column({ type: 'text', default: 'offline' })
  status: AtendenteStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusEm: Date;

  /** Tie-break of `menos_ocupado`: the longest idle first. */
  @Column({ type: 'timestamptz', nullable: true })
  ultimoAtendimentoEm: Date | null;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @OneToMany(() => AtendenteFila, (membro) => membro.atendente)
  filas: Relation<AtendenteFila[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
