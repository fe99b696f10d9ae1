import { describe, expect, it } from 'vitest';
import { ClassificadorDeIntencao, INTENCOES_PADRAO, intencaoLocal } from './intencao-local.js';

describe('intenção local', () => {
  it('classifies from the default examples', () => {
    expect(intencaoLocal('quero cancelar meu plano', INTENCOES_PADRAO).intencao).toBe('cancelar');
    expect(intencaoLocal('me manda a segunda via do boleto', INTENCOES_PADRAO).intencao).toBe('financeiro');
    expect(intencaoLocal('quero falar com um atendente humano', INTENCOES_PADRAO).intencao).toBe('falar_com_humano');
    expect(intencaoLocal('esqueci a senha do app', INTENCOES_PADRAO).intencao).toBe('suporte');
  });

  it('gives no intent when nothing matches, and reads a clear complaint as reclamar', () => {
    expect(intencaoLocal('oi', INTENCOES_PADRAO).intencao).toBeNull();
    expect(intencaoLocal('que vergonha, horrível esse descaso', INTENCOES_PADRAO).intencao).toBe('reclamar');
  });

  it('learns a custom intent list from its examples', () => {
    const classificador = new ClassificadorDeIntencao([
      { nome: 'agendar', exemplos: ['quero marcar uma consulta', 'tem horário amanhã', 'agendar exame'] },
      { nome: 'resultado', exemplos: ['meu exame ficou pronto', 'ver resultado do exame', 'laudo'] },
    ]);
    expect(classificador.classificar('queria marcar consulta pra sexta').intencao).toBe('agendar');
    expect(classificador.classificar('o laudo já saiu?').intencao).toBe('resultado');
    // Without a complaint intent in the list, a negative message gets none.
    expect(intencaoLocal('péssimo', [{ nome: 'agendar', exemplos: ['marcar consulta'] }]).intencao).toBeNull();
  });
});
