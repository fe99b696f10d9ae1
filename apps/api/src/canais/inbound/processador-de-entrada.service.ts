import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ContatoService } from '../../atendimento/contatos/contato.service.js';
import { CsatService } from '../../atendimento/csat/csat.service.js';
import type { MensagemTipo } from '../../atendimento/mensagens/mensagem.entity.js';
import { MensagemService } from '../../atendimento/mensagens/mensagem.service.js';
import { TicketService } from '../../atendimento/tickets/ticket.service.js';
import { WorkflowMotor } from '../../atendimento/workflows/workflow-motor.service.js';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { Canal } from '../canal.entity.js';
import { CanalService } from '../canal.service.js';
import type {
  AnyChannelAdapter,
  NormalizedChannelErrorEvent,
  NormalizedContactStateEvent,
  NormalizedDeleteEvent,
  NormalizedEditEvent,
  NormalizedEvent,
  NormalizedMessageEvent,
  NormalizedReactionEvent,
  NormalizedSender,
  NormalizedStatusEvent,
} from '../channel-adapter.js';
import { ChannelAdapterRegistry } from '../channel-adapter.registry.js';
import type { BaixarMidiaJob } from './baixador-de-midia.service.js';
import { ContatoEstadoRepository } from './contato-estado.repository.js';
import type { EventoEntrada } from './evento-entrada.entity.js';
import { EVENTOS_POR_JOB, EventoEntradaRepository } from './evento-entrada.repository.js';
import { MensagemAlvoRepository, type MensagemAlvo } from './mensagem-alvo.repository.js';

/** Up to ten events of one empresa (the webhook batches them); each is processed in its own transaction. */
export interface ProcessarEntradaJob {
  empresaId: string;
  eventoIds: string[];
}

interface Desfecho {
  status: 'processado' | 'ignorado';
  nota: string | null;
  /** Provider calls that must not run inside the transaction (Telegram answerCallbackQuery). */
  depois?: () => Promise<void>;
}

/** Canais looked up by the job so far (null: gone). */
type CanaisDoJob = Map<string, Canal | null>;

const processado = (depois?: () => Promise<void>): Desfecho => ({
  status: 'processado',
  nota: null,
  ...(depois ? { depois } : {}),
});
const ignorado = (nota: string): Desfecho => ({ status: 'ignorado', nota });

/**
 * A status for a mensagem we do not have yet: our own send may still be committing its provider id, so the
 * job retries (backoff) before giving up and ignoring it (statuses of messages sent by another app).
 */
class AlvoAindaAusente extends Error {
  constructor(externalId: string) {
    super(`A mensagem ${externalId} ainda não está gravada; nova tentativa com espera.`);
    this.name = 'AlvoAindaAusente';
  }
}

/**
 * The processing half of the inbound pipeline (job `processarEntrada`): one stored event, re-parsed from its
 * raw bytes (parsing is pure), applied in one transaction: contato → ticket → mensagem → ticket counters for
 * messages; forward-only status moves; edits, deletions and reactions on their target mensagem. The event row
 * is marked in the same transaction, so a retry after a crash either finds it done or redoes all of it, and
 * the mensagem's (canal, external id) key keeps a redo from duplicating anything. Errors retry with the
 * queue's backoff; after the last attempt the event is parked as `falhou` for an admin to replay.
 */
@Injectable()
export class ProcessadorDeEntrada implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProcessadorDeEntrada.name);
  private readonly iniciadoEm = new Date();

  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly registry: ChannelAdapterRegistry,
    private readonly canais: CanalService,
    private readonly eventos: EventoEntradaRepository,
    private readonly contatos: ContatoService,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
    private readonly alvos: MensagemAlvoRepository,
    private readonly estados: ContatoEstadoRepository,
    private readonly dominio: EventosDominio,
    private readonly csat: CsatService,
    private readonly workflows: WorkflowMotor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Each worker polls the queue every 0.5 s when no new job wakes it, and takes one job (up to ten events).
    // A worker-only process gives the whole event loop to processing; with HTTP in the same process, fewer
    // workers leave room for acknowledging webhooks (the backlog drains after a burst). On the embedded
    // database one worker: every transaction queues on its single session, and webhooks (answered only after
    // their commit) must not wait behind a row of processing transactions.
    const concorrencia = this.config.databaseMode === 'pglite' ? 1 : this.config.runsHttp ? 4 : 8;
    await this.jobs.trabalhar<ProcessarEntradaJob>('processarEntrada', (data, job) => this.executar(data, job.ultimaTentativa), {
      concorrencia,
    });
    if (this.config.runsWorkers) {
      this.retomarPendentes().catch((error: unknown) =>
        this.logger.error({ erro: descreverErro(error) }, 'retomada de eventos pendentes falhou'),
      );
    }
  }

  /**
   * Crash recovery. A job that was running when its process died stays "active" in the queue until it
   * expires (minutes), and only then is retried. So at boot every event still `recebido` from before this
   * process started gets a fresh job: processing is idempotent (the event row is locked and its status
   * checked), so the original job, if it is merely queued, finds the work done and does nothing.
   */
  private async retomarPendentes(): Promise<void> {
    let aposId: string | null = null;
    let total = 0;
    for (;;) {
      const lote = await this.tx.run(() => this.eventos.listarPendentesAntesDe(this.iniciadoEm, aposId, 500));
      if (lote.length === 0) break;
      await this.tx.run(async () => {
        const porEmpresa = new Map<string, string[]>();
        for (const evento of lote) porEmpresa.set(evento.empresaId, [...(porEmpresa.get(evento.empresaId) ?? []), evento.id]);
        for (const [empresaId, ids] of porEmpresa) {
          for (let inicio = 0; inicio < ids.length; inicio += EVENTOS_POR_JOB) {
            const job: ProcessarEntradaJob = { empresaId, eventoIds: ids.slice(inicio, inicio + EVENTOS_POR_JOB) };
            await RequestContext.runForEmpresa(empresaId, () => this.jobs.enviar('processarEntrada', job));
          }
        }
      });
      total += lote.length;
      aposId = lote[lote.length - 1].id;
    }
    if (total > 0) this.logger.log({ eventos: total }, 'eventos de entrada pendentes de antes do início: processamento retomado');
  }

  /**
   * Each event of the job in its own transaction, so one failing event never holds back the others: those
   * that succeeded are done, and when the job is retried for the failed ones they are skipped (already
   * `processado`). After the last attempt only the failed ones are parked as `falhou`.
   */
  async executar(job: ProcessarEntradaJob, ultimaTentativa: boolean): Promise<void> {
    await RequestContext.runForEmpresa(job.empresaId, async () => {
      const falhas: unknown[] = [];
      const canais: CanaisDoJob = new Map();
      for (const eventoId of job.eventoIds) {
        try {
          await this.executarEvento(job.empresaId, eventoId, ultimaTentativa, canais);
        } catch (error) {
          falhas.push(error);
        }
      }
      if (falhas.length === 1) throw falhas[0];
      if (falhas.length > 1)
        throw new AggregateError(falhas, `${falhas.length} eventos de entrada falharam: ${falhas.map(descreverErro).join('; ')}`);
    });
  }

  private async executarEvento(
    empresaId: string,
    eventoId: string,
    ultimaTentativa: boolean,
    canais: CanaisDoJob,
  ): Promise<void> {
    let desfecho: Desfecho | null;
    try {
      desfecho = await this.tx.run(() => this.processar(eventoId, ultimaTentativa, canais));
    } catch (error) {
      const descricao = descreverErro(error);
      await this.tx.run(() => this.eventos.registrarFalha(eventoId, descricao, ultimaTentativa));
      const campos = { eventoId, empresaId, erro: descricao };
      if (ultimaTentativa) this.logger.error(campos, 'evento de entrada falhou na última tentativa: parado como falhou');
      else if (!(error instanceof AlvoAindaAusente))
        this.logger.warn(campos, 'falha ao processar evento de entrada: nova tentativa');
      throw error;
    }
    if (desfecho?.depois) {
      await desfecho
        .depois()
        .catch((error: unknown) =>
          this.logger.warn({ eventoId, erro: descreverErro(error) }, 'ação pós-processamento no provedor falhou'),
        );
    }
  }

  private async processar(eventoId: string, ultimaTentativa: boolean, canais: CanaisDoJob): Promise<Desfecho | null> {
    const evento = await this.eventos.findParaProcessar(eventoId);
    // A parked event moves only through a replay (which sets it back to `recebido`): a leftover attempt of an
    // earlier job (queue retries, the boot-time resumption) must not process it behind the admin's back, or
    // the replay the admin sees offered would find it done and be refused.
    if (evento === null || evento.status === 'processado' || evento.status === 'ignorado' || evento.status === 'falhou')
      return null;
    const canal = evento.canalId === null ? null : await this.canalDoJob(evento.canalId, evento.recebidoEm, canais);
    if (canal === null) return this.concluir(evento, ignorado('O canal do evento não existe mais.'));
    const adapter = this.registry.get(canal.tipo, canal.provedor);
    const normalizados = await adapter.parseInbound(
      {
        contentType: evento.headers['content-type'] ?? 'application/json',
        body: evento.corpoBruto ?? JSON.stringify(evento.payload ?? {}),
        headers: evento.headers,
      },
      {
        receivedAt: evento.recebidoEm.toISOString(),
        ...(adapter.capabilities.webhookRouting === 'payload' && canal.chaveRoteamento !== null
          ? { routingKey: canal.chaveRoteamento }
          : {}),
      },
    );
    const doEvento = normalizados.filter((normalizado) => normalizado.dedupId === evento.externalId);
    if (doEvento.length === 0) return this.concluir(evento, ignorado('O corpo guardado não contém mais este evento.'));
    let desfecho: Desfecho = processado();
    const depois: (() => Promise<void>)[] = [];
    for (const normalizado of doEvento) {
      desfecho = await this.aplicar(normalizado, canal, adapter, ultimaTentativa);
      if (desfecho.depois) depois.push(desfecho.depois);
    }
    return this.concluir(evento, {
      ...desfecho,
      ...(depois.length > 0
        ? {
            depois: async () => {
              for (const acao of depois) await acao();
            },
          }
        : {}),
    });
  }

  /** The events of a job share their canal: looked up, and its last-event time stamped, once per job. */
  private async canalDoJob(canalId: string, recebidoEm: Date, canais: CanaisDoJob): Promise<Canal | null> {
    const conhecido = canais.get(canalId);
    if (conhecido !== undefined) return conhecido;
    const canal = await this.canais.buscarPorId(canalId);
    if (canal !== null) await this.canais.registrarEvento(canal.id, recebidoEm);
    canais.set(canalId, canal);
    return canal;
  }

  private async concluir(evento: EventoEntrada, desfecho: Desfecho): Promise<Desfecho> {
    await this.eventos.concluir(evento.id, desfecho.status, desfecho.nota);
    if (desfecho.status === 'ignorado')
      this.logger.log({ eventoId: evento.id, motivo: desfecho.nota }, 'evento de entrada ignorado');
    return desfecho;
  }

  private aplicar(
    evento: NormalizedEvent,
    canal: Canal,
    adapter: AnyChannelAdapter,
    ultimaTentativa: boolean,
  ): Promise<Desfecho> {
    switch (evento.kind) {
      case 'message':
        return this.aplicarMensagem(evento, canal, adapter);
      case 'status':
        return this.aplicarStatus(evento, canal, ultimaTentativa);
      case 'reaction':
        return this.aplicarReacao(evento, canal);
      case 'edit':
        return this.aplicarEdicao(evento, canal);
      case 'delete':
        return this.aplicarRemocao(evento, canal);
      case 'contact_state':
        return this.aplicarEstadoDoContato(evento, canal);
      case 'channel_error':
        return this.aplicarErroDoCanal(evento, canal);
    }
  }

  private async aplicarMensagem(evento: NormalizedMessageEvent, canal: Canal, adapter: AnyChannelAdapter): Promise<Desfecho> {
    if (evento.direction === 'saida') return ignorado('Eco de mensagem enviada pela própria conta do canal.');
    const conversa = await this.conversaDo(evento.sender, canal, evento);
    if (conversa === null) return ignorado('Contato bloqueado pela empresa: a mensagem fica só no evento de entrada.');
    const { mensagem, duplicada } = await this.mensagens.salvarMensagem({
      ticketId: conversa.ticketId,
      canalId: canal.id,
      contatoId: conversa.contatoId,
      direcao: 'recebida',
      tipo: evento.type satisfies MensagemTipo,
      conteudo: conteudoDe(evento),
      payload: payloadDe(evento),
      externalId: evento.externalId,
      respondeAExternalId: evento.quoted?.externalId ?? null,
      provedorEm: new Date(evento.occurredAt),
    });
    // salvarMensagem already moved the ticket (activity, the customer's last message time, unread count,
    // pendente → em_atendimento) through TicketService.registrarMensagem in this transaction.
    // The answer to a CSAT survey rates the resolved ticket it was stored on (which stays resolved).
    if (!duplicada && conversa.notaCsat !== undefined)
      await this.csat.registrarResposta(conversa.ticketId, conversa.notaCsat, mensagem.id);
    // In this transaction, so the fila menu and distribution (after commit) see the workflow's state.
    else if (!duplicada) await this.workflows.aoMensagemDoCliente(conversa.ticketId, mensagem.id);
    if (!duplicada && evento.media !== undefined) {
      const job: BaixarMidiaJob = { empresaId: canal.empresaId, canalId: canal.id, mensagemId: mensagem.id, midia: evento.media };
      await this.jobs.enviar('baixarMidia', job);
    }
    const callbackId = evento.interactive?.callbackId;
    if (callbackId !== undefined && adapter.acknowledgeInteraction !== undefined) {
      const reconhecer = adapter.acknowledgeInteraction.bind(adapter);
      const credenciais = this.canais.credenciais(canal);
      return processado(() => reconhecer(credenciais, callbackId));
    }
    return processado();
  }

  private async aplicarStatus(evento: NormalizedStatusEvent, canal: Canal, ultimaTentativa: boolean): Promise<Desfecho> {
    if (evento.target.type === 'ate') {
      if (evento.status !== 'entregue' && evento.status !== 'lida') return ignorado(`Marca d’água de status "${evento.status}".`);
      // Everything sent to this customer up to the watermark moves forward, each with its own notification.
      const ids = await this.alvos.enviadasAteMarca(
        canal.id,
        canal.tipo,
        evento.target.recipient,
        new Date(evento.target.upTo),
        evento.status,
      );
      for (const id of ids) await this.mensagens.atualizarStatusPorId(id, evento.status);
      return ids.length > 0 ? processado() : ignorado('Nenhuma mensagem enviada por aqui antes da marca d’água.');
    }
    const externalId = evento.target.externalId;
    const primeiroErro = evento.errors?.[0];
    const erro = primeiroErro ? { codigo: primeiroErro.code, mensagem: textoDoErro(primeiroErro) } : undefined;
    // Forward only, and a no-op when the mensagem is already further along (read stays read).
    const mensagem = await this.mensagens.atualizarStatusPorExternalId(canal.id, externalId, evento.status, erro);
    if (mensagem !== null) return processado();
    if (!ultimaTentativa) throw new AlvoAindaAusente(externalId);
    return ignorado(`Status "${evento.status}" de uma mensagem que não foi enviada por aqui (${externalId}).`);
  }

  /**
   * A reaction updates its target's `reacoes` (one per customer; a removal clears it) instead of becoming a
   * row in the conversation. When the target is not stored here (a message older than the canal), the
   * reaction is kept as a `reacao` mensagem quoting the target's provider id, so it is not lost.
   */
  private async aplicarReacao(evento: NormalizedReactionEvent, canal: Canal): Promise<Desfecho> {
    const alvo = await this.alvos.findPorExternalId(canal.id, evento.targetExternalId);
    if (alvo !== null) {
      const atual = alvo.reacoes.find((reacao) => reacao.autor === 'contato');
      if (atual !== undefined && atual.em > evento.occurredAt) return ignorado('Reação mais antiga que a já registrada.');
      await this.alvos.definirReacaoDoContato(
        alvo.id,
        evento.emoji === null ? null : { emoji: evento.emoji, autor: 'contato', em: evento.occurredAt },
      );
      this.publicarAtualizacao(canal, alvo, ['reacoes']);
      return processado();
    }
    const conversa = await this.conversaDo(evento.sender, canal);
    if (conversa === null) return ignorado('Contato bloqueado pela empresa: a reação fica só no evento de entrada.');
    await this.mensagens.salvarMensagem({
      ticketId: conversa.ticketId,
      canalId: canal.id,
      contatoId: conversa.contatoId,
      direcao: 'recebida',
      tipo: 'reacao',
      conteudo: evento.emoji,
      payload: { reacao: { emoji: evento.emoji, removida: evento.emoji === null, alvoExternalId: evento.targetExternalId } },
      externalId: evento.externalId,
      respondeAExternalId: evento.targetExternalId,
      provedorEm: new Date(evento.occurredAt),
    });
    return processado();
  }

  private async aplicarEdicao(evento: NormalizedEditEvent, canal: Canal): Promise<Desfecho> {
    const alvo = await this.alvos.findPorExternalId(canal.id, evento.targetExternalId);
    if (alvo === null) return ignorado(`Edição de uma mensagem que não está gravada (${evento.targetExternalId}).`);
    await this.alvos.registrarEdicao(alvo.id, evento.text ?? alvo.conteudo, new Date(evento.occurredAt), alvo.conteudo);
    this.publicarAtualizacao(canal, alvo, ['conteudo', 'editadaEm']);
    return processado();
  }

  private async aplicarRemocao(evento: NormalizedDeleteEvent, canal: Canal): Promise<Desfecho> {
    const alvo = await this.alvos.findPorExternalId(canal.id, evento.targetExternalId);
    if (alvo === null) return ignorado(`Remoção de uma mensagem que não está gravada (${evento.targetExternalId}).`);
    if (alvo.removidaEm !== null) return processado();
    await this.alvos.registrarRemocao(alvo.id, new Date(evento.occurredAt));
    this.publicarAtualizacao(canal, alvo, ['removidaEm']);
    return processado();
  }

  private async aplicarEstadoDoContato(evento: NormalizedContactStateEvent, canal: Canal): Promise<Desfecho> {
    const { contato } = await this.contatos.resolverPorIdentidade(identidadeDe(canal, evento.sender));
    const marcado = await this.estados.definirBloqueioPeloContato(
      contato.id,
      evento.sender.externalId,
      evento.blocked ? new Date(evento.occurredAt) : null,
    );
    if (!marcado) return ignorado('Identidade do contato não encontrada para registrar o bloqueio.');
    return processado();
  }

  private async aplicarErroDoCanal(evento: NormalizedChannelErrorEvent, canal: Canal): Promise<Desfecho> {
    const [primeiro] = evento.errors;
    this.logger.error(
      { canalId: canal.id, tipo: canal.tipo, erros: evento.errors },
      'o provedor informou erro da conta do canal',
    );
    if (primeiro !== undefined) {
      await this.canais.registrarErro(canal.id, {
        codigo: primeiro.code,
        mensagem: textoDoErro(primeiro),
        em: new Date(evento.occurredAt),
      });
    }
    return processado();
  }

  /**
   * Identity resolution, then the open (or reopened, or new) ticket of that contato on this canal; on threaded
   * channels (e-mail) the ticket of the thread the message answers, found through any stored mensagem it
   * references, so a new subject opens its own ticket.
   */
  private async conversaDo(
    sender: NormalizedSender,
    canal: Canal,
    mensagem?: NormalizedMessageEvent,
  ): Promise<{ contatoId: string; ticketId: string; notaCsat?: number } | null> {
    const { contato } = await this.contatos.resolverPorIdentidade(identidadeDe(canal, sender));
    if (contato.bloqueado) return null;
    if (mensagem !== undefined && mensagem.thread === undefined) {
      const resposta = await this.csat.respostaPendente(contato.id, canal.id, {
        texto: mensagem.text ?? null,
        interativaId: mensagem.interactive?.id ?? null,
      });
      if (resposta !== null) return { contatoId: contato.id, ticketId: resposta.ticketId, notaCsat: resposta.nota };
    }
    const fio = mensagem?.thread;
    if (fio !== undefined) {
      let ticketReferenciadoId: string | undefined;
      for (const referencia of fio.references) {
        ticketReferenciadoId = (await this.alvos.findPorExternalId(canal.id, referencia))?.ticketId;
        if (ticketReferenciadoId !== undefined) break;
      }
      const { ticket } = await this.tickets.buscarOuCriarTicketDaConversa({
        contatoId: contato.id,
        canalId: canal.id,
        filaId: canal.filaPadraoId,
        assunto: mensagem?.subject?.replace(/^((re|res|fwd?|enc|aw|sv)\s*(\[\d+\])?\s*:\s*)+/i, '').slice(0, 500) ?? null,
        conversaChave: fio.root,
        ...(ticketReferenciadoId !== undefined ? { ticketReferenciadoId } : {}),
      });
      return { contatoId: contato.id, ticketId: ticket.id };
    }
    const { ticket } = await this.tickets.buscarOuCriarTicket({
      contatoId: contato.id,
      canalId: canal.id,
      // With a fila menu the customer's answer picks the fila (MenuDeFilasService); until then, no fila.
      filaId: canal.menu ? null : canal.filaPadraoId,
    });
    return { contatoId: contato.id, ticketId: ticket.id };
  }

  private publicarAtualizacao(canal: Canal, alvo: MensagemAlvo, mudancas: string[]): void {
    this.dominio.publicar({
      tipo: 'mensagem.atualizada',
      empresaId: canal.empresaId,
      ticketId: alvo.ticketId,
      filaId: alvo.filaId,
      atendenteId: alvo.atendenteId,
      mensagemId: alvo.id,
      mudancas,
    });
  }
}

/** Every identity the channel gave: the key one (wa_id or BSUID, chat id…), plus the others as extras. */
function identidadeDe(canal: Canal, sender: NormalizedSender): Parameters<ContatoService['resolverPorIdentidade']>[0] {
  const extras: { tipo: string; valor: string }[] = [];
  if (sender.bsuid !== undefined && sender.bsuid !== sender.externalId)
    extras.push({ tipo: 'whatsapp_bsuid', valor: sender.bsuid });
  return {
    tipo: canal.tipo,
    valor: sender.externalId,
    ...(sender.displayName !== undefined ? { nome: sender.displayName } : {}),
    ...(sender.phone !== undefined ? { telefone: `+${sender.phone.replace(/^\+/, '')}` } : {}),
    ...(sender.email !== undefined ? { email: sender.email } : {}),
    ...(extras.length > 0 ? { extras } : {}),
  };
}

/** The searchable text of a mensagem: the body or caption, else a readable summary of the structured content. */
function conteudoDe(evento: NormalizedMessageEvent): string | null {
  if (evento.text !== undefined && evento.text !== '') return evento.text;
  if (evento.location !== undefined) {
    const partes = [evento.location.name, evento.location.address].filter(
      (parte): parte is string => parte !== undefined && parte !== '',
    );
    return partes.length > 0 ? partes.join(' — ') : null;
  }
  if (evento.contacts !== undefined && evento.contacts.length > 0)
    return evento.contacts.map((contato) => contato.name).join(', ');
  return null;
}

/** Type-specific content, in the shape the web app reads (`payload.midia`, `payload.localizacao`…). */
function payloadDe(evento: NormalizedMessageEvent): Record<string, unknown> {
  const payload: Record<string, unknown> = { tipoProvedor: evento.providerType };
  if (evento.media !== undefined) {
    const { kind, ref, mimeType, sha256, filename, sizeBytes, durationSeconds, voice, animated } = evento.media;
    payload.midia = {
      tipo: kind,
      ref,
      status: 'pendente',
      ...(mimeType !== undefined ? { mimeType } : {}),
      ...(sha256 !== undefined ? { sha256Provedor: sha256 } : {}),
      ...(filename !== undefined ? { nomeArquivo: filename } : {}),
      ...(sizeBytes !== undefined ? { tamanhoBytes: sizeBytes } : {}),
      ...(durationSeconds !== undefined ? { duracaoSegundos: durationSeconds } : {}),
      ...(voice !== undefined ? { voz: voice } : {}),
      ...(animated !== undefined ? { animado: animated } : {}),
    };
  }
  if (evento.location !== undefined) payload.localizacao = { ...evento.location };
  if (evento.contacts !== undefined) payload.contatos = evento.contacts;
  if (evento.interactive !== undefined) {
    const { kind, id, title, description } = evento.interactive;
    payload.interativa = { tipo: kind, id, titulo: title, ...(description !== undefined ? { descricao: description } : {}) };
  }
  if (evento.command !== undefined) payload.comando = { ...evento.command };
  if (evento.quoted !== undefined) payload.citacao = { ...evento.quoted };
  if (evento.subject !== undefined) payload.assunto = evento.subject;
  if (evento.errors !== undefined) payload.erros = evento.errors;
  if (evento.metadata !== undefined) payload.metadados = { ...evento.metadata };
  return payload;
}

function textoDoErro(erro: { title: string; message?: string; details?: string }): string {
  const base = erro.message ?? erro.title;
  return erro.details !== undefined && erro.details !== '' ? `${base}: ${erro.details}` : base;
}

export function descreverErro(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
