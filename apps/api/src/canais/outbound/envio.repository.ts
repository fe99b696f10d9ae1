import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { Envio, type EnvioOperacao, type EnvioStatus } from './envio.entity.js';

export interface NovoEnvio {
  mensagemId: string | null;
  canalId: string;
  operacao: EnvioOperacao;
  tentativa: number;
  status: EnvioStatus;
  requisicao: Record<string, unknown> | null;
  resposta: Record<string, unknown> | null;
  httpStatus: number | null;
  provedorCodigo: string | null;
  provedorMensagem: string | null;
  externalId: string | null;
  latenciaMs: number;
}

/** The append-only log of provider calls (what was sent, what came back, how long it took). */
@Injectable()
export class EnvioRepository extends TenantRepository<Envio> {
  constructor(tx: TransactionHost) {
    super(tx, Envio, 'envio');
  }

  async registrar(envio: NovoEnvio): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_envios
         (empresa_id, mensagem_id, canal_id, operacao, tentativa, status, requisicao, resposta, http_status,
          provedor_codigo, provedor_mensagem, external_id, latencia_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13)`,
      [
        this.empresaId,
        envio.mensagemId,
        envio.canalId,
        envio.operacao,
        Math.max(1, envio.tentativa),
        envio.status,
        envio.requisicao === null ? null : JSON.stringify(envio.requisicao),
        envio.resposta === null ? null : JSON.stringify(envio.resposta),
        envio.httpStatus,
        envio.provedorCodigo,
        envio.provedorMensagem,
        envio.externalId,
        Math.max(0, Math.round(envio.latenciaMs)),
      ],
    );
  }

  async listarDaMensagem(mensagemId: string): Promise<Envio[]> {
    return this.scoped().andWhere('envio.mensagem_id = :mensagemId', { mensagemId }).orderBy('envio.criado_em', 'ASC').getMany();
  }
}
