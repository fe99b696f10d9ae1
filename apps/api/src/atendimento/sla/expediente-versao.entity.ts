import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Expediente, type ExpedienteIntervalo } from './expediente.entity.js';

/**
 * A schedule an expediente had from `vigenteDesde` on. Business-hour metrics use the version in force when
 * each event happened, so changing the hours never rewrites past figures.
 */
@Entity('atendimento_expediente_versoes')
export class ExpedienteVersao {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  expedienteId: string;

  @ManyToOne(() => Expediente, { onDelete: 'CASCADE' })
  @JoinColumn()
  expediente: Relation<Expediente>;

  @Column({ type: 'timestamptz' })
  vigenteDesde: Date;

  @Column({ type: 'text' })
  fusoHorario: string;

  @Column({ type: 'jsonb' })
  intervalos: ExpedienteIntervalo[];

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
