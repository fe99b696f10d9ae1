import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Fila } from '../filas/fila.entity.js';
import { Atendente } from './atendente.entity.js';

/** Membership of an atendente in a fila, with a per-fila capacity. */
@Entity('atendimento_atendentes_filas')
export class AtendenteFila {
  @PrimaryColumn({ type: 'uuid' })
  empresaId: string;

  @PrimaryColumn({ type: 'uuid' })
  atendenteId: string;

  @PrimaryColumn({ type: 'uuid' })
  filaId: string;

  @ManyToOne(() => Atendente, (atendente) => atendente.filas, { onDelete: 'CASCADE' })
  @JoinColumn()
  atendente: Relation<Atendente>;

  @ManyToOne(() => Fila, { onDelete: 'CASCADE' })
  @JoinColumn()
  fila: Relation<Fila>;

  /** Tickets of this fila held at once; null = only the atendente's global maximum applies. */
  @Column({ type: 'integer', nullable: true })
  capacidade: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  ultimaAtribuicaoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
