import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Automacao } from './automacao.entity.js';

export const AUTOMACAO_RESULTADOS = ['executada', 'condicoes_falsas', 'ignorada_loop', 'falhou'] as const;
export type AutomacaoResultado = (typeof AUTOMACAO_RESULTADOS)[number];

/** What one action did. */
export interface AutomacaoAcaoExecutada {
  tipo: string;
  ok: boolean;
  detalhe?: string;
}

/** The log of every rule run (append-only). */
@Entity('atendimento_automacao_execucoes')
export class AutomacaoExecucao {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  automacaoId: string;

  @ManyToOne(() => Automacao, { onDelete: 'CASCADE' })
  @JoinColumn()
  automacao: Relation<Automacao>;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ type: 'text' })
  gatilho: string;

  /** The originating event: a rule runs at most once per ticket per cadeia (loop prevention). */
  @Column({ type: 'uuid' })
  cadeiaId: string;

  @Column({ type: 'text' })
  resultado: AutomacaoResultado;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  acoesExecutadas: AutomacaoAcaoExecutada[];

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'integer', nullable: true })
  duracaoMs: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  executadaEm: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
