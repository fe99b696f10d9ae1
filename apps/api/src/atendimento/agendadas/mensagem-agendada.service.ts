import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AtualizarMensagemAgendada, CriarMensagemAgendada, MensagemAgendadaDto } from '@atende/shared';
import { AppException } from '../../common/app.exception.js';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { MensagemAgendada } from '../mensagens/mensagem-agendada.entity.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { Relogio } from '../sla/relogio.js';
import { TicketService } from '../tickets/ticket.service.js';
import { AgendadaException } from './agendada.exception.js';
import { MensagemAgendadaRepository } from './mensagem-agendada.repository.js';

/** Data of an `agendadas.enviar` job; `para` makes the job of an earlier date stale after an edit. */
export interface EnvioAgendado {
  empresaId: string;
  agendadaId: string;
  para: string;
}

function toDto(a: MensagemAgendada): MensagemAgendadaDto {
  return {
    id: a.id,
    ticketId: a.ticketId,
    criadoPorUsuarioId: a.criadoPorUsuarioId,
    conteudo: a.conteudo,
    templateId: a.templateId,
    variaveis: a.templateVariaveis,
    agendadaPara: a.agendadaPara.toISOString(),
    status: a.status,
    mensagemId: a.mensagemId,
    erro: a.erro,
    enviadaEm: a.enviadaEm?.toISOString() ?? null,
    canceladaEm: a.canceladaEm?.toISOString() ?? null,
    criadoEm: a.criadoEm.toISOString(),
    atualizadoEm: a.atualizadoEm.toISOString(),
  };
}

/**
 * Scheduled mensagens: stored with a durable job for their date (queued in the same transaction, so they
 * survive restarts); editable and cancellable while `agendada`. At the date the mensagem goes through the
 * normal outbound path on behalf of whoever scheduled it, with the same policy checks.
 */
@Injectable()
export class MensagemAgendadaService implements OnModuleInit {
  private readonly logger = new Logger(MensagemAgendadaService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobQueue,
    private readonly relogio: Relogio,
    private readonly agendadas: MensagemAgendadaRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.trabalhar<EnvioAgendado>('enviarAgendada', (dados) => this.enviar(dados));
  }

  async listar(ticketId: string, ator: Ator): Promise<MensagemAgendadaDto[]> {
    return this.tx.run(async () => {
      await this.tickets.garantirVisivel(ticketId, ator);
      return (await this.agendadas.listarDoTicket(ticketId)).map(toDto);
    });
  }

  async criar(ticketId: string, dto: CriarMensagemAgendada, ator: Ator): Promise<MensagemAgendadaDto> {
    return this.tx.run(async () => {
      await this.tickets.garantirVisivel(ticketId, ator);
      const para = this.noFuturo(dto.agendadaPara);
      if (dto.templateId && !(await this.agendadas.templateExiste(dto.templateId))) throw AgendadaException.templateInvalido();
      const agendada = await this.agendadas.create({
        ticketId,
        criadoPorUsuarioId: ator.usuarioId,
        conteudo: dto.conteudo ?? null,
        templateId: dto.templateId ?? null,
        templateVariaveis: dto.variaveis ?? {},
        agendadaPara: para,
        status: 'agendada',
      });
      await this.agendar(agendada);
      return toDto(agendada);
    });
  }

  async atualizar(ticketId: string, id: string, dto: AtualizarMensagemAgendada, ator: Ator): Promise<MensagemAgendadaDto> {
    return this.tx.run(async () => {
      const agendada = await this.pendente(ticketId, id, ator);
      if (dto.conteudo !== undefined) {
        agendada.conteudo = dto.conteudo;
        if (dto.conteudo !== null && dto.templateId === undefined) agendada.templateId = null;
      }
      if (dto.templateId !== undefined) {
        if (dto.templateId !== null && !(await this.agendadas.templateExiste(dto.templateId)))
          throw AgendadaException.templateInvalido();
        agendada.templateId = dto.templateId;
        if (dto.templateId !== null && dto.conteudo === undefined) agendada.conteudo = null;
      }
      if (dto.variaveis !== undefined) agendada.templateVariaveis = dto.variaveis;
      if ((agendada.conteudo === null) === (agendada.templateId === null)) throw AgendadaException.conteudoInvalido();
      const mudouData = dto.agendadaPara !== undefined;
      if (dto.agendadaPara !== undefined) agendada.agendadaPara = this.noFuturo(dto.agendadaPara);
      const salva = await this.agendadas.save(agendada);
      // The job of the old date finds the date changed and does nothing.
      if (mudouData) await this.agendar(salva);
      return toDto(salva);
    });
  }

  async cancelar(ticketId: string, id: string, ator: Ator): Promise<MensagemAgendadaDto> {
    return this.tx.run(async () => {
      const agendada = await this.pendente(ticketId, id, ator);
      agendada.status = 'cancelada';
      agendada.canceladaEm = this.relogio.agora();
      return toDto(await this.agendadas.save(agendada));
    });
  }

  /** The job. A provider-independent refusal (closed ticket, reply window, deleted template) marks it falhou. */
  async enviar(dados: EnvioAgendado): Promise<void> {
    await RequestContext.runForEmpresa(dados.empresaId, async () => {
      try {
        await this.tx.run(async () => {
          const agendada = await this.agendadas.findParaEnviar(dados.agendadaId);
          if (!agendada || agendada.status !== 'agendada' || agendada.agendadaPara.toISOString() !== dados.para) return;
          const agora = this.relogio.agora();
          if (+agora < +agendada.agendadaPara) {
            await this.agendar(agendada, new Date(Date.now() + (+agendada.agendadaPara - +agora)));
            return;
          }
          const autor = agendada.criadoPorUsuarioId ? await this.agendadas.autor(agendada.criadoPorUsuarioId) : null;
          if (!autor) throw new AgendadaFalhou('quem agendou não está mais ativo');
          const ator: Ator = { ...autor, empresaId: dados.empresaId };
          const corpo = agendada.templateId
            ? { templateId: agendada.templateId, variaveis: agendada.templateVariaveis }
            : { conteudo: agendada.conteudo ?? '' };
          const mensagem = await this.mensagens.enviarMensagem(agendada.ticketId, { tipo: 'json', corpo }, ator);
          agendada.status = 'enviada';
          agendada.mensagemId = mensagem.id;
          agendada.enviadaEm = agora;
          await this.agendadas.save(agendada);
        });
      } catch (error) {
        if (!(error instanceof AppException) && !(error instanceof AgendadaFalhou)) throw error;
        await this.marcarFalha(dados, error.message);
      }
    });
  }

  private async marcarFalha(dados: EnvioAgendado, erro: string): Promise<void> {
    await this.tx.run(async () => {
      const agendada = await this.agendadas.findParaEnviar(dados.agendadaId);
      if (!agendada || agendada.status !== 'agendada' || agendada.agendadaPara.toISOString() !== dados.para) return;
      agendada.status = 'falhou';
      agendada.erro = erro;
      await this.agendadas.save(agendada);
      this.logger.warn({ agendadaId: agendada.id, erro }, 'mensagem agendada não enviada');
    });
  }

  private async agendar(agendada: MensagemAgendada, quando: Date = agendada.agendadaPara): Promise<void> {
    const para = agendada.agendadaPara.toISOString();
    await this.jobs.enviar<EnvioAgendado>(
      'enviarAgendada',
      { empresaId: agendada.empresaId, agendadaId: agendada.id, para },
      { startAfter: quando },
    );
  }

  private noFuturo(iso: string): Date {
    const para = new Date(iso);
    if (+para <= +this.relogio.agora()) throw AgendadaException.noPassado();
    return para;
  }

  private async pendente(ticketId: string, id: string, ator: Ator): Promise<MensagemAgendada> {
    await this.tickets.garantirVisivel(ticketId, ator);
    const agendada = await this.agendadas.findDoTicket(id, ticketId);
    if (!agendada) throw AgendadaException.naoEncontrada();
    if (agendada.status !== 'agendada') throw AgendadaException.jaProcessada(agendada.status);
    return agendada;
  }
}

/** A scheduled mensagem that can never be sent as it is (not worth retrying). */
class AgendadaFalhou extends Error {}
