import { z } from 'zod';

export const TICKET_STATUS_VALORES = ['aberto', 'em_atendimento', 'pendente', 'resolvido', 'fechado'] as const;
/**
 * aberto: waiting in a fila; em_atendimento: an atendente has it; pendente: waiting for the customer;
 * resolvido: done (reopens within the reopen window); fechado: final.
 */
export const ticketStatusSchema = z.enum(TICKET_STATUS_VALORES, {
  error: `status deve ser um de: ${TICKET_STATUS_VALORES.join(', ')}`,
});
export type TicketStatusDto = z.infer<typeof ticketStatusSchema>;

export const TICKET_PRIORIDADE_VALORES = ['baixa', 'normal', 'alta', 'urgente'] as const;
export const ticketPrioridadeSchema = z.enum(TICKET_PRIORIDADE_VALORES, {
  error: `prioridade deve ser uma de: ${TICKET_PRIORIDADE_VALORES.join(', ')}`,
});
export type TicketPrioridadeDto = z.infer<typeof ticketPrioridadeSchema>;

const canalTipo = z.enum(['whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat']);

/** The contato basics a ticket card needs (the full contato is GET /contatos/:id). */
export const ticketContatoResumoSchema = z.object({
  id: z.guid(),
  nome: z.string().nullable(),
  telefone: z.string().nullable(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

export const ticketCanalResumoSchema = z.object({ id: z.guid(), tipo: canalTipo, nome: z.string() });
export const ticketFilaResumoSchema = z.object({ id: z.guid(), nome: z.string(), cor: z.string() });
export const ticketAtendenteResumoSchema = z.object({ id: z.guid(), nome: z.string(), usuarioId: z.guid() });
export const ticketTagResumoSchema = z.object({ id: z.guid(), nome: z.string(), cor: z.string() });

/** Preview of the last customer-facing mensagem (private notes never show here). */
export const ticketUltimaMensagemSchema = z.object({
  id: z.guid().nullable(),
  resumo: z.string().nullable(),
  em: z.string(),
  direcao: z.enum(['recebida', 'enviada']).nullable(),
  tipo: z.string().nullable(),
  status: z.string().nullable(),
});

export const ticketSlaSchema = z.object({
  politicaId: z.guid().nullable(),
  primeiraRespostaPrazo: z.string().nullable(),
  proximaRespostaPrazo: z.string().nullable(),
  resolucaoPrazo: z.string().nullable(),
  primeiraRespostaViolado: z.boolean(),
  proximaRespostaViolado: z.boolean(),
  resolucaoViolado: z.boolean(),
  /** Set while pendente: the SLA clocks are paused from this instant. */
  pausadoEm: z.string().nullable(),
});

export const ticketAvaliacaoSchema = z.object({
  nota: z.number().int().min(1).max(5),
  comentario: z.string().nullable(),
  em: z.string(),
});

export const ticketSchema = z.object({
  id: z.guid(),
  /** Per-empresa sequence; `codigo` is how people say it (#1042). */
  numero: z.number().int().positive(),
  codigo: z.string(),
  status: ticketStatusSchema,
  prioridade: ticketPrioridadeSchema,
  assunto: z.string().nullable(),
  contato: ticketContatoResumoSchema,
  canal: ticketCanalResumoSchema.nullable(),
  fila: ticketFilaResumoSchema.nullable(),
  atendente: ticketAtendenteResumoSchema.nullable(),
  tags: z.array(ticketTagResumoSchema),
  /** Customer mensagens not yet read by an agent. */
  naoLidas: z.number().int().min(0),
  ultimaMensagem: ticketUltimaMensagemSchema.nullable(),
  ultimaAtividadeEm: z.string(),
  /** The reply window (WhatsApp 24 h) counts from here. */
  ultimaMensagemClienteEm: z.string().nullable(),
  entrouNaFilaEm: z.string().nullable(),
  atribuidoEm: z.string().nullable(),
  primeiraRespostaEm: z.string().nullable(),
  resolvidoEm: z.string().nullable(),
  fechadoEm: z.string().nullable(),
  reabertoEm: z.string().nullable(),
  reaberturas: z.number().int().min(0),
  avaliacao: ticketAvaliacaoSchema.nullable(),
  sla: ticketSlaSchema,
  sentimento: z.object({ score: z.number(), rotulo: z.enum(['negativo', 'neutro', 'positivo']).nullable() }).nullable(),
  intencao: z.string().nullable(),
  categoria: z.string().nullable(),
  botAtivo: z.boolean(),
  /** The ticket this one continues, when there is one. */
  origemTicketId: z.guid().nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type TicketDto = z.infer<typeof ticketSchema>;

export const ticketPaginaSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });
export type TicketPagina = z.infer<typeof ticketPaginaSchema>;

/** `?status=aberto&status=pendente` or `?status=aberto,pendente`. */
function umOuVarios<T extends z.ZodType>(item: T) {
  return z.preprocess((valor) => {
    if (valor === undefined || valor === '') return undefined;
    const lista = Array.isArray(valor) ? valor : [valor];
    return lista.flatMap((parte) =>
      typeof parte === 'string'
        ? parte
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [parte],
    );
  }, z.array(item).min(1).max(20).optional());
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** An id (uuid) or one of a few keywords (`eu`, `nenhum`…). */
function idOu(palavras: string[], mensagem: string) {
  return z.string().regex(new RegExp(`^(${UUID}|${palavras.join('|')})$`), mensagem);
}

/** `limite` of a list page. */
export function limiteDePagina(maximo: number, padrao: number) {
  const mensagem = `limite deve ser um número inteiro de 1 a ${maximo}`;
  return z.coerce.number({ error: mensagem }).int(mensagem).min(1, mensagem).max(maximo, mensagem).default(padrao);
}

/** A date (YYYY-MM-DD, the whole day in UTC) or an ISO-8601 date-time. */
const dataOuDataHora = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'use uma data (2026-01-31) ou data-hora ISO-8601 (2026-01-31T12:00:00Z)',
  )
  .refine((valor) => !Number.isNaN(Date.parse(valor)), 'data inválida');

/**
 * GET /api/atendimento/tickets. Filters combine with AND; a list filter (status, prioridade, tag) matches any
 * of its values. `atendenteId` also takes `eu` (my tickets) and `nenhum` (unassigned); `filaId` takes
 * `nenhuma`. `q` is full-text over the ticket's mensagens (Portuguese stemming, accents ignored:
 * "cancelar" finds "cancelamento"), or the ticket number (`1042`, `#1042`). `ordem`: `atividade` (last
 * activity, newest first; default) or `criacao` (creation, newest first).
 */
export const listarTicketsQuerySchema = z.object({
  status: umOuVarios(ticketStatusSchema),
  prioridade: umOuVarios(ticketPrioridadeSchema),
  filaId: idOu(['nenhuma'], 'filaId deve ser o id (uuid) de uma fila ou "nenhuma"').optional(),
  atendenteId: idOu(['eu', 'nenhum'], 'atendenteId deve ser o id (uuid) de um atendente, "eu" ou "nenhum"').optional(),
  canalId: z.guid('canalId deve ser o id (uuid) de um canal').optional(),
  contatoId: z.guid('contatoId deve ser o id (uuid) de um contato').optional(),
  tag: umOuVarios(z.guid('tag deve ser o id (uuid) de uma tag')),
  q: z.string().trim().min(1, 'q não pode ser vazio').max(200).optional(),
  criadoDe: dataOuDataHora.optional(),
  criadoAte: dataOuDataHora.optional(),
  ordem: z.enum(['atividade', 'criacao'], { error: 'ordem deve ser "atividade" ou "criacao"' }).default('atividade'),
  cursor: z.string().max(500).optional(),
  limite: limiteDePagina(100, 25),
});
export type ListarTicketsQuery = z.infer<typeof listarTicketsQuerySchema>;

/** GET /api/atendimento/contatos/:id/tickets: the contato's history across channels, newest first. */
export const listarTicketsDoContatoQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limite: limiteDePagina(100, 25),
});
export type ListarTicketsDoContatoQuery = z.infer<typeof listarTicketsDoContatoQuerySchema>;

const motivo = z.string().trim().min(1, 'motivo não pode ser vazio').max(1000);

/** POST /api/atendimento/tickets: a ticket opened by an agent. */
export const criarTicketSchema = z.object({
  contatoId: z.guid('contatoId deve ser o id (uuid) de um contato'),
  canalId: z.guid('canalId deve ser o id (uuid) de um canal'),
  filaId: z.guid('filaId deve ser o id (uuid) de uma fila').nullable().optional(),
  assunto: z.string().trim().min(1).max(300).nullable().optional(),
  prioridade: ticketPrioridadeSchema.optional(),
});
export type CriarTicket = z.infer<typeof criarTicketSchema>;

/** PATCH /api/atendimento/tickets/:id */
export const atualizarTicketSchema = z
  .object({
    prioridade: ticketPrioridadeSchema,
    assunto: z.string().trim().min(1).max(300).nullable(),
  })
  .partial()
  .refine((valor) => Object.keys(valor).length > 0, 'informe ao menos um campo: prioridade ou assunto');
export type AtualizarTicket = z.infer<typeof atualizarTicketSchema>;

/** POST /api/atendimento/tickets/:id/atribuir; without atendenteId, to me. */
export const atribuirTicketSchema = z.object({
  atendenteId: z.guid('atendenteId deve ser o id (uuid) de um atendente').optional(),
});
export type AtribuirTicket = z.infer<typeof atribuirTicketSchema>;

/** POST /api/atendimento/tickets/:id/transferir: to a fila (back to its backlog) and/or an atendente. */
export const transferirTicketSchema = z
  .object({
    filaId: z.guid('filaId deve ser o id (uuid) de uma fila').optional(),
    atendenteId: z.guid('atendenteId deve ser o id (uuid) de um atendente').optional(),
    motivo,
    /** Supervisors and admins: transfer to an atendente who is offline. */
    forcar: z.boolean({ error: 'forcar deve ser true ou false' }).optional(),
  })
  .refine((valor) => valor.filaId !== undefined || valor.atendenteId !== undefined, {
    message: 'informe o destino: filaId e/ou atendenteId',
    path: ['filaId'],
  });
export type TransferirTicket = z.infer<typeof transferirTicketSchema>;

/** POST /api/atendimento/tickets/:id/status: the generic transition (aguardar cliente, retomar, …). */
export const alterarStatusTicketSchema = z.object({ status: ticketStatusSchema, motivo: motivo.optional() });
export type AlterarStatusTicket = z.infer<typeof alterarStatusTicketSchema>;

/** Body of /resolver, /reabrir and /fechar (all optional). */
export const motivoTicketSchema = z.object({ motivo: motivo.optional() });
export type MotivoTicket = z.infer<typeof motivoTicketSchema>;

/** POST /api/atendimento/tickets/:id/avaliar: CSAT, once per resolution. */
export const avaliarTicketSchema = z.object({
  nota: z
    .number({ error: 'nota deve ser um número inteiro de 1 a 5' })
    .int('nota deve ser um número inteiro de 1 a 5')
    .min(1, 'nota mínima: 1')
    .max(5, 'nota máxima: 5'),
  comentario: z.string().trim().max(2000).nullable().optional(),
});
export type AvaliarTicket = z.infer<typeof avaliarTicketSchema>;

export const TICKET_EVENTO_TIPOS_VALORES = [
  'criado',
  'status_alterado',
  'atribuido',
  'desatribuido',
  'transferido',
  'fila_entrada',
  'prioridade_alterada',
  'tag_adicionada',
  'tag_removida',
  'mensagem_recebida',
  'mensagem_enviada',
  'nota_interna',
  'avaliacao_solicitada',
  'avaliado',
  'sla_alerta',
  'sla_violado',
  'bot_iniciado',
  'bot_handoff',
  'fora_expediente',
  'automacao_executada',
  'workflow_iniciado',
  'workflow_concluido',
  'contato_mesclado',
  'atualizado',
  'removido',
  'restaurado',
] as const;

/** One row of a ticket's history (GET /api/atendimento/tickets/:id/eventos). */
export const ticketEventoSchema = z.object({
  id: z.guid(),
  tipo: z.enum(TICKET_EVENTO_TIPOS_VALORES),
  ator: z.enum(['usuario', 'cliente', 'bot', 'automacao', 'sistema']),
  usuarioId: z.guid().nullable(),
  usuarioNome: z.string().nullable(),
  deStatus: ticketStatusSchema.nullable(),
  paraStatus: ticketStatusSchema.nullable(),
  deAtendenteId: z.guid().nullable(),
  paraAtendenteId: z.guid().nullable(),
  deFilaId: z.guid().nullable(),
  paraFilaId: z.guid().nullable(),
  mensagemId: z.guid().nullable(),
  motivo: z.string().nullable(),
  dados: z.record(z.string(), z.unknown()),
  ocorridoEm: z.string(),
});
export type TicketEventoDto = z.infer<typeof ticketEventoSchema>;

export const listarTicketEventosQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limite: limiteDePagina(200, 100),
});
export type ListarTicketEventosQuery = z.infer<typeof listarTicketEventosQuerySchema>;

export const ticketEventoPaginaSchema = z.object({ items: z.array(ticketEventoSchema), nextCursor: z.string().nullable() });
export type TicketEventoPagina = z.infer<typeof ticketEventoPaginaSchema>;
