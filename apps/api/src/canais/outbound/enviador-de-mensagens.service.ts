import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MensagemService } from '../../atendimento/mensagens/mensagem.service.js';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { Anexo } from '../../storage/anexo.entity.js';
import { LinkPublicoDeAnexoService } from '../../storage/link-publico-de-anexo.service.js';
import { StorageService } from '../../storage/storage.service.js';
import type { Canal } from '../canal.entity.js';
import { ChannelApiError, ChannelSendError } from '../canal.exception.js';
import { CanalService } from '../canal.service.js';
import type { AnyChannelAdapter, OutboundMessage, SendResult } from '../channel-adapter.js';
import { ChannelAdapterRegistry } from '../channel-adapter.registry.js';
import { conteudoDeSaida, resumoDoConteudo, type ArquivoDeSaida } from './conteudo-de-saida.js';
import { EnvioRepository } from './envio.repository.js';
import { LimitadorDeTaxa } from './limitador-de-taxa.js';
import { MensagemEnvioRepository, type MensagemParaEnvio } from './mensagem-envio.repository.js';

export interface EnviarMensagemJob {
  empresaId: string;
  mensagemId: string;
  /** Times the job was re-enqueued to honour a provider's Retry-After (each counts as an attempt). */
  adiamentos?: number;
}

export interface MarcarLidaNoCanalJob {
  empresaId: string;
  /** The inbound mensagem the agent read. */
  mensagemId: string;
  /** Also show "typing…" where the channel has it. */
  digitando?: boolean;
}

/** How long a provider-asked wait may be before the job re-enqueues itself instead of using the queue's backoff. */
const ADIAMENTO_MINIMO_MS = 2_000;
const ADIAMENTOS_MAXIMOS = 5;

/** Identity kinds that reach a contato on each canal kind; WhatsApp customers may be known only by BSUID. */
const IDENTIDADES_POR_TIPO: Readonly<Record<string, readonly string[]>> = {
  whatsapp: ['whatsapp', 'whatsapp_bsuid'],
  sms: ['telefone'],
};

type Resultado =
  { tipo: 'enviada'; envio: SendResult } | { tipo: 'falhou'; codigo: string; mensagem: string; erro?: ChannelApiError };

/**
 * The outbound worker, the same for every channel (job `enviarMensagem`): load the pendente mensagem, its
 * canal and the contato's address → build the adapter's content → wait for the canal's token bucket →
 * `adapter.send` → store the provider id and `enviada`, with a row in the envios log. The provider call
 * happens outside any transaction (no database session is held during network I/O).
 *
 * Failures: transient ones (5xx, 130429, network) throw so the queue retries with backoff, or, when the
 * provider names a longer wait (Retry-After), the job re-enqueues itself to start after it; permanent ones
 * and the last attempt mark the mensagem `falhou` with the provider's code and text. Delivery to the provider
 * is at least once: a crash between the provider's 2xx and the commit resends on retry (the provider has no
 * idempotency key); the mensagem row itself is written once.
 */
@Injectable()
export class EnviadorDeMensagens implements OnApplicationBootstrap {
  private readonly logger = new Logger(EnviadorDeMensagens.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly registry: ChannelAdapterRegistry,
    private readonly canais: CanalService,
    private readonly mensagens: MensagemEnvioRepository,
    private readonly envios: EnvioRepository,
    private readonly storage: StorageService,
    private readonly links: LinkPublicoDeAnexoService,
    private readonly limitador: LimitadorDeTaxa,
    private readonly mensagensService: MensagemService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Sends wait on the network, not the database: several in flight even on the embedded database.
    const concorrencia = this.config.databaseMode === 'postgres' ? 8 : 4;
    await this.jobs.trabalhar<EnviarMensagemJob>(
      'enviarMensagem',
      (data, job) => this.enviar(data, job.tentativa, job.ultimaTentativa),
      {
        concorrencia,
      },
    );
    await this.jobs.trabalhar<MarcarLidaNoCanalJob>(
      'marcarLidaNoCanal',
      (data, job) => this.marcarLida(data, job.tentativa, job.ultimaTentativa),
      {
        concorrencia: 2,
      },
    );
  }

  async enviar(job: EnviarMensagemJob, tentativaDoJob: number, ultimaTentativa: boolean): Promise<void> {
    const tentativa = tentativaDoJob + (job.adiamentos ?? 0);
    await RequestContext.runForEmpresa(job.empresaId, async () => {
      const preparado = await this.tx.run(() => this.preparar(job.mensagemId));
      if (preparado === null) return;
      const { mensagem, canal } = preparado;
      if ('falha' in preparado) {
        await this.concluir(
          mensagem,
          canal,
          { tipo: 'falhou', codigo: preparado.falha.codigo, mensagem: preparado.falha.mensagem },
          tentativa,
          null,
          0,
        );
        return;
      }
      const { adapter, saida } = preparado;
      // A send may use several units of the provider's rate (SMS segments).
      const custo = Math.max(1, Math.ceil(adapter.sendCost?.(saida) ?? 1));
      for (let unidade = 0; unidade < custo; unidade += 1) {
        await this.limitador.aguardar(canal.id, canal.limiteEnviosPorSegundo ?? adapter.capabilities.rateLimitPerSecond);
      }
      const inicio = performance.now();
      let resultado: Resultado;
      try {
        resultado = { tipo: 'enviada', envio: await adapter.send(this.canais.credenciais(canal), saida) };
      } catch (error) {
        const latencia = performance.now() - inicio;
        const falha = comoFalhaDeEnvio(error);
        if (falha === null || (falha.transient && !ultimaTentativa)) {
          await this.registrarTentativaTransitoria(mensagem, canal, saida, tentativa, falha, error, latencia);
          if (falha !== null && (await this.adiar(job, falha))) return;
          throw error;
        }
        resultado = { tipo: 'falhou', codigo: falha.providerCode, mensagem: falha.providerMessage, erro: falha };
        await this.concluir(mensagem, canal, resultado, tentativa, saida, latencia);
        return;
      }
      await this.concluir(mensagem, canal, resultado, tentativa, saida, performance.now() - inicio);
    }).catch(async (error: unknown) => {
      // Our own faults (storage, database) retry like transient ones; the last attempt must not leave it pendente.
      if (!ultimaTentativa || error instanceof ChannelApiError) throw error;
      await RequestContext.runForEmpresa(job.empresaId, () =>
        this.mensagensService.atualizarStatusPorId(job.mensagemId, 'falhou', {
          erro: { codigo: 'erro_interno', mensagem: descrever(error).slice(0, 2_000) },
        }),
      );
      throw error;
    });
  }

  /** Everything the send needs, read in one short transaction; null when there is nothing (left) to send. */
  private async preparar(
    mensagemId: string,
  ): Promise<
    | null
    | { mensagem: MensagemParaEnvio; canal: Canal; falha: { codigo: string; mensagem: string } }
    | { mensagem: MensagemParaEnvio; canal: Canal; adapter: AnyChannelAdapter; saida: OutboundMessage }
  > {
    const mensagem = await this.mensagens.carregar(mensagemId);
    if (mensagem === null || mensagem.status !== 'pendente' || mensagem.direcao !== 'enviada' || mensagem.privada) return null;
    const canal = mensagem.canalId === null ? null : await this.canais.buscarPorId(mensagem.canalId);
    if (canal === null) {
      this.logger.warn({ mensagemId }, 'mensagem pendente sem canal: não há por onde enviar');
      await this.mensagensService.atualizarStatusPorId(mensagem.id, 'falhou', {
        erro: { codigo: 'canal_inexistente', mensagem: 'A conversa não tem mais um canal para enviar a mensagem.' },
      });
      return null;
    }
    if (!canal.ativo || canal.removidoEm !== null) {
      return {
        mensagem,
        canal,
        falha: { codigo: 'canal_inativo', mensagem: `O canal "${canal.nome}" está desativado: reative-o para enviar.` },
      };
    }
    const adapter = this.registry.get(canal.tipo, canal.provedor);
    const para = await this.enderecoDe(mensagem, canal);
    if (para === null) {
      return {
        mensagem,
        canal,
        falha: {
          codigo: 'destinatario_desconhecido',
          mensagem: `O contato não tem identidade de ${canal.tipo} para receber a mensagem.`,
        },
      };
    }
    const componentesDoTemplate =
      mensagem.tipo === 'template' && mensagem.templateId !== null
        ? await this.mensagens.componentesDoTemplate(mensagem.templateId)
        : null;
    const [anexo] = await this.storage.listarDasMensagens([mensagem.id]);
    const porLink = anexo !== undefined && adapter.capabilities.mediaByLink === true;
    const linkDoArquivo = porLink ? this.links.gerar(anexo) : null;
    if (porLink && linkDoArquivo === null) {
      return {
        mensagem,
        canal,
        falha: {
          codigo: 'conteudo_nao_suportado',
          mensagem: `O canal ${canal.nome} só recebe arquivos por um link público: defina ATENDE_PUBLIC_URL (o endereço pelo qual o provedor alcança o Atende) ou envie o arquivo como link.`,
        },
      };
    }
    const conteudo = conteudoDeSaida(mensagem, {
      arquivo: anexo === undefined || porLink ? null : await this.bytesDe(anexo),
      linkDoArquivo:
        porLink && linkDoArquivo !== null ? { url: linkDoArquivo, filename: anexo.nomeArquivo ?? `anexo-${anexo.id}` } : null,
      componentesDoTemplate,
      opcoes: adapter.capabilities.options,
    });
    if (!conteudo.ok) return { mensagem, canal, falha: { codigo: 'conteudo_nao_suportado', mensagem: conteudo.motivo } };
    const saida: OutboundMessage = {
      to: para,
      content: conteudo.conteudo,
      ...(mensagem.citadaExternalId !== null && adapter.capabilities.quotedReplies
        ? { replyToExternalId: mensagem.citadaExternalId }
        : {}),
      ...(mensagem.ultimaMensagemClienteEm !== null
        ? { lastInboundAt: new Date(mensagem.ultimaMensagemClienteEm).toISOString() }
        : {}),
      sentByHuman: mensagem.humana,
      reference: mensagem.id,
      ...this.urlDeRetorno(canal, adapter),
      ...(adapter.capabilities.threads === true
        ? { thread: await this.mensagens.fioDoTicket(mensagem.ticketId, mensagem.id) }
        : {}),
    };
    return { mensagem, canal, adapter, saida };
  }

  /** The canal's public webhook, for providers that report statuses to a URL given per message (Twilio). */
  private urlDeRetorno(canal: Canal, adapter: AnyChannelAdapter): { callbackUrl?: string } {
    const base = this.config.values.ATENDE_PUBLIC_URL;
    if (base === undefined || adapter.capabilities.webhookRouting !== 'url') return {};
    return { callbackUrl: `${base.replace(/\/+$/, '')}/api/atendimento/webhooks/${canal.tipo}/${canal.id}` };
  }

  private async enderecoDe(mensagem: MensagemParaEnvio, canal: Canal): Promise<string | null> {
    if (mensagem.contatoId === null) return null;
    const endereco = await this.mensagens.enderecoDoContato(
      mensagem.contatoId,
      canal.id,
      IDENTIDADES_POR_TIPO[canal.tipo] ?? [canal.tipo],
    );
    if (endereco !== null) return endereco;
    // A contato created by hand with only a phone number is still reachable on phone-based channels.
    if (canal.tipo !== 'whatsapp' && canal.tipo !== 'sms') return null;
    const telefone = await this.mensagens.telefoneDoContato(mensagem.contatoId);
    return telefone === null ? null : telefone.replace(/^\+/, '');
  }

  private async bytesDe(anexo: Anexo): Promise<ArquivoDeSaida> {
    const { stream } = await this.storage.abrir(anexo.id);
    const partes: Buffer[] = [];
    for await (const parte of stream) partes.push(typeof parte === 'string' ? Buffer.from(parte) : (parte as Buffer));
    return { data: Buffer.concat(partes), mimeType: anexo.mimeTipo, filename: anexo.nomeArquivo ?? `anexo-${anexo.id}` };
  }

  /**
   * Success or a permanent failure: the mensagem status (through MensagemService, which publishes the change),
   * the envios log and the canal status move together.
   */
  private async concluir(
    mensagem: MensagemParaEnvio,
    canal: Canal,
    resultado: Resultado,
    tentativa: number,
    saida: OutboundMessage | null,
    latenciaMs: number,
  ): Promise<void> {
    await this.tx.run(async () => {
      const requisicao = saida === null ? null : resumoDoConteudo(saida.content, saida.to, saida.replyToExternalId);
      if (resultado.tipo === 'enviada') {
        const { envio } = resultado;
        await this.mensagensService.atualizarStatusPorId(mensagem.id, 'enviada', { externalId: envio.externalId });
        await this.envios.registrar({
          mensagemId: mensagem.id,
          canalId: canal.id,
          operacao: 'enviar',
          tentativa,
          status: 'sucesso',
          requisicao,
          resposta: { ...envio },
          httpStatus: 200,
          provedorCodigo: null,
          provedorMensagem: envio.providerStatus ?? null,
          externalId: envio.externalId,
          latenciaMs,
        });
        return;
      }
      const erro = resultado.erro;
      await this.mensagensService.atualizarStatusPorId(mensagem.id, 'falhou', {
        erro: { codigo: resultado.codigo, mensagem: resultado.mensagem.slice(0, 2_000) },
      });
      await this.envios.registrar({
        mensagemId: mensagem.id,
        canalId: canal.id,
        operacao: 'enviar',
        tentativa,
        status: 'erro_permanente',
        requisicao,
        resposta: erro?.providerError ? { ...erro.providerError } : null,
        httpStatus: erro?.httpStatus ?? null,
        provedorCodigo: resultado.codigo,
        provedorMensagem: resultado.mensagem,
        externalId: null,
        latenciaMs,
      });
      if (erro !== undefined && (erro.category === 'autenticacao' || erro.category === 'permissao')) {
        await this.canais.registrarErro(canal.id, { codigo: erro.providerCode, mensagem: erro.providerMessage, em: new Date() });
      }
      this.logger.warn(
        { mensagemId: mensagem.id, canalId: canal.id, codigo: resultado.codigo },
        'envio recusado pelo provedor: mensagem falhou',
      );
    });
  }

  private async registrarTentativaTransitoria(
    mensagem: MensagemParaEnvio,
    canal: Canal,
    saida: OutboundMessage,
    tentativa: number,
    falha: ChannelApiError | null,
    error: unknown,
    latenciaMs: number,
  ): Promise<void> {
    this.logger.warn(
      {
        mensagemId: mensagem.id,
        canalId: canal.id,
        tentativa,
        codigo: falha?.providerCode ?? 'erro_interno',
        erro: descrever(error),
      },
      'falha transitória ao enviar: nova tentativa',
    );
    await this.tx.run(() =>
      this.envios.registrar({
        mensagemId: mensagem.id,
        canalId: canal.id,
        operacao: 'enviar',
        tentativa,
        status: 'erro_transitorio',
        requisicao: resumoDoConteudo(saida.content, saida.to, saida.replyToExternalId),
        resposta: falha?.providerError ? { ...falha.providerError } : null,
        httpStatus: falha?.httpStatus ?? null,
        provedorCodigo: falha?.providerCode ?? 'erro_interno',
        provedorMensagem: falha?.providerMessage ?? descrever(error),
        externalId: null,
        latenciaMs,
      }),
    );
  }

  /**
   * The provider asked for a specific wait (Retry-After, or the 6 s per-user pair limit): a new job starting
   * after it replaces this one, since the queue's own backoff cannot be told a delay. Bounded, so a provider
   * that keeps asking ends in the normal retries and, at last, `falhou`.
   */
  private async adiar(job: EnviarMensagemJob, falha: ChannelApiError): Promise<boolean> {
    const espera = falha.retryAfterMs;
    const adiamentos = job.adiamentos ?? 0;
    if (espera === undefined || espera < ADIAMENTO_MINIMO_MS || adiamentos >= ADIAMENTOS_MAXIMOS) return false;
    const proximo: EnviarMensagemJob = { empresaId: job.empresaId, mensagemId: job.mensagemId, adiamentos: adiamentos + 1 };
    await this.jobs.enviar('enviarMensagem', proximo, { startAfter: new Date(Date.now() + espera) });
    return true;
  }

  /** Job `marcarLidaNoCanal`: the read receipt of an inbound mensagem an agent opened. */
  async marcarLida(job: MarcarLidaNoCanalJob, tentativa: number, ultimaTentativa: boolean): Promise<void> {
    await RequestContext.runForEmpresa(job.empresaId, async () => {
      const alvo = await this.tx.run(async () => {
        const recebida = await this.mensagens.externalIdRecebida(job.mensagemId);
        if (recebida === null) return null;
        const canal = await this.canais.buscarPorId(recebida.canalId);
        return canal === null || !canal.ativo ? null : { canal, externalId: recebida.externalId };
      });
      if (alvo === null) return;
      const adapter = this.registry.get(alvo.canal.tipo, alvo.canal.provedor);
      if (adapter.markRead === undefined || !adapter.capabilities.readReceipts) return;
      const marcar = adapter.markRead.bind(adapter);
      await this.limitador.aguardar(alvo.canal.id, alvo.canal.limiteEnviosPorSegundo ?? adapter.capabilities.rateLimitPerSecond);
      const inicio = performance.now();
      let falha: ChannelApiError | null = null;
      try {
        await marcar(this.canais.credenciais(alvo.canal), {
          externalId: alvo.externalId,
          ...(job.digitando ? { typing: true } : {}),
        });
      } catch (error) {
        if (!(error instanceof ChannelApiError)) throw error;
        falha = error;
      }
      const transitoria = falha !== null && falha.transient && !ultimaTentativa;
      await this.tx.run(() =>
        this.envios.registrar({
          mensagemId: job.mensagemId,
          canalId: alvo.canal.id,
          operacao: 'marcar_lida',
          tentativa,
          status: falha === null ? 'sucesso' : transitoria ? 'erro_transitorio' : 'erro_permanente',
          requisicao: { externalId: alvo.externalId },
          resposta: null,
          httpStatus: falha?.httpStatus ?? (falha === null ? 200 : null),
          provedorCodigo: falha?.providerCode ?? null,
          provedorMensagem: falha?.providerMessage ?? null,
          externalId: alvo.externalId,
          latenciaMs: performance.now() - inicio,
        }),
      );
      if (falha === null) return;
      if (transitoria) throw falha;
      // A read receipt that cannot be delivered is not worth more retries: the conversation goes on.
      this.logger.warn(
        { mensagemId: job.mensagemId, codigo: falha.providerCode },
        'confirmação de leitura recusada pelo provedor',
      );
    });
  }
}

/** Adapters throw ChannelSendError; any other ChannelApiError from the same call is treated alike. */
function comoFalhaDeEnvio(error: unknown): ChannelApiError | null {
  if (error instanceof ChannelSendError || error instanceof ChannelApiError) return error;
  return null;
}

function descrever(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
