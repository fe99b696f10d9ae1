import { describe, expect, it } from 'vitest';
import { identidadeDoCanal, normalizarEmail } from './identidade-canal.js';

describe('identidadeDoCanal', () => {
  it('stores a Brazilian wa_id with the 9th digit, keeps the exact wa_id, and looks up both forms', () => {
    expect(identidadeDoCanal('whatsapp', '551188887777')).toEqual({
      tipo: 'whatsapp',
      valor: '5511988887777',
      valores: ['5511988887777', '551188887777'],
      telefone: { e164: '+5511988887777', variantes: ['+5511988887777', '+551188887777'] },
      email: null,
      dados: { waId: '551188887777' },
    });
    expect(identidadeDoCanal('whatsapp', '5511988887777')).toMatchObject({ valor: '5511988887777', dados: {} });
  });

  it('keeps foreign wa_ids as they are', () => {
    expect(identidadeDoCanal('whatsapp', '16505551234')).toMatchObject({ tipo: 'whatsapp', valor: '16505551234', dados: {} });
  });

  it('treats a non-numeric WhatsApp id as the business-scoped user id', () => {
    expect(identidadeDoCanal('whatsapp', 'US.13491208655302741918')).toMatchObject({
      tipo: 'whatsapp_bsuid',
      valor: 'US.13491208655302741918',
    });
  });

  it('maps sms to a telefone identity in E.164, and lower-cases e-mails', () => {
    expect(identidadeDoCanal('sms', '+551188887777')).toMatchObject({ tipo: 'telefone', valor: '+5511988887777' });
    expect(identidadeDoCanal('email', ' Maria@Exemplo.COM ')).toMatchObject({ tipo: 'email', valor: 'maria@exemplo.com' });
  });

  it('keeps other ids verbatim and refuses empty or unknown ones', () => {
    expect(identidadeDoCanal('telegram', '5000000001234')).toMatchObject({ tipo: 'telegram', valor: '5000000001234' });
    expect(identidadeDoCanal('telegram', '  ')).toBeNull();
    expect(identidadeDoCanal('email', 'sem-arroba')).toBeNull();
    expect(identidadeDoCanal('username', 'joao')).toBeNull();
  });

  it('normalizes e-mails', () => {
    expect(normalizarEmail('A@B.co')).toBe('a@b.co');
    expect(normalizarEmail('x')).toBeNull();
    expect(normalizarEmail(undefined)).toBeNull();
  });
});
