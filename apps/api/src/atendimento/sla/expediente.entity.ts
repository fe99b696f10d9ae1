import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One opening interval of a weekday, in the expediente's time zone. */
export interface ExpedienteIntervalo {
  /** 0 = Sunday … 6 = Saturday. */
  diaSemana: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** `HH:MM`. */
  inicio: string;
  /** `HH:MM`, after `inicio`. */
  fim: string;
}

/** Business hours: per empresa (the `padrao` one) and optionally per fila. */
@Entity('atendimento_expedientes')
export class Expediente {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', default: 'America/Sao_Paulo' })
  fusoHorario: string;

  /** The schedule in force now; every change is also kept in `atendimento_expediente_versoes`. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  intervalos: ExpedienteIntervalo[];

  /** The out-of-hours auto-reply; `{{proxima_abertura}}` is filled in. */
  @Column({ type: 'text', nullable: true })
  mensagemForaExpediente: string | null;

  /** The empresa's default (at most one). */
  @Column({ type: 'boolean', default: false })
  padrao: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
