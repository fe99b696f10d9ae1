import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AUTOMACAO_GATILHOS = [
  'ticket_criado',
  'mensagem_recebida',
  'status_alterado',
  'sla_alerta',
  'sla_violado',
  'ticket_ocioso',
  'avaliacao_recebida',
] as const;
export type AutomacaoGatilho = (typeof AUTOMACAO_GATILHOS)[number];

/** Trigger parameters (`{ minutos: 30 }` for ticket_ocioso, `{ paraStatus: 'resolvido' }`…). */
export type AutomacaoGatilhoConfig = Record<string, unknown>;

/** An AND/OR tree of conditions over ticket/contato/mensagem fields; `{}` matches everything. */
export type AutomacaoCondicoes = Record<string, unknown>;

/** One action: `{ tipo: 'adicionar_tag', tagId }`, `{ tipo: 'webhook', url }`… */
export interface AutomacaoAcao {
  tipo: string;
  [parametro: string]: unknown;
}

/** A rule: trigger → conditions → actions, run in `ordem`. */
@Entity('atendimento_automacoes')
export class Automacao {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', nullable: true })
  descricao: string | null;

  @Column({ type: 'text' })
  gatilho: AutomacaoGatilho;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  gatilhoConfig: AutomacaoGatilhoConfig;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  condicoes: AutomacaoCondicoes;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  acoes: AutomacaoAcao[];

  /** AES-256-GCM blob (HMAC secrets of outgoing webhooks). */
  @Column({ type: 'text', nullable: true })
  segredosCifrados: string | null;

  @Column({ type: 'integer', default: 0 })
  ordem: number;

  /** Stop the chain after this rule runs. */
  @Column({ type: 'boolean', default: false })
  pararAposExecutar: boolean;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
