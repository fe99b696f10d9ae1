import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Media facts that only some attachments have (image size, audio length, voice note). */
export interface AnexoMetadados {
  largura?: number;
  altura?: number;
  duracaoSegundos?: number;
  voz?: boolean;
  [chave: string]: unknown;
}

/** A stored file. The bytes live in the storage backend under `storageChave`. */
@Entity('atendimento_anexos')
export class Anexo {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** Null while an upload waits for the mensagem that will carry it. */
  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  @Column({ type: 'text' })
  storageChave: string;

  @Column({ type: 'text', nullable: true })
  nomeArquivo: string | null;

  @Column({ type: 'text' })
  mimeTipo: string;

  /** int8: a string, as `pg` returns it. */
  @Column({ type: 'bigint' })
  tamanhoBytes: string;

  /** Hex SHA-256 of the bytes. */
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  /** Provider media handle (WhatsApp media id, Telegram file_id). */
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadados: AnexoMetadados;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
