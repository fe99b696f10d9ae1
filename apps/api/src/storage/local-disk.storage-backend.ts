import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { ArquivoAusenteError, type StorageBackend } from './storage-backend.js';

const CHAVE_VALIDA = /^[0-9a-f-]{36}\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/** Files under `<ATENDE_DATA_DIR>/anexos/<chave>`, written to a temp name then renamed (never half-written). */
export class LocalDiskStorageBackend implements StorageBackend {
  private readonly raiz: string;

  constructor(dataDir: string) {
    this.raiz = resolve(dataDir, 'anexos');
  }

  async gravar(chave: string, dados: Buffer): Promise<void> {
    const caminho = this.caminho(chave);
    await mkdir(dirname(caminho), { recursive: true });
    const temporario = `${caminho}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporario, dados, { flag: 'wx' });
      await rename(temporario, caminho);
    } catch (error) {
      await rm(temporario, { force: true });
      throw error;
    }
  }

  async abrir(chave: string): Promise<NodeJS.ReadableStream> {
    const caminho = this.caminho(chave);
    if (!(await this.existe(chave))) throw new ArquivoAusenteError(chave);
    return createReadStream(caminho);
  }

  async remover(chave: string): Promise<void> {
    await rm(this.caminho(chave), { force: true });
  }

  async existe(chave: string): Promise<boolean> {
    try {
      await access(this.caminho(chave));
      return true;
    } catch {
      return false;
    }
  }

  private caminho(chave: string): string {
    if (!CHAVE_VALIDA.test(chave)) throw new Error(`chave de armazenamento inválida: ${chave}`);
    const caminho = resolve(this.raiz, chave);
    if (!caminho.startsWith(this.raiz + sep)) throw new Error(`chave de armazenamento fora da raiz: ${chave}`);
    return caminho;
  }
}
