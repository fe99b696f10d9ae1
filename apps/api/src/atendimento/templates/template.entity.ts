import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Approval status of a synced provider template, normalized across providers. */
export const TEMPLATE_WHATSAPP_STATUS = ['aprovado', 'pendente', 'rejeitado', 'pausado', 'desativado', 'outro'] as const;
export type TemplateWhatsappStatus = (typeof TEMPLATE_WHATSAPP_STATUS)[number];

/** A custom variable a template declares (the built-in ones such as `contato.nome` need no declaration). */
export interface TemplateVariavel {
  nome: string;
  descricao?: string;
  exemplo?: string;
}

/** A component of a synced WhatsApp template, as the provider describes it. */
export interface TemplateWhatsappComponente {
  type: string;
  format?: string;
  text?: string;
  variables: string[];
  buttons?: { type: string; text: string; url?: string; phoneNumber?: string }[];
}

@Entity('atendimento_templates')
export class Template {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  /** Set for provider templates synced from a canal; null = a local template usable on every canal. */
  @Column({ type: 'uuid', nullable: true })
  canalId: string | null;

  @Column({ type: 'text' })
  nome: string;

  @Column({ type: 'text', nullable: true })
  categoria: string | null;

  /** Lower-case, without the leading '/': `saudacao` for `/saudacao`. Unique per empresa. */
  @Column({ type: 'text', nullable: true })
  atalho: string | null;

  /** Text with `{{contato.nome}}`-style variables. */
  @Column({ type: 'text' })
  conteudo: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  variaveis: TemplateVariavel[];

  @Column({ type: 'text', default: 'pt_BR' })
  idioma: string;

  @Column({ type: 'text', nullable: true })
  whatsappNome: string | null;

  @Column({ type: 'text', nullable: true })
  whatsappId: string | null;

  @Column({ type: 'text', nullable: true })
  whatsappStatus: TemplateWhatsappStatus | null;

  /** The provider's own status word (APPROVED, IN_APPEAL…). */
  @Column({ type: 'text', nullable: true })
  whatsappStatusProvedor: string | null;

  @Column({ type: 'text', nullable: true })
  whatsappCategoria: string | null;

  @Column({ type: 'jsonb', nullable: true })
  whatsappComponentes: TemplateWhatsappComponente[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  sincronizadoEm: Date | null;

  @Column({ type: 'boolean', default: true })
  ativo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
