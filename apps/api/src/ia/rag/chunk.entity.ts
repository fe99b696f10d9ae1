import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CHUNK_FONTES = ['artigo', 'ticket'] as const;
export type ChunkFonte = (typeof CHUNK_FONTES)[number];

/**
 * A retrieval unit from an article or a resolved ticket. The `fts` tsvector column (generated, config
 * `atende_portugues`) is not mapped: it is only read in SQL.
 */
@Entity('atendimento_chunks')
export class Chunk {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  empresaId: string;

  @Column({ type: 'text' })
  fonte: ChunkFonte;

  @Column({ type: 'uuid', nullable: true })
  artigoId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ type: 'integer', default: 0 })
  ordem: number;

  @Column({ type: 'text', nullable: true })
  titulo: string | null;

  @Column({ type: 'text' })
  texto: string;

  @Column({ type: 'integer', nullable: true })
  tokens: number | null;

  /** L2-normalised, so cosine similarity is a dot product in SQL (no pgvector on either database). */
  @Column({ type: 'real', array: true, nullable: true })
  embedding: number[] | null;

  @Column({ type: 'text', nullable: true })
  embeddingModelo: string | null;

  /**
   * Sign bits of `embedding` as a bit string ('0101…', one bit per dimension): the vector ranking's prefilter by
   * Hamming distance. Written with each embedding; null without one (and on rows of a previous version, which
   * the ranking scores exactly).
   */
  @Column({ type: 'varbit', nullable: true })
  assinatura: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  atualizadoEm: Date;
}
