import { describe, expect, it } from 'vitest';
import { workflowDefinicaoSchema } from '@atende/shared';
import {
  avaliarCondicao,
  escolherOpcaoDaPergunta,
  idDaOpcao,
  interpolar,
  notaDeHandoff,
  opcoesDaPergunta,
  validarResposta,
} from './workflow-passos.js';

const definicao = workflowDefinicaoSchema.parse({
  inicio: 'menu',
  passos: {
    menu: {
      tipo: 'pergunta',
      texto: 'Setor?',
      variavel: 'setor',
      opcoes: [
        { valor: 'vendas', rotulo: 'Comprar' },
        { valor: 'suporte', rotulo: 'Suporte técnico' },
      ],
      proximo: 'ramo',
    },
    ramo: {
      tipo: 'condicao',
      variavel: 'idade',
      casos: [
        { operador: 'maior', valor: '17', proximo: 'adulto' },
        { operador: 'existe', proximo: 'menor' },
      ],
      senao: 'sem_idade',
    },
    adulto: { tipo: 'fim' },
    menor: { tipo: 'fim' },
    sem_idade: { tipo: 'fim' },
  },
});
const menu = definicao.passos.menu;
const ramo = definicao.passos.ramo;
if (menu?.tipo !== 'pergunta' || ramo?.tipo !== 'condicao') throw new Error('definição de teste inválida');

describe('workflow steps', () => {
  it('offers the choices with keys 1, 2… and ids that come back from the buttons', () => {
    expect(opcoesDaPergunta('menu', menu)).toEqual({
      opcoes: [
        { id: 'wf:menu:0', chave: '1', titulo: 'Comprar' },
        { id: 'wf:menu:1', chave: '2', titulo: 'Suporte técnico' },
      ],
      botao: 'Ver opções',
    });
  });

  it('picks a choice by button id, key, value or label, and nothing else', () => {
    const escolher = (texto: string | null, interativaId: string | null = null) =>
      escolherOpcaoDaPergunta('menu', menu, { texto, interativaId })?.valor ?? null;
    expect(escolher('qualquer', idDaOpcao('menu', 1))).toBe('suporte');
    expect(escolher('2.')).toBe('suporte');
    expect(escolher('VENDAS')).toBe('vendas');
    expect(escolher('suporte tecnico')).toBe('suporte');
    expect(escolher('3')).toBeNull();
    expect(escolher(null, 'wf:outro:0')).toBeNull();
  });

  it('validates and normalizes free-text answers', () => {
    expect(validarResposta(undefined, '  Ana  ')).toBe('Ana');
    expect(validarResposta('texto', '   ')).toBeNull();
    expect(validarResposta('email', 'Ana@Exemplo.com.br')).toBe('ana@exemplo.com.br');
    expect(validarResposta('email', 'ana@')).toBeNull();
    expect(validarResposta('cpf', '529.982.247-25')).toBe('52998224725');
    expect(validarResposta('cpf', '529.982.247-24')).toBeNull();
    expect(validarResposta('cpf', '111.111.111-11')).toBeNull();
    expect(validarResposta('numero', '1.042')).toBe('1.042');
    expect(validarResposta('numero', '12,5')).toBe('12.5');
    expect(validarResposta('numero', 'doze')).toBeNull();
    expect(validarResposta('telefone', '(11) 98888-0001')).toBe('11988880001');
    expect(validarResposta('telefone', '123')).toBeNull();
  });

  it('branches on the first case that holds, else senao', () => {
    expect(avaliarCondicao(ramo, { idade: '30' })).toBe('adulto');
    expect(avaliarCondicao(ramo, { idade: '12' })).toBe('menor');
    expect(avaliarCondicao(ramo, {})).toBe('sem_idade');
  });

  it('fills variables into texts and lists them in the handoff note', () => {
    expect(interpolar('Olá, {{ nome }}! {{faltando}}.', { nome: 'Ana' })).toBe('Olá, Ana! .');
    expect(notaDeHandoff('Triagem', { nome: 'Ana', email: 'a@b.co' })).toBe(
      'Dados coletados pelo workflow "Triagem":\n- email: a@b.co\n- nome: Ana',
    );
    expect(notaDeHandoff('Triagem', {})).toBe('Dados coletados pelo workflow "Triagem":\n(nenhum)');
  });
});

describe('the demo example', () => {
  it('is a valid, inactive menu + collect data + handoff workflow', async () => {
    const { criarWorkflowSchema } = await import('@atende/shared');
    const { workflowDeExemplo } = await import('./workflow-exemplo.js');
    const lido = criarWorkflowSchema.safeParse(workflowDeExemplo());
    expect(lido.error?.issues ?? []).toEqual([]);
    expect(lido.data).toMatchObject({ ativo: false, gatilho: 'ticket_criado' });
  });
});
