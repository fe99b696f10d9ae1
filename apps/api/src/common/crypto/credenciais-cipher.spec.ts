import { describe, expect, it } from 'vitest';
import { Secrets } from '../../config/secrets.js';
import { CredenciaisCipher, mascarar } from './credenciais-cipher.js';

describe('CredenciaisCipher', () => {
  const cipher = new CredenciaisCipher(Secrets.fromString('x'.repeat(40)));

  it('round-trips and never stores the clear text', () => {
    const blob = cipher.encrypt({ accessToken: 'EAAG-secret-token' }, 'canal-1');
    expect(blob).not.toContain('EAAG');
    expect(cipher.decrypt(blob, 'canal-1')).toEqual({ accessToken: 'EAAG-secret-token' });
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('a')).not.toBe(cipher.encrypt('a'));
  });

  it('refuses a tampered blob, the wrong associated data, and another key', () => {
    const blob = cipher.encrypt({ a: 1 }, 'canal-1');
    const parts = blob.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'canal-1')).toThrow();
    expect(() => cipher.decrypt(blob, 'canal-2')).toThrow();
    const other = new CredenciaisCipher(Secrets.fromString('y'.repeat(40)));
    expect(() => other.decrypt(blob, 'canal-1')).toThrow();
  });

  it('masks secrets keeping a short tail', () => {
    expect(mascarar('EAAGabcdef1234')).toBe('••••1234');
    expect(mascarar('abc')).toBe('••••');
  });
});
