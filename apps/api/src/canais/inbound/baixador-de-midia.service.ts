import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { AnexoMetadados } from '../../storage/anexo.entity.js';
import { StorageService } from '../../storage/storage.service.js';
import { ChannelApiError } from '../canal.exception.js';
import { CanalService } from '../canal.service.js';
import type { DownloadedMedia, NormalizedMedia } from '../channel-adapter.js';
import { ChannelAdapterRegistry } from '../channel-adapter.registry.js';
import { MensagemAlvoRepository, type MensagemAlvo } from './mensagem-alvo.repository.js';

export interface BaixarMidiaJob {
  empresaId: string;
  canalId: string;
  mensagemId: string;
  midia: NormalizedMedia;
}

/**
 * Job `baixarMidia`: inbound media are fetched after the mensagem is committed, so a slow or failing provider
 * never holds the conversation back. The file goes to the storage service and its anexo is linked to the
 * mensagem; `payload.midia.status` tells the web app whether it is `pendente`, `baixada` or `falhou`.
 * Transient provider errors retry with the queue's backoff; permanent ones (media expired after 7 days,
 * too large) mark the media as failed without retrying.
 */
@Injectable()
export class BaixadorDeMidia implements OnApplicationBootstrap {
  private readonly logger = new Logger(BaixadorDeMidia.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobQueue,
    private readonly registry: ChannelAdapterRegistry,
    private readonly canais: CanalService,
    private readonly alvos: MensagemAlvoRepository,
    private readonly storage: StorageService,
    private readonly dominio: EventosDominio,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.trabalhar<BaixarMidiaJob>('baixarMidia', (data, job) => this.executar(data, job.ultimaTentativa), {
      concorrencia: 2,
    });
  }

  async executar(job: BaixarMidiaJob, ultimaTentativa: boolean): Promise<void> {
    await RequestContext.runForEmpresa(job.empresaId, async () => {
      const canal = await this.tx.run(async () => {
        if (await this.jaBaixada(job.mensagemId)) return null;
        return this.canais.buscarPorId(job.canalId);
      });
      if (canal === null) return;
      const adapter = this.registry.get(canal.tipo, canal.provedor);
      let baixada: DownloadedMedia;
      try {
        baixada =
          job.midia.inlineBase64 !== undefined
            ? midiaEmbutida(job.midia, job.midia.inlineBase64)
            : await adapter.downloadMedia(this.canais.credenciais(canal), job.midia.ref);
      } catch (error) {
        const definitivo = ultimaTentativa || (error instanceof ChannelApiError && !error.transient);
        if (!definitivo) throw error;
        const codigo = error instanceof ChannelApiError ? error.providerCode : 'erro_interno';
        const mensagem =
          error instanceof ChannelApiError ? error.providerMessage : error instanceof Error ? error.message : String(error);
        this.logger.warn({ mensagemId: job.mensagemId, codigo, mensagem }, 'mídia recebida não pôde ser baixada');
        await this.tx.run(async () => {
          const alvo = await this.alvos.findPorIdComTicket(job.mensagemId);
          if (alvo === null) return;
          await this.alvos.atualizarMidia(alvo.id, { status: 'falhou', erro: { codigo, mensagem } });
          this.publicar(job.empresaId, alvo);
        });
        return;
      }
      await this.tx.run(async () => {
        const alvo = await this.alvos.findPorIdComTicket(job.mensagemId);
        if (alvo === null || (await this.jaBaixada(alvo.id))) return;
        const anexo = await this.storage.salvar({
          dados: baixada.data,
          nome: job.midia.filename ?? baixada.filename ?? null,
          mimeType: baixada.mimeType !== '' ? baixada.mimeType : (job.midia.mimeType ?? 'application/octet-stream'),
          externalId: job.midia.ref,
          metadados: metadadosDa(job.midia),
          mensagemId: alvo.id,
        });
        await this.alvos.atualizarMidia(alvo.id, {
          status: 'baixada',
          anexoId: anexo.id,
          tamanhoBytes: baixada.sizeBytes,
          sha256: baixada.sha256,
        });
        this.publicar(job.empresaId, alvo);
      });
    });
  }

  private async jaBaixada(mensagemId: string): Promise<boolean> {
    return (await this.storage.listarDasMensagens([mensagemId])).length > 0;
  }

  private publicar(empresaId: string, alvo: MensagemAlvo): void {
    this.dominio.publicar({
      tipo: 'mensagem.atualizada',
      empresaId,
      ticketId: alvo.ticketId,
      filaId: alvo.filaId,
      atendenteId: alvo.atendenteId,
      mensagemId: alvo.id,
      mudancas: ['anexos', 'payload'],
    });
  }
}

/** Media whose bytes came in the payload (e-mail attachments). */
function midiaEmbutida(midia: NormalizedMedia, base64: string): DownloadedMedia {
  const data = Buffer.from(base64, 'base64');
  return {
    data,
    mimeType: midia.mimeType ?? 'application/octet-stream',
    ...(midia.filename !== undefined ? { filename: midia.filename } : {}),
    sizeBytes: data.byteLength,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

function metadadosDa(midia: NormalizedMedia): AnexoMetadados {
  return {
    ...(midia.voice !== undefined ? { voz: midia.voice } : {}),
    ...(midia.durationSeconds !== undefined ? { duracaoSegundos: midia.durationSeconds } : {}),
    ...(midia.animated !== undefined ? { animado: midia.animated } : {}),
  };
}
