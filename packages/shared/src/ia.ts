import { z } from 'zod';

export const IA_PROVEDORES = ['openai', 'anthropic', 'local'] as const;
export const IA_AUTO_RESPOSTA_MODOS = ['desligado', 'sugerir', 'automatico'] as const;
export const IA_RECURSOS_CONFIGURAVEIS = [
  'auto_resposta',
  'sentimento',
  'classificacao',
  'sugestao',
  'intencao',
  'rag',
  'churn',
  'resumo',
  'transcricao',
] as const;

/** The intents a new empresa starts with. */
export const IA_INTENCOES_PADRAO = ['comprar', 'cancelar', 'reclamar', 'suporte', 'financeiro', 'falar_com_humano'] as const;

/** Limits of the empresa's intent list (the settings editor shows them before the API would refuse). */
export const IA_INTENCOES_LIMITES = {
  intencoes: 40,
  exemplosPorIntencao: 30,
  exemploMin: 2,
  exemploMax: 300,
} as const;

/** One intent of the local classifier: a name and labelled examples. */
export const intencaoSchema = z.object({
  nome: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{2,40}$/, 'o nome da intenção usa letras minúsculas, dígitos e _ (2 a 40 caracteres)'),
  exemplos: z
    .array(
      z
        .string()
        .trim()
        .min(IA_INTENCOES_LIMITES.exemploMin, `cada exemplo tem ao menos ${IA_INTENCOES_LIMITES.exemploMin} caracteres`)
        .max(IA_INTENCOES_LIMITES.exemploMax, `cada exemplo tem no máximo ${IA_INTENCOES_LIMITES.exemploMax} caracteres`),
    )
    .min(1, 'dê ao menos um exemplo por intenção')
    .max(IA_INTENCOES_LIMITES.exemplosPorIntencao, `no máximo ${IA_INTENCOES_LIMITES.exemplosPorIntencao} exemplos por intenção`),
});
export type IaIntencaoDto = z.infer<typeof intencaoSchema>;

/** GET /api/atendimento/ia/config/intencoes-padrao: the intents a new empresa starts with, with their examples. */
export const iaIntencoesPadraoSchema = z.object({ intencoes: z.array(intencaoSchema) });
export type IaIntencoesPadraoDto = z.infer<typeof iaIntencoesPadraoSchema>;

const recursosSchema = z.partialRecord(z.enum(IA_RECURSOS_CONFIGURAVEIS), z.boolean());

/** GET /api/atendimento/ia/config: the key is never returned, only a masked tail. */
export const iaConfigSchema = z.object({
  provedor: z.enum(IA_PROVEDORES),
  modelo: z.string().nullable(),
  baseUrl: z.string().nullable(),
  /** `••••abcd`, or null when no key is stored. */
  chave: z.string().nullable(),
  provedorEmbeddings: z.enum(['openai', 'local']).nullable(),
  modeloEmbeddings: z.string().nullable(),
  recursos: recursosSchema,
  autoRespostaModo: z.enum(IA_AUTO_RESPOSTA_MODOS),
  limiarConfianca: z.number(),
  maxTurnosBot: z.number().int(),
  orcamentoMensalTokens: z.number().int().nullable(),
  orcamentoMensalCusto: z.number().nullable(),
  moeda: z.string(),
  redacaoLgpd: z.boolean(),
  intencoes: z.array(intencaoSchema),
  /** Spent this calendar month (UTC) on external providers. */
  consumoMes: z.object({ tokens: z.number().int(), custo: z.number() }),
});
export type IaConfigDto = z.infer<typeof iaConfigSchema>;

/** PUT /api/atendimento/ia/config: omitted fields keep their value; `chave: null` removes the key. */
export const atualizarIaConfigSchema = z
  .object({
    provedor: z.enum(IA_PROVEDORES, { message: 'provedor deve ser openai, anthropic ou local' }),
    modelo: z.string().trim().min(1).max(120).nullable(),
    baseUrl: z.url({ protocol: /^https?$/, message: 'baseUrl deve ser uma URL http(s)' }).nullable(),
    chave: z.string().trim().min(8, 'a chave da API tem ao menos 8 caracteres').max(500).nullable(),
    provedorEmbeddings: z.enum(['openai', 'local']).nullable(),
    modeloEmbeddings: z.string().trim().min(1).max(120).nullable(),
    recursos: recursosSchema,
    autoRespostaModo: z.enum(IA_AUTO_RESPOSTA_MODOS),
    limiarConfianca: z.number().min(0, 'limiarConfianca vai de 0 a 1').max(1, 'limiarConfianca vai de 0 a 1'),
    maxTurnosBot: z.number().int().min(0).max(50),
    orcamentoMensalTokens: z.number().int().positive('orcamentoMensalTokens deve ser positivo').nullable(),
    orcamentoMensalCusto: z.number().positive('orcamentoMensalCusto deve ser positivo').nullable(),
    moeda: z.string().regex(/^[A-Z]{3}$/, 'moeda é um código ISO de 3 letras, como USD ou BRL'),
    redacaoLgpd: z.boolean(),
    intencoes: z
      .array(intencaoSchema)
      .min(1, 'informe ao menos uma intenção')
      .max(IA_INTENCOES_LIMITES.intencoes, `no máximo ${IA_INTENCOES_LIMITES.intencoes} intenções`)
      // On the repeated item's name, so the 400 (and the settings form) names the field.
      .superRefine((lista, ctx) => {
        const vistos = new Set<string>();
        lista.forEach((intencao, indice) => {
          if (vistos.has(intencao.nome))
            ctx.addIssue({ code: 'custom', message: `nome de intenção repetido: ${intencao.nome}`, path: [indice, 'nome'] });
          vistos.add(intencao.nome);
        });
      })
      .nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo da configuração');
export type AtualizarIaConfig = z.infer<typeof atualizarIaConfigSchema>;

/** A source an AI text was grounded on: `artigo:<uuid>` (a KB article) or `ticket:<número>` (a resolved ticket). */
export const iaCitacaoSchema = z.object({ id: z.string(), titulo: z.string() });
export type IaCitacao = z.infer<typeof iaCitacaoSchema>;

/** GET /api/atendimento/tickets/:id/sugestoes */
export const iaSugestoesSchema = z.object({
  sugestoes: z.array(z.object({ texto: z.string(), fontes: z.array(z.string()) })).max(3),
  provedor: z.enum(IA_PROVEDORES),
  /** Title of every source the drafts cite. */
  citacoes: z.array(iaCitacaoSchema),
});
export type IaSugestoesDto = z.infer<typeof iaSugestoesSchema>;

/**
 * Socket `ia:sugestoes`: drafts computed after a customer mensagem, pushed to the ticket's atendente and to
 * whoever has the ticket open. Drafts only: the agent edits and sends them (never sent automatically).
 */
export const iaSugestoesEventoSchema = iaSugestoesSchema.extend({
  ticketId: z.guid(),
  /** The customer mensagem the drafts answer. */
  mensagemId: z.guid(),
  geradoEm: z.string(),
});
export type IaSugestoesEvento = z.infer<typeof iaSugestoesEventoSchema>;

/** `payload.ia` of a mensagem the auto-reply bot sent: what it was grounded on, for the agents to check. */
export const iaMensagemBotSchema = z.object({
  tipo: z.enum(['resposta', 'handoff']),
  citacoes: z.array(iaCitacaoSchema),
  confianca: z.number().nullable(),
  provedor: z.enum(IA_PROVEDORES),
  /** Handoff only: why the bot passed the conversation to people. */
  motivo: z.string().nullable(),
});
export type IaMensagemBot = z.infer<typeof iaMensagemBotSchema>;

/** POST /api/atendimento/tickets/:id/resumo */
export const iaResumoSchema = z.object({
  resumo: z.string(),
  provedor: z.enum(IA_PROVEDORES),
  geradoEm: z.string(),
});
export type IaResumoDto = z.infer<typeof iaResumoSchema>;

/** A knowledge-base article (the auto-reply and the reply drafts answer only from these and from resolved tickets). */
export const artigoSchema = z.object({
  id: z.guid(),
  titulo: z.string(),
  conteudo: z.string(),
  categoria: z.string().nullable(),
  tags: z.array(z.string()),
  origem: z.enum(['manual', 'markdown', 'csv']),
  publicado: z.boolean(),
  indexacaoStatus: z.enum(['pendente', 'indexando', 'indexado', 'falhou']),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type ArtigoDto = z.infer<typeof artigoSchema>;

/** POST /api/atendimento/artigos */
export const criarArtigoSchema = z.object({
  titulo: z.string().trim().min(1, 'informe o título do artigo').max(200, 'o título tem no máximo 200 caracteres'),
  conteudo: z.string().trim().min(1, 'informe o conteúdo do artigo').max(100_000, 'o conteúdo tem no máximo 100.000 caracteres'),
  categoria: z.string().trim().min(1).max(80).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(20, 'no máximo 20 tags').optional(),
  publicado: z.boolean().optional(),
});
export type CriarArtigo = z.infer<typeof criarArtigoSchema>;

/** PATCH /api/atendimento/artigos/:id */
export const atualizarArtigoSchema = criarArtigoSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo: titulo, conteudo, categoria, tags ou publicado');
export type AtualizarArtigo = z.infer<typeof atualizarArtigoSchema>;

/** GET /api/atendimento/artigos: `q` searches title and content (full text, Portuguese). */
export const listarArtigosQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  limite: z.coerce.number().int().min(1, 'limite vai de 1 a 200').max(200, 'limite vai de 1 a 200').default(50),
});
export type ListarArtigosQuery = z.infer<typeof listarArtigosQuerySchema>;

/** A re-indexing run of the KB and resolved tickets (POST/GET /api/atendimento/ia/reindexar): progress in rows. */
export const iaIndexacaoSchema = z.object({
  id: z.guid(),
  status: z.enum(['pendente', 'executando', 'concluida', 'falhou']),
  /** Articles + resolved tickets to index; null until the job has counted them. */
  total: z.number().int().nullable(),
  feitos: z.number().int(),
  falhas: z.number().int(),
  /** 0..100, null while the total is unknown. */
  percentual: z.number().nullable(),
  comEmbeddings: z.boolean(),
  erro: z.string().nullable(),
  iniciadoEm: z.string().nullable(),
  concluidoEm: z.string().nullable(),
  criadoEm: z.string(),
});
export type IaIndexacaoDto = z.infer<typeof iaIndexacaoSchema>;

/** POST /api/atendimento/artigos/importar: the articles created (synchronously); indexing follows as jobs. */
export const artigoImportacaoSchema = z.object({
  importados: z.number().int(),
  artigos: z.array(z.object({ id: z.guid(), titulo: z.string() })),
});
export type ArtigoImportacaoDto = z.infer<typeof artigoImportacaoSchema>;

/** One passage found by hybrid retrieval (full text + vectors, fused by reciprocal rank). */
export const iaTrechoSchema = z.object({
  chunkId: z.guid(),
  fonte: z.enum(['artigo', 'ticket']),
  artigoId: z.guid().nullable(),
  ticketId: z.guid().nullable(),
  /** The ticket's número (what citations and people call it), for chunks of a resolved ticket. */
  ticketNumero: z.number().int().nullable(),
  titulo: z.string().nullable(),
  texto: z.string(),
  score: z.number(),
  /** Which rankings found it. */
  por: z.array(z.enum(['texto', 'vetor'])),
});
export type IaTrechoDto = z.infer<typeof iaTrechoSchema>;

/** GET /api/atendimento/ia/trechos: hybrid retrieval over the indexed KB and resolved tickets. */
export const iaTrechosQuerySchema = z.object({
  q: z.string().trim().min(1, 'informe q, o texto a buscar').max(2000, 'q tem no máximo 2000 caracteres'),
  limite: z.coerce.number().int().min(1, 'limite vai de 1 a 20').max(20, 'limite vai de 1 a 20').default(5),
});
export type IaTrechosQuery = z.infer<typeof iaTrechosQuerySchema>;
