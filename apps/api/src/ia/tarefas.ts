import { z } from 'zod';
import type { IaRecurso } from './ia-config.entity.js';
import { type IntencaoExemplos, intencaoLocal } from './local/intencao-local.js';
import { resumoExtrativo, type TurnoConversa } from './local/resumo-local.js';
import { analisarSentimento } from './local/sentimento-local.js';
import { falasDoAtendente } from './rag/fatiamento.js';
import { paraComparar } from '../common/texto.js';

/**
 * One AI task: the prompt and JSON Schema sent to an LLM, the zod schema its answer must pass, and the local
 * algorithm that answers when no LLM is configured or the LLM fails.
 */
export interface Tarefa<E, S> {
  recurso: IaRecurso;
  nome: string;
  modeloLocal: string;
  maxTokens: number;
  instrucoes(entrada: E): string;
  /** The user content; this is what LGPD redaction applies to. */
  texto(entrada: E): string;
  schema: Record<string, unknown>;
  saida: z.ZodType<S>;
  local(entrada: E): S;
}

const objeto = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

// ------------------------------------------------------------------------------------------------ sentimento

export const sentimentoSaida = z.object({
  score: z.number().min(-1).max(1),
  rotulo: z.enum(['negativo', 'neutro', 'positivo']),
  confianca: z.number().min(0).max(1),
});
export type SentimentoSaida = z.infer<typeof sentimentoSaida>;

export const TAREFA_SENTIMENTO: Tarefa<{ texto: string }, SentimentoSaida> = {
  recurso: 'sentimento',
  nome: 'sentimento',
  modeloLocal: 'lexico-ptbr-en-v1',
  maxTokens: 100,
  instrucoes: () =>
    'Você classifica o sentimento de uma mensagem de cliente (pt-BR ou inglês, estilo WhatsApp, com gírias, ' +
    'erros de digitação, negação e sarcasmo). score de -1 (muito negativo) a 1 (muito positivo); rotulo ' +
    'negativo, neutro ou positivo; confianca de 0 a 1. Reclamações educadas continuam negativas.',
  texto: (e) => e.texto,
  schema: objeto({
    score: { type: 'number' },
    rotulo: { type: 'string', enum: ['negativo', 'neutro', 'positivo'] },
    confianca: { type: 'number' },
  }),
  saida: sentimentoSaida,
  local: (e) => analisarSentimento(e.texto),
};

// -------------------------------------------------------------------------------------------------- intencao

export const intencaoSaida = z.object({ intencao: z.string().nullable(), confianca: z.number().min(0).max(1) });
export type IntencaoSaida = z.infer<typeof intencaoSaida>;

export interface EntradaIntencao {
  texto: string;
  intencoes: IntencaoExemplos[];
}

export const TAREFA_INTENCAO: Tarefa<EntradaIntencao, IntencaoSaida> = {
  recurso: 'intencao',
  nome: 'intencao',
  modeloLocal: 'bayes-exemplos-v1',
  maxTokens: 100,
  instrucoes: (e) =>
    'Classifique a intenção da mensagem do cliente em exatamente uma destas intenções, ou null se nenhuma ' +
    `se aplica:\n${e.intencoes.map((i) => `- ${i.nome}: ex. ${i.exemplos.slice(0, 4).join('; ')}`).join('\n')}`,
  texto: (e) => e.texto,
  schema: objeto({ intencao: { type: ['string', 'null'] }, confianca: { type: 'number' } }),
  saida: intencaoSaida,
  local: (e) => intencaoLocal(e.texto, e.intencoes),
};

// ---------------------------------------------------------------------------------------------- classificacao

export const classificacaoSaida = z.object({
  categoria: z.string().nullable(),
  prioridade: z.enum(['baixa', 'normal', 'alta', 'urgente']),
  tags: z.array(z.string()).max(5),
  filaId: z.string().nullable(),
  confianca: z.number().min(0).max(1),
});
export type ClassificacaoSaida = z.infer<typeof classificacaoSaida>;

export interface EntradaClassificacao {
  texto: string;
  intencoes: IntencaoExemplos[];
  filas: { id: string; nome: string; descricao: string | null }[];
  tags: string[];
}

const PALAVRAS_URGENTES = /\b(urgente|urgencia|procon|advogado|processar|reclame aqui|imediatamente|agora mesmo)\b/;

function classificarLocal(e: EntradaClassificacao): ClassificacaoSaida {
  const intencao = intencaoLocal(e.texto, e.intencoes);
  const sentimento = analisarSentimento(e.texto);
  const normal = paraComparar(e.texto);
  const prioridade = PALAVRAS_URGENTES.test(normal) ? 'urgente' : sentimento.score <= -0.6 ? 'alta' : 'normal';
  const tags = e.tags.filter((tag) => normal.includes(paraComparar(tag))).slice(0, 5);
  // A fila whose name or description mentions the intent (or the category words) is the suggestion.
  const chave = intencao.intencao ? paraComparar(intencao.intencao).replace(/_/g, ' ') : null;
  const fila = chave
    ? e.filas.find((f) => paraComparar(`${f.nome} ${f.descricao ?? ''}`).includes(chave) || chave.includes(paraComparar(f.nome)))
    : undefined;
  return { categoria: intencao.intencao, prioridade, tags, filaId: fila?.id ?? null, confianca: intencao.confianca };
}

export const TAREFA_CLASSIFICACAO: Tarefa<EntradaClassificacao, ClassificacaoSaida> = {
  recurso: 'classificacao',
  nome: 'classificacao',
  modeloLocal: 'bayes-exemplos-v1',
  maxTokens: 200,
  instrucoes: (e) =>
    'Classifique o início de um atendimento. categoria: uma destas intenções ou null: ' +
    `${e.intencoes.map((i) => i.nome).join(', ')}. prioridade: baixa, normal, alta ou urgente. tags: só destas: ` +
    `${e.tags.join(', ') || '(nenhuma)'}. filaId: o id de uma destas filas, ou null:\n` +
    e.filas.map((f) => `- ${f.id}: ${f.nome}${f.descricao ? ` (${f.descricao})` : ''}`).join('\n'),
  texto: (e) => e.texto,
  schema: objeto({
    categoria: { type: ['string', 'null'] },
    prioridade: { type: 'string', enum: ['baixa', 'normal', 'alta', 'urgente'] },
    tags: { type: 'array', items: { type: 'string' } },
    filaId: { type: ['string', 'null'] },
    confianca: { type: 'number' },
  }),
  saida: classificacaoSaida,
  local: classificarLocal,
};

// ----------------------------------------------------------------------------------------------------- resumo

export const resumoSaida = z.object({ resumo: z.string().min(1) });
export type ResumoSaida = z.infer<typeof resumoSaida>;

export const TAREFA_RESUMO: Tarefa<{ turnos: TurnoConversa[] }, ResumoSaida> = {
  recurso: 'resumo',
  nome: 'resumo',
  modeloLocal: 'extrativo-v1',
  maxTokens: 400,
  instrucoes: () =>
    'Resuma o atendimento em até 4 linhas para o próximo atendente: o problema, o que já foi feito e o que ' +
    'falta. Use só o que está na conversa; não invente políticas, prazos ou valores.',
  texto: (e) => e.turnos.map((t) => `${t.autor}: ${t.texto}`).join('\n'),
  schema: objeto({ resumo: { type: 'string' } }),
  saida: resumoSaida,
  local: (e) => ({ resumo: resumoExtrativo(e.turnos) || '(sem mensagens de texto)' }),
};

// -------------------------------------------------------------------------------------------------- sugestoes

export const sugestoesSaida = z.object({
  sugestoes: z.array(z.object({ texto: z.string().min(1), fontes: z.array(z.string()) })).max(3),
});
export type SugestoesSaida = z.infer<typeof sugestoesSaida>;

export interface FonteSugestao {
  id: string;
  titulo: string;
  texto: string;
}

export interface EntradaSugestoes {
  turnos: TurnoConversa[];
  fontes: FonteSugestao[];
}

/**
 * Locally, a draft is a relevant passage of the KB, or what an agent answered in a resolved ticket (its
 * conversation also holds the other customer's words), quoted, with its source.
 */
function sugestoesLocais(e: EntradaSugestoes): SugestoesSaida {
  return {
    sugestoes: e.fontes
      .flatMap((fonte) => {
        const texto = fonte.id.startsWith('ticket:') ? falasDoAtendente(fonte.texto).join('\n\n') : fonte.texto;
        if (texto === '') return [];
        const trecho = texto.length > 400 ? `${texto.slice(0, 400).replace(/\s+\S*$/, '')}…` : texto;
        return [{ texto: trecho, fontes: [fonte.id] }];
      })
      .slice(0, 3),
  };
}

export const TAREFA_SUGESTOES: Tarefa<EntradaSugestoes, SugestoesSaida> = {
  recurso: 'sugestao',
  nome: 'sugestoes',
  modeloLocal: 'fts-extrativo-v1',
  maxTokens: 700,
  instrucoes: (e) =>
    'Escreva até 3 rascunhos curtos de resposta do atendente ao cliente, em pt-BR cordial. Baseie-se APENAS ' +
    'nas fontes abaixo e na conversa; cite em fontes os ids usados. Se as fontes não cobrem a pergunta, ' +
    `proponha perguntar mais detalhes, sem inventar políticas.\nFontes:\n${e.fontes
      .map((f) => `[${f.id}] ${f.titulo}: ${f.texto}`)
      .join('\n')}`,
  texto: (e) => e.turnos.map((t) => `${t.autor}: ${t.texto}`).join('\n'),
  schema: objeto({
    sugestoes: {
      type: 'array',
      items: objeto({ texto: { type: 'string' }, fontes: { type: 'array', items: { type: 'string' } } }),
    },
  }),
  saida: sugestoesSaida,
  local: sugestoesLocais,
};
