import { Injectable } from '@nestjs/common';
import { condicaoVisibilidade } from '../atendimento/tickets/ticket-visibilidade.js';
import { TransactionHost } from '../database/transaction-host.js';
import { TenantRepository } from '../database/tenant.repository.js';
import { Anexo } from './anexo.entity.js';

@Injectable()
export class AnexoRepository extends TenantRepository<Anexo> {
  constructor(tx: TransactionHost) {
    super(tx, Anexo, 'anexo');
  }

  /**
   * An anexo the usuario may download: any of the empresa's for supervisors and admins (`usuarioRestrito` null);
   * for an atendente, one waiting for its mensagem or on a ticket it can see (the ticket visibility rule).
   */
  async findVisivel(id: string, usuarioRestrito: string | null): Promise<Anexo | null> {
    const query = this.scoped('anexo').andWhere('anexo.id = :id', { id });
    if (usuarioRestrito) {
      query.andWhere(
        `(anexo.mensagem_id IS NULL OR EXISTS (
           SELECT 1 FROM atendimento_mensagens m JOIN atendimento_tickets t ON t.id = m.ticket_id
            WHERE m.id = anexo.mensagem_id AND t.removido_em IS NULL
              AND ${condicaoVisibilidade('t', ':empresaId', ':usuarioRestrito')}))`,
        { usuarioRestrito },
      );
    }
    return query.getOne();
  }

  /** Links uploaded anexos to their mensagem; returns the ids that were free to link. */
  async vincularAMensagem(ids: string[], mensagemId: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const linhas = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_anexos SET mensagem_id = $3, atualizado_em = now()
        WHERE empresa_id = $1 AND id = ANY($2::uuid[]) AND mensagem_id IS NULL
        RETURNING id`,
      [this.empresaId, ids, mensagemId],
    );
    return linhas.map((linha) => linha.id);
  }

  async listarDasMensagens(mensagemIds: string[]): Promise<Anexo[]> {
    if (mensagemIds.length === 0) return [];
    return this.scoped('anexo')
      .andWhere('anexo.mensagem_id IN (:...mensagemIds)', { mensagemIds })
      .orderBy('anexo.criado_em', 'ASC')
      .addOrderBy('anexo.id', 'ASC')
      .getMany();
  }
}
