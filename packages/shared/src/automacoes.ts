import { z } from 'zod';
import { CANAL_TIPOS_DISPONIVEIS } from './canais.js';
import { TICKET_PRIORIDADE_VALORES, TICKET_STATUS_VALORES } from './tickets.js';

/** What starts a rule (the `atendimento_automacoes.gatilho` column). */
export const AUTOMACAO_GATILHO_VALORES = [
  'ticket_criado',
  'mensagem_recebida',
  'status_alterado',
  'sla_alerta',
  'sla_violado',
  'ticket_ocioso',
  'avaliacao_recebida',
] as const;
export const automacaoGatilhoSchema = z.enum(AUTOMACAO_GATILHO_VALORES, {
  error: `gatilho deve ser um de: ${AUTOMACAO_GATILHO_VALORES.join(', ')}`,
});
export type AutomacaoGatilhoDto = z.infer<typeof automacaoGatilhoSchema>;

/** Longest pattern accepted, the most text a pattern is ever run against, and its unbounded quantifiers. */
export const REGEX_MAX_PADRAO = 200;
export const REGEX_MAX_TEXTO = 1000;
export const REGEX_MAX_QUANTIFICADORES = 3;

/**
 * Why a pattern could backtrack catastrophically, or null when it is safe to run on JavaScript's engine (which
 * has no timeout). Refused: back-references, lookarounds, and a quantified group that itself contains a
 * quantifier or an alternation (`(a+)+`, `(a|aa)*`, `(\w+\s?)*`), the shapes behind exponential backtracking,
 * and more than REGEX_MAX_QUANTIFICADORES unbounded quantifiers (`a*a*a*a*b` is polynomial, with a degree
 * that grows with each). With the input cut to REGEX_MAX_TEXTO characters the worst case stays bounded.
 * Conservative by design: some harmless patterns are refused too.
 */
export function problemaDaRegex(padrao: string): string | null {
  if (padrao.length === 0) return 'o padrão não pode ser vazio';
  if (padrao.length > REGEX_MAX_PADRAO) return `o padrão tem no máximo ${REGEX_MAX_PADRAO} caracteres`;
  try {
    new RegExp(padrao, 'iu');
  } catch {
    return 'expressão regular inválida';
  }
  if (/\\[1-9]|\\k</.test(padrao)) return 'referências a grupos (\\1, \\k<nome>) não são permitidas';
  if (/\(\?<?[=!]/.test(padrao)) return 'lookahead/lookbehind não são permitidos';
  // Walk the pattern tracking, per open group, whether it holds a quantifier or an alternation.
  const pilha: { arriscado: boolean }[] = [];
  let classe = false;
  let ilimitados = 0;
  for (let i = 0; i < padrao.length; i++) {
    const c = padrao[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (classe) {
      if (c === ']') classe = false;
      continue;
    }
    if (c === '[') {
      classe = true;
      continue;
    }
    const quantificador = c === '*' || c === '+' || c === '?' || c === '{';
    if (c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(padrao.slice(i)))) ilimitados++;
    if (ilimitados > REGEX_MAX_QUANTIFICADORES) {
      return `no máximo ${REGEX_MAX_QUANTIFICADORES} quantificadores ilimitados (*, +, {n,}) por padrão`;
    }
    if (c === '(') {
      pilha.push({ arriscado: false });
    } else if (c === ')') {
      const grupo = pilha.pop();
      const seguinte = padrao[i + 1];
      const quantificado = seguinte === '*' || seguinte === '+' || seguinte === '{' || seguinte === '?';
      if (grupo?.arriscado && quantificado && seguinte !== '?') {
        return 'quantificadores aninhados (como (a+)+ ou (a|b)*) não são permitidos: podem travar a avaliação';
      }
      if (grupo?.arriscado || quantificado) {
        const pai = pilha.at(-1);
        if (pai) pai.arriscado = true;
      }
    } else if ((quantificador && !(c === '?' && padrao[i - 1] === '(')) || c === '|') {
      const atual = pilha.at(-1);
      if (atual) atual.arriscado = true;
    }
  }
  return null;
}

const uuid = (campo: string) => z.guid({ error: `${campo} deve ser um id (uuid)` });
const listaDeIds = (campo: string) =>
  z.array(uuid(campo), { error: `${campo} deve ser uma lista de ids` }).min(1, `${campo}: informe ao menos um id`).max(50);

/** A leaf condition over the ticket, its contato, its canal or the mensagem that triggered the rule. */
export type AutomacaoCondicaoFolha =
  | { tipo: 'canal'; canalIds?: string[]; canalTipos?: (typeof CANAL_TIPOS_DISPONIVEIS)[number][] }
  | { tipo: 'fila'; filaIds: string[] }
  | { tipo: 'tags'; modo: 'alguma' | 'todas' | 'nenhuma'; tagIds: string[] }
  | { tipo: 'prioridade'; prioridades: (typeof TICKET_PRIORIDADE_VALORES)[number][] }
  | { tipo: 'status'; status: (typeof TICKET_STATUS_VALORES)[number][] }
  | { tipo: 'texto'; campo: 'mensagem' | 'assunto' | 'contato_nome'; modo: 'contem' | 'regex'; valor: string }
  | { tipo: 'intencao'; intencoes: string[] }
  | { tipo: 'sentimento'; rotulos: ('negativo' | 'neutro' | 'positivo')[] }
  | { tipo: 'horario_comercial'; dentro: boolean };

/** An AND (`e`) / OR (`ou`) tree; an empty `e` matches everything. */
export type AutomacaoCondicao = AutomacaoCondicaoFolha | { tipo: 'e' | 'ou'; condicoes: AutomacaoCondicao[] };

const folhas = [
  z
    .object({
      tipo: z.literal('canal'),
      canalIds: listaDeIds('canalIds').optional(),
      canalTipos: z.array(z.enum(CANAL_TIPOS_DISPONIVEIS)).min(1).max(10).optional(),
    })
    .refine((c) => c.canalIds !== undefined || c.canalTipos !== undefined, {
      message: 'informe canalIds ou canalTipos',
      path: ['canalIds'],
    }),
  z.object({ tipo: z.literal('fila'), filaIds: listaDeIds('filaIds') }),
  z.object({
    tipo: z.literal('tags'),
    modo: z.enum(['alguma', 'todas', 'nenhuma'], { error: 'modo deve ser alguma, todas ou nenhuma' }),
    tagIds: listaDeIds('tagIds'),
  }),
  z.object({ tipo: z.literal('prioridade'), prioridades: z.array(z.enum(TICKET_PRIORIDADE_VALORES)).min(1).max(4) }),
  z.object({ tipo: z.literal('status'), status: z.array(z.enum(TICKET_STATUS_VALORES)).min(1).max(5) }),
  z
    .object({
      tipo: z.literal('texto'),
      campo: z.enum(['mensagem', 'assunto', 'contato_nome'], { error: 'campo deve ser mensagem, assunto ou contato_nome' }),
      modo: z.enum(['contem', 'regex'], { error: 'modo deve ser contem ou regex' }),
      valor: z.string({ error: 'valor é obrigatório' }).min(1, 'valor não pode ser vazio').max(REGEX_MAX_PADRAO),
    })
    .superRefine((c, ctx) => {
      const problema = c.modo === 'regex' ? problemaDaRegex(c.valor) : null;
      if (problema) ctx.addIssue({ code: 'custom', path: ['valor'], message: problema });
    }),
  z.object({ tipo: z.literal('intencao'), intencoes: z.array(z.string().trim().min(1).max(60)).min(1).max(20) }),
  z.object({ tipo: z.literal('sentimento'), rotulos: z.array(z.enum(['negativo', 'neutro', 'positivo'])).min(1).max(3) }),
  z.object({ tipo: z.literal('horario_comercial'), dentro: z.boolean({ error: 'dentro deve ser true ou false' }) }),
] as const;

export const automacaoCondicaoSchema: z.ZodType<AutomacaoCondicao> = z.lazy(() =>
  z.discriminatedUnion(
    'tipo',
    [
      z.object({
        tipo: z.enum(['e', 'ou']),
        condicoes: z.array(automacaoCondicaoSchema).max(20, 'no máximo 20 condições por grupo'),
      }),
      ...folhas,
    ],
    {
      error: 'tipo de condição deve ser um de: e, ou, canal, fila, tags, prioridade, status, texto, intencao, sentimento, horario_comercial',
    },
  ),
);

/** Depth of a condition tree (a leaf is 1). */
export function profundidadeDaCondicao(c: AutomacaoCondicao): number {
  if (c.tipo === 'e' || c.tipo === 'ou') return 1 + Math.max(0, ...c.condicoes.map(profundidadeDaCondicao));
  return 1;
}

export const AUTOMACAO_ACAO_TIPOS = [
  'adicionar_tag',
  'remover_tag',
  'definir_prioridade',
  'atribuir_fila',
  'atribuir_atendente',
  'enviar_template',
  'nota_interna',
  'resolver',
  'fechar',
  'webhook',
  'enviar_csat',
] as const;

const motivo = z.string().trim().min(1).max(500).optional();

export const automacaoAcaoSchema = z.discriminatedUnion(
  'tipo',
  [
    z.object({ tipo: z.literal('adicionar_tag'), tagId: uuid('tagId') }),
    z.object({ tipo: z.literal('remover_tag'), tagId: uuid('tagId') }),
    z.object({
      tipo: z.literal('definir_prioridade'),
      prioridade: z.enum(TICKET_PRIORIDADE_VALORES, { error: `prioridade deve ser uma de: ${TICKET_PRIORIDADE_VALORES.join(', ')}` }),
    }),
    z.object({ tipo: z.literal('atribuir_fila'), filaId: uuid('filaId') }),
    z.object({ tipo: z.literal('atribuir_atendente'), atendenteId: uuid('atendenteId') }),
    z.object({
      tipo: z.literal('enviar_template'),
      templateId: uuid('templateId'),
      variaveis: z.record(z.string().min(1).max(100), z.string().max(1000)).optional(),
    }),
    z.object({
      tipo: z.literal('nota_interna'),
      texto: z.string({ error: 'texto é obrigatório' }).trim().min(1, 'texto não pode ser vazio').max(4096),
    }),
    z.object({ tipo: z.literal('resolver'), motivo }),
    z.object({ tipo: z.literal('fechar'), motivo }),
    z.object({
      tipo: z.literal('webhook'),
      url: z
        .url({ protocol: /^https?$/, error: 'url deve ser um endereço http(s) completo' })
        .max(2000, 'url tem no máximo 2000 caracteres'),
    }),
    /** The CSAT survey of the ticket's current resolution (once per resolution). */
    z.object({ tipo: z.literal('enviar_csat') }),
  ],
  { error: `tipo de ação deve ser um de: ${AUTOMACAO_ACAO_TIPOS.join(', ')}` },
);
export type AutomacaoAcaoDto = z.infer<typeof automacaoAcaoSchema>;

/** Trigger parameters: `ticket_ocioso` needs `minutos`; `status_alterado` may narrow the target status. */
export const automacaoGatilhoConfigSchema = z.strictObject({
    minutos: z
      .number({ error: 'minutos deve ser um número inteiro' })
      .int('minutos deve ser um número inteiro')
      .min(1, 'minutos: mínimo 1')
      .max(43_200, 'minutos: máximo 43200 (30 dias)')
      .optional(),
    paraStatus: z.array(z.enum(TICKET_STATUS_VALORES)).min(1).max(5).optional(),
});
export type AutomacaoGatilhoConfigDto = z.infer<typeof automacaoGatilhoConfigSchema>;

const segredo = z
  .string({ error: 'webhookSegredo deve ser um texto' })
  .min(16, 'webhookSegredo tem ao menos 16 caracteres')
  .max(256, 'webhookSegredo tem no máximo 256 caracteres');

const automacaoCamposSchema = z.object({
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(120, 'nome tem no máximo 120 caracteres'),
  descricao: z.string().trim().min(1).max(1000).nullable(),
  gatilho: automacaoGatilhoSchema,
  gatilhoConfig: automacaoGatilhoConfigSchema,
  condicoes: automacaoCondicaoSchema.refine((c) => profundidadeDaCondicao(c) <= 5, 'no máximo 5 níveis de grupos e/ou'),
  acoes: z.array(automacaoAcaoSchema).min(1, 'informe ao menos uma ação').max(20, 'no máximo 20 ações'),
  /** The HMAC key of the rule's webhook actions; stored encrypted, never returned. */
  webhookSegredo: segredo,
  ordem: z.number().int().min(0).max(100_000),
  pararAposExecutar: z.boolean(),
  ativo: z.boolean(),
});

function gatilhoCoerente(v: { gatilho?: string; gatilhoConfig?: { minutos?: number } }, ctx: z.RefinementCtx): void {
  if (v.gatilho === 'ticket_ocioso' && v.gatilhoConfig?.minutos === undefined) {
    ctx.addIssue({ code: 'custom', path: ['gatilhoConfig', 'minutos'], message: 'ticket_ocioso precisa de gatilhoConfig.minutos' });
  }
}

/** POST /api/atendimento/automacoes */
export const criarAutomacaoSchema = automacaoCamposSchema
  .partial()
  .required({ nome: true, gatilho: true, acoes: true })
  .superRefine(gatilhoCoerente);
export type CriarAutomacao = z.infer<typeof criarAutomacaoSchema>;

/** PATCH /api/atendimento/automacoes/:id */
export const atualizarAutomacaoSchema = automacaoCamposSchema
  .partial()
  .superRefine(gatilhoCoerente)
  .refine((v) => Object.keys(v).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarAutomacao = z.infer<typeof atualizarAutomacaoSchema>;

/** PUT /api/atendimento/automacoes/ordem: every rule of the empresa, in the new order. */
export const reordenarAutomacoesSchema = z.object({
  ids: z
    .array(uuid('ids'), { error: 'ids deve ser a lista dos ids das automações, na nova ordem' })
    .min(1, 'ids: informe ao menos um id')
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'ids não pode repetir um id'),
});
export type ReordenarAutomacoes = z.infer<typeof reordenarAutomacoesSchema>;

export const automacaoSchema = z.object({
  id: z.guid(),
  nome: z.string(),
  descricao: z.string().nullable(),
  gatilho: automacaoGatilhoSchema,
  gatilhoConfig: automacaoGatilhoConfigSchema,
  condicoes: automacaoCondicaoSchema,
  acoes: z.array(automacaoAcaoSchema),
  /** True when a webhook secret is stored (it is never returned). */
  webhookSegredoDefinido: z.boolean(),
  ordem: z.number(),
  pararAposExecutar: z.boolean(),
  ativo: z.boolean(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type AutomacaoDto = z.infer<typeof automacaoSchema>;

export const AUTOMACAO_RESULTADO_VALORES = ['executada', 'condicoes_falsas', 'ignorada_loop', 'falhou'] as const;

export const automacaoExecucaoSchema = z.object({
  id: z.guid(),
  automacaoId: z.guid(),
  ticketId: z.guid().nullable(),
  gatilho: z.string(),
  cadeiaId: z.guid(),
  resultado: z.enum(AUTOMACAO_RESULTADO_VALORES),
  acoesExecutadas: z.array(z.object({ tipo: z.string(), ok: z.boolean(), detalhe: z.string().optional() })),
  erro: z.string().nullable(),
  duracaoMs: z.number().nullable(),
  executadaEm: z.string(),
});
export type AutomacaoExecucaoDto = z.infer<typeof automacaoExecucaoSchema>;

export const listarAutomacaoExecucoesQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limite: z.coerce.number().int().min(1, 'limite: mínimo 1').max(200, 'limite: máximo 200').default(50),
});
export type ListarAutomacaoExecucoesQuery = z.infer<typeof listarAutomacaoExecucoesQuerySchema>;

export interface AutomacaoExecucaoPagina {
  items: AutomacaoExecucaoDto[];
  nextCursor: string | null;
}
