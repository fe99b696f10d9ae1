import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ARTIGO_ORIGENS = ['manual', 'markdown', 'csv'] as const;
export type ArtigoOrigem = (typeof ARTIGO_ORIGENS)[number];

export const ARTIGO_INDEXACAO_STATUS = ['pendente', 'indexando', 'indexado', 'falhou'] as const;
export type ArtigoIndexacaoStatus = (typeof ARTIGO_INDEXACAO_STATUS)[number];

/** A knowledge-base article: the auto-reply answers only from these and from resolved tickets. */
@Entity('atendimento_artigos')
export class Artigo {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  titulo: string;

  /** Markdown. */
  @Column({ type: 'text' })
  conteudo: string;

  @Column({ type: 'text', nullable: true })
  categoria: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'text', default: 'manual' })
  origem: ArtigoOrigem;

  @Column({ type: 'boolean', default: true })
  publicado: boolean;

  /** SHA-256 of the indexed text: unchanged articles are not re-embedded. */
  @Column({ type: 'text', nullable: true })
  conteudoHash: string | null;

  @Column({ type: 'text', default: 'pendente' })
  indexacaoStatus: ArtigoIndexacaoStatus;

  @Column({ type: 'timestamptz', nullable: true })
  indexadoEm: Date | null;

  @Column({ type: 'text', nullable: true })
  indexacaoErro: string | null;

  @Column({ type: 'uuid', nullable: true })
  criadoPorUsuarioId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
