import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from './app-config.js';

/**
 * One master secret, from ATENDE_SECRET_KEY or a key file generated once in the data dir, from which each use
 * derives its own key (HKDF), so rotating or leaking one derived key does not expose the others.
 */
export class Secrets {
  readonly source: 'env' | 'arquivo';

  private constructor(private readonly master: Buffer, source: 'env' | 'arquivo', readonly keyFile?: string) {
    this.source = source;
  }

  static load(config: AppConfig): Secrets {
    const fromEnv = config.values.ATENDE_SECRET_KEY;
    if (fromEnv) return new Secrets(Buffer.from(fromEnv, 'utf8'), 'env');
    const dir = resolve(config.values.ATENDE_DATA_DIR);
    const keyFile = join(dir, 'secret.key');
    if (!existsSync(keyFile)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(keyFile, randomBytes(48).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(keyFile, 0o600);
    }
    return new Secrets(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8'), 'arquivo', keyFile);
  }

  static fromString(secret: string): Secrets {
    return new Secrets(Buffer.from(secret, 'utf8'), 'env');
  }

  derive(purpose: 'jwt' | 'credenciais' | 'webchat' | 'email-token' | 'anexo-publico'): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `atende:${purpose}`, 32));
  }
}
