import { z } from 'zod';
import { normalizar, radical, STOPWORDS, tokens } from '../local/texto.js';
import { analisarSentimento, LIMIAR_MUITO_NEGATIVO } from '../local/sentimento-local.js';
import { type IntencaoExemplos, intencaoLocal } from '../local/intencao-local.js';
import type { TurnoConversa } from '../local/resumo-local.js';
import type { FonteSugestao, Tarefa } from '../tarefas.js';

/**
 * The bot's answer. `fontes` are the ids of the sources it used; an answer without sources or below the
 * empresa's confidence threshold is never sent (the ticket goes to a human instead).
 */
export const autoRespostaSaida = z.object({
  resposta: z.string(),
  confianca: z.number().min(0).max(1),
  fontes: z.array(z.string()),
});
export type AutoRespostaSaida = z.infer<typeof autoRespostaSaida>;

export interface EntradaAutoResposta {
  turnos: TurnoConversa[];
  /** The customer's question (their last turns). */
  pergunta: string;
  fontes: FonteSugestao[];
  idioma: 'pt-BR' | 'en';
}

/** How customers phrase a question, not what it is about: ignored when matching it to a passage. */
const PALAVRAS_DE_PERGUNTA = new Set(
  (
    'como faco fazer qual quais quando onde quanto quanta quero queria gostaria preciso posso pode podem saber ' +
    'sobre voces oi ola bom boa dia tarde noite obrigado obrigada favor ajuda ajudar tudo bem hello please how ' +
    'what when where which can could would want need know about thanks'
  ).split(' '),
);

/** Content words of a text, stemmed: what the local baseline matches the question on. */
function termos(texto: string): Set<string> {
  return new Set(
    tokens(texto)
      .filter((t) => t.length > 2 && !STOPWORDS.has(t) && !PALAVRAS_DE_PERGUNTA.has(t))
      .map(radical),
  );
}

/** Paragraphs, or sentences when the text is one long paragraph; short enough to send as a chat message. */
function trechos(texto: string): string[] {
  const paragrafos = texto
    .split(/\n\s*\n|\n(?=[-*#] )/)
    .map((p) => p.replace(/^#+\s*/, '').trim())
    .filter((p) => p.length > 0);
  return paragrafos.flatMap((p) => (p.length <= 600 ? [p] : (p.match(/[^.!?]+[.!?]*/g) ?? [p]).map((f) => f.trim())));
}

/**
 * The honest offline baseline: the knowledge-base passage that covers most of the question's content words,
 * quoted as is (no text is generated, so nothing can be invented). Confidence is the share of the question's
 * words the passage (with its article's title) covers. Resolved tickets are not quoted: an agent's past reply
 * was written for another customer.
 */
export function autoRespostaExtrativa(e: EntradaAutoResposta): AutoRespostaSaida {
  const pergunta = termos(e.pergunta);
  let melhor: AutoRespostaSaida = { resposta: '', confianca: 0, fontes: [] };
  if (pergunta.size === 0) return melhor;
  for (const fonte of e.fontes) {
    if (!fonte.id.startsWith('artigo:')) continue;
    const titulo = termos(fonte.titulo);
    for (const trecho of trechos(fonte.texto)) {
      const cobertos = new Set([...titulo, ...termos(trecho)]);
      const acertos = [...pergunta].filter((t) => cobertos.has(t)).length;
      const confianca = Math.round((acertos / pergunta.size) * 1000) / 1000;
      if (confianca > melhor.confianca) melhor = { resposta: trecho, confianca, fontes: [fonte.id] };
    }
  }
  return melhor;
}

export const TAREFA_AUTO_RESPOSTA: Tarefa<EntradaAutoResposta, AutoRespostaSaida> = {
  recurso: 'auto_resposta',
  nome: 'auto_resposta',
  modeloLocal: 'fts-extrativo-v1',
  maxTokens: 500,
  instrucoes: (e) =>
    `Você é o assistente virtual do atendimento e responde ao cliente em ${e.idioma === 'en' ? 'inglês' : 'português do Brasil'}, ` +
    'de forma curta e cordial. Responda SOMENTE com o que está nas fontes abaixo: não invente políticas, prazos, ' +
    'valores nem procedimentos. Em fontes, liste os ids das fontes que você usou. confianca (0 a 1) é o quanto as ' +
    'fontes respondem de fato à pergunta; se não respondem, devolva confianca 0, fontes vazias e resposta vazia ' +
    `(um atendente humano assume).\nFontes:\n${e.fontes.map((f) => `[${f.id}] ${f.titulo}: ${f.texto}`).join('\n')}`,
  texto: (e) => e.turnos.map((t) => `${t.autor}: ${t.texto}`).join('\n'),
  schema: {
    type: 'object',
    properties: {
      resposta: { type: 'string' },
      confianca: { type: 'number' },
      fontes: { type: 'array', items: { type: 'string' } },
    },
    required: ['resposta', 'confianca', 'fontes'],
    additionalProperties: false,
  },
  saida: autoRespostaSaida,
  local: autoRespostaExtrativa,
};

// ---------------------------------------------------------------------------------------------- handoff

export type MotivoHandoff =
  | 'pedido_humano'
  | 'sentimento_negativo'
  | 'max_turnos'
  | 'baixa_confianca'
  | 'sem_fontes'
  | 'falha_provedor';

/** Explicit requests for a person, pt-BR and English, as customers type them (normalized: no accents). */
const PEDIDO_HUMANO =
  /\b(atendente|humano|pessoa (real|de verdade)|falar com (alguem|uma pessoa|um atendente|o atendente|gente)|quero (um|uma) (atendente|pessoa)|nao (quero|aguento) (falar com )?(robo|bot|maquina)|human|real person|agent|representative|talk to (someone|a person))\b/;

/**
 * Reasons to hand off before answering, from the customer's last message alone (deterministic and free, so it
 * works when the provider is down): an explicit request for a person or the `falar_com_humano` intent, a
 * strongly negative turn, or the bot's turns used up.
 */
export function motivoAntesDeResponder(
  texto: string,
  intencoes: IntencaoExemplos[],
  turnosDoBot: number,
  maxTurnos: number,
): MotivoHandoff | null {
  if (PEDIDO_HUMANO.test(normalizar(texto))) return 'pedido_humano';
  if (intencoes.some((i) => i.nome === 'falar_com_humano') && intencaoLocal(texto, intencoes).intencao === 'falar_com_humano')
    return 'pedido_humano';
  if (analisarSentimento(texto).score <= LIMIAR_MUITO_NEGATIVO) return 'sentimento_negativo';
  if (turnosDoBot >= maxTurnos) return 'max_turnos';
  return null;
}

/** Reasons not to send the answer the provider gave. */
export function motivoDepoisDaResposta(
  saida: AutoRespostaSaida,
  fontesConhecidas: ReadonlySet<string>,
  limiar: number,
): MotivoHandoff | null {
  const citadas = saida.fontes.filter((id) => fontesConhecidas.has(id));
  if (citadas.length === 0 || saida.resposta.trim() === '') return 'sem_fontes';
  if (saida.confianca < limiar) return 'baixa_confianca';
  return null;
}

/** The polite message the customer gets when a person takes over. */
export function textoDeHandoff(idioma: 'pt-BR' | 'en', motivo: MotivoHandoff): string {
  if (idioma === 'en') {
    return motivo === 'pedido_humano'
      ? 'Of course! I am passing you to one of our agents, who will be with you shortly.'
      : 'Thank you for your patience! One of our agents will take it from here and reply shortly.';
  }
  return motivo === 'pedido_humano'
    ? 'Claro! Vou passar você para um dos nossos atendentes, que já vai te responder.'
    : 'Obrigado pela paciência! Um dos nossos atendentes vai continuar o seu atendimento e já te responde.';
}

/** The customer's language: English when the contato's or the empresa's locale says so, else pt-BR. */
export function idiomaDe(...locales: (string | null | undefined)[]): 'pt-BR' | 'en' {
  const primeiro = locales.find((l) => typeof l === 'string' && l.trim() !== '');
  return primeiro?.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}
