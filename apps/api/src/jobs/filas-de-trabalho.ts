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
  // Provider failures end in a handoff inside the job; these retries cover database errors (the last one hands off).
  iaAutoResponder: { name: 'ia.auto-responder', retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  iaSugerir: { name: 'ia.sugerir', retryLimit: 1, retryDelay: 5, expireInSeconds: 300 },
  // RAG: one article or resolved ticket → chunks (+ embeddings); full re-index runs record their own progress.
  iaIndexar: { name: 'ia.indexar', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  iaReindexar: { name: 'ia.reindexar', retryLimit: 1, retryDelay: 30, expireInSeconds: 4 * 3600 },
  iaChurn: { name: 'ia.churn', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  iaTranscrever: { name: 'ia.transcrever', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  atualizarRelatorios: { name: 'relatorios.atualizar', policy: 'short', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  // A long recomputation in steps; its progress row (atendimento_relatorio_recalculos) says where it is.
  recalcularRelatorios: { name: 'relatorios.recalcular', retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
  enviarCsat: { name: 'csat.enviar', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  // A workflow's `esperar` step: the conversation resumes when the job runs at `aguardandoAte`.
  retomarWorkflow: { name: 'workflows.retomar', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  // Rules are evaluated here, never inside the request or the listener that saw the event.
  avaliarAutomacoes: { name: 'automacoes.avaliar', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  // One job per ticket, idle rule and last-activity instant; a later activity makes it stale.
  automacaoOciosa: {
    name: 'automacoes.ocioso',
    policy: 'short',
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  webhookAutomacao: { name: 'automacoes.webhook', retryLimit: 5, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
} as const satisfies Record<string, PgBoss.Queue>;

export type FilaDeTrabalho = keyof typeof FILAS_DE_TRABALHO;
