import { Injectable } from '@nestjs/common';
import { ContatoIdentidade } from '../../atendimento/contatos/contato-identidade.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

/** Channel-reported state of a contato's identity (the customer blocked or unblocked us on that channel). */
@Injectable()
export class ContatoEstadoRepository extends TenantRepository<ContatoIdentidade> {
  constructor(tx: TransactionHost) {
    super(tx, ContatoIdentidade, 'identidade');
  }

  /** `em` null clears the flag (unblocked). Returns whether an identity matched. */
  async definirBloqueioPeloContato(contatoId: string, valor: string, em: Date | null): Promise<boolean> {
    const rows = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_contato_identidades SET bloqueado_pelo_contato_em = $4, atualizado_em = now()
        WHERE empresa_id = $1 AND contato_id = $2 AND (valor = $3 OR dados->>'waId' = $3)
        RETURNING id`,
      [this.empresaId, contatoId, valor, em],
    );
    return rows.length > 0;
  }
}
