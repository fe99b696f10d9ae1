import { Injectable } from '@nestjs/common';
import type { CanalMenu } from '../../canais/canal.entity.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Ticket } from '../tickets/ticket.entity.js';

/** A ticket waiting for the customer's choice in its canal's fila menu, locked until commit. */
export interface TicketNoMenu {
  id: string;
  canalId: string;
  contatoId: string;
  menuEnviadoEm: Date | null;
  menuTentativas: number;
  menu: CanalMenu;
  filaPadraoId: string | null;
}

/** The menu state of tickets that have no fila yet (`menu_enviado_em`, `menu_tentativas`) and their canal's menu. */
@Injectable()
export class MenuDeFilasRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /**
   * The open ticket without a fila nor atendente on a canal with a menu, that no workflow handled in this
   * conversation, locked; null for any other ticket.
   */
  async travarTicketNoMenu(ticketId: string): Promise<TicketNoMenu | null> {
    const [linha] = await this.tx.query<TicketNoMenu>(
      `SELECT t.id, t.canal_id AS "canalId", t.contato_id AS "contatoId", t.menu_enviado_em AS "menuEnviadoEm",
              t.menu_tentativas AS "menuTentativas", c.menu, c.fila_padrao_id AS "filaPadraoId"
         FROM atendimento_tickets t JOIN atendimento_canais c ON c.empresa_id = t.empresa_id AND c.id = t.canal_id
        WHERE t.empresa_id = $1 AND t.id = $2 AND t.fila_id IS NULL AND t.atendente_id IS NULL
          AND t.status = 'aberto' AND t.removido_em IS NULL AND c.menu IS NOT NULL
          -- A workflow takes precedence: the menu never answers a conversation a workflow handled.
          AND NOT EXISTS (SELECT 1 FROM atendimento_workflow_estados w
                           WHERE w.empresa_id = t.empresa_id AND w.ticket_id = t.id
                             AND w.iniciado_em >= COALESCE(t.reaberto_em, t.criado_em))
          FOR UPDATE OF t`,
      [this.empresaId, ticketId],
    );
    return linha ?? null;
  }

  /** The text of a customer mensagem (null when the mensagem is ours, a note, or not text). */
  async respostaDoCliente(mensagemId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ conteudo: string | null }>(
      `SELECT conteudo FROM atendimento_mensagens
        WHERE empresa_id = $1 AND id = $2 AND direcao = 'recebida' AND NOT privada`,
      [this.empresaId, mensagemId],
    );
    return linha ? (linha.conteudo ?? '') : null;
  }

  async registrarEnvio(ticketId: string, tentativas: number): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_tickets SET menu_enviado_em = now(), menu_tentativas = $3, atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, ticketId, tentativas],
    );
  }
}
