import type { CriarWorkflow } from '@atende/shared';

/**
 * The demo empresa's example (inactive): the "menu + collect data + handoff" bot. The handoff has no fila of its
 * own, so it goes to the ticket's fila or the canal's default one, whatever filas the empresa creates.
 */
export function workflowDeExemplo(): CriarWorkflow {
  return {
    nome: 'Triagem com coleta de dados (exemplo)',
    descricao: 'Pergunta o assunto, o nome e o e-mail do cliente e passa a conversa para a equipe com uma nota.',
    gatilho: 'ticket_criado',
    gatilhoConfig: {},
    ativo: false,
    definicao: {
      inicio: 'boas_vindas',
      passos: {
        boas_vindas: { tipo: 'mensagem', texto: 'Olá! Sou o assistente virtual. Vou anotar alguns dados.', proximo: 'assunto' },
        assunto: {
          tipo: 'pergunta',
          texto: 'Sobre o que você quer falar?',
          variavel: 'assunto',
          opcoes: [
            { valor: 'pedido', rotulo: 'Um pedido' },
            { valor: 'financeiro', rotulo: 'Financeiro' },
            { valor: 'outro', rotulo: 'Outro assunto' },
          ],
          proximo: 'nome',
          maxTentativas: 2,
          aoEsgotarTentativas: 'handoff',
        },
        nome: { tipo: 'pergunta', texto: 'Qual é o seu nome?', variavel: 'nome', maxTentativas: 3, proximo: 'email' },
        email: {
          tipo: 'pergunta',
          texto: 'Obrigado, {{nome}}! Qual é o seu e-mail?',
          variavel: 'email',
          validacao: 'email',
          mensagemInvalida: 'Esse e-mail não parece válido.',
          maxTentativas: 3,
          aoEsgotarTentativas: 'handoff',
          proximo: 'handoff',
        },
        handoff: { tipo: 'transferir', texto: 'Pronto! Já vou te passar para a nossa equipe.', notaComVariaveis: true },
      },
    },
  };
}
