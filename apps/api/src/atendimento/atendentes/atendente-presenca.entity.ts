import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AtendenteStatus } from './atendente.entity.js';

/** One presence change (append-only): agent occupation reports are computed from these rows. */
@Entity('atendimento_atendente_presencas')
export class AtendentePresenca {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  atendenteId: string;

  @Column({ type: 'text', nullable: true })
  deStatus: AtendenteStatus | null;

  @Column({ type: 'text' })
  status: AtendenteStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ocorridoEm: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
