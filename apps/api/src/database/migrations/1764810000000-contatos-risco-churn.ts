import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The supervisors' at-risk list reads the stored churn scores of one empresa from the highest down, a page at a
 * time: this partial index serves it in key order without sorting, and holds only contatos that were scored.
 */
export class ContatosRiscoChurn1764810000000 implements MigrationInterface {
  name = 'ContatosRiscoChurn1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX atendimento_contatos_empresa_churn_idx ON atendimento_contatos (empresa_id, churn_score DESC, id)
         WHERE churn_score IS NOT NULL AND mesclado_para_id IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX atendimento_contatos_empresa_churn_idx`);
  }
}
