import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IaLog } from './ia-log.entity.js';

export type NovoIaLog = Omit<IaLog, 'id' | 'empresaId' | 'criadoEm'>;

@Injectable()
export class IaLogRepository extends TenantRepository<IaLog> {
  constructor(tx: TransactionHost) {
    super(tx, IaLog, 'log');
  }

  async registrar(log: NovoIaLog): Promise<void> {
    await this.create(log);
  }

  /** What external providers cost this calendar month (UTC): the budget is checked against it. */
  async consumoDoMes(): Promise<{ tokens: number; custo: number }> {
    const linha = await this.scoped()
      .select('coalesce(sum(log.tokens_entrada + log.tokens_saida), 0)', 'tokens')
      .addSelect('coalesce(sum(log.custo_estimado), 0)', 'custo')
      .andWhere("log.provedor <> 'local'")
      .andWhere("log.criado_em >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")
      .getRawOne<{ tokens: string; custo: string }>();
    return { tokens: Number(linha?.tokens ?? 0), custo: Number(linha?.custo ?? 0) };
  }

  async listarDoTicket(ticketId: string): Promise<IaLog[]> {
    return this.scoped().andWhere('log.ticket_id = :ticketId', { ticketId }).orderBy('log.criado_em', 'ASC').getMany();
  }
}
