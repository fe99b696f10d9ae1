import type PgBoss from 'pg-boss';

/**
 * Every durable queue, with its retry policy. A queue's name is its contract: handlers and senders refer to
 * these constants, never to string literals.
 */
export const FILAS_DE_TRABALHO = {
  processarEntrada: { name: 'inbound.processar', retryLimit: 6, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 },
  enviarMensagem: { name: 'outbound.enviar', retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 },
  marcarLidaNoCanal: { name: 'outbound.marcar-lida', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  baixarMidia: { name: 'inbound.baixar-midia', retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
} as const satisfies Record<string, PgBoss.Queue>;

export type FilaDeTrabalho = keyof typeof FILAS_DE_TRABALHO;
