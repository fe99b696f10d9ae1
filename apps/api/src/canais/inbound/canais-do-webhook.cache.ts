import { Injectable } from '@nestjs/common';
import type { Canal } from '../canal.entity.js';

/** A canal a webhook names, with its credentials already decrypted for the signature check. */
export interface CanalVerificavel {
  canal: Canal;
  credenciais: unknown;
}

/** Long enough to serve bursts from memory, short enough that an idle canal's secret does not linger. */
const VALIDADE_MS = 60_000;
const MAXIMO_DE_ENTRADAS = 1_000;

/**
 * The canais that webhooks name (by routing key or URL), kept between ingestion batches so that the
 * acknowledgement's durable write is a single statement. An entry is never trusted on its own: that statement
 * is guarded by the canal's credentials ciphertext and state (`EventoEntradaRepository.inserirNovosComJobs`),
 * and a signature that fails against an entry is checked again against a fresh lookup. Unknown keys are
 * never cached: a canal created a moment ago must receive its first webhook.
 */
@Injectable()
export class CanaisDoWebhookCache {
  private readonly entradas = new Map<string, { valor: CanalVerificavel; expiraEm: number }>();

  obter(chave: string): CanalVerificavel | undefined {
    const entrada = this.entradas.get(chave);
    if (entrada === undefined) return undefined;
    if (entrada.expiraEm <= Date.now()) {
      this.entradas.delete(chave);
      return undefined;
    }
    return entrada.valor;
  }

  guardar(chave: string, valor: CanalVerificavel): void {
    this.entradas.delete(chave);
    // Insertion order is age order: the oldest entry goes first.
    if (this.entradas.size >= MAXIMO_DE_ENTRADAS) this.entradas.delete(this.entradas.keys().next().value ?? '');
    this.entradas.set(chave, { valor, expiraEm: Date.now() + VALIDADE_MS });
  }

  esquecer(chave: string): void {
    this.entradas.delete(chave);
  }
}
