import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The AI auto-reply's safety sweep looks, across empresas, for conversations the bot holds whose customer is
 * still waiting (a wake-up lost with a crashed process). This partial index keeps that sweep proportional to the
 * tickets in the bot phase, not to all tickets.
 */
export class IaAutoResposta1764730000000 implements MigrationInterface {
  name = 'IaAutoResposta1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX atendimento_tickets_bot_idx ON atendimento_tickets (empresa_id, ultima_mensagem_cliente_em)
         WHERE bot_ativo AND status = 'aberto' AND removido_em IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX atendimento_tickets_bot_idx`);
  }
}
