import { describe, expect, it } from 'vitest';
import { incluir, marcarLidasAte, mesclarHistorico, type MensagemDoWidget, novoId } from './conversa.js';
import { lerSessao } from './armazenamento.js';
import { escolherIdioma, textos } from './i18n.js';

const msg = (id: string, em: string, extra: Partial<MensagemDoWidget> = {}): MensagemDoWidget => ({
  id,
  autor: 'visitante',
  tipo: 'texto',
  texto: id,
  anexo: null,
  status: 'recebida',
  em,
  ...extra,
});

describe('conversation state', () => {
  it('merges the server history with messages still being sent, by time, server rows winning', () => {
    const locais = [msg('a', '2026-01-01T10:00:00Z', { status: 'enviando' }), msg('b', '2026-01-01T10:02:00Z', { status: 'falhou' })];
    const servidor = [msg('a', '2026-01-01T10:00:01Z'), msg('r', '2026-01-01T10:01:00Z', { autor: 'atendente', status: 'enviada' })];
    expect(mesclarHistorico(locais, servidor).map((m) => [m.id, m.status])).toEqual([
      ['a', 'recebida'],
      ['r', 'enviada'],
      ['b', 'falhou'],
    ]);
  });

  it('a socket event for a known message replaces it instead of adding a copy', () => {
    const lista = [msg('r', '2026-01-01T10:00:00Z', { autor: 'atendente', status: 'enviada' })];
    expect(incluir(lista, { ...lista[0], status: 'lida' })).toEqual([{ ...lista[0], status: 'lida' }]);
    expect(incluir(lista, msg('s', '2026-01-01T10:01:00Z'))).toHaveLength(2);
  });

  it('a read receipt marks the visitor messages up to it as read, not later ones nor agent ones', () => {
    const lista = [
      msg('a', '2026-01-01T10:00:00Z'),
      msg('r', '2026-01-01T10:00:30Z', { autor: 'atendente', status: 'enviada' }),
      msg('b', '2026-01-01T10:01:00Z'),
      msg('c', '2026-01-01T10:02:00Z'),
    ];
    expect(marcarLidasAte(lista, 'b').map((m) => m.status)).toEqual(['lida', 'enviada', 'lida', 'recebida']);
    expect(marcarLidasAte(lista, 'desconhecida')).toEqual(lista);
  });

  it('client ids satisfy the API pattern', () => {
    expect(novoId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe('language and stored session', () => {
  it('data-lang wins, then the canal, then the browser; pt-BR by default', () => {
    expect(escolherIdioma('en', 'pt-BR', 'pt-BR')).toBe('en');
    expect(escolherIdioma(null, 'en', 'pt-BR')).toBe('en');
    expect(escolherIdioma(null, null, 'en-US')).toBe('en');
    expect(escolherIdioma(null, null, 'fr-FR')).toBe('pt-BR');
    expect(escolherIdioma('es', null, 'en-US')).toBe('pt-BR');
    expect(textos('en').enviar).toBe('Send');
    expect(textos('pt-BR').enviar).toBe('Enviar');
  });

  it('reads a stored session only while it is valid', () => {
    const dados = new Map<string, string>();
    const armazenamento = {
      getItem: (k: string) => dados.get(k) ?? null,
      setItem: (k: string, v: string) => void dados.set(k, v),
      removeItem: (k: string) => void dados.delete(k),
    } as unknown as Storage;
    const sessao = { token: 'wc1.a.b', visitanteId: 'v', expiraEm: '2026-06-01T00:00:00Z' };
    dados.set('atende-webchat:wc_x', JSON.stringify(sessao));
    expect(lerSessao(armazenamento, 'wc_x', Date.parse('2026-01-01T00:00:00Z'))).toEqual(sessao);
    expect(lerSessao(armazenamento, 'wc_x', Date.parse('2026-07-01T00:00:00Z'))).toBeNull();
    dados.set('atende-webchat:wc_x', '{quebrado');
    expect(lerSessao(armazenamento, 'wc_x')).toBeNull();
  });
});
