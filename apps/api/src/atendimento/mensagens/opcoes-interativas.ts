import { z } from 'zod';
import { paraComparar } from '../../common/texto.js';

/**
 * `payload.interativa` of an outbound `interativa` mensagem (CSAT survey, workflow questions): the choices the
 * customer can tap. The outbound pipeline sends them as buttons, a list or an inline keyboard where the canal
 * has them (`capabilities.opcoes`), and otherwise as the text followed by one line per choice ("1 - Vendas"),
 * to be answered by typing the key.
 */
export const opcoesInterativasSchema = z.object({
  opcoes: z
    .array(
      z.object({
        /** Comes back as the button/row/callback id (`payload.interativa.id` of the customer's answer). */
        id: z.string().min(1).max(64),
        /** What the customer types when the canal has no buttons. */
        chave: z.string().min(1).max(20),
        titulo: z.string().min(1).max(100),
      }),
    )
    .min(1)
    .max(10),
  /** The label of the button that opens a list (WhatsApp list messages). */
  botao: z.string().min(1).max(20).optional(),
});
export type OpcoesInterativas = z.infer<typeof opcoesInterativasSchema>;

/** The label shown on a button or row: the key, then the title when it says more. */
export function rotuloDaOpcao(opcao: OpcoesInterativas['opcoes'][number]): string {
  return opcao.titulo === opcao.chave ? opcao.chave : `${opcao.chave} - ${opcao.titulo}`;
}

/** The same question for a canal without buttons: the text, then one line per choice. */
export function textoComOpcoes(texto: string, interativa: OpcoesInterativas): string {
  return [texto, ...interativa.opcoes.map(rotuloDaOpcao)].join('\n');
}

/** Lower case, no accents, without the punctuation people type after a choice ("2.", "2)", "2 -"). */
function normalizarEscolha(texto: string): string {
  return paraComparar(texto)
    .trim()
    .replace(/[\s.)\-:]+$/u, '')
    .trim();
}

/**
 * The choice a typed answer picks: by any of its keys first ("2", "2.", " 2) "), then by any of its labels
 * ("suporte" for "Suporte", ignoring case and accents); null when it picks none. Shared by the fila menu and
 * workflow questions.
 */
export function escolherPorTexto<T>(
  opcoes: readonly T[],
  resposta: string,
  chaves: (opcao: T) => readonly string[],
  rotulos: (opcao: T) => readonly string[],
): T | null {
  const alvo = normalizarEscolha(resposta);
  if (alvo === '') return null;
  return (
    opcoes.find((opcao) => chaves(opcao).some((chave) => normalizarEscolha(chave) === alvo)) ??
    opcoes.find((opcao) => rotulos(opcao).some((rotulo) => normalizarEscolha(rotulo) === alvo)) ??
    null
  );
}
