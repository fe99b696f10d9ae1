import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ENVIO_OPERACOES = ['enviar', 'marcar_lida', 'digitando', 'reagir', 'sincronizar', 'verificar', 'webhook'] as const;
export type EnvioOperacao = (typeof ENVIO_OPERACOES)[number];

export const ENVIO_STATUS = ['sucesso', 'erro_transitorio', 'erro_permanente'] as const;
export type EnvioStatus = (typeof ENVIO_STATUS)[number];

/** One outbound provider call (append-only): what was sent, what came back, and how long it took. */
@Entity('atendimento_envios')
export class Envio {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'uuid', nullable: true })
  mensagemId: string | null;

  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  @Column({ type: 'text', default: 'enviar' })
  operacao: EnvioOperacao;

  @Column({ type: 'integer', default: 1 })
  tentativa: number;

  /** Without credentials or authorization headers. */
  @Column({ type: 'jsonb', nullable: true })
  requisicao: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  resposta: Record<string, unknown> | null;

  @Column({ type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'text' })
  status: EnvioStatus;

  @Column({ type: 'text', nullable: true })
  provedorCodigo: string | null;

  @Column({ type: 'text', nullable: true })
  provedorMensagem: string | null;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'integer', nullable: true })
  latenciaMs: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
