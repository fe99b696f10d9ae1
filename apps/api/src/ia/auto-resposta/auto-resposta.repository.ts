import { Injectable } from '@nestjs/common';
import { Ticket } from '../../atendimento/tickets/ticket.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

/** What the auto-reply reads of a ticket to decide whether the bot may speak now. */
export interface TicketDoBot {
  id: string;
  status: string;
  filaId: string | null;
  atendenteId: string | null;
  canalId: string | null;
  contatoId: string;
  botAtivo: boolean;
  botTurnos: number;
  /** The canal has a fila menu and the customer has not picked a fila yet: the menu speaks first. */
  aguardandoMenu: boolean;
  /** The newest customer-facing mensagem is the customer's (something is waiting for an answer). */
  clienteEsperando: boolean;
  /** The newest customer mensagem (text or transcript), null when it has no text. */
  ultimaRecebidaId: string | null;
  ultimaRecebidaTexto: string | null;
  idiomaContato: string | null;
  idiomaEmpresa: string | null;
}

/** Reads and writes of the AI auto-reply on tickets (the bot columns). */
@Injectable()
export class AutoRespostaRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /** The ticket as the bot sees it; `travar` locks the row until commit (the decision to speak is taken under it). */
  async ticketDoBot(ticketId: string, travar: boolean): Promise<TicketDoBot | null> {
    const [linha] = await this.tx.query<TicketDoBot>(
      `SELECT t.id, t.status, t.fila_id AS "filaId", t.atendente_id AS "atendenteId", t.canal_id AS "canalId",
              t.contato_id AS "contatoId", t.bot_ativo AS "botAtivo", t.bot_turnos AS "botTurnos",
              (t.fila_id IS NULL AND EXISTS (SELECT 1 FROM atendimento_canais c
                                              WHERE c.empresa_id = t.empresa_id AND c.id = t.canal_id AND c.menu IS NOT NULL))
                AS "aguardandoMenu",
              coalesce((SELECT m.direcao = 'recebida' FROM atendimento_mensagens m
                         WHERE m.empresa_id = t.empresa_id AND m.ticket_id = t.id AND NOT m.privada AND m.removida_em IS NULL
                         ORDER BY m.criado_em DESC, m.id DESC LIMIT 1), false) AS "clienteEsperando",
              r.id AS "ultimaRecebidaId", r.texto AS "ultimaRecebidaTexto",
              nullif(coalesce(ct.campos->>'idioma', ct.campos->>'locale'), '') AS "idiomaContato",
              e.idioma AS "idiomaEmpresa"
         FROM atendimento_tickets t
         JOIN empresas e ON e.id = t.empresa_id
         LEFT JOIN atendimento_contatos ct ON ct.empresa_id = t.empresa_id AND ct.id = t.contato_id
         LEFT JOIN LATERAL (
           SELECT m.id, nullif(btrim(coalesce(m.conteudo, m.transcricao, '')), '') AS texto
             FROM atendimento_mensagens m
            WHERE m.empresa_id = t.empresa_id AND m.ticket_id = t.id AND m.direcao = 'recebida' AND NOT m.privada
              AND m.removida_em IS NULL
            ORDER BY m.criado_em DESC, m.id DESC LIMIT 1) r ON true
        WHERE t.empresa_id = $1 AND t.id = $2 AND t.removido_em IS NULL
        ${travar ? 'FOR UPDATE OF t' : ''}`,
      [this.empresaId, ticketId],
    );
    return linha ?? null;
  }

  /**
   * Every empresa's bot tickets whose customer has waited since before `antesDe` with nothing sent after: the
   * sweep for wake-ups lost with a crashed process (runs before any empresa is in context, hence unscoped).
   */
  async ticketsDoBotEsperandoDeTodasEmpresas(antesDe: Date, limite: number): Promise<{ empresaId: string; id: string }[]> {
    return this.tx.query<{ empresaId: string; id: string }>(
      `SELECT t.empresa_id AS "empresaId", t.id FROM atendimento_tickets t
        WHERE t.bot_ativo AND t.status = 'aberto' AND t.removido_em IS NULL AND t.atendente_id IS NULL
          AND t.ultima_mensagem_cliente_em < $1
          AND (t.ultima_mensagem_em IS NULL OR t.ultima_mensagem_em <= t.ultima_mensagem_cliente_em)
          -- Waiting on the canal's fila menu is the menu's business, not a lost wake-up.
          AND NOT (t.fila_id IS NULL AND EXISTS (SELECT 1 FROM atendimento_canais c
                                                  WHERE c.empresa_id = t.empresa_id AND c.id = t.canal_id AND c.menu IS NOT NULL))
        ORDER BY t.ultima_mensagem_cliente_em
        LIMIT $2`,
      [antesDe, limite],
    );
  }

  /** The bot sent one more answer on this ticket. */
  async contarTurno(ticketId: string): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_tickets SET bot_turnos = bot_turnos + 1, atualizado_em = now() WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, ticketId],
    );
  }

  /** The customer's last text turns (oldest first): what the bot answers and retrieves sources for. */
  async ultimosTextosDoCliente(ticketId: string, limite: number): Promise<string[]> {
    const linhas = await this.tx.query<{ texto: string }>(
      `SELECT texto FROM (
         SELECT coalesce(conteudo, transcricao) AS texto, criado_em, id
           FROM atendimento_mensagens
          WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND NOT privada AND removida_em IS NULL
            AND coalesce(conteudo, transcricao) IS NOT NULL
          ORDER BY criado_em DESC, id DESC
          LIMIT $3) ultimas
        ORDER BY criado_em, id`,
      [this.empresaId, ticketId, limite],
    );
    return linhas.map((l) => l.texto);
  }
}
