import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Binary signatures of the chunk embeddings (bit i = embedding[i] > 0) for a two-stage vector ranking: the
 * Hamming distance of signatures (`bit_count(a # b)`, PostgreSQL ≥ 14, so PGlite too) picks a small pool that the
 * exact cosine then ranks, instead of unnesting every vector of the empresa per query (no pgvector on either
 * database). Backfilled here in SQL from the stored embeddings; the application writes it with each embedding.
 * Nullable: a row without one (written by an instance of the previous version) is still ranked, exactly, through
 * the partial index of unsigned rows, which is empty in the steady state. The CHECK ties a signature to its
 * embedding's dimension, so the ranking's dimension filter can test the signature's length and XOR (which needs
 * equal lengths) never meets a mismatched pair. The covering index (signature and id included) lets the Hamming
 * stage read ≈ 120 bytes per chunk from the index instead of the ≈ 2 KB heap rows (vector inline): about twice
 * as fast at 100k chunks. The backfill rewrites every row with a vector, holding the table's lock: ≈ 30 s per
 * 100k chunks at 384 dimensions.
 */
export class IaChunksAssinatura1764800000000 implements MigrationInterface {
  name = 'IaChunksAssinatura1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE atendimento_chunks ADD COLUMN assinatura bit varying`);
    await queryRunner.query(
      `UPDATE atendimento_chunks c
          SET assinatura = (SELECT string_agg(CASE WHEN e.x > 0 THEN '1' ELSE '0' END, '' ORDER BY e.i)::varbit
                              FROM unnest(c.embedding) WITH ORDINALITY AS e(x, i))
        WHERE c.embedding IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE atendimento_chunks ADD CONSTRAINT atendimento_chunks_assinatura_check
         CHECK (assinatura IS NULL OR (embedding IS NOT NULL AND bit_length(assinatura) = array_length(embedding, 1)))`,
    );
    await queryRunner.query(
      `CREATE INDEX atendimento_chunks_assinatura_idx ON atendimento_chunks (empresa_id, embedding_modelo)
         INCLUDE (id, assinatura) WHERE embedding IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX atendimento_chunks_sem_assinatura_idx ON atendimento_chunks (empresa_id, embedding_modelo)
         WHERE embedding IS NOT NULL AND assinatura IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX atendimento_chunks_sem_assinatura_idx`);
    await queryRunner.query(`DROP INDEX atendimento_chunks_assinatura_idx`);
    await queryRunner.query(`ALTER TABLE atendimento_chunks DROP COLUMN assinatura`);
  }
}
