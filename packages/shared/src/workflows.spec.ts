import { describe, expect, it } from 'vitest';
import { criarWorkflowSchema, problemasDoGrafo, workflowDefinicaoSchema } from './workflows.js';

const parse = (definicao: unknown) => workflowDefinicaoSchema.safeParse(definicao);
const caminhos = (definicao: unknown) =>
  (parse(definicao).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('workflow definition', () => {
  const valida = {
    inicio: 'menu',
    passos: {
      menu: {
        tipo: 'pergunta',
        texto: 'Escolha',
        variavel: 'setor',
        opcoes: [
          { valor: 'vendas', rotulo: 'Vendas', proximo: 'vendas' },
          { valor: 'suporte', rotulo: 'Suporte' },
        ],
        proximo: 'espera',
      },
      espera: { tipo: 'esperar', segundos: 60, proximo: 'ramo' },
      ramo: {
        tipo: 'condicao',
        variavel: 'setor',
        casos: [{ operador: 'igual', valor: 'suporte', proximo: 'suporte' }],
        senao: 'fim',
      },
      suporte: { tipo: 'transferir', filaId: '11111111-1111-4111-8111-111111111111' },
      vendas: { tipo: 'mensagem', texto: 'Vendas!', proximo: 'fim' },
      fim: { tipo: 'fim' },
    },
  };

  it('accepts a connected graph and fills the defaults', () => {
    const lido = parse(valida);
    expect(lido.success).toBe(true);
    expect(lido.data?.passos.menu).toMatchObject({ maxTentativas: 3 });
    expect(lido.data?.passos.suporte).toMatchObject({ notaComVariaveis: true });
  });

  it('names the step of every broken link, the missing start and unreachable steps', () => {
    expect(
      caminhos({ ...valida, passos: { ...valida.passos, vendas: { tipo: 'mensagem', texto: 'x', proximo: 'nada' } } }),
    ).toEqual(['passos.vendas.proximo: passo "vendas": o próximo passo "nada" não existe']);
    expect(caminhos({ ...valida, inicio: 'comeco' })).toEqual([
      'inicio: o passo inicial "comeco" não existe em passos',
    ]);
    expect(caminhos({ ...valida, passos: { ...valida.passos, orfao: { tipo: 'fim' } } })).toEqual([
      'passos.orfao: passo "orfao" não é alcançável a partir do início "menu"',
    ]);
  });

  it('refuses an answer that leads nowhere and loops that never wait', () => {
    const semDestino = {
      inicio: 'p',
      passos: { p: { tipo: 'pergunta', texto: '?', opcoes: [{ valor: 'a', rotulo: 'A' }] } },
    };
    expect(caminhos(semDestino)).toEqual(['passos.p.opcoes.0.proximo: passo "p": a opção "a" não leva a nenhum passo (proximo)']);
    const laco = {
      inicio: 'a',
      passos: {
        a: { tipo: 'mensagem', texto: 'a', proximo: 'b' },
        b: { tipo: 'condicao', variavel: 'x', casos: [{ operador: 'existe', proximo: 'c' }], senao: 'a' },
        c: { tipo: 'fim' },
      },
    };
    expect(caminhos(laco)).toEqual(['passos.a: passo "a": ciclo sem pergunta nem espera (o fluxo repetiria sem parar)']);
    // A loop through a question is a menu that repeats: fine.
    const menu = {
      inicio: 'p',
      passos: {
        p: { tipo: 'pergunta', texto: '?', variavel: 'v', proximo: 'm' },
        m: { tipo: 'mensagem', texto: 'de novo', proximo: 'p' },
      },
    };
    expect(problemasDoGrafo(workflowDefinicaoSchema.parse(menu))).toEqual([]);
  });

  it('checks each step on its own: free text needs a variable, validation only for free text, unique values', () => {
    expect(caminhos({ inicio: 'p', passos: { p: { tipo: 'pergunta', texto: '?', proximo: 'f' }, f: { tipo: 'fim' } } })).toEqual([
      'passos.p.variavel: pergunta de texto livre precisa de variavel',
    ]);
    const repetida = {
      inicio: 'p',
      passos: {
        p: {
          tipo: 'pergunta',
          texto: '?',
          validacao: 'email',
          opcoes: [
            { valor: 'A', rotulo: 'x' },
            { valor: 'a', rotulo: 'y' },
          ],
          proximo: 'f',
        },
        f: { tipo: 'fim' },
      },
    };
    expect(caminhos(repetida)).toEqual([
      'passos.p.validacao: validacao vale só para texto livre (sem opcoes)',
      'passos.p.opcoes.1.valor: valor "a" repetido',
    ]);
  });

  it('defaults a new workflow to a manual, active one on every canal', () => {
    const criado = criarWorkflowSchema.parse({ nome: ' Triagem ', definicao: { inicio: 'f', passos: { f: { tipo: 'fim' } } } });
    expect(criado).toMatchObject({ nome: 'Triagem', gatilho: 'manual', gatilhoConfig: {}, ativo: true });
  });
});
