import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Contato } from './contato.entity.js';

/**
 * The kinds of external id a contato is known by: WhatsApp wa_id, WhatsApp business-scoped user id (BSUID),
 * Telegram chat id (as text: it can exceed 32 bits), e-mail, Messenger PSID, Instagram IGSID, phone (E.164,
 * SMS and Twilio) and the webchat visitor id.
 */
export const CONTATO_IDENTIDADE_TIPOS = [
  'whatsapp',
  'whatsapp_bsuid',
  'telegram',
  'email',
  'messenger',
  'instagram',
  'telefone',
  'webchat',
] as const;
export type ContatoIdentidadeTipo = (typeof CONTATO_IDENTIDADE_TIPOS)[number];

/** Unique per (empresa, tipo, valor): identity resolution finds the contato by it. */
@Entity('atendimento_contato_identidades')
export class ContatoIdentidade {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid' })
  contatoId: string;

  @ManyToOne(() => Contato, (contato) => contato.identidades, { onDelete: 'CASCADE' })
  @JoinColumn()
  contato: Relation<Contato>;

  /** The canal that first saw it (PSIDs and IGSIDs are scoped to one page or account). */
  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  @Column({ type: 'text' })
  tipo: ContatoIdentidadeTipo;

  @Column({ type: 'text' })
  valor: string;

  /** The name the channel shows (WhatsApp profile name, Telegram first/last name). */
  @Column({ type: 'text', nullable: true })
  nomeExibicao: string | null;

  /** Channel extras (Telegram username, Instagram handle…). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  dados: Record<string, unknown>;

  /** The customer blocked us on this channel (Telegram 403). */
  @Column({ type: 'timestamptz', nullable: true })
  bloqueadoPeloContatoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  ultimaMensagemEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
