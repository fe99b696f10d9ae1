import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CanalTipo } from './channel-adapter.js';

export { CANAL_TIPOS, type CanalTipo } from './channel-adapter.js';

export const CANAL_STATUS = ['pendente', 'conectado', 'erro', 'desconectado'] as const;
export type CanalStatus = (typeof CANAL_STATUS)[number];

/** Non-secret settings (allowed webchat origins, pre-chat fields, display number…). Secrets live encrypted. */
export type CanalConfiguracao = Record<string, unknown>;

/** The fila menu a canal sends to new conversations ("1 - Vendas, 2 - Suporte"). */
export interface CanalMenu {
  texto: string;
  opcoes: { chave: string; rotulo: string; filaId: string }[];
  /** Sent once after an invalid answer, before falling back to the default fila. */
  textoOpcaoInvalida?: string;
}

/** The last provider/account error, shown on the canal status. */
export interface CanalUltimoErro {
  codigo: string;
  mensagem: string;
  em: string;
  detalhes?: Record<string, unknown>;
}

@Entity('atendimento_canais')
export class Canal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  tipo: CanalTipo;

  /** The API that serves the kind when there is more than one (whatsapp: `meta` | `twilio`); null = the kind's own. */
  @Column({ type: 'text', nullable: true })
  provedor: string | null;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', default: 'pendente' })
  status: CanalStatus;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  /** AES-256-GCM blob of the secret credential fields. Never leaves the canal service in clear. */
  @Column({ type: 'text', nullable: true })
  credenciaisCifradas: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  configuracao: CanalConfiguracao;

  /** What a webhook payload names the canal by (phone_number_id, page id, webchat public key). */
  @Column({ type: 'text', nullable: true })
  chaveRoteamento: string | null;

  /** SHA-256 (hex) of the webhook verify token, for the Meta handshake. */
  @Column({ type: 'text', nullable: true })
  tokenVerificacaoHash: string | null;

  @Column({ type: 'uuid', nullable: true })
  filaPadraoId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  menu: CanalMenu | null;

  @Column({ type: 'real', nullable: true })
  limiteEnviosPorSegundo: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  ultimoEventoEm: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  ultimoErro: CanalUltimoErro | null;

  @Column({ type: 'timestamptz', nullable: true })
  verificadoEm: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  removidoEm: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
