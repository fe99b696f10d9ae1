import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { usuarioRestrito } from '../atendimento/tickets/ticket-visibilidade.js';
import { type Ator, RequestContext } from '../common/request-context.js';
import { TenantContextMissingError } from '../database/tenant.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { Anexo, AnexoMetadados } from './anexo.entity.js';
import { AnexoRepository } from './anexo.repository.js';
import { ArquivoAusenteError, STORAGE_BACKEND, type StorageBackend } from './storage-backend.js';
import { StorageException } from './storage.exception.js';

export interface SalvarAnexoInput {
  dados: Buffer;
  nome?: string | null;
  mimeType: string;
  /** Provider media handle (WhatsApp media id, Telegram file_id). */
  externalId?: string | null;
  metadados?: AnexoMetadados;
  /** Links it at once (the inbound media job); otherwise it waits for `vincularAMensagem`. */
  mensagemId?: string | null;
}

/** Types a browser may show inline without risk; everything else downloads (no HTML/SVG rendered from our origin). */
const INLINE = /^(image\/(png|jpeg|gif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf)(;|$)/i;

function mimeNormalizado(mime: string): string {
  const valor = mime.trim().toLowerCase();
  return /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(valor) ? valor : 'application/octet-stream';
}

/** Only the base name, without control characters, quotes or path separators, at most 200 characters. */
function nomeSeguro(nome: string | null | undefined): string | null {
  if (!nome) return null;
  const base = nome.split(/[\\/]/).pop() ?? '';
  const limpo = [...base]
    .filter((caractere) => caractere.charCodeAt(0) >= 0x20 && caractere.charCodeAt(0) !== 0x7f && caractere !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return limpo === '' ? null : limpo;
}

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(tipo: 'inline' | 'attachment', nome: string | null): string {
  if (!nome) return tipo;
  const ascii = nome.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  return `${tipo}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nome)}`;
}

/**
 * Attachments: bytes in the storage backend (local disk by default), metadata in `atendimento_anexos` for the
 * empresa of the current context. A row whose transaction rolls back leaves its bytes behind unless the
 * caller `descartar`s them.
 */
@Injectable()
export class StorageService {
  private readonly logger = new Logger(StorageService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly anexos: AnexoRepository,
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
  ) {}

  async salvar(input: SalvarAnexoInput): Promise<Anexo> {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    const agora = new Date();
    const mes = String(agora.getUTCMonth() + 1).padStart(2, '0');
    const chave = `${empresaId}/${agora.getUTCFullYear()}/${mes}/${randomUUID()}`;
    await this.backend.gravar(chave, input.dados);
    try {
      return await this.tx.run(() =>
        this.anexos.create({
          storageChave: chave,
          nomeArquivo: nomeSeguro(input.nome),
          mimeTipo: mimeNormalizado(input.mimeType),
          tamanhoBytes: String(input.dados.length),
          sha256: createHash('sha256').update(input.dados).digest('hex'),
          externalId: input.externalId ?? null,
          metadados: input.metadados ?? {},
          mensagemId: input.mensagemId ?? null,
        }),
      );
    } catch (error) {
      await this.backend.remover(chave);
      throw error;
    }
  }

  /** The anexo and its bytes (tenant-scoped; for jobs such as the outbound sender). */
  async abrir(anexoId: string): Promise<{ anexo: Anexo; stream: NodeJS.ReadableStream }> {
    const anexo = await this.tx.run(() => this.anexos.findById(anexoId));
    if (!anexo) throw StorageException.anexoNaoEncontrado();
    return { anexo, stream: await this.abrirBytes(anexo) };
  }

  /** GET /api/atendimento/anexos/:id: the file with its type and name, for a user who may see it. */
  async baixar(anexoId: string, ator: Ator): Promise<StreamableFile> {
    const anexo = await this.tx.run(() => this.anexos.findVisivel(anexoId, usuarioRestrito(ator)));
    if (!anexo) throw StorageException.anexoNaoEncontrado();
    const stream = await this.abrirBytes(anexo);
    const readable = stream instanceof Readable ? stream : Readable.from(stream);
    return new StreamableFile(readable, {
      type: anexo.mimeTipo,
      length: Number(anexo.tamanhoBytes),
      disposition: contentDisposition(INLINE.test(anexo.mimeTipo) ? 'inline' : 'attachment', anexo.nomeArquivo),
    });
  }

  /** Links uploaded anexos to a mensagem (in the caller's transaction); 422 if any is missing or taken. */
  async vincularAMensagem(anexoIds: string[], mensagemId: string): Promise<void> {
    const unicos = [...new Set(anexoIds)];
    const vinculados = await this.tx.run(() => this.anexos.vincularAMensagem(unicos, mensagemId));
    if (vinculados.length !== unicos.length)
      throw StorageException.anexosIndisponiveis(unicos.filter((id) => !vinculados.includes(id)));
  }

  async listarDasMensagens(mensagemIds: string[]): Promise<Anexo[]> {
    return this.tx.run(() => this.anexos.listarDasMensagens(mensagemIds));
  }

  /** Removes the bytes of an anexo whose row was rolled back (best effort: logs and goes on). */
  async descartar(anexo: Anexo): Promise<void> {
    try {
      await this.backend.remover(anexo.storageChave);
    } catch (error) {
      this.logger.warn({ err: error, anexoId: anexo.id }, 'não foi possível remover o arquivo de um anexo descartado');
    }
  }

  private async abrirBytes(anexo: Anexo): Promise<NodeJS.ReadableStream> {
    try {
      return await this.backend.abrir(anexo.storageChave);
    } catch (error) {
      if (error instanceof ArquivoAusenteError) throw StorageException.arquivoIndisponivel();
      throw error;
    }
  }
}
