import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Recomputations of the report aggregates as tracked work: a long period is rebuilt by a job in steps, and
 * its progress (days done of days total), state and error are readable while it runs.
 */
export class RelatorioRecalculos1764750000000 implements MigrationInterface {
  name = 'RelatorioRecalculos1764750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE atendimento_relatorio_recalculos (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
         de date NOT NULL,
         ate date NOT NULL CHECK (ate >= de),
         estado text NOT NULL DEFAULT 'pendente' CHECK (estado IN ('pendente', 'executando', 'concluido', 'erro')),
         dias integer NOT NULL CHECK (dias > 0),
         dias_concluidos integer NOT NULL DEFAULT 0 CHECK (dias_concluidos >= 0),
         tickets integer NOT NULL DEFAULT 0,
         eventos integer NOT NULL DEFAULT 0,
         linhas integer NOT NULL DEFAULT 0,
         erro text,
         iniciado_em timestamptz,
         concluido_em timestamptz,
         criado_em timestamptz NOT NULL DEFAULT now(),
         atualizado_em timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX atendimento_relatorio_recalculos_empresa_idx ON atendimento_relatorio_recalculos (empresa_id, criado_em)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE atendimento_relatorio_recalculos`);
  }
}
