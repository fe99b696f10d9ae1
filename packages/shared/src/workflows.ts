import { z } from 'zod';

/*
 * Workflows: a stored multi-step conversation with the customer (a bot), steps keyed by id. The graph is
 * checked on save: a start step, every `proximo` exists, every step reachable, and no loop that would run
 * without waiting for the customer or the clock.
 */

export const WORKFLOW_GATILHOS = ['manual', 'ticket_criado', 'mensagem_recebida', 'fora_expediente'] as const;
export type WorkflowGatilho = (typeof WORKFLOW_GATILHOS)[number];

export const WORKFLOW_VALIDACOES = ['texto', 'email', 'cpf', 'numero', 'telefone'] as const;
export type WorkflowValidacao = (typeof WORKFLOW_VALIDACOES)[number];

export const WORKFLOW_OPERADORES = ['igual', 'diferente', 'contem', 'existe', 'nao_existe', 'maior', 'menor'] as const;
export type WorkflowOperador = (typeof WORKFLOW_OPERADORES)[number];

export const WORKFLOW_ESTADO_STATUS = [
  'ativo',
  'aguardando_resposta',
  'aguardando_tempo',
  'concluido',
  'cancelado',
  'falhou',
] as const;
export type WorkflowEstadoStatus = (typeof WORKFLOW_ESTADO_STATUS)[number];

const idPasso = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'id de passo: 1 a 40 letras, números, _ ou -');
const nomeVariavel = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, 'variável: letras, números e _, começando por letra ou _ (até 40)');
const texto = z.string().trim().min(1, 'texto não pode ser vazio').max(1024, 'texto tem no máximo 1024 caracteres');

export const passoMensagemSchema = z.object({ tipo: z.literal('mensagem'), texto, proximo: idPasso });

export const opcaoDePerguntaSchema = z.object({
  /** Saved into the variable; also what the customer may type. */
  valor: z.string().trim().min(1, 'valor não pode ser vazio').max(100),
  rotulo: z.string().trim().min(1, 'rotulo não pode ser vazio').max(100),
  /** Where this choice leads; default: the step's `proximo`. */
  proximo: idPasso.optional(),
});

export const passoPerguntaSchema = z
  .object({
    tipo: z.literal('pergunta'),
    texto,
    /** Where the answer is saved (the chosen option's `valor`, or the free text). Required for free text. */
    variavel: nomeVariavel.optional(),
    /** Choices (buttons where the canal has them, else "1 - …" lines); without them the answer is free text. */
    opcoes: z.array(opcaoDePerguntaSchema).min(1, 'opcoes: ao menos uma').max(10, 'opcoes: no máximo 10').optional(),
    /** Free text only: what a valid answer looks like. */
    validacao: z.enum(WORKFLOW_VALIDACOES).optional(),
    proximo: idPasso.optional(),
    /** Invalid answers accepted before giving up (then `aoEsgotarTentativas`, else the workflow fails over to a person). */
    maxTentativas: z.number().int().min(1, 'maxTentativas é no mínimo 1').max(10, 'maxTentativas é no máximo 10').default(3),
    mensagemInvalida: texto.optional(),
    aoEsgotarTentativas: idPasso.optional(),
  })
  .superRefine((passo, ctx) => {
    if (passo.opcoes === undefined && passo.variavel === undefined)
      ctx.addIssue({ code: 'custom', path: ['variavel'], message: 'pergunta de texto livre precisa de variavel' });
    if (passo.opcoes !== undefined && passo.validacao !== undefined)
      ctx.addIssue({ code: 'custom', path: ['validacao'], message: 'validacao vale só para texto livre (sem opcoes)' });
    const valores = new Set<string>();
    passo.opcoes?.forEach((opcao, i) => {
      const chave = opcao.valor.toLowerCase();
      if (valores.has(chave)) ctx.addIssue({ code: 'custom', path: ['opcoes', i, 'valor'], message: `valor "${opcao.valor}" repetido` });
      valores.add(chave);
    });
  });

export const passoCondicaoSchema = z.object({
  tipo: z.literal('condicao'),
  variavel: nomeVariavel,
  /** The first case that holds wins; `senao` otherwise. */
  casos: z
    .array(z.object({ operador: z.enum(WORKFLOW_OPERADORES), valor: z.string().max(200).optional(), proximo: idPasso }))
    .min(1, 'casos: ao menos um')
    .max(20, 'casos: no máximo 20'),
  senao: idPasso,
});

export const passoEsperarSchema = z.object({
  tipo: z.literal('esperar'),
  segundos: z
    .number()
    .int('segundos deve ser inteiro')
    .min(1, 'segundos é no mínimo 1')
    .max(30 * 86_400, 'segundos é no máximo 30 dias'),
  proximo: idPasso,
});

export const passoTransferirSchema = z.object({
  tipo: z.literal('transferir'),
  /** Absent: the ticket's own fila, else the canal's default fila. */
  filaId: z.guid({ error: 'filaId deve ser o id de uma fila' }).optional(),
  /** Said to the customer before the handoff. */
  texto: texto.optional(),
  /** A private note with the collected variables goes to the ticket (default true). */
  notaComVariaveis: z.boolean().default(true),
});

export const passoFimSchema = z.object({ tipo: z.literal('fim'), texto: texto.optional() });

export const passoWorkflowSchema = z.discriminatedUnion('tipo', [
  passoMensagemSchema,
  passoPerguntaSchema,
  passoCondicaoSchema,
  passoEsperarSchema,
  passoTransferirSchema,
  passoFimSchema,
]);
export type PassoWorkflow = z.infer<typeof passoWorkflowSchema>;

export interface ProblemaDoGrafo {
  /** Inside the definition: `['passos', id, 'proximo']`… */
  path: (string | number)[];
  mensagem: string;
}

/** The steps a step can go to, with where each target is written. */
export function destinosDoPasso(passo: PassoWorkflow): { path: (string | number)[]; alvo: string }[] {
  switch (passo.tipo) {
    case 'mensagem':
    case 'esperar':
      return [{ path: ['proximo'], alvo: passo.proximo }];
    case 'pergunta': {
      const destinos: { path: (string | number)[]; alvo: string }[] = [];
      if (passo.proximo !== undefined) destinos.push({ path: ['proximo'], alvo: passo.proximo });
      passo.opcoes?.forEach((opcao, i) => {
        if (opcao.proximo !== undefined) destinos.push({ path: ['opcoes', i, 'proximo'], alvo: opcao.proximo });
      });
      if (passo.aoEsgotarTentativas !== undefined)
        destinos.push({ path: ['aoEsgotarTentativas'], alvo: passo.aoEsgotarTentativas });
      return destinos;
    }
    case 'condicao':
      return [...passo.casos.map((caso, i) => ({ path: ['casos', i, 'proximo'], alvo: caso.proximo })), { path: ['senao'], alvo: passo.senao }];
    case 'transferir':
    case 'fim':
      return [];
  }
}

/**
 * The graph's problems, each naming its step: a missing start, a `proximo` to a step that does not exist, a
 * question whose answer leads nowhere, a step unreachable from the start, a loop of steps that never wait
 * (messages and conditions only: it would run forever).
 */
export function problemasDoGrafo(definicao: { inicio: string; passos: Record<string, PassoWorkflow> }): ProblemaDoGrafo[] {
  const problemas: ProblemaDoGrafo[] = [];
  const passos = definicao.passos;
  const existe = (id: string) => Object.hasOwn(passos, id);
  if (!existe(definicao.inicio))
    problemas.push({ path: ['inicio'], mensagem: `o passo inicial "${definicao.inicio}" não existe em passos` });
  for (const [id, passo] of Object.entries(passos)) {
    for (const destino of destinosDoPasso(passo)) {
      if (!existe(destino.alvo))
        problemas.push({
          path: ['passos', id, ...destino.path],
          mensagem: `passo "${id}": o próximo passo "${destino.alvo}" não existe`,
        });
    }
    if (passo.tipo === 'pergunta') {
      if (passo.opcoes === undefined && passo.proximo === undefined)
        problemas.push({ path: ['passos', id, 'proximo'], mensagem: `passo "${id}": a resposta não leva a nenhum passo (proximo)` });
      passo.opcoes?.forEach((opcao, i) => {
        if (opcao.proximo === undefined && passo.proximo === undefined)
          problemas.push({
            path: ['passos', id, 'opcoes', i, 'proximo'],
            mensagem: `passo "${id}": a opção "${opcao.valor}" não leva a nenhum passo (proximo)`,
          });
      });
    }
  }
  if (existe(definicao.inicio)) {
    const alcancados = new Set<string>([definicao.inicio]);
    const pilha = [definicao.inicio];
    for (let atual = pilha.pop(); atual !== undefined; atual = pilha.pop()) {
      const passo = passos[atual];
      if (!passo) continue;
      for (const { alvo } of destinosDoPasso(passo)) {
        if (existe(alvo) && !alcancados.has(alvo)) {
          alcancados.add(alvo);
          pilha.push(alvo);
        }
      }
    }
    for (const id of Object.keys(passos)) {
      if (!alcancados.has(id))
        problemas.push({ path: ['passos', id], mensagem: `passo "${id}" não é alcançável a partir do início "${definicao.inicio}"` });
    }
  }
  // Loops among steps that never wait: depth-first over mensagem/condicao steps only.
  const semEspera = (id: string) => {
    const tipo = passos[id]?.tipo;
    return tipo === 'mensagem' || tipo === 'condicao';
  };
  const cor = new Map<string, 'visitando' | 'feito'>();
  const visitar = (id: string): string | null => {
    cor.set(id, 'visitando');
    const passo = passos[id];
    for (const { alvo } of passo ? destinosDoPasso(passo) : []) {
      if (!semEspera(alvo)) continue;
      if (cor.get(alvo) === 'visitando') return alvo;
      if (!cor.has(alvo)) {
        const ciclo = visitar(alvo);
        if (ciclo !== null) return ciclo;
      }
    }
    cor.set(id, 'feito');
    return null;
  };
  for (const id of Object.keys(passos)) {
    if (!semEspera(id) || cor.has(id)) continue;
    const ciclo = visitar(id);
    if (ciclo !== null) {
      problemas.push({
        path: ['passos', ciclo],
        mensagem: `passo "${ciclo}": ciclo sem pergunta nem espera (o fluxo repetiria sem parar)`,
      });
      break;
    }
  }
  return problemas;
}

export const workflowDefinicaoSchema = z
  .object({
    inicio: idPasso,
    passos: z
      .record(idPasso, passoWorkflowSchema)
      .refine((passos) => Object.keys(passos).length > 0, 'passos: ao menos um')
      .refine((passos) => Object.keys(passos).length <= 100, 'passos: no máximo 100'),
  })
  .superRefine((definicao, ctx) => {
    for (const problema of problemasDoGrafo(definicao)) ctx.addIssue({ code: 'custom', path: problema.path, message: problema.mensagem });
  });
export type WorkflowDefinicao = z.infer<typeof workflowDefinicaoSchema>;

export const workflowGatilhoConfigSchema = z.object({
  /** The canais it starts on (ticket_criado, mensagem_recebida, fora_expediente); empty or absent: every canal. */
  canalIds: z.array(z.guid({ error: 'canalIds: cada item deve ser o id de um canal' })).max(50).optional(),
});

const nome = z.string().trim().min(1, 'nome não pode ser vazio').max(120, 'nome tem no máximo 120 caracteres');
const descricao = z.string().trim().max(1000, 'descricao tem no máximo 1000 caracteres').nullable();

/** POST /api/atendimento/workflows */
export const criarWorkflowSchema = z.object({
  nome,
  descricao: descricao.optional(),
  gatilho: z.enum(WORKFLOW_GATILHOS).default('manual'),
  gatilhoConfig: workflowGatilhoConfigSchema.default({}),
  definicao: workflowDefinicaoSchema,
  ativo: z.boolean().default(true),
});
export type CriarWorkflow = z.infer<typeof criarWorkflowSchema>;

/** PATCH /api/atendimento/workflows/:id — a new `definicao` bumps `versao`; conversations in flight keep theirs. */
export const atualizarWorkflowSchema = z
  .object({
    nome: nome.optional(),
    descricao: descricao.optional(),
    gatilho: z.enum(WORKFLOW_GATILHOS).optional(),
    gatilhoConfig: workflowGatilhoConfigSchema.optional(),
    definicao: workflowDefinicaoSchema.optional(),
    ativo: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'informe ao menos um campo');
export type AtualizarWorkflow = z.infer<typeof atualizarWorkflowSchema>;

/** POST /api/atendimento/tickets/:id/workflow */
export const iniciarWorkflowSchema = z.object({ workflowId: z.guid({ error: 'workflowId deve ser o id de um workflow' }) });
export type IniciarWorkflow = z.infer<typeof iniciarWorkflowSchema>;

export interface WorkflowDto {
  id: string;
  nome: string;
  descricao: string | null;
  gatilho: WorkflowGatilho;
  gatilhoConfig: z.infer<typeof workflowGatilhoConfigSchema>;
  definicao: WorkflowDefinicao;
  versao: number;
  ativo: boolean;
  criadoEm: string;
  atualizadoEm: string;
}

export interface WorkflowEstadoDto {
  id: string;
  workflowId: string;
  ticketId: string;
  workflowVersao: number;
  passoAtual: string | null;
  variaveis: Record<string, string>;
  status: WorkflowEstadoStatus;
  aguardandoAte: string | null;
  tentativasInvalidas: number;
  erro: string | null;
  iniciadoEm: string;
  concluidoEm: string | null;
}
