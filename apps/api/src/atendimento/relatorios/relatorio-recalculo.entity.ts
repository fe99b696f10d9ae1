import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RecalculoEstado } from '@atende/shared';

/** A recomputation of the report aggregates and its progress (read and written in SQL by `MetricaRepository`). */
@Entity('atendimento_relatorio_recalculos')
export class RelatorioRecalculo {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** `YYYY-MM-DD`. */
  @Column({ type: 'date' })
  de: string;

  @Column({ type: 'date' })
  ate: string;

  @Column({ type: 'text', default: 'pendente' })
  estado: RecalculoEstado;

  @Column({ type: 'integer' })
  dias: number;

  @Column({ type: 'integer', default: 0 })
  diasConcluidos: number;

  @Column({ type: 'integer', default: 0 })
  tickets: number;

  @Column({ type: 'integer', default: 0 })
  eventos: number;

  @Column({ type: 'integer', default: 0 })
  linhas: number;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  iniciadoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  concluidoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
