import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CanalTipo } from '../channel-adapter.js';

export const EVENTO_ENTRADA_STATUS = ['recebido', 'processando', 'processado', 'falhou', 'ignorado'] as const;
export type EventoEntradaStatus = (typeof EVENTO_ENTRADA_STATUS)[number];

/**
 * A durable inbound webhook event, stored before the webhook answers 2xx. Unique per (canal, external id),
 * so a redelivery is a no-op: `INSERT … ON CONFLICT (canal_id, external_id) DO NOTHING`.
 */
@Entity('atendimento_eventos_entrada')
export class EventoEntrada {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  /** The adapter kind that parses it. */
  @Column({ type: 'text' })
  tipo: CanalTipo;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  /** The raw request body, byte for byte (signatures are over these bytes). */
  @Column({ type: 'bytea', nullable: true })
  corpoBruto: Buffer | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ type: 'text', default: 'recebido' })
  status: EventoEntradaStatus;

  @Column({ type: 'integer', default: 0 })
  tentativas: number;

  @Column({ type: 'text', nullable: true })
  erro: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recebidoEm: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processadoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
