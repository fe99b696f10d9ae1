import { describe, expect, it } from 'vitest';
import { VALIDADE_TOKEN_VISITANTE_MS, assinarTokenDeVisitante, verificarTokenDeVisitante } from './webchat-token.js';

const SEGREDO = 'segredo-de-teste-com-mais-de-32-caracteres';
const dados = { canalId: '9d1c1f9e-0000-4000-8000-000000000001', visitanteId: '2b7c1f9e-0000-4000-8000-000000000002', emitidoEm: 1_000 };

describe('visitor token', () => {
  it('round-trips the canal and visitor ids until it expires', () => {
    const token = assinarTokenDeVisitante(SEGREDO, dados);
    expect(verificarTokenDeVisitante(SEGREDO, token, 2_000)).toEqual({
      ...dados,
      expiraEm: dados.emitidoEm + VALIDADE_TOKEN_VISITANTE_MS,
    });
    expect(verificarTokenDeVisitante(SEGREDO, token, dados.emitidoEm + VALIDADE_TOKEN_VISITANTE_MS)).toBeNull();
  });

  it('refuses another secret, a tampered body, a tampered signature and garbage', () => {
    const token = assinarTokenDeVisitante(SEGREDO, dados);
    expect(verificarTokenDeVisitante('outro-segredo-com-mais-de-32-caracteres!!', token, 2_000)).toBeNull();
    const [versao, corpo, assinatura] = token.split('.');
    const outroCorpo = Buffer.from(
      JSON.stringify({ c: dados.canalId, v: 'outro-visitante', iat: 1_000, exp: 9_999_999_999_999 }),
    ).toString('base64url');
    expect(verificarTokenDeVisitante(SEGREDO, `${versao}.${outroCorpo}.${assinatura}`, 2_000)).toBeNull();
    expect(verificarTokenDeVisitante(SEGREDO, `${versao}.${corpo}.${assinatura.slice(0, -2)}xx`, 2_000)).toBeNull();
    expect(verificarTokenDeVisitante(SEGREDO, 'wc1.abc', 2_000)).toBeNull();
    expect(verificarTokenDeVisitante(SEGREDO, '', 2_000)).toBeNull();
  });
});
