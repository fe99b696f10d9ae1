import { describe, expect, it } from 'vitest';
import { assinaturaBinaria } from './quantizacao.js';

describe('assinaturaBinaria', () => {
  it('sets bit i when component i is positive, in order', () => {
    expect(assinaturaBinaria([0.5, -0.25, 0.1, -0.9, 0.3])).toBe('10101');
    expect(assinaturaBinaria([-1, -1, 1])).toBe('001');
  });

  it('treats zero, negative zero and values that round to zero as real like PostgreSQL does (not positive)', () => {
    expect(assinaturaBinaria([0, -0, 1e-50, -1e-50, 1e-40])).toBe('00001');
  });

  it('has one bit per dimension, and is empty for an empty vector', () => {
    const vetor = Array.from({ length: 384 }, (_, i) => Math.sin(i + 1));
    const bits = assinaturaBinaria(vetor);
    expect(bits).toMatch(/^[01]{384}$/);
    expect([...bits].filter((b) => b === '1')).toHaveLength(vetor.filter((x) => x > 0).length);
    expect(assinaturaBinaria([])).toBe('');
  });

  it('is invariant to positive scaling (normalisation does not change it) and flips with the sign', () => {
    const vetor = [0.3, -0.7, 0.2, 0.05, -0.01];
    expect(assinaturaBinaria(vetor.map((x) => x * 42))).toBe(assinaturaBinaria(vetor));
    expect(assinaturaBinaria(vetor.map((x) => -x))).toBe('01001');
  });
});
