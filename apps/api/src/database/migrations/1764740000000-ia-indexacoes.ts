import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * RAG indexing runs (POST /ia/reindexar): one row per run with its progress (rows done / total), written by
 * the job as it goes so any instance can answer GET with it. At most one run per empresa is active at a time
 * (partial unique index), so two admins clicking at once start one run. Chunks of one source are looked up by
 * (empresa_id, fonte, …) already; the embedding model index keeps the vector scan to comparable vectors.
 */
export class IaIndexacoes1764740000000 implements MigrationInterface {
  name = 'IaIndexacoes1764740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE atendimento_ia_indexacoes (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
         status text NOT NULL DEFAULT 'pendente' CHECK (status IN ('pendente', 'executando', 'concluida', 'falhou')),
         total integer CHECK (total >= 0),
         feitos integer NOT NULL DEFAULT 0 CHECK (feitos >= 0),
         falhas integer NOT NULL DEFAULT 0 CHECK (falhas >= 0),
         com_embeddings boolean NOT NULL DEFAULT false,
         erro text,
         solicitado_por_usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
         iniciado_em timestamptz,
         concluido_em timestamptz,
         criado_em timestamptz NOT NULL DEFAULT now(),
         atualizado_em timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX atendimento_ia_indexacoes_empresa_criado_idx ON atendimento_ia_indexacoes (empresa_id, criado_em)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX atendimento_ia_indexacoes_ativa_key ON atendimento_ia_indexacoes (empresa_id)
         WHERE status IN ('pendente', 'executando')`,
    );
    await queryRunner.query(
      `CREATE INDEX atendimento_chunks_empresa_modelo_idx ON atendimento_chunks (empresa_id, embedding_modelo)
         WHERE embedding IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX atendimento_chunks_empresa_modelo_idx`);
    await queryRunner.query(`DROP TABLE atendimento_ia_indexacoes`);
  }
}
