import { type AutomacaoCondicao, problemaDaRegex, REGEX_MAX_TEXTO } from '@atende/shared';

/** What a rule's conditions read, loaded once per evaluation. */
export interface ContextoDaAvaliacao {
  status: string;
  prioridade: string;
  filaId: string | null;
  canalId: string | null;
  canalTipo: string | null;
  tagIds: readonly string[];
  assunto: string | null;
  contatoNome: string | null;
  /** The triggering mensagem's text (mensagem_recebida), else the ticket's latest customer text. */
  mensagemTexto: string | null;
  /** From the AI analysis of the ticket (null until it ran). */
  intencao: string | null;
  sentimentoRotulo: string | null;
  /** Null when the tree does not ask (it is only loaded when needed). */
  dentroDoExpediente: boolean | null;
}

/** `{}` (the column default) and an empty `e` group match everything. */
export function condicaoVazia(condicoes: unknown): boolean {
  return typeof condicoes !== 'object' || condicoes === null || !('tipo' in condicoes);
}

/** Whether any leaf of the tree is of this kind (to load costly context only when a rule needs it). */
export function usaCondicao(condicao: AutomacaoCondicao, tipo: AutomacaoCondicao['tipo']): boolean {
  if (condicao.tipo === tipo) return true;
  if (condicao.tipo === 'e' || condicao.tipo === 'ou') return condicao.condicoes.some((c) => usaCondicao(c, tipo));
  return false;
}

/** Lower case without accents: "Não" contains "nao". */
export function normalizarTexto(texto: string): string {
  return texto.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function textoDoCampo(ctx: ContextoDaAvaliacao, campo: 'mensagem' | 'assunto' | 'contato_nome'): string | null {
  if (campo === 'mensagem') return ctx.mensagemTexto;
  if (campo === 'assunto') return ctx.assunto;
  return ctx.contatoNome;
}

/**
 * A regex run on JavaScript's backtracking engine, made safe by construction: the pattern passed
 * `problemaDaRegex` (no nested quantifiers, back-references or lookarounds, at most 3 unbounded quantifiers and
 * 200 characters) and the
 * input is cut to REGEX_MAX_TEXTO characters. A stored pattern that no longer passes never matches.
 */
export function regexCasa(padrao: string, texto: string): boolean {
  if (problemaDaRegex(padrao) !== null) return false;
  return new RegExp(padrao, 'iu').test(texto.slice(0, REGEX_MAX_TEXTO));
}

export function avaliarCondicao(condicao: AutomacaoCondicao, ctx: ContextoDaAvaliacao): boolean {
  switch (condicao.tipo) {
    case 'e':
      return condicao.condicoes.every((c) => avaliarCondicao(c, ctx));
    case 'ou':
      return condicao.condicoes.some((c) => avaliarCondicao(c, ctx));
    case 'canal': {
      const porId = condicao.canalIds === undefined || (ctx.canalId !== null && condicao.canalIds.includes(ctx.canalId));
      const porTipo =
        condicao.canalTipos === undefined ||
        (ctx.canalTipo !== null && (condicao.canalTipos as readonly string[]).includes(ctx.canalTipo));
      return porId && porTipo;
    }
    case 'fila':
      return ctx.filaId !== null && condicao.filaIds.includes(ctx.filaId);
    case 'tags': {
      const tem = (id: string) => ctx.tagIds.includes(id);
      if (condicao.modo === 'alguma') return condicao.tagIds.some(tem);
      if (condicao.modo === 'todas') return condicao.tagIds.every(tem);
      return !condicao.tagIds.some(tem);
    }
    case 'prioridade':
      return (condicao.prioridades as readonly string[]).includes(ctx.prioridade);
    case 'status':
      return (condicao.status as readonly string[]).includes(ctx.status);
    case 'texto': {
      const texto = textoDoCampo(ctx, condicao.campo);
      if (texto === null) return false;
      if (condicao.modo === 'regex') return regexCasa(condicao.valor, texto);
      return normalizarTexto(texto).includes(normalizarTexto(condicao.valor));
    }
    case 'intencao':
      return ctx.intencao !== null && condicao.intencoes.includes(ctx.intencao);
    case 'sentimento':
      return ctx.sentimentoRotulo !== null && (condicao.rotulos as readonly string[]).includes(ctx.sentimentoRotulo);
    case 'horario_comercial':
      // No expediente configured: the empresa is always open.
      return (ctx.dentroDoExpediente ?? true) === condicao.dentro;
  }
}
