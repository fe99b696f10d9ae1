import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const IA_PROVEDORES = ['openai', 'anthropic', 'local'] as const;
export type IaProvedor = (typeof IA_PROVEDORES)[number];

/** Anthropic has no embeddings API: embeddings come from OpenAI(-compatible) or the local provider. */
export const IA_PROVEDORES_EMBEDDINGS = ['openai', 'local'] as const;
export type IaProvedorEmbeddings = (typeof IA_PROVEDORES_EMBEDDINGS)[number];

export const IA_RECURSOS = [
  'auto_resposta',
  'sentimento',
  'classificacao',
  'sugestao',
  'intencao',
  'rag',
  'embeddings',
  'churn',
  'resumo',
  'transcricao',
] as const;
export type IaRecurso = (typeof IA_RECURSOS)[number];

export const IA_AUTO_RESPOSTA_MODOS = ['desligado', 'sugerir', 'automatico'] as const;
export type IaAutoRespostaModo = (typeof IA_AUTO_RESPOSTA_MODOS)[number];

/** An intent the classifier knows, with a few labelled examples. */
export interface IaIntencao {
  nome: string;
  exemplos: string[];
}

/** One row per empresa. The API key is encrypted like canal credentials. */
@Entity('atendimento_ia_configs')
export class IaConfig {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text', default: 'local' })
  provedor: IaProvedor;

  @Column({ type: 'text', nullable: true })
  modelo: string | null;

  /** OpenAI-compatible servers (Ollama, vLLM, Azure, Groq). */
  @Column({ type: 'text', nullable: true })
  baseUrl: string | null;

  /** AES-256-GCM blob of the API key. */
  @Column({ type: 'text', nullable: true })
  chaveCifrada: string | null;

  @Column({ type: 'text', nullable: true })
  provedorEmbeddings: IaProvedorEmbeddings | null;

  @Column({ type: 'text', nullable: true })
  modeloEmbeddings: string | null;

  @Column({ type: 'text', nullable: true })
  modeloTranscricao: string | null;

  /** Which features are on (absent = off). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  recursos: Partial<Record<IaRecurso, boolean>>;

  @Column({ type: 'text', default: 'desligado' })
  autoRespostaModo: IaAutoRespostaModo;

  /** 0..1: below it, the bot hands off. */
  @Column({ type: 'real', default: 0.7 })
  limiarConfianca: number;

  @Column({ type: 'integer', default: 3 })
  maxTurnosBot: number;

  /** int8: a string, as `pg` returns it. */
  @Column({ type: 'bigint', nullable: true })
  orcamentoMensalTokens: string | null;

  /** numeric(12,4): a string, as `pg` returns it. */
  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true })
  orcamentoMensalCusto: string | null;

  @Column({ type: 'text', default: 'USD' })
  moeda: string;

  /** Redact CPF/CNPJ, e-mails, phones and card numbers before text leaves for an external provider. */
  @Column({ type: 'boolean', default: true })
  redacaoLgpd: boolean;

  /** Null: the default intents. */
  @Column({ type: 'jsonb', nullable: true })
  intencoes: IaIntencao[] | null;

  @Column({ type: 'real', default: 0.7 })
  churnAlertaLimiar: number;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
