import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { Canal, type CanalTipo } from '../canal.entity.js';

/**
 * Canal reads of the inbound pipeline. A URL-routed webhook (`/webhooks/telegram/:canalId`) arrives before
 * the empresa is known, so `findAtivoParaWebhook` is the one lookup across empresas here: the canal id in the
 * URL names its empresa, and the request is then verified with that canal's own secret.
 */
@Injectable()
export class CanalWebhookRepository extends TenantRepository<Canal> {
  constructor(tx: TransactionHost) {
    super(tx, Canal, 'canal');
  }

  async findAtivoParaWebhook(tipo: CanalTipo, id: string): Promise<Canal | null> {
    return this.repository
      .createQueryBuilder('canal')
      .where('canal.id = :id AND canal.tipo = :tipo AND canal.ativo = true AND canal.removido_em IS NULL', { id, tipo })
      .getOne();
  }
}
