import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Ticket, type TicketStatus } from '../tickets/ticket.entity.js';

/** What the engine reads of a ticket to evaluate and run rules. */
export interface TicketDaAutomacao {
  id: string;
  empresaId: string;
  numero: number;
  status: TicketStatus;
  prioridade: string;
  filaId: string | null;
  atendenteId: string | null;
  canalId: string | null;
  canalTipo: string | null;
  contatoId: string;
  contatoNome: string | null;
  assunto: string | null;
  tagIds: string[];
  intencao: string | null;
  sentimentoRotulo: string | null;
  ultimaAtividadeEm: Date;
  avaliacaoNota: number | null;
}

interface Linha {
  id: string;
  empresa_id: string;
  numero: number;
  status: TicketStatus;
  prioridade: string;
  fila_id: string | null;
  atendente_id: string | null;
  canal_id: string | null;
  canal_tipo: string | null;
  contato_id: string;
  contato_nome: string | null;
  assunto: string | null;
  tag_ids: string[] | null;
  intencao: string | null;
  sentimento_rotulo: string | null;
  ultima_atividade_em: Date;
  avaliacao_nota: number | null;
}

/**
 * Reads of tickets, mensagens and ticket events for the automations engine. Ticket changes themselves go through
 * TicketService, TagService and MensagemService; this only writes the engine's own `automacao_executada` event.
 */
@Injectable()
export class AutomacaoContextoRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /** Not deleted; `bloquear` locks the row until commit (one rule evaluation per ticket at a time). */
  async ticket(ticketId: string, bloquear: boolean): Promise<TicketDaAutomacao | null> {
    const [l] = await this.tx.query<Linha>(
      `SELECT t.id, t.empresa_id, t.numero, t.status, t.prioridade, t.fila_id, t.atendente_id, t.canal_id, c.tipo AS canal_tipo,
              t.contato_id, ct.nome AS contato_nome, t.assunto, t.intencao, t.sentimento_rotulo, t.ultima_atividade_em,
              t.avaliacao_nota,
              ARRAY(SELECT tt.tag_id FROM atendimento_tickets_tags tt WHERE tt.empresa_id = t.empresa_id AND tt.ticket_id = t.id) AS tag_ids
         FROM atendimento_tickets t
         LEFT JOIN atendimento_canais c ON c.id = t.canal_id
         LEFT JOIN atendimento_contatos ct ON ct.id = t.contato_id
        WHERE t.empresa_id = $1 AND t.id = $2 AND t.removido_em IS NULL
        ${bloquear ? 'FOR UPDATE OF t' : ''}`,
      [this.empresaId, ticketId],
    );
    if (!l) return null;
    return {
      id: l.id,
      empresaId: l.empresa_id,
      numero: l.numero,
      status: l.status,
      prioridade: l.prioridade,
      filaId: l.fila_id,
      atendenteId: l.atendente_id,
      canalId: l.canal_id,
      canalTipo: l.canal_tipo,
      contatoId: l.contato_id,
      contatoNome: l.contato_nome,
      assunto: l.assunto,
      tagIds: l.tag_ids ?? [],
      intencao: l.intencao,
      sentimentoRotulo: l.sentimento_rotulo,
      ultimaAtividadeEm: l.ultima_atividade_em,
      avaliacaoNota: l.avaliacao_nota,
    };
  }

  /** A customer's public mensagem (what mensagem_recebida is about); null for ours, notes or unknown ids. */
  async mensagemDoCliente(mensagemId: string): Promise<{ ticketId: string; texto: string | null } | null> {
    const [l] = await this.tx.query<{ ticket_id: string; conteudo: string | null }>(
      `SELECT ticket_id, conteudo FROM atendimento_mensagens
        WHERE empresa_id = $1 AND id = $2 AND direcao = 'recebida' AND NOT privada`,
      [this.empresaId, mensagemId],
    );
    return l ? { ticketId: l.ticket_id, texto: l.conteudo } : null;
  }

  /** The newest customer text of the ticket (text conditions of triggers without a mensagem). */
  async ultimoTextoDoCliente(ticketId: string): Promise<string | null> {
    const [l] = await this.tx.query<{ conteudo: string }>(
      `SELECT conteudo FROM atendimento_mensagens
        WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND NOT privada AND conteudo IS NOT NULL
        ORDER BY criado_em DESC, id DESC LIMIT 1`,
      [this.empresaId, ticketId],
    );
    return l?.conteudo ?? null;
  }

  /** The ticket's history shows which rule acted, with what, by the `automacao` actor. */
  async registrarExecucao(ticketId: string, dados: Record<string, unknown>): Promise<void> {
    await this.tx.query(
      `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, ator, dados)
       VALUES ($1, $2, 'automacao_executada', 'automacao', $3::jsonb)`,
      [this.empresaId, ticketId, JSON.stringify(dados)],
    );
  }

  /** Open tickets of the empresa whose last activity is at or before `ate` (the idle sweep's candidates). */
  async ociososDesde(ate: Date, limite: number): Promise<{ id: string; ultimaAtividadeEm: Date }[]> {
    const linhas = await this.tx.query<{ id: string; ultima_atividade_em: Date }>(
      `SELECT id, ultima_atividade_em FROM atendimento_tickets
        WHERE empresa_id = $1 AND removido_em IS NULL AND status NOT IN ('resolvido', 'fechado') AND ultima_atividade_em <= $2
        ORDER BY ultima_atividade_em LIMIT $3`,
      [this.empresaId, ate, limite],
    );
    return linhas.map((l) => ({ id: l.id, ultimaAtividadeEm: l.ultima_atividade_em }));
  }
}
