import { z } from 'zod';
import { atendenteStatusSchema } from './atendentes.js';
import { filaEstrategiaSchema } from './filas.js';

/** A ticket waiting in the fila's backlog, in the order it will be assigned (urgente first, then FIFO). */
export const painelTicketEsperandoSchema = z.object({
  ticketId: z.string(),
  numero: z.number().int(),
  posicao: z.number().int(),
  prioridade: z.string(),
  contatoNome: z.string().nullable(),
  entrouNaFilaEm: z.string(),
  esperaSegundos: z.number().int(),
});
export type PainelTicketEsperandoDto = z.infer<typeof painelTicketEsperandoSchema>;

/** A member of the fila with its load: tickets of this fila, all its tickets, and the two limits. */
export const painelAtendenteSchema = z.object({
  atendenteId: z.string(),
  nome: z.string(),
  status: atendenteStatusSchema,
  ativo: z.boolean(),
  elegivel: z.boolean(),
  ticketsNaFila: z.number().int(),
  ticketsTotal: z.number().int(),
  capacidadeNaFila: z.number().int().nullable(),
  maxTicketsSimultaneos: z.number().int(),
  ultimoAtendimentoEm: z.string().nullable(),
});
export type PainelAtendenteDto = z.infer<typeof painelAtendenteSchema>;

/** GET /api/atendimento/filas/:id/painel */
export const painelFilaSchema = z.object({
  filaId: z.string(),
  nome: z.string(),
  estrategia: filaEstrategiaSchema,
  backlog: z.array(painelTicketEsperandoSchema),
  totalEsperando: z.number().int(),
  maiorEsperaSegundos: z.number().int(),
  atendentes: z.array(painelAtendenteSchema),
  hoje: z.object({
    /** Since 00:00 UTC. */
    desde: z.string(),
    atribuidos: z.number().int(),
    resolvidos: z.number().int(),
    entradas: z.number().int(),
  }),
});
export type PainelFilaDto = z.infer<typeof painelFilaSchema>;
