import { describe, expect, it } from 'vitest';
import { normalizarTelefone } from './telefone.js';

describe('normalizarTelefone', () => {
  it.each([
    ['+55 11 98888-7777', '+5511988887777'],
    ['(11) 98888-7777', '+5511988887777'],
    ['11988887777', '+5511988887777'],
    ['011 98888-7777', '+5511988887777'],
    ['5511988887777', '+5511988887777'],
    ['0055 11 98888 7777', '+5511988887777'],
    // Legacy 8-digit mobile: the 9th digit is added.
    ['+55 11 8888-7777', '+5511988887777'],
    ['551188887777', '+5511988887777'],
    ['(21) 7777-6666', '+5521977776666'],
    // Landlines stay as they are.
    ['+55 11 3333-4444', '+551133334444'],
    ['(61) 2222-3333', '+556122223333'],
    ['+1 650 555 1234', '+16505551234'],
  ])('%s → %s', (entrada, e164) => {
    expect(normalizarTelefone(entrada)?.e164).toBe(e164);
  });

  it('reads channel ids as international digits', () => {
    expect(normalizarTelefone('16505551234', { internacional: true })?.e164).toBe('+16505551234');
    expect(normalizarTelefone('551188887777', { internacional: true })?.e164).toBe('+5511988887777');
  });

  it('lists both forms of a Brazilian mobile, and only one of a landline', () => {
    expect(normalizarTelefone('+5511988887777')?.variantes).toEqual(['+5511988887777', '+551188887777']);
    expect(normalizarTelefone('+551188887777')?.variantes).toEqual(['+5511988887777', '+551188887777']);
    expect(normalizarTelefone('+551133334444')?.variantes).toEqual(['+551133334444']);
    // 9 followed by a landline-looking number: dropping the 9 would name a landline.
    expect(normalizarTelefone('+5511933334444')?.variantes).toEqual(['+5511933334444']);
  });

  it.each(['abc', '123', '88887777', '+55 10 98888-7777', '+55 11 1234-5678', '+55 11 98888-77'])('refuses %s', (entrada) => {
    expect(normalizarTelefone(entrada)).toBeNull();
  });
});
