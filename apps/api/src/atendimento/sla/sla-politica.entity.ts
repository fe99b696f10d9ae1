import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TicketPrioridade } from '../tickets/ticket.entity.js';

export const SLA_ACOES_VIOLACAO = [
  'notificar',
  'aumentar_prioridade',
  'reatribuir_fila',
  'reatribuir_atendente',
  'executar_automacao',
] as const;
export type SlaAcaoViolacao = (typeof SLA_ACOES_VIOLACAO)[number];

/** The target of the breach action. */
export interface SlaAcaoConfig {
  filaId?: string;
  atendenteId?: string;
  automacaoId?: string;
  prioridade?: TicketPrioridade;
}

@Entity('atendimento_sla_politicas')
export class SlaPolitica {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', nullable: true })
  descricao: string | null;

  @Column({ type: 'integer', nullable: true })
  primeiraRespostaSegundos: number | null;

  @Column({ type: 'integer', nullable: true })
  proximaRespostaSegundos: number | null;

  @Column({ type: 'integer', nullable: true })
  resolucaoSegundos: number | null;

  @Column({ type: 'boolean', default: true })
  apenasHorarioComercial: boolean;

  /** Null: the fila's expediente, else the empresa's default. */
  @Column({ type: 'uuid', nullable: true })
  expedienteId: string | null;

  /** Percentage of a target at which `sla:alerta` fires. */
  @Column({ type: 'smallint', default: 80 })
  alertaPercentual: number;

  @Column({ type: 'text', default: 'notificar' })
  acaoViolacao: SlaAcaoViolacao;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  acaoConfig: SlaAcaoConfig;

  /** Matching when no fila policy applies (empty = any). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  prioridades: TicketPrioridade[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  tagIds: string[];

  /** Lowest first when several policies match. */
  @Column({ type: 'integer', default: 0 })
  ordem: number;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
