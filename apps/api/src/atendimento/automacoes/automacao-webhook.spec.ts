import { describe, expect, it } from 'vitest';
import { assinaturaDoWebhook } from './automacao-webhook.service.js';

describe('assinaturaDoWebhook', () => {
  it('is sha256=<hex HMAC-SHA256> of the raw body (RFC 4231, test case 2)', () => {
    expect(assinaturaDoWebhook('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('changes with any byte of the body or the secret', () => {
    const base = assinaturaDoWebhook('segredo-de-teste-123', '{"a":1}');
    expect(assinaturaDoWebhook('segredo-de-teste-123', '{"a":2}')).not.toBe(base);
    expect(assinaturaDoWebhook('segredo-de-teste-124', '{"a":1}')).not.toBe(base);
  });
});
