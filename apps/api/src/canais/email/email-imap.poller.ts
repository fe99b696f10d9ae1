import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { CanalService } from '../canal.service.js';
import { ChannelAdapterRegistry } from '../channel-adapter.registry.js';
import { EVENTOS_POR_JOB, EventoEntradaRepository, type NovoEventoEntrada } from '../inbound/evento-entrada.repository.js';
import type { ProcessarEntradaJob } from '../inbound/processador-de-entrada.service.js';
import { CONTENT_TYPE_MIME } from './email-inbound.parser.js';
import { EmailCursorRepository } from './email-cursor.repository.js';
import type { EmailCredentials } from './email.types.js';

/** Without a canal: the sweep that schedules every IMAP canal. With one: poll that canal's mailbox. */
export interface EmailImapJob {
  empresaId?: string;
  canalId?: string;
}

/** Messages taken per poll: the rest comes in the next poll, queued at once. */
const LOTE = 20;

export interface ResultadoDaSondagem {
  novas: number;
  /** More messages wait beyond this batch. */
  restantes: boolean;
}

/**
 * IMAP polling, as jobs (queue `emailImap`): a periodic sweep queues one poll per active IMAP canal; a poll
 * reads the mailbox read-only from the UID after its cursor, and stores each mail as an inbound event (with
 * its processing job) in the same transaction that moves the cursor. A crash before that commit polls the
 * same UIDs again; after it, never: the cursor and the events move together, and events are unique per
 * Message-ID anyway. A new canal (or a mailbox whose UIDVALIDITY changed) starts at the mail arriving from
 * then on: the mailbox's history is not imported.
 */
@Injectable()
export class EmailImapPoller implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmailImapPoller.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly registry: ChannelAdapterRegistry,
    private readonly canais: CanalService,
    private readonly cursores: EmailCursorRepository,
    private readonly eventos: EventoEntradaRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorkers) return;
    await this.jobs.trabalhar<EmailImapJob>('emailImap', (data) => this.executar(data), { concorrencia: 2 });
    await this.jobs.enviar<EmailImapJob>('emailImap', {}, { singletonKey: 'email-imap-varredura' });
  }

  async executar(job: EmailImapJob): Promise<void> {
    if (job.canalId === undefined || job.empresaId === undefined) {
      await this.varrer();
      return;
    }
    const { canalId, empresaId } = job;
    const resultado = await RequestContext.runForEmpresa(empresaId, () => this.sondar(canalId));
    if (resultado.restantes) await this.jobs.enviar<EmailImapJob>('emailImap', { empresaId, canalId });
  }

  /** Queues a poll per IMAP canal, then the next sweep. */
  private async varrer(): Promise<void> {
    try {
      const canais = await this.tx.run(() => this.cursores.listarCanaisImapDeTodasAsEmpresas());
      for (const { canalId, empresaId } of canais) {
        await this.jobs.enviar<EmailImapJob>('emailImap', { empresaId, canalId }, { singletonKey: `email-imap:${canalId}` });
      }
    } finally {
      await this.jobs.enviar<EmailImapJob>(
        'emailImap',
        {},
        { singletonKey: 'email-imap-varredura', startAfter: new Date(Date.now() + this.config.values.EMAIL_IMAP_INTERVAL) },
      );
    }
  }

  /** One poll of one canal's mailbox (in the canal's empresa context). */
  async sondar(canalId: string): Promise<ResultadoDaSondagem> {
    const lidos = await this.tx.run(async () => {
      const canal = await this.canais.buscarPorId(canalId);
      if (canal === null || !canal.ativo || canal.removidoEm !== null || canal.tipo !== 'email') return null;
      const adapter = this.registry.get(canal.tipo, canal.provedor);
      return {
        canal,
        adapter,
        credenciais: adapter.parseCredentials(this.canais.credenciais(canal)) as EmailCredentials,
        cursor: await this.cursores.buscar(canalId),
      };
    });
    if (lidos === null || lidos.credenciais.entrada !== 'imap') return { novas: 0, restantes: false };
    const { canal, adapter, credenciais, cursor } = lidos;
    const caixa = credenciais.imapMailbox;
    const cliente = new ImapFlow({
      host: credenciais.imapHost ?? '',
      port: credenciais.imapPort,
      secure: credenciais.imapSecure,
      auth: { user: credenciais.imapUser ?? '', pass: credenciais.imapPassword ?? '' },
      logger: false,
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });
    const mensagens: { uid: number; fonte: Buffer }[] = [];
    let uidValidity: string;
    let ultimoNaCaixa: number;
    await cliente.connect();
    try {
      const aberta = await cliente.mailboxOpen(caixa, { readOnly: true });
      uidValidity = aberta.uidValidity.toString();
      ultimoNaCaixa = aberta.uidNext - 1;
      const continuar = cursor !== null && cursor.caixa === caixa && cursor.uidValidity === uidValidity;
      if (continuar && ultimoNaCaixa > cursor.ultimoUid) {
        // `n:*` also returns the last message when it is below n: only UIDs after the cursor count.
        for await (const mensagem of cliente.fetch(`${cursor.ultimoUid + 1}:*`, { uid: true, source: true }, { uid: true })) {
          if (mensagem.uid > cursor.ultimoUid && mensagem.source !== undefined)
            mensagens.push({ uid: mensagem.uid, fonte: mensagem.source });
        }
      }
      if (!continuar) {
        await this.tx.run(() => this.cursores.salvar(canalId, { caixa, uidValidity, ultimoUid: Math.max(0, ultimoNaCaixa) }));
        this.logger.log({ canalId, caixa, uidValidity }, 'caixa IMAP sincronizada: novas mensagens a partir de agora');
        return { novas: 0, restantes: false };
      }
    } finally {
      await cliente.logout().catch(() => cliente.close());
    }
    mensagens.sort((a, b) => a.uid - b.uid);
    const lote = mensagens.slice(0, LOTE);
    if (lote.length === 0) return { novas: 0, restantes: false };
    const recebidoEm = new Date().toISOString();
    const novos: NovoEventoEntrada[] = [];
    for (const { fonte } of lote) {
      const eventos = await adapter.parseInbound({ contentType: CONTENT_TYPE_MIME, body: fonte }, { receivedAt: recebidoEm });
      for (const externalId of new Set(eventos.map((evento) => evento.dedupId))) {
        novos.push({ canalId, tipo: 'email', externalId, corpoBruto: fonte, headers: { 'content-type': CONTENT_TYPE_MIME } });
      }
    }
    const ultimoUid = lote[lote.length - 1].uid;
    await this.tx.run(async () => {
      const inseridos = await this.eventos.inserirNovos(novos);
      for (let inicio = 0; inicio < inseridos.length; inicio += EVENTOS_POR_JOB) {
        const job: ProcessarEntradaJob = {
          empresaId: canal.empresaId,
          eventoIds: inseridos.slice(inicio, inicio + EVENTOS_POR_JOB).map((inserido) => inserido.id),
        };
        await this.jobs.enviar('processarEntrada', job);
      }
      await this.cursores.salvar(canalId, { caixa, uidValidity, ultimoUid });
    });
    return { novas: lote.length, restantes: mensagens.length > LOTE };
  }
}
