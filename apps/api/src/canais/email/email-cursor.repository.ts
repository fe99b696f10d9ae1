import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EmailCursor } from './email-cursor.entity.js';

export interface CursorImap {
  caixa: string;
  uidValidity: string;
  ultimoUid: number;
}

/** Where IMAP polling of each e-mail canal left off. */
@Injectable()
export class EmailCursorRepository extends TenantRepository<EmailCursor> {
  constructor(tx: TransactionHost) {
    super(tx, EmailCursor, 'cursor');
  }

  /**
   * Before any empresa is known (the periodic sweep): every active e-mail canal that receives by IMAP, of
   * every empresa. `entrada` is a non-secret field, stored in clear in `configuracao`.
   */
  async listarCanaisImapDeTodasAsEmpresas(): Promise<{ canalId: string; empresaId: string }[]> {
    const linhas = await this.tx.query<{ id: string; empresa_id: string }>(
      `SELECT id, empresa_id FROM atendimento_canais
        WHERE tipo = 'email' AND ativo AND removido_em IS NULL AND configuracao->>'entrada' = 'imap'
        ORDER BY id`,
    );
    return linhas.map((linha) => ({ canalId: linha.id, empresaId: linha.empresa_id }));
  }

  async buscar(canalId: string): Promise<CursorImap | null> {
    const linhas = await this.tx.query<{ caixa: string; uid_validity: string; ultimo_uid: string }>(
      `SELECT caixa, uid_validity::text, ultimo_uid::text FROM atendimento_email_cursores WHERE empresa_id = $1 AND canal_id = $2`,
      [this.empresaId, canalId],
    );
    const linha = linhas[0];
    return linha === undefined ? null : { caixa: linha.caixa, uidValidity: linha.uid_validity, ultimoUid: Number(linha.ultimo_uid) };
  }

  async salvar(canalId: string, cursor: CursorImap): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_email_cursores (canal_id, empresa_id, caixa, uid_validity, ultimo_uid)
       VALUES ($2, $1, $3, $4::bigint, $5)
       ON CONFLICT (empresa_id, canal_id) DO UPDATE
         SET caixa = EXCLUDED.caixa, uid_validity = EXCLUDED.uid_validity, ultimo_uid = EXCLUDED.ultimo_uid, atualizado_em = now()`,
      [this.empresaId, canalId, cursor.caixa, cursor.uidValidity, cursor.ultimoUid],
    );
  }
}
