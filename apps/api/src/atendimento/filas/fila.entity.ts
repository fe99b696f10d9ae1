import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const FILA_ESTRATEGIAS = ['manual', 'round_robin', 'menos_ocupado'] as const;
export type FilaEstrategia = (typeof FILA_ESTRATEGIAS)[number];

@Entity('atendimento_filas')
export class Fila {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', nullable: true })
  descricao: string | null;

  /** `#rrggbb`. */
  @Column({ type: 'text', default: '#2563eb' })
  cor: string;

  @Column({ type: 'text', default: 'round_robin' })
  estrategia: FilaEstrategia;

  @Column({ type: 'integer', default: 0 })
  ordem: number;

  @Column({ type: 'text', nullable: true })
  mensagemSaudacao: string | null;

  /** "Você está na posição {{posicao}} da fila"; null = no position message. */
  @Column({ type: 'text', nullable: true })
  mensagemPosicao: string | null;

  /** When an atendente goes offline: return its tickets to the backlog after the grace period (else keep them). */
  @Column({ type: 'boolean', default: false })
  devolverAoFicarOffline: boolean;

  @Column({ type: 'integer', default: 300 })
  carenciaOfflineSegundos: number;

  /** Sticky routing to the atendente who last served the contato within this window; null = off. */
  @Column({ type: 'integer', nullable: true })
  fidelizacaoJanelaMinutos: number | null;

  @Column({ type: 'uuid', nullable: true })
  slaPoliticaId: string | null;

  @Column({ type: 'uuid', nullable: true })
  expedienteId: string | null;

  /** Round-robin cursor. */
  @Column({ type: 'uuid', nullable: true })
  rrUltimoAtendenteId: string | null;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
