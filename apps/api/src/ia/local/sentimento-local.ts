import { normalizar } from './texto.js';

export interface SentimentoLocal {
  /** −1..1. */
  score: number;
  rotulo: 'negativo' | 'neutro' | 'positivo';
  confianca: number;
}

/** Valence −3..3 of pt-BR and English words (normalized: lowercase, no accents). */
const LEXICO: Record<string, number> = {
  // pt-BR positive
  otimo: 2.5,
  otima: 2.5,
  excelente: 3,
  perfeito: 2.5,
  perfeita: 2.5,
  maravilhoso: 3,
  maravilhosa: 3,
  maravilha: 2.5,
  incrivel: 2.5,
  amei: 3,
  adorei: 3,
  amo: 2.5,
  adoro: 2.5,
  gostei: 2,
  curti: 2,
  bom: 1.5,
  boa: 1.5,
  bons: 1.5,
  boas: 1.5,
  legal: 1.5,
  top: 2,
  show: 2,
  massa: 1.5,
  daora: 2,
  brabo: 1.5,
  sensacional: 3,
  fantastico: 3,
  satisfeito: 2,
  satisfeita: 2,
  feliz: 2,
  contente: 2,
  rapido: 1.5,
  rapida: 1.5,
  agil: 1.5,
  eficiente: 2,
  atencioso: 2,
  atenciosa: 2,
  educado: 1.5,
  educada: 1.5,
  prestativo: 2,
  prestativa: 2,
  parabens: 2.5,
  recomendo: 2.5,
  resolvido: 2,
  resolvida: 2,
  resolveu: 2,
  resolveram: 2,
  funcionou: 2,
  funcionando: 1,
  agradeco: 1.5,
  agradecido: 1.5,
  grato: 1.5,
  grata: 1.5,
  obrigado: 0.6,
  obrigada: 0.6,
  obg: 0.6,
  brigado: 0.6,
  brigada: 0.6,
  vlw: 0.6,
  valeu: 0.6,
  arrasam: 2.5,
  arrasou: 2.5,
  arrasaram: 2.5,
  tmj: 1,
  lindo: 2,
  linda: 2,
  ajudou: 1.5,
  salvou: 2.5,
  amor: 1.5,
  sucesso: 2,
  beleza: 1,
  blz: 0.6,
  certinho: 1,
  impecavel: 3,
  nota10: 3,
  uau: 1.5,
  show_de_bola: 2.5,
  kk: 0.4,
  kkk: 0.4,
  kkkk: 0.4,
  rs: 0.4,
  rsrs: 0.4,
  haha: 0.5,
  feito: 0.3,
  // pt-BR negative
  pessimo: -3,
  pessima: -3,
  horrivel: -3,
  terrivel: -3,
  ruim: -2,
  pior: -2.5,
  lixo: -3,
  porcaria: -3,
  merda: -3,
  bosta: -3,
  droga: -2,
  odeio: -3,
  detesto: -3,
  raiva: -2.5,
  absurdo: -2.5,
  absurda: -2.5,
  ridiculo: -2.5,
  ridicula: -2.5,
  vergonha: -2.5,
  descaso: -3,
  palhacada: -3,
  desrespeito: -3,
  enrolacao: -2.5,
  enrolando: -2.5,
  enrolam: -2.5,
  golpe: -3,
  roubo: -3,
  roubada: -2.5,
  fraude: -3,
  procon: -2.5,
  processar: -2.5,
  decepcionado: -2.5,
  decepcionada: -2.5,
  decepcao: -2.5,
  insatisfeito: -2.5,
  insatisfeita: -2.5,
  chateado: -2,
  chateada: -2,
  triste: -2,
  irritado: -2.5,
  irritada: -2.5,
  puto: -3,
  puta: -2.5,
  revoltado: -3,
  revoltada: -3,
  indignado: -3,
  indignada: -3,
  cansado: -1.5,
  cansada: -1.5,
  desisto: -2.5,
  problema: -1.5,
  problemas: -1.5,
  defeito: -2,
  quebrado: -2,
  quebrada: -2,
  estragado: -2,
  estragada: -2,
  errado: -1.5,
  errada: -1.5,
  erro: -1.5,
  indevida: -2,
  indevido: -2,
  atrasado: -2,
  atrasada: -2,
  atraso: -2,
  atrasou: -2,
  demora: -2,
  demorando: -2,
  demorou: -1.5,
  lento: -1.5,
  lenta: -1.5,
  esperando: -1,
  aguardando: -0.6,
  cade: -1.5,
  nunca: -0.5,
  pqp: -3,
  aff: -2,
  affs: -2,
  afe: -1.5,
  mds: -1,
  zoado: -2,
  zuado: -2,
  sacanagem: -2.5,
  furada: -2,
  cancelar: -0.4,
  reclamar: -0.3,
  reclamacao: -0.5,
  prejuizo: -2.5,
  falha: -1.5,
  falhou: -2,
  bug: -1.5,
  travando: -2,
  travou: -2,
  sumiu: -1.5,
  piada: -2.5,
  horroroso: -3,
  horrorosa: -3,
  enganacao: -2.5,
  bagunca: -2,
  burro: -2.5,
  perdido: -1,
  difícil: -1,
  dificil: -1,
  complicado: -1,
  inutil: -3,
  incompetente: -3,
  incompetencia: -3,
  mentira: -2.5,
  mentiram: -3,
  engano: -1.5,
  enganado: -2.5,
  enganada: -2.5,
  cobraram: -1.5,
  duplicado: -1.5,
  duplicada: -1.5,
  pessimos: -3,
  pessimas: -3,
  caro: -1,
  cara_de_pau: -3,
  nojo: -3,
  nojento: -3,
  saco: -2,
  // English
  great: 2.5,
  good: 1.5,
  awesome: 3,
  excellent: 3,
  perfect: 2.5,
  love: 2.5,
  loved: 2.5,
  thanks: 1,
  thank: 1,
  happy: 2,
  nice: 1.5,
  amazing: 3,
  fast: 1.5,
  helpful: 2,
  works: 1,
  worked: 2,
  bad: -2,
  terrible: -3,
  awful: -3,
  horrible: -3,
  worst: -3,
  hate: -3,
  angry: -2.5,
  slow: -1.5,
  broken: -2,
  late: -1.5,
  problem: -1.5,
  issue: -1,
  disappointed: -2.5,
  useless: -3,
  scam: -3,
  refund: -0.5,
  annoyed: -2,
  frustrated: -2.5,
  never: -0.5,
};

/** Multi-word expressions, matched on the normalized text before word scoring (their words are then skipped). */
const EXPRESSOES: [RegExp, number][] = [
  [/\b(bom dia|boa tarde|boa noite|tudo bem|tudo bom|de boa|boa sorte)\b/g, 0],
  [/\b(muito obrigad[oa]|mt obrigad[oa]|mto obrigad[oa]|obrigadao|obrigadão)\b/g, 1.5],
  [/\bobrigad[oa] por nada\b/g, -2.5],
  [/\bde nada\b/g, 0.5],
  [/\b(so que nao|sqn|so q nao|so que n)\b/g, -3],
  [/\b(reclame aqui|reclameaqui)\b/g, -2.5],
  [/\b(nunca mais)\b/g, -2.5],
  [/\b(ate agora|ate hoje|ate o momento|e nada|ainda nada|nada ainda|nada de|cade meu|cade minha)\b/g, -1.5],
  [/\b(de novo|outra vez|mais uma vez|novamente|pela (segunda|terceira|quarta|quinta) vez|toda vez)\b/g, -1],
  [/\b(faz|ha|tem|mais de) (\d+|uma|duas|tres|quatro|cinco|dez) (dias?|semanas?|meses|mes|horas?)\b/g, -1],
  [/\b(ninguem (me )?(responde|atende|resolve|ajuda|liga|retorna))\b/g, -2.5],
  [/\b(deixa(ram)? a desejar|nao recomendo|perda de tempo|falta de respeito|cara de pau|tomar no)\b/g, -3],
  [/\b(show de bola|nota (10|dez|mil)|muito bom|muito boa|mt bom|mto bom|mt boa|deu certo|deu tudo certo|valeu a pena)\b/g, 2.5],
  [/\b(sem problemas?|tranquilo|tranquila|sussa|suave)\b/g, 0.8],
  [/\b(ta bom|esta bom|tudo bem entao)\b/g, 0.3],
  [
    /\b(sem resposta|sem retorno|sem autorizacao|sem condicoes|nao tem cabimento|deu pau|chega de|de brincadeira|mais uma (semana|hora|vez)|nao e a primeira vez)\b/g,
    -1.5,
  ],
  [/\b(\d+|duas|tres|quatro|cinco|dez) vezes\b/g, -1],
  // "só 20 dias pra entregar": an ironic "only".
  [/\bso (\d+|uma|duas|tres) (dias?|semanas?|meses|horas?)\b/g, -2],
  [/\b(quero (meu|o) dinheiro de volta|quero (o )?reembolso|vou cancelar|vou processar|nao aguento mais)\b/g, -2.5],
  [/\b(pelo amor de deus|pelo amor)\b/g, -2],
];

/** Verbs whose negation is itself a complaint: "não chegou", "não funciona". */
const EXPECTATIVA = new Set(
  (
    'chegou chega chegaram recebi recebido recebida funciona funcionou funcionando consigo consegui conseguiu responde ' +
    'respondeu responderam atende atendeu atenderam resolveu resolveram resolvido resolvida entregue entregaram entregou ' +
    'veio apareceu apareceram liberaram liberou devolveram devolveu estornaram estornou retornaram retornou ligaram ' +
    'ajudou ajudaram carrega abre entra conecta pagou caiu liga volta volto presta work works working arrived received'
  ).split(' '),
);

const NEGADORES = new Set([
  'nao',
  'n',
  'nem',
  'nunca',
  'jamais',
  'ninguem',
  'nenhum',
  'nenhuma',
  'sem',
  'nada',
  'not',
  'no',
  'never',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'cant',
  'wont',
  "don't",
  "didn't",
  "doesn't",
  "isn't",
  "can't",
  "won't",
]);
const INTENSIFICADORES: Record<string, number> = {
  muito: 1.6,
  mto: 1.6,
  mt: 1.6,
  mtt: 1.6,
  muita: 1.5,
  super: 1.6,
  extremamente: 1.8,
  totalmente: 1.6,
  completamente: 1.6,
  tao: 1.5,
  mega: 1.6,
  hiper: 1.6,
  absurdamente: 1.8,
  bem: 1.3,
  mais: 1.2,
  very: 1.6,
  so: 1.4,
  really: 1.5,
  extremely: 1.8,
  too: 1.4,
  pouco: 0.5,
  meio: 0.6,
  quase: 0.5,
  slightly: 0.5,
  kinda: 0.6,
};
const POS_INTENSIFICADORES: Record<string, number> = { demais: 1.6, pacas: 1.6, pra_caramba: 1.7, pra_caralho: 1.8 };
const CONTRASTE = new Set(['mas', 'porem', 'entretanto', 'contudo', 'todavia', 'but', 'however']);

const EMOJIS_POSITIVOS = /[😀😃😄😁😊😍🥰😘👍👏🙌❤💙💚💜🤩😉🙂🥳✅💯]/gu;
const EMOJIS_NEGATIVOS = /[😡🤬😠😤👎😢😭😞😔😩😫💩🙄😒🤦😑🙃]/gu;

function valor(token: string): number | undefined {
  const direto = LEXICO[token];
  if (direto !== undefined) return direto;
  // Diminutives: rapidinho -> rapido, lindinha -> linda.
  const base = token.replace(/z?inh([oa])s?$/, '$1');
  if (base !== token && LEXICO[base] !== undefined) return LEXICO[base];
  // Plurals: rapidos -> rapido.
  return token.endsWith('s') ? LEXICO[token.slice(0, -1)] : undefined;
}

/**
 * Lexicon sentiment with negation (a negator flips the next three words), intensifiers before and after the
 * word, contrast clauses ("…, mas …" weighs the part after it more), negativity dominance (a complaint with
 * polite words is still a complaint) and sarcasm markers ("só que não").
 */
export function analisarSentimento(texto: string): SentimentoLocal {
  const positivosEmoji = (texto.match(EMOJIS_POSITIVOS) ?? []).length;
  const negativosEmoji = (texto.match(EMOJIS_NEGATIVOS) ?? []).length;
  const gritando = (texto.match(/\b[A-ZÁÉÍÓÚÃÕÇ]{4,}\b/g) ?? []).length >= 2;
  const exclamacoes = /!{2,}|\?!|!\?/.test(texto);

  let normalizado = normalizar(texto)
    .replace(/pra caramba/g, 'pra_caramba')
    .replace(/pra caralho/g, 'pra_caralho');
  let expressoesPositivas = 0;
  let expressoesNegativas = 0;
  // Scare quotes around a positive word are sarcasm: Muito "rápido" o atendimento.
  normalizado = normalizado.replace(/["“”]([^"“”]{2,25})["“”]/g, (trecho, dentro: string) => {
    const positivo = (dentro.match(/[a-z]+/g) ?? []).some((palavra) => (valor(palavra) ?? 0) > 0);
    if (!positivo) return trecho;
    expressoesNegativas -= 2.5;
    return ' , ';
  });
  for (const [padrao, peso] of EXPRESSOES) {
    normalizado = normalizado.replace(padrao, () => {
      if (peso > 0) expressoesPositivas += peso;
      else expressoesNegativas += peso;
      return ' , ';
    });
  }

  let positivo = expressoesPositivas;
  let negativo = expressoesNegativas;
  const partes = normalizado.match(/[a-z0-9_']+|[.,!?;:\n]/g) ?? [];
  // Clauses split by contrast words: the last one counts more.
  let clausula = 0;
  const clausulaDe: number[] = [];
  for (const parte of partes) {
    if (CONTRASTE.has(parte)) clausula++;
    clausulaDe.push(clausula);
  }
  const ultima = clausula;
  let negacao = 0;
  for (let i = 0; i < partes.length; i++) {
    const parte = partes[i]!;
    if (/^[.,!?;:\n]$/.test(parte) || CONTRASTE.has(parte)) {
      negacao = 0;
      continue;
    }
    if (NEGADORES.has(parte)) {
      negacao = 3;
      continue;
    }
    let v = valor(parte);
    const negado = negacao > 0;
    if (negacao > 0) negacao--;
    if (v === undefined) {
      if (negado && EXPECTATIVA.has(parte)) v = -1.8;
      else continue;
    } else if (negado) {
      // "não é bom" is negative; "não é ruim" only mildly positive.
      v = EXPECTATIVA.has(parte) && v > 0 ? -1.8 : v > 0 ? -0.8 * v : -0.4 * v;
    }
    const antes = partes[i - 1];
    const antes2 = partes[i - 2];
    const depois = partes[i + 1];
    const fator =
      (antes ? (INTENSIFICADORES[antes] ?? 1) : 1) *
      (antes2 && NEGADORES.has(antes ?? '') ? (INTENSIFICADORES[antes2] ?? 1) : 1) *
      (depois ? (POS_INTENSIFICADORES[depois] ?? 1) : 1);
    const peso = ultima > 0 ? (clausulaDe[i] === ultima ? 1.5 : 0.7) : 1;
    const contribuicao = v * fator * peso;
    if (contribuicao > 0) positivo += contribuicao;
    else negativo += contribuicao;
  }
  positivo += positivosEmoji * 1.2;
  negativo -= negativosEmoji * 1.5;
  if (negativo < 0 && positivo > 0) positivo *= 0.6;
  let soma = positivo + negativo;
  if (gritando && soma < 0) soma *= 1.3;
  if (exclamacoes) soma *= 1.2;
  const score = Math.tanh(soma / 2.5);
  const rotulo = score >= LIMIAR_POSITIVO ? 'positivo' : score <= LIMIAR_NEGATIVO ? 'negativo' : 'neutro';
  const evidencia = positivo - negativo;
  const confianca = Math.min(0.95, 0.4 + Math.abs(score) * 0.4 + Math.min(evidencia, 5) * 0.03);
  return { score: Math.round(score * 1000) / 1000, rotulo, confianca: Math.round(confianca * 100) / 100 };
}

export const LIMIAR_POSITIVO = 0.25;
export const LIMIAR_NEGATIVO = -0.2;
/** At or below this, a turn is "strongly negative" and supervisors are flagged. */
export const LIMIAR_MUITO_NEGATIVO = -0.6;
