import { Injectable } from '@nestjs/common';
import type { DeepPartial } from 'typeorm';
import { TenantRepository } from '../database/tenant.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IaConfig } from './ia-config.entity.js';

@Injectable()
export class IaConfigRepository extends TenantRepository<IaConfig> {
  constructor(tx: TransactionHost) {
    super(tx, IaConfig, 'config');
  }

  async buscarDaEmpresa(): Promise<IaConfig | null> {
    return this.scoped().getOne();
  }

  /** Insert or update the empresa's single row (the unique index on empresa_id arbitrates races). */
  async gravar(valores: DeepPartial<Omit<IaConfig, 'id' | 'empresaId' | 'criadoEm' | 'atualizadoEm'>>): Promise<void> {
    const atual = await this.scoped().setLock('pessimistic_write').getOne();
    if (atual) await this.update(atual.id, valores);
    else await this.create(valores);
  }
}
