import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { StorageService } from '../../storage/storage.service.js';
import { IaConfigService } from '../ia-config.service.js';
import { IaExecutor, temTranscricao } from '../ia-executor.service.js';
import { type AudioDaMensagem, TranscricaoRepository } from './transcricao.repository.js';

interface JobTranscrever {
  empresaId: string;
  mensagemId: string;
}

async function bytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const partes: Buffer[] = [];
  for await (const parte of stream) partes.push(typeof parte === 'string' ? Buffer.from(parte) : parte);
  return Buffer.concat(partes);
}

/**
 * Voice notes → text, as the `ia.transcrever` job once the audio is stored (inbound media arrive after the
 * mensagem: `mensagem.atualizada` with `anexos`). The transcript goes to `atendimento_mensagens.transcricao`,
 * which the generated `busca` column indexes and every other AI feature reads (coalesce(conteudo, transcricao)).
 * Without a speech model (local provider, Anthropic, the feature off) the status is `indisponivel` and no text
 * is ever made up; a provider that keeps failing leaves `falhou`.
 */
@Injectable()
export class TranscricaoService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TranscricaoService.name);
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly storage: StorageService,
    private readonly transcricoes: TranscricaoRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<JobTranscrever>('iaTranscrever', (job) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.transcrever(job.mensagemId)),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    const comAudio =
      evento.tipo === 'mensagem.criada' || (evento.tipo === 'mensagem.atualizada' && evento.mudancas.includes('anexos'));
    if (!comAudio) return;
    await RequestContext.runForEmpresa(evento.empresaId, () =>
      this.tx.run(async () => {
        const audio = await this.transcricoes.audio(evento.mensagemId, true);
        // Not audio, media not downloaded yet (a later `anexos` update comes), or already queued/handled: the row
        // lock makes `pendente` and the job appear together exactly once.
        if (!audio?.anexoId || audio.transcricaoStatus !== null) return;
        await this.transcricoes.gravar(audio.id, 'pendente', null);
        await this.jobs.enviar('iaTranscrever', { empresaId: evento.empresaId, mensagemId: audio.id } satisfies JobTranscrever, {
          singletonKey: audio.id,
        });
      }),
    );
  }

  async transcrever(mensagemId: string): Promise<void> {
    const audio = await this.tx.run(() => this.transcricoes.audio(mensagemId));
    if (!audio?.anexoId || audio.transcricaoStatus === 'concluida') return;
    const cfg = await this.configs.efetiva();
    if (!temTranscricao(cfg)) {
      await this.concluir(audio, 'indisponivel', null);
      return;
    }
    const { anexo, stream } = await this.storage.abrir(audio.anexoId);
    const dados = await bytes(stream);
    // The network call happens outside any transaction; IaExecutor logs, retries and enforces the budget.
    const texto = await this.executor.transcrever(
      { dados, nomeArquivo: anexo.nomeArquivo ?? `audio-${audio.id}.ogg`, mimeTipo: anexo.mimeTipo },
      { ticketId: audio.ticketId, mensagemId: audio.id },
      cfg,
    );
    if (texto === null) {
      this.logger.warn({ mensagemId }, 'transcrição falhou');
      await this.concluir(audio, 'falhou', null);
      return;
    }
    await this.concluir(audio, 'concluida', texto === '' ? null : texto);
  }

  private async concluir(audio: AudioDaMensagem, status: 'concluida' | 'indisponivel' | 'falhou', texto: string | null): Promise<void> {
    const empresaId = RequestContext.empresaId ?? '';
    await this.tx.run(async () => {
      await this.transcricoes.gravar(audio.id, status, texto);
      // Sentiment and intent skipped the voice note (no text then): now they can read it.
      if (texto && !audio.conteudo)
        await this.jobs.enviar('iaAnalisarMensagem', { empresaId, mensagemId: audio.id }, { singletonKey: `${audio.id}:transcricao` });
      this.eventos.publicar({
        tipo: 'mensagem.atualizada',
        empresaId,
        ticketId: audio.ticketId,
        filaId: audio.filaId,
        atendenteId: audio.atendenteId,
        mensagemId: audio.id,
        mudancas: ['transcricao'],
      });
    });
  }
}
