import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where IMAP polling of an e-mail canal left off: the last UID stored, valid for one UIDVALIDITY of one mailbox. */
@Entity('atendimento_email_cursores')
export class EmailCursor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  canalId: string;

  @Column({ type: 'text' })
  caixa: string;

  /** bigint: pg returns it as a string. */
  @Column({ type: 'bigint' })
  uidValidity: string;

  @Column({ type: 'bigint' })
  ultimoUid: string;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
