import type { CanalMenu } from '../../canais/canal.entity.js';
import { escolherPorTexto } from '../mensagens/opcoes-interativas.js';

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

/**
 * The option a customer's answer picks: its key ("2", "2.", " 2) "), or its label ("suporte", "Suporte técnico"
 * for "Suporte Tecnico"); null when it picks none.
 */
export function escolherOpcao(menu: CanalMenu, resposta: string): OpcaoDoMenu | null {
  return escolherPorTexto(
    menu.opcoes,
    resposta,
    (opcao) => [opcao.chave],
    (opcao) => [opcao.rotulo],
  );
}
