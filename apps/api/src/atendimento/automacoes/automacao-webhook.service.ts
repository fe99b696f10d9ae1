import { createHmac } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CredenciaisCipher } from '../../common/crypto/credenciais-cipher.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { AutomacaoEnvioRepository } from './automacao-envio.repository.js';
import { AutomacaoRepository } from './automacao.repository.js';

/** Data of an `automacoes.webhook` job: the exact bytes to POST, so every retry carries the same signature. */
export interface EntregaDeWebhook {
  empresaId: string;
  automacaoId: string;
  entregaId: string;
  url: string;
  corpo: string;
}

/** What `segredosCifrados` holds (AES-256-GCM, the rule id as associated data). */
export interface SegredosDaAutomacao {
  webhook?: string;
}

export const TIMEOUT_WEBHOOK_MS = 10_000;

/** `sha256=<hex HMAC-SHA256 of the raw body>`, sent as `X-Atende-Signature`. */
export function assinaturaDoWebhook(segredo: string, corpo: string): string {
  return `sha256=${createHmac('sha256', segredo).update(corpo, 'utf8').digest('hex')}`;
}

/** A refusal that retrying cannot fix (4xx other than 408/429, no secret): logged, not retried. */
class EntregaRecusada extends Error {}

/**
 * Outgoing automation webhooks: a JSON POST signed with the rule's secret, delivered by a durable job that pg-boss
 * retries with exponential backoff on network errors, timeouts, 408, 429 and 5xx. Every attempt is logged in
 * `atendimento_envios`.
 */
@Injectable()
export class AutomacaoWebhookService implements OnModuleInit {
  private readonly logger = new Logger(AutomacaoWebhookService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobQueue,
    private readonly cipher: CredenciaisCipher,
    private readonly automacoes: AutomacaoRepository,
    private readonly envios: AutomacaoEnvioRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.trabalhar<EntregaDeWebhook>('webhookAutomacao', (dados, job) => this.entregar(dados, job.tentativa), {
      concorrencia: 2,
    });
  }

  cifrarSegredos(automacaoId: string, segredos: SegredosDaAutomacao): string {
    return this.cipher.encrypt(segredos, automacaoId);
  }

  /** Queued in the caller's transaction (the rule's), so a rolled-back rule sends nothing. */
  async enfileirar(entrega: EntregaDeWebhook): Promise<void> {
    await this.jobs.enviar('webhookAutomacao', entrega, { singletonKey: `webhook:${entrega.entregaId}`, prioridade: 0 });
  }

  /** The job: throws on a retryable failure (pg-boss retries it), returns after success or a permanent refusal. */
  async entregar(dados: EntregaDeWebhook, tentativa: number): Promise<void> {
    await RequestContext.runForEmpresa(dados.empresaId, async () => {
      const inicio = Date.now();
      let httpStatus: number | null = null;
      let resposta: string | null = null;
      try {
        const segredo = await this.segredo(dados.automacaoId);
        const res = await fetch(dados.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Atende-Automacoes/1',
            'x-atende-signature': assinaturaDoWebhook(segredo, dados.corpo),
            'x-atende-entrega': dados.entregaId,
          },
          body: dados.corpo,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_WEBHOOK_MS),
        });
        httpStatus = res.status;
        resposta = (await res.text()).slice(0, 1000);
        if (res.status >= 200 && res.status < 300) {
          await this.registrar(dados, tentativa, inicio, 'sucesso', httpStatus, null, resposta);
          return;
        }
        const transitorio = res.status === 408 || res.status === 429 || res.status >= 500;
        if (!transitorio) throw new EntregaRecusada(`HTTP ${res.status}`);
        throw new Error(`HTTP ${res.status}`);
      } catch (error) {
        const mensagem = error instanceof Error ? error.message : String(error);
        const permanente = error instanceof EntregaRecusada;
        await this.registrar(dados, tentativa, inicio, permanente ? 'erro_permanente' : 'erro_transitorio', httpStatus, mensagem, resposta);
        this.logger.warn({ automacaoId: dados.automacaoId, entregaId: dados.entregaId, tentativa, erro: mensagem }, 'webhook de automação falhou');
        if (!permanente) throw error;
      }
    });
  }

  private async segredo(automacaoId: string): Promise<string> {
    const automacao = await this.automacoes.findById(automacaoId);
    if (!automacao) throw new EntregaRecusada('a automação foi removida');
    const segredos = automacao.segredosCifrados
      ? this.cipher.decrypt<SegredosDaAutomacao>(automacao.segredosCifrados, automacao.id)
      : {};
    if (!segredos.webhook) throw new EntregaRecusada('a automação não tem webhookSegredo');
    return segredos.webhook;
  }

  private async registrar(
    dados: EntregaDeWebhook,
    tentativa: number,
    inicio: number,
    status: 'sucesso' | 'erro_transitorio' | 'erro_permanente',
    httpStatus: number | null,
    erro: string | null,
    resposta: string | null,
  ): Promise<void> {
    await this.tx.run(() =>
      this.envios.registrarWebhook({
        tentativa,
        url: dados.url,
        entregaId: dados.entregaId,
        automacaoId: dados.automacaoId,
        httpStatus,
        status,
        erro,
        resposta,
        latenciaMs: Date.now() - inicio,
      }),
    );
  }
}
