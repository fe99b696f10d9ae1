import { Injectable } from '@nestjs/common';
import { Ticket, type TicketFlags } from '../../atendimento/tickets/ticket.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { TurnoConversa } from '../local/resumo-local.js';

export interface MensagemParaAnalise {
  id: string;
  ticketId: string;
  contatoId: string | null;
  direcao: 'recebida' | 'enviada';
  privada: boolean;
  /** The text, or the audio's transcript. */
  texto: string | null;
}

export interface TicketParaAnalise {
  id: string;
  filaId: string | null;
  atendenteId: string | null;
  contatoId: string;
  flags: TicketFlags;
}

export interface AnaliseDoTicket {
  sentimentoScore?: number;
  sentimentoRotulo?: 'negativo' | 'neutro' | 'positivo';
  intencao?: string;
  categoria?: string;
  flags?: TicketFlags;
}

/** What the AI features read of tickets and mensagens, and the AI columns of the ticket they write. */
@Injectable()
export class IaLeituraRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  async mensagemParaAnalise(mensagemId: string): Promise<MensagemParaAnalise | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT id, ticket_id AS "ticketId", contato_id AS "contatoId", direcao, privada,
              nullif(btrim(coalesce(conteudo, transcricao, '')), '') AS texto
         FROM atendimento_mensagens
        WHERE empresa_id = $1 AND id = $2 AND removida_em IS NULL`,
      [this.empresaId, mensagemId],
    )) as MensagemParaAnalise[];
    return linha ?? null;
  }

  /** The ticket (not deleted), locked until commit. */
  async ticketParaAtualizar(ticketId: string): Promise<TicketParaAnalise | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT id, fila_id AS "filaId", atendente_id AS "atendenteId", contato_id AS "contatoId", flags
         FROM atendimento_tickets
        WHERE empresa_id = $1 AND id = $2 AND removido_em IS NULL
          FOR UPDATE`,
      [this.empresaId, ticketId],
    )) as TicketParaAnalise[];
    return linha ?? null;
  }

  async gravarAnalise(ticketId: string, analise: AnaliseDoTicket): Promise<void> {
    await this.tx.manager.query(
      `UPDATE atendimento_tickets
          SET sentimento_score = coalesce($3, sentimento_score),
              sentimento_rotulo = coalesce($4, sentimento_rotulo),
              intencao = coalesce($5, intencao),
              categoria = coalesce($6, categoria),
              flags = flags || $7::jsonb,
              atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [
        this.empresaId,
        ticketId,
        analise.sentimentoScore ?? null,
        analise.sentimentoRotulo ?? null,
        analise.intencao ?? null,
        analise.categoria ?? null,
        JSON.stringify(analise.flags ?? {}),
      ],
    );
  }

  async gravarResumo(ticketId: string, resumo: string, em: Date): Promise<void> {
    await this.tx.manager.query(
      `UPDATE atendimento_tickets SET resumo = $3, resumo_em = $4, atualizado_em = now() WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, ticketId, resumo, em],
    );
  }

  /** The customer's first text mensagens of a ticket, oldest first (what a new ticket is classified on). */
  async primeirosTextosDoCliente(ticketId: string, limite: number): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT coalesce(conteudo, transcricao) AS texto
         FROM atendimento_mensagens
        WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND NOT privada AND removida_em IS NULL
          AND coalesce(conteudo, transcricao) IS NOT NULL
        ORDER BY criado_em, id
        LIMIT $3`,
      [this.empresaId, ticketId, limite],
    )) as { texto: string }[];
    return linhas.map((l) => l.texto);
  }

  /** The last customer-facing turns of a ticket, oldest first. */
  async conversa(ticketId: string, limite: number): Promise<TurnoConversa[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT * FROM (
         SELECT direcao, bot, coalesce(conteudo, transcricao) AS texto, criado_em, id
           FROM atendimento_mensagens
          WHERE empresa_id = $1 AND ticket_id = $2 AND NOT privada AND removida_em IS NULL
            AND coalesce(conteudo, transcricao) IS NOT NULL
          ORDER BY criado_em DESC, id DESC
          LIMIT $3) ultimas
        ORDER BY criado_em, id`,
      [this.empresaId, ticketId, limite],
    )) as { direcao: string; bot: boolean; texto: string }[];
    return linhas.map((l) => ({ autor: l.direcao === 'recebida' ? 'cliente' : l.bot ? 'bot' : 'atendente', texto: l.texto }));
  }

  async filasAtivas(): Promise<{ id: string; nome: string; descricao: string | null }[]> {
    return (await this.tx.manager.query(
      `SELECT id, nome, descricao FROM atendimento_filas WHERE empresa_id = $1 AND ativo ORDER BY ordem, nome LIMIT 50`,
      [this.empresaId],
    )) as { id: string; nome: string; descricao: string | null }[];
  }

  async nomesDeTags(): Promise<string[]> {
    const linhas = (await this.tx.manager.query(
      `SELECT nome FROM atendimento_tags WHERE empresa_id = $1 ORDER BY nome LIMIT 200`,
      [this.empresaId],
    )) as { nome: string }[];
    return linhas.map((l) => l.nome);
  }
}
