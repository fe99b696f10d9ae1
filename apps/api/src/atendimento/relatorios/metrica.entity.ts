import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const METRICA_DIMENSOES = ['empresa', 'fila', 'atendente', 'canal'] as const;
export type MetricaDimensao = (typeof METRICA_DIMENSOES)[number];

/** Fixed bucket upper bounds (seconds) with their counts, so percentiles merge across days. */
export interface MetricaHistograma {
  limites: number[];
  contagens: number[];
}

/**
 * One pre-aggregated figure: (empresa, day in the empresa's time zone, dimension, metric). Refreshed by jobs
 * from the ticket events and recomputable from them at any time.
 */
@Entity('atendimento_metricas')
export class Metrica {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** `YYYY-MM-DD`. */
  @Column({ type: 'date' })
  dia: string;

  @Column({ type: 'text' })
  dimensao: MetricaDimensao;

  /** The fila/atendente/canal id, or the empresa id for the `empresa` dimension. */
  @Column({ type: 'uuid' })
  dimensaoId: string;

  /** snake_case name (`tempo_primeira_resposta`, `tempo_primeira_resposta_comercial`, `csat_respostas`…). */
  @Column({ type: 'text' })
  metrica: string;

  @Column({ type: 'integer', default: 0 })
  contagem: number;

  @Column({ type: 'double precision', default: 0 })
  soma: number;

  @Column({ type: 'double precision', nullable: true })
  minimo: number | null;

  @Column({ type: 'double precision', nullable: true })
  maximo: number | null;

  /** Gauges (backlog at the end of the day, occupation). */
  @Column({ type: 'double precision', nullable: true })
  valor: number | null;

  @Column({ type: 'jsonb', nullable: true })
  histograma: MetricaHistograma | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  calculadoEm: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
