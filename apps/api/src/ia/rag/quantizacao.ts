/** Binary quantization of embeddings for the vector ranking's prefilter. Pure: no I/O. */

/**
 * The sign bits of a vector as a bit-string literal for `$n::varbit`: bit i is 1 when component i is positive.
 * The Hamming distance of two signatures estimates the angle between the vectors (distance / dimension ≈ angle
 * / π for vectors spread around the origin), so it can pick a small pool of likely neighbours that the exact
 * cosine then ranks. The components are compared as the `real` they are stored as (Math.fround), so this
 * agrees bit for bit with the migration's SQL backfill (`embedding[i] > 0` on real[]).
 */
export function assinaturaBinaria(vetor: readonly number[]): string {
  let bits = '';
  for (const x of vetor) bits += Math.fround(x) > 0 ? '1' : '0';
  return bits;
}
