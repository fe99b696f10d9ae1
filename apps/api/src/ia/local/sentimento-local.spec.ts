import { describe, expect, it } from 'vitest';
import { analisarSentimento } from './sentimento-local.js';

const rotulo = (texto: string) => analisarSentimento(texto).rotulo;

describe('analisarSentimento (local)', () => {
  it('reads plain positive, negative and neutral pt-BR and English', () => {
    expect(rotulo('Adorei o atendimento, muito obrigado!')).toBe('positivo');
    expect(rotulo('serviço péssimo')).toBe('negativo');
    expect(rotulo('qual o prazo de entrega?')).toBe('neutro');
    expect(rotulo('great service, thanks')).toBe('positivo');
    expect(rotulo('this is the worst')).toBe('negativo');
  });

  it('flips on negation, also of verbs whose negation is a complaint', () => {
    expect(rotulo('não gostei')).toBe('negativo');
    expect(rotulo('o pedido não chegou')).toBe('negativo');
    expect(rotulo('nao funciona')).toBe('negativo');
    expect(rotulo('not good')).toBe('negativo');
    expect(analisarSentimento('não é ruim').score).toBeGreaterThan(analisarSentimento('ruim').score);
  });

  it('weighs intensifiers before and after the word', () => {
    expect(analisarSentimento('muito ruim').score).toBeLessThan(analisarSentimento('ruim').score);
    expect(analisarSentimento('bom demais').score).toBeGreaterThan(analisarSentimento('bom').score);
    expect(analisarSentimento('meio ruim').score).toBeGreaterThan(analisarSentimento('ruim').score);
  });

  it('keeps polite complaints and sarcasm negative', () => {
    expect(rotulo('Obrigado, mas ainda não chegou')).toBe('negativo');
    expect(rotulo('ótimo, mais uma vez atrasado')).toBe('negativo');
    expect(rotulo('adorei esperar 3 horas kkkk sqn')).toBe('negativo');
    expect(rotulo('Muito "rápido" o atendimento, só uma semana pra responder')).toBe('negativo');
  });

  it('ignores greetings and handles slang, typos and emojis', () => {
    expect(rotulo('bom dia, tudo bem?')).toBe('neutro');
    expect(rotulo('vcs sao top demaaais')).toBe('positivo');
    expect(rotulo('affs q lixo')).toBe('negativo');
    expect(rotulo('chegou 😍')).toBe('positivo');
  });

  it('stays within −1..1', () => {
    const s = analisarSentimento('PÉSSIMO PÉSSIMO horrível lixo absurdo vergonha!!! 😡😡😡');
    expect(s.score).toBeGreaterThanOrEqual(-1);
    expect(s.score).toBeLessThan(-0.9);
  });
});
