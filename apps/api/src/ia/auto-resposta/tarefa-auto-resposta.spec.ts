import { describe, expect, it } from 'vitest';
import { INTENCOES_PADRAO } from '../local/intencao-local.js';
import {
  autoRespostaExtrativa,
  idiomaDe,
  motivoAntesDeResponder,
  motivoDepoisDaResposta,
  textoDeHandoff,
} from './tarefa-auto-resposta.js';

const artigo = {
  id: 'artigo:1',
  titulo: 'Política de trocas',
  texto:
    'Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.\n\n' +
    'Pagamentos por boleto compensam em até 2 dias úteis.',
};

describe('auto-resposta: baseline extrativa local', () => {
  it('quotes the passage that covers the question, with full confidence and its source', () => {
    const r = autoRespostaExtrativa({ turnos: [], pergunta: 'Como faço a troca de tamanho?', fontes: [artigo], idioma: 'pt-BR' });
    expect(r.resposta).toBe('Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.');
    expect(r.fontes).toEqual(['artigo:1']);
    expect(r.confianca).toBeGreaterThanOrEqual(0.99);
  });

  it('has low confidence when the article only touches the question', () => {
    const r = autoRespostaExtrativa({
      turnos: [],
      pergunta: 'Vocês entregam geladeira em Manaus no sábado com instalação?',
      fontes: [artigo],
      idioma: 'pt-BR',
    });
    expect(r.confianca).toBeLessThan(0.5);
  });

  it('never quotes a resolved ticket (written for another customer)', () => {
    const r = autoRespostaExtrativa({
      turnos: [],
      pergunta: 'troca de tamanho',
      fontes: [{ id: 'ticket:7', titulo: 'Ticket #7', texto: 'Troca de tamanho: mande pelos Correios.' }],
      idioma: 'pt-BR',
    });
    expect(r).toEqual({ resposta: '', confianca: 0, fontes: [] });
  });
});

describe('auto-resposta: quando passar para uma pessoa', () => {
  it('on an explicit request for a person, in pt-BR or English', () => {
    expect(motivoAntesDeResponder('quero falar com um atendente', INTENCOES_PADRAO, 0, 3)).toBe('pedido_humano');
    expect(motivoAntesDeResponder('não quero falar com robô', INTENCOES_PADRAO, 0, 3)).toBe('pedido_humano');
    expect(motivoAntesDeResponder('can I talk to a person please', INTENCOES_PADRAO, 0, 3)).toBe('pedido_humano');
  });

  it('on a strongly negative message, and when the turns are used up', () => {
    expect(motivoAntesDeResponder('Que absurdo, péssimo serviço, estou furioso, horrível!', INTENCOES_PADRAO, 0, 3)).toBe(
      'sentimento_negativo',
    );
    expect(motivoAntesDeResponder('e o prazo de troca?', INTENCOES_PADRAO, 3, 3)).toBe('max_turnos');
    expect(motivoAntesDeResponder('e o prazo de troca?', INTENCOES_PADRAO, 2, 3)).toBeNull();
  });

  it('after the answer: no known source or low confidence', () => {
    const conhecidas = new Set(['artigo:1']);
    expect(motivoDepoisDaResposta({ resposta: 'x', confianca: 0.9, fontes: ['artigo:inventado'] }, conhecidas, 0.7)).toBe(
      'sem_fontes',
    );
    expect(motivoDepoisDaResposta({ resposta: 'x', confianca: 0.5, fontes: ['artigo:1'] }, conhecidas, 0.7)).toBe(
      'baixa_confianca',
    );
    expect(motivoDepoisDaResposta({ resposta: 'x', confianca: 0.7, fontes: ['artigo:1'] }, conhecidas, 0.7)).toBeNull();
  });

  it('speaks the contato language first, then the empresa one', () => {
    expect(idiomaDe(null, 'en-US')).toBe('en');
    expect(idiomaDe('pt-BR', 'en')).toBe('pt-BR');
    expect(idiomaDe(undefined, null)).toBe('pt-BR');
    expect(textoDeHandoff('en', 'pedido_humano')).toMatch(/agents/);
    expect(textoDeHandoff('pt-BR', 'baixa_confianca')).toMatch(/atendentes/);
  });
});
