import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { IntervaloDoDia } from './horario-comercial.js';

@Entity('atendimento_feriados')
export class Feriado {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** Null: applies to every expediente of the empresa. */
  @Column({ type: 'uuid', nullable: true })
  expedienteId: string | null;

  /** `YYYY-MM-DD` (TypeORM returns `date` columns as strings). */
  @Column({ type: 'date' })
  data: string;

  @Column({ type: 'text' })
  nome: string;

  /** Same day every year (fixed-date holidays). */
  @Column({ type: 'boolean', default: false })
  recorrente: boolean;

  /** Preloaded national holiday of Brazil. */
  @Column({ type: 'boolean', default: false })
  nacional: boolean;

  /** Null: closed all day; otherwise the reduced hours of that day. */
  @Column({ type: 'jsonb', nullable: true })
  intervalos: IntervaloDoDia[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
