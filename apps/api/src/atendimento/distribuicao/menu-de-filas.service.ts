import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { MensagemService } from '../mensagens/mensagem.service.js';
import { TicketService } from '../tickets/ticket.service.js';
import { escolherOpcao, textoDeOpcaoInvalida, textoDoMenu } from './menu-de-filas.js';
import { MenuDeFilasRepository, type TicketNoMenu } from './menu-de-filas.repository.js';

/**
 * The fila menu of a canal ("1 - Vendas, 2 - Suporte"). A new conversation on such a canal has no fila: its
 * first customer mensagem gets the menu; the answer moves the ticket to the chosen fila, where distribution
 * takes it. An invalid answer gets the menu once more; a second one sends the ticket to the canal's default
 * fila. The ticket row lock serializes quick successive answers.
 */
@Injectable()
export class MenuDeFilasService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MenuDeFilasService.name);
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly repositorio: MenuDeFilasRepository,
    private readonly tickets: TicketService,
    private readonly mensagens: MensagemService,
  ) {}

  onModuleInit(): void {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'mensagem.criada' || evento.filaId !== null || evento.atendenteId !== null) return;
    await RequestContext.runForEmpresa(evento.empresaId, () =>
      this.tx.run(() => this.responder(evento.ticketId, evento.mensagemId)),
    ).catch((error: unknown) => this.logger.error({ err: error, ticketId: evento.ticketId }, 'falha no menu de filas'));
  }

  private async responder(ticketId: string, mensagemId: string): Promise<void> {
    const ticket = await this.repositorio.travarTicketNoMenu(ticketId);
    if (!ticket) return;
    const resposta = await this.repositorio.respostaDoCliente(mensagemId);
    if (resposta === null) return;
    if (ticket.menuEnviadoEm === null) {
      await this.enviar(ticket, textoDoMenu(ticket.menu));
      await this.repositorio.registrarEnvio(ticket.id, 0);
      return;
    }
    const opcao = escolherOpcao(ticket.menu, resposta);
    if (opcao) {
      await this.tickets.transferirParaFilaPeloSistema(ticket.id, opcao.filaId, `menu: ${opcao.rotulo}`);
      return;
    }
    if (ticket.menuTentativas === 0) {
      await this.enviar(ticket, textoDeOpcaoInvalida(ticket.menu));
      await this.repositorio.registrarEnvio(ticket.id, 1);
      return;
    }
    if (ticket.filaPadraoId) {
      await this.tickets.transferirParaFilaPeloSistema(ticket.id, ticket.filaPadraoId, 'menu: nenhuma opção válida');
    } else {
      this.logger.warn({ ticketId: ticket.id }, 'menu sem resposta válida e canal sem fila padrão: ticket fica sem fila');
    }
  }

  /** Through the normal outbound path, like any reply. */
  private async enviar(ticket: TicketNoMenu, conteudo: string): Promise<void> {
    await this.mensagens.enviarPeloSistema({ ticketId: ticket.id, canalId: ticket.canalId, contatoId: ticket.contatoId, conteudo });
  }
}
