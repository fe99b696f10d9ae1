import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredenciaisCipher } from '../common/crypto/credenciais-cipher.js';
import { AppConfig, parseConfig } from './app-config.js';
import { Secrets } from './secrets.js';

describe('Secrets: the master key', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-secrets-'));
    dirs.push(dir);
    return join(dir, 'dados');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('embedded mode without ATENDE_SECRET_KEY: generates a key file (0600) in the data dir once, and reuses it', () => {
    const dir = dataDir();
    const config = new AppConfig(parseConfig({ ATENDE_DATA_DIR: dir }));
    const primeira = Secrets.load(config);
    expect(primeira.source).toBe('arquivo');
    expect(primeira.keyFile).toBe(join(dir, 'secret.key'));
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim().length).toBeGreaterThanOrEqual(64);

    // A restart reads the same key: credentials encrypted before it stay readable.
    const blob = new CredenciaisCipher(primeira).encrypt({ accessToken: 'EAAG-segredo' }, 'canal-1');
    const segunda = Secrets.load(config);
    expect(new CredenciaisCipher(segunda).decrypt(blob, 'canal-1')).toEqual({ accessToken: 'EAAG-segredo' });
    // Another data dir is another key.
    const outra = Secrets.load(new AppConfig(parseConfig({ ATENDE_DATA_DIR: dataDir() })));
    expect(() => new CredenciaisCipher(outra).decrypt(blob, 'canal-1')).toThrow();
  });

  it('ATENDE_SECRET_KEY wins and no key file is written', () => {
    const dir = dataDir();
    const secrets = Secrets.load(new AppConfig(parseConfig({ ATENDE_DATA_DIR: dir, ATENDE_SECRET_KEY: 'k'.repeat(40) })));
    expect(secrets.source).toBe('env');
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
    expect(secrets.derive('jwt').equals(Secrets.fromString('k'.repeat(40)).derive('jwt'))).toBe(true);
    expect(secrets.derive('jwt').equals(secrets.derive('credenciais'))).toBe(false);
  });
});
