import { paraComparar } from '../../common/texto.js';
import type { OpcoesInterativas } from '../mensagens/opcoes-interativas.js';

/** The id of each answer button: it comes back in the WhatsApp button/list reply or the Telegram callback. */
export const PREFIXO_CSAT = 'csat:';

const ROTULOS = ['Péssimo', 'Ruim', 'Regular', 'Bom', 'Excelente'] as const;

/** The five choices of the survey, 1 (péssimo) to 5 (excelente). */
export function opcoesDaPesquisa(): OpcoesInterativas {
  return {
    opcoes: ROTULOS.map((titulo, i) => ({ id: `${PREFIXO_CSAT}${i + 1}`, chave: String(i + 1), titulo })),
    botao: 'Avaliar',
  };
}

/**
 * The rating a customer's mensagem gives: the id of a survey button (`csat:4`), else a reply that is just a
 * number from 1 to 5 ("4", " 5 ", "4.", "nota 3"), else the label of a choice ("excelente"). Null for
 * anything else, which is then an ordinary mensagem.
 */
export function notaDaResposta(resposta: { texto: string | null; interativaId: string | null }): number | null {
  if (resposta.interativaId !== null) {
    if (!resposta.interativaId.startsWith(PREFIXO_CSAT)) return null;
    return notaValida(resposta.interativaId.slice(PREFIXO_CSAT.length));
  }
  if (resposta.texto === null) return null;
  const texto = paraComparar(resposta.texto)
    .trim()
    .replace(/^(nota|minha nota e|dou)\s*:?\s*/u, '')
    .replace(/[\s.!)\-:]+$/u, '')
    .trim();
  const porNumero = notaValida(texto);
  if (porNumero !== null) return porNumero;
  const indice = ROTULOS.findIndex((rotulo) => paraComparar(rotulo) === texto);
  return indice >= 0 ? indice + 1 : null;
}

function notaValida(texto: string): number | null {
  if (!/^[1-5]$/.test(texto)) return null;
  return Number(texto);
}
