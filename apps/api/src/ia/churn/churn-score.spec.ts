import { describe, expect, it } from 'vitest';
import { calcularChurn, cruzouLimiar, type SinaisChurn } from './churn-score.js';

const calmo: SinaisChurn = {
  sentimentoRecente: 0.4,
  sentimentoAnterior: 0.3,
  ticketsNaJanela: 1,
  esperasLongas: 0,
  piorCsat: 5,
  intencaoCancelar: false,
  reaberturas: 0,
};

describe('calcularChurn', () => {
  it('is 0 with no reasons for a happy customer', () => {
    expect(calcularChurn(calmo)).toEqual({ score: 0, motivos: [] });
  });

  it('sums the weights of each signal and lists the reasons heaviest first', () => {
    const { score, motivos } = calcularChurn({ ...calmo, intencaoCancelar: true, piorCsat: 2, esperasLongas: 1 });
    expect(score).toBe(30 + 20 + 5);
    expect(motivos.map((m) => m.sinal)).toEqual(['intencao_cancelar', 'csat_baixo', 'esperas_longas']);
    expect(motivos[1]!.descricao).toBe('avaliou um atendimento com nota 2 de 5');
  });

  it('grades sentiment, its trend, repeated contacts and reopenings', () => {
    const r = calcularChurn({ ...calmo, sentimentoRecente: -0.6, sentimentoAnterior: 0.1, ticketsNaJanela: 3, reaberturas: 1 });
    expect(Object.fromEntries(r.motivos.map((m) => [m.sinal, m.peso]))).toEqual({
      sentimento_negativo: 15,
      sentimento_piorando: 5,
      contatos_repetidos: 15,
      reaberturas: 5,
    });
    expect(r.score).toBe(40);
    expect(calcularChurn({ ...calmo, sentimentoRecente: -0.3, sentimentoAnterior: null, ticketsNaJanela: 2 }).score).toBe(8 + 7);
  });

  it('caps at 100', () => {
    const tudo: SinaisChurn = {
      sentimentoRecente: -0.9,
      sentimentoAnterior: 0.5,
      ticketsNaJanela: 5,
      esperasLongas: 3,
      piorCsat: 1,
      intencaoCancelar: true,
      reaberturas: 4,
    };
    expect(calcularChurn(tudo).score).toBe(100);
  });
});

describe('cruzouLimiar', () => {
  it('fires only when moving from below to at/above the threshold', () => {
    expect(cruzouLimiar(null, 70, 70)).toBe(true);
    expect(cruzouLimiar(69, 75, 70)).toBe(true);
    expect(cruzouLimiar(75, 80, 70)).toBe(false);
    expect(cruzouLimiar(80, 50, 70)).toBe(false);
  });
});
