import { radical, STOPWORDS, tokens } from './texto.js';

export interface TurnoConversa {
  autor: 'cliente' | 'atendente' | 'bot';
  texto: string;
}

const ROTULO: Record<TurnoConversa['autor'], string> = { cliente: 'Cliente', atendente: 'Atendente', bot: 'Bot' };

/**
 * Extractive summary: the sentences whose content words recur most in the conversation, kept in their
 * original order and attributed. It never writes a word that nobody said.
 */
export function resumoExtrativo(turnos: TurnoConversa[], maxFrases = 3): string {
  const frases = turnos.flatMap((turno, indice) =>
    turno.texto
      .split(/(?<=[.!?])\s+|\n+/)
      .map((frase) => frase.trim())
      .filter((frase) => frase.length >= 3)
      .map((frase) => ({ frase, autor: turno.autor, indice })),
  );
  if (frases.length === 0) return '';
  const frequencia = new Map<string, number>();
  const conteudo = (frase: string) =>
    tokens(frase)
      .filter((t) => t.length > 2 && !STOPWORDS.has(t))
      .map(radical);
  for (const { frase } of frases)
    for (const termo of new Set(conteudo(frase))) frequencia.set(termo, (frequencia.get(termo) ?? 0) + 1);
  const pontuadas = frases.map((item, ordem) => {
    const termos = conteudo(item.frase);
    const soma = termos.reduce((total, termo) => total + (frequencia.get(termo) ?? 0), 0);
    // The customer's first words usually state the problem.
    const bonus = item.autor === 'cliente' && ordem < 2 ? 1.5 : 1;
    return { ...item, ordem, nota: (soma / Math.sqrt(termos.length + 1)) * bonus };
  });
  const escolhidas = [...pontuadas]
    .sort((a, b) => b.nota - a.nota)
    .slice(0, maxFrases)
    .sort((a, b) => a.ordem - b.ordem);
  return escolhidas.map((item) => `${ROTULO[item.autor]}: ${item.frase}`).join('\n');
}
