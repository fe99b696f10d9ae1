import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio, type EventoDominio } from '../../eventos/eventos-dominio.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { ExpedienteService } from './expediente.service.js';
import { dentroDoExpediente, proximaAbertura } from './horario-comercial.js';
import { Relogio } from './relogio.js';
import { SlaTicketRepository } from './sla-ticket.repository.js';

/** `segunda-feira, 16/11 às 08:00` in the expediente's zone. */
export function formatarAbertura(instante: Date, fusoHorario: string): string {
  const partes: Record<string, string> = {};
  const formato = new Intl.DateTimeFormat('pt-BR', {
    timeZone: fusoHorario,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const parte of formato.formatToParts(instante)) partes[parte.type] = parte.value;
  return `${partes.weekday}, ${partes.day}/${partes.month} às ${partes.hour}:${partes.minute}`;
}

/**
 * The out-of-hours auto-reply: a customer mensagem arriving while the ticket's expediente is closed gets the
 * expediente's reply, with the next opening filled in, once per ticket (conversation).
 */
@Injectable()
export class ForaExpedienteService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ForaExpedienteService.name);
  private cancelarAssinatura?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly relogio: Relogio,
    private readonly expedientes: ExpedienteService,
    private readonly tickets: SlaTicketRepository,
    private readonly mensagens: MensagemService,
  ) {}

  onModuleInit(): void {
    this.cancelarAssinatura = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  onModuleDestroy(): void {
    this.cancelarAssinatura?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'mensagem.criada') return;
    await RequestContext.runForEmpresa(evento.empresaId, () => this.responderSeFechado(evento.mensagemId));
  }

  /** Returns the auto-reply's mensagem id when one was sent. */
  async responderSeFechado(mensagemId: string): Promise<string | null> {
    return this.tx.run(async () => {
      const recebida = await this.tickets.mensagemRecebida(mensagemId);
      if (!recebida || recebida.foraExpedienteAvisado || !recebida.canalId) return null;
      const aplicavel = await this.expedientes.calendarioAplicavel({ filaId: recebida.filaId });
      const texto = aplicavel?.expediente.mensagemForaExpediente;
      if (!aplicavel || !texto) return null;
      const agora = this.relogio.agora();
      if (dentroDoExpediente(aplicavel.calendario, agora)) return null;
      // The conditional update is the "once": a concurrent mensagem of the same ticket finds it set.
      if (!(await this.tickets.marcarForaExpedienteAvisado(recebida.ticketId, agora))) return null;
      const abertura = proximaAbertura(aplicavel.calendario, agora);
      const quando = abertura ? formatarAbertura(abertura, aplicavel.expediente.fusoHorario) : 'em breve';
      const mensagem = await this.mensagens.enviarPeloSistema({
        ticketId: recebida.ticketId,
        canalId: recebida.canalId,
        contatoId: recebida.contatoId,
        conteudo: texto.replaceAll('{{proxima_abertura}}', quando),
      });
      await this.tickets.registrarEvento(recebida.ticketId, 'fora_expediente', agora, {
        expedienteId: aplicavel.expediente.id,
        proximaAbertura: abertura?.toISOString() ?? null,
        mensagemId: mensagem.id,
      });
      this.logger.debug({ ticketId: recebida.ticketId }, 'resposta fora do expediente enviada');
      return mensagem.id;
    });
  }
}
