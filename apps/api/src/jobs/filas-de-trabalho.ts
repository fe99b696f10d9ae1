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
  emailImap: { name: 'email.imap', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  // 'short': one queued job per singleton key, so re-planning a ticket does not duplicate its SLA jobs.
  verificarSla: {
    name: 'sla.verificar',
    policy: 'short',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  enviarAgendada: { name: 'agendadas.enviar', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  devolverTicketsOffline: { name: 'distribuicao.devolver-offline', retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  iaAnalisarMensagem: { name: 'ia.analisar-mensagem', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  iaClassificarTicket: { name: 'ia.classificar-ticket', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  atualizarRelatorios: { name: 'relatorios.atualizar', policy: 'short', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
} as const satisfies Record<string, PgBoss.Queue>;

export type FilaDeTrabalho = keyof typeof FILAS_DE_TRABALHO;
