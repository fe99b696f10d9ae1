import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SentimentoRotulo } from '../atendimento/tickets/ticket.entity.js';
import type { IaProvedor } from './ia-config.entity.js';

export { SENTIMENTO_ROTULOS, type SentimentoRotulo } from '../atendimento/tickets/ticket.entity.js';

/** Sentiment of one mensagem, or of the whole ticket when `mensagemId` is null (one such row per ticket). */
@Entity('atendimento_sentimento')
export class Sentimento {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contatoId: string | null;

  /** −1..1. */
  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'text' })
  rotulo: SentimentoRotulo;

  @Column({ type: 'real', nullable: true })
  confianca: number | null;

  @Column({ type: 'text' })
  provedor: IaProvedor;

  @Column({ type: 'text', nullable: true })
  modelo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
