import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { IaProvedor, IaRecurso } from './ia-config.entity.js';

export const IA_LOG_RESULTADOS = [
  'sucesso',
  'erro',
  'timeout',
  'limite_taxa',
  'resposta_invalida',
  'orcamento_excedido',
  'fallback',
] as const;
export type IaLogResultado = (typeof IA_LOG_RESULTADOS)[number];

/** Every AI call (append-only); the monthly budget is summed from these rows. */
@Entity('atendimento_ia_logs')
export class IaLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  recurso: IaRecurso;

  @Column({ type: 'text' })
  provedor: IaProvedor;

  @Column({ type: 'text', nullable: true })
  modelo: string | null;

  @Column({ type: 'integer', default: 0 })
  tokensEntrada: number;

  @Column({ type: 'integer', default: 0 })
  tokensSaida: number;

  /** numeric(14,6): a string, as `pg` returns it. */
  @Column({ type: 'numeric', precision: 14, scale: 6, default: 0 })
  custoEstimado: string;

  @Column({ type: 'integer', nullable: true })
  latenciaMs: number | null;

  @Column({ type: 'text' })
  resultado: IaLogResultado;

  @Column({ type: 'smallint', default: 1 })
  tentativa: number;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  /** Never the redacted originals. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  dados: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
