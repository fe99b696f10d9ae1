import type { CanalMenu } from '../../canais/canal.entity.js';
import { paraComparar } from '../../common/texto.js';

type OpcaoDoMenu = CanalMenu['opcoes'][number];

const TEXTO_OPCAO_INVALIDA = 'Não entendi sua escolha. Responda com uma das opções abaixo.';

/** The menu as the customer reads it: its text, then one line per option ("1 - Vendas"). */
export function textoDoMenu(menu: CanalMenu): string {
  return [menu.texto, ...menu.opcoes.map((opcao) => `${opcao.chave} - ${opcao.rotulo}`)].join('\n');
}

/** The invalid-answer notice followed by the menu again. */
export function textoDeOpcaoInvalida(menu: CanalMenu): string {
  return `${menu.textoOpcaoInvalida ?? TEXTO_OPCAO_INVALIDA}\n\n${textoDoMenu(menu)}`;
}

function normalizar(texto: string): string {
  return paraComparar(texto)
    .replace(/[\s.)\-:]+$/u, '')
    .trim();
}

/**
 * The option a customer's answer picks: its key ("2", "2.", " 2) "), or its label ("suporte", "Suporte técnico"
 * for "Suporte Tecnico"); null when it picks none.
 */
export function escolherOpcao(menu: CanalMenu, resposta: string): OpcaoDoMenu | null {
  const alvo = normalizar(resposta);
  if (alvo === '') return null;
  return (
    menu.opcoes.find((opcao) => normalizar(opcao.chave) === alvo) ??
    menu.opcoes.find((opcao) => normalizar(opcao.rotulo) === alvo) ??
    null
  );
}
