import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Envio, type EnvioStatus } from '../../canais/outbound/envio.entity.js';

export interface TentativaDeWebhook {
  tentativa: number;
  url: string;
  entregaId: string;
  automacaoId: string;
  httpStatus: number | null;
  status: EnvioStatus;
  erro: string | null;
  resposta: string | null;
  latenciaMs: number;
}

/** Outgoing automation webhooks are logged with the provider calls (`atendimento_envios`, operacao webhook). */
@Injectable()
export class AutomacaoEnvioRepository extends TenantRepository<Envio> {
  constructor(tx: TransactionHost) {
    super(tx, Envio, 'envio');
  }

  async registrarWebhook(t: TentativaDeWebhook): Promise<void> {
    await this.create({
      mensagemId: null,
      canalId: null,
      operacao: 'webhook',
      tentativa: t.tentativa,
      // The signature is a credential-derived value: never stored.
      requisicao: { url: t.url, entregaId: t.entregaId, automacaoId: t.automacaoId },
      resposta: t.resposta === null ? null : { corpo: t.resposta },
      httpStatus: t.httpStatus,
      status: t.status,
      provedorMensagem: t.erro,
      externalId: t.entregaId,
      latenciaMs: t.latenciaMs,
    });
  }
}
