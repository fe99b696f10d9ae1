import { hash, verify } from '@node-rs/argon2';

// Argon2id with the library defaults (19 MiB, t=2), as OWASP recommends.
export function hashSenha(senha: string): Promise<string> {
  return hash(senha);
}

let dummyHash: Promise<string> | undefined;

/** Verifies; with no stored hash it still spends the same time, so response timing does not reveal e-mails. */
export async function confereSenha(senhaHash: string | undefined, senha: string): Promise<boolean> {
  if (!senhaHash) {
    dummyHash ??= hash('atende-senha-inexistente');
    await verify(await dummyHash, senha).catch(() => false);
    return false;
  }
  return verify(senhaHash, senha).catch(() => false);
}
