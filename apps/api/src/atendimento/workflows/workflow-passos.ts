import type { PassoWorkflow, WorkflowValidacao } from '@atende/shared';
import { paraComparar } from '../../common/texto.js';
import { escolherPorTexto, type OpcoesInterativas } from '../mensagens/opcoes-interativas.js';

type PassoPergunta = Extract<PassoWorkflow, { tipo: 'pergunta' }>;
type PassoCondicao = Extract<PassoWorkflow, { tipo: 'condicao' }>;
type OpcaoDaPergunta = NonNullable<PassoPergunta['opcoes']>[number];

/** Pure workflow step logic: answers, validations, conditions and texts. The runtime does the I/O. */

/** The id of a question's choice on the wire: it comes back as the button/row/callback id. */
export function idDaOpcao(passoId: string, indice: number): string {
  return `wf:${passoId}:${indice}`;
}

/** The question's choices as the outbound pipeline sends them (keys 1, 2, 3… for canais without buttons). */
export function opcoesDaPergunta(passoId: string, passo: PassoPergunta): OpcoesInterativas | null {
  if (!passo.opcoes) return null;
  return {
    opcoes: passo.opcoes.map((opcao, i) => ({ id: idDaOpcao(passoId, i), chave: String(i + 1), titulo: opcao.rotulo })),
    botao: 'Ver opções',
  };
}

/** The choice an answer picks: the tapped button's id, else the typed key (1, 2…), value or label. */
export function escolherOpcaoDaPergunta(
  passoId: string,
  passo: PassoPergunta,
  resposta: { texto: string | null; interativaId: string | null },
): OpcaoDaPergunta | null {
  const opcoes = passo.opcoes ?? [];
  if (resposta.interativaId !== null) {
    const indice = opcoes.findIndex((_, i) => idDaOpcao(passoId, i) === resposta.interativaId);
    if (indice >= 0) return opcoes[indice] ?? null;
  }
  if (resposta.texto === null) return null;
  const indexadas = opcoes.map((opcao, i) => ({ opcao, chave: String(i + 1) }));
  return (
    escolherPorTexto(
      indexadas,
      resposta.texto,
      (item) => [item.chave, item.opcao.valor],
      (item) => [item.opcao.rotulo],
    )?.opcao ?? null
  );
}

function cpfValido(digitos: string): boolean {
  if (!/^\d{11}$/.test(digitos) || /^(\d)\1{10}$/.test(digitos)) return false;
  const digito = (ate: number) => {
    let soma = 0;
    for (let i = 0; i < ate; i++) soma += Number(digitos[i]) * (ate + 1 - i);
    const resto = (soma * 10) % 11;
    return resto === 10 ? 0 : resto;
  };
  return digito(9) === Number(digitos[9]) && digito(10) === Number(digitos[10]);
}

/** A free-text answer, normalized for its validation (CPF and phone as digits); null when invalid. */
export function validarResposta(validacao: WorkflowValidacao | undefined, texto: string | null): string | null {
  const valor = (texto ?? '').trim();
  if (valor === '') return null;
  switch (validacao ?? 'texto') {
    case 'texto':
      return valor.slice(0, 1000);
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(valor) ? valor.toLowerCase() : null;
    case 'cpf': {
      const digitos = valor.replace(/[.\-\s]/g, '');
      return cpfValido(digitos) ? digitos : null;
    }
    case 'numero': {
      const numero = valor.replace(/\s/g, '').replace(',', '.');
      return /^-?\d+(\.\d+)?$/.test(numero) ? numero : null;
    }
    case 'telefone': {
      const digitos = valor.replace(/[\s()+.-]/g, '');
      return /^\d{10,13}$/.test(digitos) ? digitos : null;
    }
  }
}

/** The step a condition leads to: the first case that holds, else `senao`. */
export function avaliarCondicao(passo: PassoCondicao, variaveis: Readonly<Record<string, string>>): string {
  const atual = variaveis[passo.variavel];
  for (const caso of passo.casos) {
    const esperado = caso.valor ?? '';
    const valor = atual ?? '';
    let vale: boolean;
    switch (caso.operador) {
      case 'existe':
        vale = atual !== undefined && atual !== '';
        break;
      case 'nao_existe':
        vale = atual === undefined || atual === '';
        break;
      case 'igual':
        vale = atual !== undefined && paraComparar(valor) === paraComparar(esperado);
        break;
      case 'diferente':
        vale = paraComparar(valor) !== paraComparar(esperado);
        break;
      case 'contem':
        vale = atual !== undefined && paraComparar(valor).includes(paraComparar(esperado));
        break;
      case 'maior':
      case 'menor': {
        const a = Number(valor.replace(',', '.'));
        const b = Number(esperado.replace(',', '.'));
        vale = atual !== undefined && valor !== '' && !Number.isNaN(a) && !Number.isNaN(b) && (caso.operador === 'maior' ? a > b : a < b);
        break;
      }
    }
    if (vale) return caso.proximo;
  }
  return passo.senao;
}

/** `{{nome}}` → the variable's value (empty when not collected). */
export function interpolar(texto: string, variaveis: Readonly<Record<string, string>>): string {
  return texto.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, nome: string) => variaveis[nome] ?? '');
}

/** The private note of a handoff: what the workflow collected, one line per variable, by name. */
export function notaDeHandoff(nomeWorkflow: string, variaveis: Readonly<Record<string, string>>): string {
  const linhas = Object.keys(variaveis)
    .sort()
    .map((nome) => `- ${nome}: ${variaveis[nome] ?? ''}`);
  return [`Dados coletados pelo workflow "${nomeWorkflow}":`, ...(linhas.length > 0 ? linhas : ['(nenhum)'])].join('\n');
}
