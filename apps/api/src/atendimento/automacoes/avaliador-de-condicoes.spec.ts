import { describe, expect, it } from 'vitest';
import { automacaoCondicaoSchema, problemaDaRegex, type AutomacaoCondicao } from '@atende/shared';
import { avaliarCondicao, type ContextoDaAvaliacao, regexCasa, usaCondicao } from './avaliador-de-condicoes.js';

const TAG_A = '00000000-0000-4000-8000-00000000000a';
const TAG_B = '00000000-0000-4000-8000-00000000000b';
const FILA = '00000000-0000-4000-8000-0000000000f1';

const base: ContextoDaAvaliacao = {
  status: 'aberto',
  prioridade: 'normal',
  filaId: FILA,
  canalId: '00000000-0000-4000-8000-0000000000c1',
  canalTipo: 'whatsapp',
  tagIds: [TAG_A],
  assunto: null,
  contatoNome: 'Maria',
  mensagemTexto: 'Quero CANCELAR meu pedido, não funciona',
  intencao: 'cancelar',
  sentimentoRotulo: 'negativo',
  dentroDoExpediente: false,
};

describe('avaliarCondicao', () => {
  it('evaluates nested AND/OR trees', () => {
    const arvore: AutomacaoCondicao = {
      tipo: 'e',
      condicoes: [
        { tipo: 'canal', canalTipos: ['whatsapp'] },
        {
          tipo: 'ou',
          condicoes: [
            { tipo: 'prioridade', prioridades: ['urgente'] },
            { tipo: 'texto', campo: 'mensagem', modo: 'contem', valor: 'nao funciona' },
          ],
        },
      ],
    };
    expect(avaliarCondicao(arvore, base)).toBe(true);
    expect(avaliarCondicao(arvore, { ...base, mensagemTexto: 'tudo certo' })).toBe(false);
    expect(avaliarCondicao(arvore, { ...base, mensagemTexto: 'tudo certo', prioridade: 'urgente' })).toBe(true);
    expect(avaliarCondicao(arvore, { ...base, canalTipo: 'telegram' })).toBe(false);
    expect(avaliarCondicao({ tipo: 'e', condicoes: [] }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'ou', condicoes: [] }, base)).toBe(false);
  });

  it('checks tags with any/all/none', () => {
    expect(avaliarCondicao({ tipo: 'tags', modo: 'alguma', tagIds: [TAG_A, TAG_B] }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'tags', modo: 'todas', tagIds: [TAG_A, TAG_B] }, base)).toBe(false);
    expect(avaliarCondicao({ tipo: 'tags', modo: 'nenhuma', tagIds: [TAG_B] }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'tags', modo: 'nenhuma', tagIds: [TAG_A] }, base)).toBe(false);
  });

  it('reads fila, status, intent, sentiment and business hours', () => {
    expect(avaliarCondicao({ tipo: 'fila', filaIds: [FILA] }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'fila', filaIds: [FILA] }, { ...base, filaId: null })).toBe(false);
    expect(avaliarCondicao({ tipo: 'status', status: ['pendente'] }, base)).toBe(false);
    expect(avaliarCondicao({ tipo: 'intencao', intencoes: ['cancelar'] }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'intencao', intencoes: ['cancelar'] }, { ...base, intencao: null })).toBe(false);
    expect(avaliarCondicao({ tipo: 'sentimento', rotulos: ['positivo'] }, base)).toBe(false);
    expect(avaliarCondicao({ tipo: 'horario_comercial', dentro: false }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'horario_comercial', dentro: true }, { ...base, dentroDoExpediente: null })).toBe(true);
  });

  it('matches regexes case-insensitively and finds leaf kinds', () => {
    expect(avaliarCondicao({ tipo: 'texto', campo: 'mensagem', modo: 'regex', valor: 'cancel(ar|amento)' }, base)).toBe(true);
    expect(avaliarCondicao({ tipo: 'texto', campo: 'assunto', modo: 'regex', valor: 'x' }, base)).toBe(false);
    const arvore: AutomacaoCondicao = { tipo: 'ou', condicoes: [{ tipo: 'horario_comercial', dentro: true }] };
    expect(usaCondicao(arvore, 'horario_comercial')).toBe(true);
    expect(usaCondicao(arvore, 'tags')).toBe(false);
  });
});

describe('problemaDaRegex', () => {
  it('refuses catastrophic and unsupported patterns', () => {
    for (const ruim of ['(a+)+$', '(a*)*', '(a|aa)*', '(\\w+\\s?)*$', '((ab)*)+', '(x+x+)+y', '(a)\\1', '(?=a)b', '[', 'a*a*a*a*b', 'x+y+z+w{2,}', 'a'.repeat(201), ''])
      expect(problemaDaRegex(ruim), ruim).not.toBeNull();
  });

  it('accepts ordinary patterns', () => {
    for (const bom of ['cancel(ar|amento)', '^pedido #?\\d{3,10}$', '[a-z]+@[a-z]+\\.com', '(boleto|pix) (vencido|atrasado)', '(?:abc)?d+'])
      expect(problemaDaRegex(bom), bom).toBeNull();
  });

  it('never runs a refused pattern and caps the input', () => {
    expect(regexCasa('(a+)+$', `${'a'.repeat(40)}!`)).toBe(false);
    expect(regexCasa('fim$', `${'x'.repeat(10_000)}fim`)).toBe(false);
  });

  it('is enforced by the condition schema with the field named', () => {
    const r = automacaoCondicaoSchema.safeParse({ tipo: 'texto', campo: 'mensagem', modo: 'regex', valor: '(a+)+' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['valor']);
  });
});
