import { Inject, Injectable } from '@nestjs/common';
import type { ListarMensagensQuery, MensagemDto, MensagemPagina, TicketDto } from '@atende/shared';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { Anexo } from '../../storage/anexo.entity.js';
import { StorageService } from '../../storage/storage.service.js';
import { TemplateService } from '../templates/template.service.js';
import { type ChaveKeyset, decodificarCursor, paginar } from '../tickets/keyset.js';
import { TicketReferenciasRepository } from '../tickets/ticket-referencias.repository.js';
import { usuarioRestrito } from '../tickets/ticket-visibilidade.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { TicketErrorCode, TicketException } from '../tickets/ticket.exception.js';
import { TicketService } from '../tickets/ticket.service.js';
import type { CorpoDeEnvio } from './corpo-de-envio.decorator.js';
import { resumoDaMensagem, tipoDoArquivo, toMensagemDto } from './mensagem-dto.js';
import type { Mensagem, MensagemPayload, MensagemStatus, MensagemTipo } from './mensagem.entity.js';
import { MensagemException } from './mensagem.exception.js';
import { MensagemRepository, type StatusEntrega } from './mensagem.repository.js';
import { POLITICA_DE_ENVIO, type PoliticaDeEnvio } from './politica-de-envio.js';

export interface SalvarMensagemInput {
  ticketId: string;
  canalId: string;
  contatoId: string;
  direcao: 'recebida' | 'enviada';
  tipo: MensagemTipo;
  conteudo?: string | null;
  payload?: Record<string, unknown>;
  /** The provider's id; (canal, externalId) is unique, so a redelivered event is stored once. */
  externalId?: string | null;
  /** The quoted mensagem's provider id; linked to the stored mensagem when there is one. */
  respondeAExternalId?: string | null;
  privada?: boolean;
  /** Enviadas only (echoes of messages sent elsewhere are `enviada`); default `pendente`. Recebidas are always `recebida`. */
  status?: MensagemStatus;
  remetenteUsuarioId?: string | null;
  remetenteAtendenteId?: string | null;
  /** Written by the AI auto-reply. */
  bot?: boolean;
  templateId?: string | null;
  /** Uploaded anexos (StorageService.salvar) that this mensagem carries. */
  anexoIds?: string[];
  /** The provider's timestamp, when it gives one. */
  provedorEm?: Date | null;
  /** Default: the insertion instant. */
  criadoEm?: Date;
}

export interface SalvarMensagemResultado {
  mensagem: Mensagem;
  duplicada: boolean;
}

/** Internally a mensagem may have no canal (a note on a ticket whose canal was deleted). */
type EntradaDeMensagem = Omit<SalvarMensagemInput, 'canalId'> & { canalId: string | null };

const CURSOR_MENSAGENS = 'mensagens';

/**
 * Mensagens: stored idempotently per canal and provider id, counted on their ticket in the same transaction
 * (through TicketService), listed newest first by keyset. Sending stores a `pendente` mensagem and enqueues
 * the outbound job in one transaction; the canais pipeline does the rest.
 */
@Injectable()
export class MensagemService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly mensagens: MensagemRepository,
    private readonly tickets: TicketService,
    private readonly referencias: TicketReferenciasRepository,
    private readonly storage: StorageService,
    private readonly templates: TemplateService,
    private readonly jobs: JobQueue,
    private readonly eventos: EventosDominio,
    @Inject(POLITICA_DE_ENVIO) private readonly politica: PoliticaDeEnvio,
  ) {}

  // ------------------------------------------------------------------------------------ contract

  /**
   * Stores a mensagem on its ticket; `duplicada: true` (and the stored one) when the canal already has that
   * external id. Links the quoted mensagem by its external id, links the anexos, updates the ticket's activity,
   * unread count and history, and publishes `mensagem.criada` after commit.
   */
  async salvarMensagem(input: SalvarMensagemInput): Promise<SalvarMensagemResultado> {
    return this.tx.run(() => this.salvar(input, null));
  }

  /**
   * A provider status for an outbound mensagem. Moves forward only (pendente < enviada < entregue < lida;
   * falhou is terminal, and a late falhou after enviada still applies): a late `entregue` after `lida` changes
   * nothing. Returns the mensagem (changed or not), or null when the canal has no mensagem with that id.
   */
  async atualizarStatusPorExternalId(
    canalId: string,
    externalId: string,
    status: StatusEntrega,
    erro?: { codigo: string; mensagem: string },
  ): Promise<Mensagem | null> {
    return this.tx.run(async () => {
      const alterada = await this.mensagens.avancarStatusPorExternalId(canalId, externalId, status, new Date(), erro ?? null);
      const mensagem = alterada
        ? await this.mensagens.findById(alterada)
        : await this.mensagens.findPorExternalId(canalId, externalId);
      if (mensagem && alterada) await this.publicarStatus(mensagem);
      return mensagem;
    });
  }

  /**
   * The same forward-only rule by mensagem id, for the outbound sender: `enviada` with the provider's id once
   * it accepted, or `falhou` with its error code and text. Null when the mensagem does not exist.
   */
  async atualizarStatusPorId(
    mensagemId: string,
    status: StatusEntrega,
    opcoes: { externalId?: string | null; erro?: { codigo: string; mensagem: string } | null } = {},
  ): Promise<Mensagem | null> {
    return this.tx.run(async () => {
      const alterada = await this.mensagens.avancarStatusPorId(
        mensagemId,
        status,
        new Date(),
        opcoes.externalId ?? null,
        opcoes.erro ?? null,
      );
      const mensagem = await this.mensagens.findById(mensagemId);
      if (mensagem && alterada) await this.publicarStatus(mensagem);
      return mensagem;
    });
  }

  /**
   * Mensagens as the REST API returns them, by id, in the order given (missing ids skipped); no visibility
   * check: for internal consumers (real-time notifications) that already know who may see them.
   */
  async buscarDtos(ids: readonly string[]): Promise<MensagemDto[]> {
    // One statement whatever the count (the real-time catch-up asks for up to 200).
    const porId = new Map((await this.mensagens.buscarLinhas(ids)).map((linha) => [linha.id, linha]));
    return ids.flatMap((id) => {
      const linha = porId.get(id);
      return linha ? [toMensagemDto(linha)] : [];
    });
  }

  /**
   * A mensagem written by the system (menus, out-of-hours reply, workflow steps, CSAT survey) to the ticket's
   * customer: stored `pendente` and sent by the normal outbound job, in the caller's transaction. `bot` marks it
   * as written by a bot rather than by a person.
   */
  async enviarPeloSistema(input: {
    ticketId: string;
    canalId: string;
    contatoId: string;
    conteudo: string;
    tipo?: 'texto' | 'interativa';
    payload?: Record<string, unknown>;
    bot?: boolean;
  }): Promise<Mensagem> {
    return this.tx.run(async () => {
      const { mensagem } = await this.salvar(
        {
          ticketId: input.ticketId,
          canalId: input.canalId,
          contatoId: input.contatoId,
          direcao: 'enviada',
          tipo: input.tipo ?? 'texto',
          conteudo: input.conteudo,
          payload: input.payload ?? {},
          status: 'pendente',
          bot: input.bot ?? false,
        },
        null,
      );
      await this.jobs.enviar('enviarMensagem', { empresaId: mensagem.empresaId, mensagemId: mensagem.id }, { prioridade: 0 });
      return mensagem;
    });
  }

  // ---------------------------------------------------------------------------------------- REST

  /** Newest first; the cursor goes back in time, so mensagens arriving meanwhile never shift later pages. */
  async buscarMensagens(ticketId: string, query: ListarMensagensQuery, ator: Ator): Promise<MensagemPagina> {
    const apos = this.cursor(query.cursor);
    // One statement (ticket visibility + page): no transaction of its own needed.
    const linhas = await this.mensagens.listarPaginaDoTicket(ticketId, usuarioRestrito(ator), apos, query.limite);
    if (!linhas) throw TicketException.naoEncontrado();
    return paginar(
      linhas,
      query.limite,
      CURSOR_MENSAGENS,
      (linha) => ({ em: linha.cursor_em, id: linha.id }),
      (linha) => toMensagemDto(linha),
    );
  }

  /**
   * An agent read the customer's mensagens up to this one: they stop counting as unread, and the canal is told
   * (read receipt, by the `marcarLidaNoCanal` job) when the mensagem has a provider id.
   */
  async marcarComoLida(mensagemId: string, ator: Ator): Promise<MensagemDto> {
    return this.tx.run(async () => {
      const mensagem = await this.mensagens.findById(mensagemId);
      if (!mensagem) throw MensagemException.naoEncontrada();
      const ticket = await this.ticketDaMensagem(mensagem, ator);
      if (mensagem.direcao === 'recebida' && (await this.mensagens.marcarRecebidasComoLidas(ticket.id, mensagem.id)) > 0) {
        await this.tickets.registrarLeitura(ticket);
        if (mensagem.externalId && mensagem.canalId) await this.enfileirarLeituraNoCanal(mensagem.id);
      }
      return this.dto(mensagem.id);
    });
  }

  /**
   * POST /tickets/:id/ler: the agent opened the conversation. Explicit (not a side effect of GET mensagens)
   * so that a supervisor glancing at a ticket does not mark it read for its atendente, and GETs stay safe.
   */
  async marcarTicketComoLido(ticketId: string, ator: Ator): Promise<TicketDto> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.carregarVisivel(ticketId, ator, true);
      const { ultimaId, ultimaNoCanalId } = await this.mensagens.ultimasRecebidasNaoLidas(ticketId);
      if (ultimaId && (await this.mensagens.marcarRecebidasComoLidas(ticketId, ultimaId)) > 0) {
        await this.tickets.registrarLeitura(ticket);
        if (ultimaNoCanalId) await this.enfileirarLeituraNoCanal(ultimaNoCanalId);
      } else if (ticket.naoLidas !== 0) {
        await this.tickets.registrarLeitura(ticket);
      }
      return this.tickets.dto(ticketId);
    });
  }

  /**
   * An agent's mensagem: text, a template (rendered with the ticket's contato, atendente, número and empresa),
   * an attachment, or an internal note. Checks the outbound policy (reply window, canal capabilities) before
   * storing anything; stores it `pendente` and enqueues the send in the same transaction. Notes are stored
   * `enviada` and never sent.
   */
  async enviarMensagem(ticketId: string, envio: CorpoDeEnvio, ator: Ator): Promise<MensagemDto> {
    let anexo: Anexo | undefined;
    try {
      return await this.tx.run(async () => {
        const ticket = await this.tickets.carregarVisivel(ticketId, ator, true);
        const privada = envio.tipo === 'json' ? envio.corpo.privada === true : envio.corpo.privada === 'true';
        if (!privada && (ticket.status === 'resolvido' || ticket.status === 'fechado')) {
          throw TicketException.encerrado(ticket.numero, ticket.status, 'responder ao cliente');
        }
        const respondeAId = envio.corpo.respondeAId;
        const citada = respondeAId ? await this.mensagens.findDoTicket(respondeAId, ticketId) : null;
        if (respondeAId && !citada) throw MensagemException.citadaNaoEncontrada();
        const atendente = await this.referencias.atendenteDoUsuario(ator.usuarioId);

        let tipo: MensagemTipo = 'texto';
        let conteudo: string | null;
        let payload: MensagemPayload = {};
        let templateId: string | null = null;
        let templateNome: string | null = null;
        if (envio.tipo === 'arquivo') {
          tipo = tipoDoArquivo(envio.arquivo.mimeType);
          conteudo = envio.corpo.conteudo?.trim() || null;
        } else if (envio.corpo.templateId !== undefined || envio.corpo.atalho !== undefined) {
          const { texto, template } = await this.templates.renderizar({
            templateId: envio.corpo.templateId,
            atalho: envio.corpo.atalho,
            variaveis: envio.corpo.variaveis,
            contexto: {
              contatoNome: await this.referencias.nomeDoContato(ticket.contatoId),
              atendenteNome: atendente?.nome ?? ator.nome,
              ticketNumero: ticket.numero,
              empresaNome: await this.referencias.nomeDaEmpresa(),
            },
          });
          conteudo = texto;
          templateId = template.id;
          // A provider template (WhatsApp) goes as a template message; a local one is just text.
          if (template.whatsappNome) {
            tipo = 'template';
            templateNome = template.whatsappNome;
            payload = {
              template: { nome: template.whatsappNome, idioma: template.idioma, variaveis: envio.corpo.variaveis ?? {} },
            };
          } else {
            payload = { template: { id: template.id, nome: template.nome } };
          }
        } else {
          conteudo = envio.corpo.conteudo ?? null;
        }

        if (!privada) await this.politica.verificar({ ticket, tipo, templateNome });
        if (envio.tipo === 'arquivo') {
          anexo = await this.storage.salvar({
            dados: envio.arquivo.dados,
            nome: envio.arquivo.nome,
            mimeType: envio.arquivo.mimeType,
          });
        }
        const { mensagem } = await this.salvar(
          {
            ticketId,
            canalId: ticket.canalId,
            contatoId: ticket.contatoId,
            direcao: 'enviada',
            tipo,
            conteudo,
            payload,
            privada,
            status: privada ? 'enviada' : 'pendente',
            remetenteUsuarioId: ator.usuarioId,
            remetenteAtendenteId: atendente?.id ?? null,
            templateId,
            respondeAExternalId: citada?.externalId ?? null,
            anexoIds: anexo ? [anexo.id] : [],
          },
          citada?.id ?? null,
          ticket,
        );
        // prioridade explicit: JobQueue.enviar forwards `priority: undefined` otherwise, which pg-boss 10 rejects.
        if (!privada)
          await this.jobs.enviar('enviarMensagem', { empresaId: ticket.empresaId, mensagemId: mensagem.id }, { prioridade: 0 });
        return this.dto(mensagem.id);
      });
    } catch (error) {
      // The row went with the rollback; the bytes on disk must go too.
      if (anexo) await this.storage.descartar(anexo);
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------ internals

  /** `carregado`: the ticket when the caller already loaded and locked it in this transaction. */
  private async salvar(
    input: EntradaDeMensagem,
    respondeAId: string | null,
    carregado?: Ticket,
  ): Promise<SalvarMensagemResultado> {
    const ticket = carregado ?? (await this.tickets.carregarVisivel(input.ticketId, undefined, true));
    const privada = input.privada === true;
    const status: MensagemStatus = input.direcao === 'recebida' ? 'recebida' : privada ? 'enviada' : (input.status ?? 'pendente');
    const conteudo = input.conteudo ?? null;
    const id = await this.mensagens.inserir({
      ticketId: input.ticketId,
      canalId: input.canalId,
      contatoId: input.contatoId,
      direcao: input.direcao,
      privada,
      tipo: input.tipo,
      conteudo,
      payload: input.payload ?? {},
      externalId: input.externalId ?? null,
      respondeAId,
      respondeAExternalId: input.respondeAExternalId ?? null,
      status,
      remetenteUsuarioId: input.remetenteUsuarioId ?? null,
      remetenteAtendenteId: input.remetenteAtendenteId ?? null,
      bot: input.bot ?? false,
      templateId: input.templateId ?? null,
      provedorEm: input.provedorEm ?? null,
      criadoEm: input.criadoEm ?? null,
    });
    if (!id) {
      const existente =
        input.externalId && input.canalId ? await this.mensagens.findPorExternalId(input.canalId, input.externalId) : null;
      if (!existente) throw new Error('mensagem duplicada não encontrada');
      return { mensagem: existente, duplicada: true };
    }
    if (input.anexoIds && input.anexoIds.length > 0) await this.storage.vincularAMensagem(input.anexoIds, id);
    const mensagem = await this.mensagens.findById(id);
    if (!mensagem) throw new Error('mensagem recém-criada não encontrada');
    await this.tickets.registrarMensagem(ticket, {
      mensagemId: id,
      em: mensagem.criadoEm,
      direcao: input.direcao,
      privada,
      resumo: resumoDaMensagem(input.tipo, conteudo),
      usuarioId: mensagem.remetenteUsuarioId,
      bot: mensagem.bot,
    });
    this.eventos.publicar({
      tipo: 'mensagem.criada',
      empresaId: ticket.empresaId,
      ticketId: ticket.id,
      // After registrarMensagem: an atendente who just took the ticket by answering it is routed too.
      filaId: ticket.filaId,
      atendenteId: ticket.atendenteId,
      mensagemId: id,
    });
    return { mensagem, duplicada: false };
  }

  /** The mensagem's ticket if the actor may see it; otherwise the mensagem does not exist for them. */
  private async ticketDaMensagem(mensagem: Mensagem, ator: Ator): Promise<Ticket> {
    try {
      return await this.tickets.carregarVisivel(mensagem.ticketId, ator, true);
    } catch (error) {
      if (error instanceof TicketException && error.code === TicketErrorCode.NaoEncontrado)
        throw MensagemException.naoEncontrada();
      throw error;
    }
  }

  private async publicarStatus(mensagem: Mensagem): Promise<void> {
    const ticket = await this.tickets.carregarVisivel(mensagem.ticketId, undefined, false).catch(() => null);
    this.eventos.publicar({
      tipo: 'mensagem.atualizada',
      empresaId: mensagem.empresaId,
      ticketId: mensagem.ticketId,
      filaId: ticket?.filaId ?? null,
      atendenteId: ticket?.atendenteId ?? null,
      mensagemId: mensagem.id,
      mudancas: ['status'],
    });
  }

  private async enfileirarLeituraNoCanal(mensagemId: string): Promise<void> {
    const empresaId = RequestContext.empresaId ?? '';
    await this.jobs.enviar('marcarLidaNoCanal', { empresaId, mensagemId }, { singletonKey: `lida:${mensagemId}`, prioridade: 0 });
  }

  private async dto(id: string): Promise<MensagemDto> {
    const linha = await this.mensagens.buscarLinha(id);
    if (!linha) throw MensagemException.naoEncontrada();
    return toMensagemDto(linha);
  }

  private cursor(cursor: string | undefined): ChaveKeyset | undefined {
    if (cursor === undefined) return undefined;
    const chave = decodificarCursor(CURSOR_MENSAGENS, cursor);
    if (!chave) throw MensagemException.cursorInvalido();
    return chave;
  }
}
