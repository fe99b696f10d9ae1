import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * E-mail conversations are threads: one contato may have several open tickets on one e-mail canal, one per
 * thread, keyed by the thread's first Message-ID (`conversa_chave`). Tickets without a key keep the rule of
 * one open ticket per contato and canal; keyed ones are unique per canal and key while open, which is what
 * concurrent replies to the same thread converge on.
 */
export class CanalEmail1764620000000 implements MigrationInterface {
  name = 'CanalEmail1764620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE atendimento_tickets ADD COLUMN conversa_chave text`);
    await queryRunner.query(`DROP INDEX atendimento_tickets_aberto_contato_canal_key`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX atendimento_tickets_aberto_contato_canal_key ON atendimento_tickets (empresa_id, contato_id, canal_id)
         WHERE status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL AND conversa_chave IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX atendimento_tickets_aberto_conversa_key ON atendimento_tickets (empresa_id, canal_id, conversa_chave)
         WHERE status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL AND conversa_chave IS NOT NULL`,
    );
    // Reopening looks up the latest resolved ticket of a thread.
    await queryRunner.query(
      `CREATE INDEX atendimento_tickets_conversa_idx ON atendimento_tickets (empresa_id, canal_id, conversa_chave, criado_em)
         WHERE conversa_chave IS NOT NULL`,
    );
    // IMAP polling resumes after the last UID it stored (the cursor moves in the transaction that stores the mail).
    await queryRunner.query(
      `CREATE TABLE atendimento_email_cursores (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
         canal_id uuid NOT NULL REFERENCES atendimento_canais (id) ON DELETE CASCADE,
         caixa text NOT NULL,
         uid_validity bigint NOT NULL,
         ultimo_uid bigint NOT NULL CHECK (ultimo_uid >= 0),
         criado_em timestamptz NOT NULL DEFAULT now(),
         atualizado_em timestamptz NOT NULL DEFAULT now(),
         CONSTRAINT atendimento_email_cursores_canal_key UNIQUE (empresa_id, canal_id)
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE atendimento_email_cursores`);
    await queryRunner.query(`DROP INDEX atendimento_tickets_conversa_idx`);
    await queryRunner.query(`DROP INDEX atendimento_tickets_aberto_conversa_key`);
    await queryRunner.query(`DROP INDEX atendimento_tickets_aberto_contato_canal_key`);
    // Threads collapse back into one open ticket per contato and canal: the older open ones are resolved.
    await queryRunner.query(
      `UPDATE atendimento_tickets t SET status = 'resolvido', resolvido_em = now()
        WHERE t.status NOT IN ('resolvido', 'fechado') AND t.removido_em IS NULL
          AND EXISTS (SELECT 1 FROM atendimento_tickets n
                       WHERE n.empresa_id = t.empresa_id AND n.contato_id = t.contato_id AND n.canal_id = t.canal_id
                         AND n.status NOT IN ('resolvido', 'fechado') AND n.removido_em IS NULL
                         AND (n.criado_em, n.id) > (t.criado_em, t.id))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX atendimento_tickets_aberto_contato_canal_key ON atendimento_tickets (empresa_id, contato_id, canal_id)
         WHERE status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE atendimento_tickets DROP COLUMN conversa_chave`);
  }
}
