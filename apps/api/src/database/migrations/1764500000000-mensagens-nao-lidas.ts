import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A ticket's unread count is recounted (not incremented) whenever a customer mensagem is registered, so that
 * registering the same mensagem twice (salvarMensagem, then the inbound pipeline) cannot count it twice. This
 * partial index keeps that count proportional to the unread mensagens of the ticket, not to all of them.
 */
export class MensagensNaoLidas1764500000000 implements MigrationInterface {
  name = 'MensagensNaoLidas1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX atendimento_mensagens_nao_lidas_idx ON atendimento_mensagens (empresa_id, ticket_id, criado_em, id)
         WHERE direcao = 'recebida' AND lida_em IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX atendimento_mensagens_nao_lidas_idx`);
  }
}
