import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { Secrets } from '../config/secrets.js';
import type { Anexo } from './anexo.entity.js';
import { StorageService } from './storage.service.js';
import { StorageException } from './storage.exception.js';

/** Long enough for a provider's fetch and its retries, short enough that a leaked link soon stops working. */
const VALIDADE_MS = 24 * 60 * 60 * 1000;

interface Conteudo {
  /** anexo id */
  a: string;
  /** empresa id */
  e: string;
  /** expires at, seconds since the epoch */
  x: number;
}

/**
 * Signed, expiring links to one anexo, for providers that only take media by URL (Twilio, Instagram): they fetch
 * the file from `ATENDE_PUBLIC_URL/api/atendimento/anexos/publico/<token>/<nome>` without our login. The token
 * is the anexo, its empresa and an expiry, HMAC-signed with a key of its own (HKDF `anexo-publico`), so it can
 * be neither forged nor pointed at another anexo, and it is useless after `VALIDADE_MS`.
 */
@Injectable()
export class LinkPublicoDeAnexoService {
  private readonly chave: Buffer;

  constructor(
    private readonly config: AppConfig,
    private readonly storage: StorageService,
    secrets: Secrets,
  ) {
    this.chave = secrets.derive('anexo-publico');
  }

  /** The link, or null when there is no public URL for a provider to reach. */
  gerar(anexo: Anexo, agora = Date.now()): string | null {
    const base = this.config.values.ATENDE_PUBLIC_URL?.replace(/\/+$/, '');
    if (base === undefined) return null;
    const conteudo: Conteudo = { a: anexo.id, e: anexo.empresaId, x: Math.floor((agora + VALIDADE_MS) / 1000) };
    const corpo = Buffer.from(JSON.stringify(conteudo)).toString('base64url');
    // The name at the end lets providers that look at the URL (Twilio) see the extension.
    const nome = encodeURIComponent(anexo.nomeArquivo ?? `anexo-${anexo.id}`);
    return `${base}/api/atendimento/anexos/publico/${corpo}.${this.assinar(corpo)}/${nome}`;
  }

  /** The file a valid, unexpired token names; a forged, altered or expired one is a 404 like a missing anexo. */
  async baixar(token: string): Promise<StreamableFile> {
    const conteudo = this.verificar(token);
    if (conteudo === null) throw StorageException.anexoNaoEncontrado();
    return RequestContext.runForEmpresa(conteudo.e, async () => {
      const { anexo, stream } = await this.storage.abrir(conteudo.a);
      return new StreamableFile(stream instanceof Readable ? stream : Readable.from(stream), {
        type: anexo.mimeTipo,
        length: Number(anexo.tamanhoBytes),
      });
    });
  }

  private verificar(token: string, agora = Date.now()): Conteudo | null {
    const [corpo, assinatura, ...resto] = token.split('.');
    if (!corpo || !assinatura || resto.length > 0) return null;
    const esperada = Buffer.from(this.assinar(corpo));
    const recebida = Buffer.from(assinatura);
    if (esperada.length !== recebida.length || !timingSafeEqual(esperada, recebida)) return null;
    let conteudo: Partial<Conteudo>;
    try {
      conteudo = JSON.parse(Buffer.from(corpo, 'base64url').toString('utf8')) as Partial<Conteudo>;
    } catch {
      return null;
    }
    if (typeof conteudo.a !== 'string' || typeof conteudo.e !== 'string' || typeof conteudo.x !== 'number') return null;
    if (conteudo.x * 1000 <= agora) return null;
    return { a: conteudo.a, e: conteudo.e, x: conteudo.x };
  }

  private assinar(corpo: string): string {
    return createHmac('sha256', this.chave).update(corpo).digest('base64url');
  }
}
