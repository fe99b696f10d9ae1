import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { CONFIG_BUSCA_TEXTO } from '../mensagens/mensagem.entity.js';
import { sqlTimestampExato } from '../../common/keyset-cursor.js';
import type { ChaveKeyset } from './keyset.js';
import { SqlParams } from './sql-builder.js';
import { condicaoVisibilidade } from './ticket-visibilidade.js';
import { Ticket, type TicketPrioridade, type TicketStatus } from './ticket.entity.js';

/** One ticket of a list page, with the basics of everything it points to (one row, no N+1). */
export interface TicketLinha {
  id: string;
  numero: number;
  status: TicketStatus;
  prioridade: TicketPrioridade;
  assunto: string | null;
  contato_id: string;
  contato_nome: string | null;
  contato_telefone: string | null;
  contato_email: string | null;
  contato_avatar_url: string | null;
  canal_id: string | null;
  canal_tipo: string | null;
  canal_nome: string | null;
  fila_id: string | null;
  fila_nome: string | null;
  fila_cor: string | null;
  atendente_id: string | null;
  atendente_nome: string | null;
  atendente_usuario_id: string | null;
  nao_lidas: number;
  ultima_mensagem_id: string | null;
  ultima_mensagem_resumo: string | null;
  ultima_mensagem_em: Date | null;
  ultima_mensagem_direcao: string | null;
  ultima_mensagem_tipo: string | null;
  ultima_mensagem_status: string | null;
  ultima_atividade_em: Date;
  ultima_mensagem_cliente_em: Date | null;
  entrou_na_fila_em: Date | null;
  atribuido_em: Date | null;
  primeira_resposta_em: Date | null;
  resolvido_em: Date | null;
  fechado_em: Date | null;
  reaberto_em: Date | null;
  reaberturas: number;
  avaliacao_nota: number | null;
  avaliacao_comentario: string | null;
  avaliado_em: Date | null;
  sla_politica_id: string | null;
  sla_primeira_resposta_prazo: Date | null;
  sla_proxima_resposta_prazo: Date | null;
  sla_resolucao_prazo: Date | null;
  sla_primeira_resposta_violado: boolean;
  sla_proxima_resposta_violado: boolean;
  sla_resolucao_violado: boolean;
  sla_pausado_em: Date | null;
  sentimento_score: number | null;
  sentimento_rotulo: 'negativo' | 'neutro' | 'positivo' | null;
  intencao: string | null;
  categoria: string | null;
  bot_ativo: boolean;
  origem_ticket_id: string | null;
  criado_em: Date;
  atualizado_em: Date;
  /** The ticket's tags, aggregated in the same statement. */
  tags: { id: string; nome: string; cor: string }[];
  /** The sort key as exact text (microseconds), for the cursor. */
  cursor_em: string;
}

/** Filters of a ticket list, already resolved by the service. */
export interface FiltrosTickets {
  /** The usuario of an atendente (visibility rule), or null for supervisors and admins. */
  usuarioRestrito: string | null;
  status?: TicketStatus[];
  prioridade?: TicketPrioridade[];
  filaId?: string | 'nenhuma';
  /** An atendente id, `nenhum` (unassigned) or `{ usuarioId }` (the atendente of that usuario: "eu"). */
  atendente?: string | 'nenhum' | { usuarioId: string };
  canalId?: string;
  contatoId?: string;
  tagIds?: string[];
  /** Full-text over the ticket's mensagens. */
  q?: string;
  /** Set when `q` is a ticket number (1042 or #1042): matches the number too. */
  numero?: number;
  criadoDe?: Date;
  /** Exclusive. */
  criadoAntesDe?: Date;
  ordem: 'atividade' | 'criacao';
  apos?: ChaveKeyset;
  limite: number;
}

export interface NovoTicket {
  numero: number;
  contatoId: string;
  canalId: string;
  filaId: string | null;
  assunto: string | null;
  prioridade: TicketPrioridade;
  origemTicketId: string | null;
  /** E-mail thread key: unique among open tickets of the canal instead of one open ticket per contato. */
  conversaChave?: string | null;
  /** Starts in the AI bot phase (`bot_ativo`) if the empresa's auto-reply mode is `automatico`. */
  comBot?: boolean;
}

const COLUNAS_LINHA = `
  t.id, t.numero, t.status, t.prioridade, t.assunto,
  t.contato_id, c.nome AS contato_nome, c.telefone AS contato_telefone, c.email AS contato_email, c.avatar_url AS contato_avatar_url,
  t.canal_id, ca.tipo AS canal_tipo, ca.nome AS canal_nome,
  t.fila_id, f.nome AS fila_nome, f.cor AS fila_cor,
  t.atendente_id, a.nome AS atendente_nome, a.usuario_id AS atendente_usuario_id,
  t.nao_lidas, t.ultima_mensagem_id, t.ultima_mensagem_resumo, t.ultima_mensagem_em,
  um.direcao AS ultima_mensagem_direcao, um.tipo AS ultima_mensagem_tipo, um.status AS ultima_mensagem_status,
  t.ultima_atividade_em, t.ultima_mensagem_cliente_em, t.entrou_na_fila_em, t.atribuido_em, t.primeira_resposta_em,
  t.resolvido_em, t.fechado_em, t.reaberto_em, t.reaberturas,
  t.avaliacao_nota, t.avaliacao_comentario, t.avaliado_em,
  t.sla_politica_id, t.sla_primeira_resposta_prazo, t.sla_proxima_resposta_prazo, t.sla_resolucao_prazo,
  t.sla_primeira_resposta_violado, t.sla_proxima_resposta_violado, t.sla_resolucao_violado, t.sla_pausado_em,
  t.sentimento_score, t.sentimento_rotulo, t.intencao, t.categoria, t.bot_ativo, t.origem_ticket_id,
  t.criado_em, t.atualizado_em,
  COALESCE((SELECT json_agg(json_build_object('id', tg.id, 'nome', tg.nome, 'cor', tg.cor) ORDER BY lower(tg.nome), tg.id)
              FROM atendimento_tickets_tags tt JOIN atendimento_tags tg ON tg.id = tt.tag_id
             WHERE tt.empresa_id = t.empresa_id AND tt.ticket_id = t.id), '[]') AS tags`;

const JUNCOES_LINHA = `
  FROM atendimento_tickets t
  JOIN atendimento_contatos c ON c.id = t.contato_id
  LEFT JOIN atendimento_canais ca ON ca.id = t.canal_id
  LEFT JOIN atendimento_filas f ON f.id = t.fila_id
  LEFT JOIN atendimento_atendentes a ON a.id = t.atendente_id
  LEFT JOIN atendimento_mensagens um ON um.id = t.ultima_mensagem_id`;

/** Open statuses, as in the unique index `atendimento_tickets_aberto_contato_canal_key`. */
const PREDICADO_ABERTO = `status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL`;

@Injectable()
export class TicketRepository extends TenantRepository<Ticket> {
  constructor(tx: TransactionHost) {
    super(tx, Ticket, 'ticket');
  }

  /** Next per-empresa número. Locks the empresa row until commit, which serializes ticket creation per empresa. */
  async proximoNumero(): Promise<number> {
    const [linha] = await this.tx.query<{ ticket_seq: number }>(
      `UPDATE empresas SET ticket_seq = ticket_seq + 1 WHERE id = $1 RETURNING ticket_seq`,
      [this.empresaId],
    );
    if (!linha) throw new Error('empresa do contexto não existe');
    return linha.ticket_seq;
  }

  /** Gives back a número that was not used (the row lock from `proximoNumero` is still held). */
  async devolverNumero(numero: number): Promise<void> {
    await this.tx.query(`UPDATE empresas SET ticket_seq = ticket_seq - 1 WHERE id = $1 AND ticket_seq = $2`, [
      this.empresaId,
      numero,
    ]);
  }

  /**
   * Inserts an open ticket unless the contato already has one on that canal (the partial unique index is the
   * arbiter, so concurrent creators cannot both win). Returns the new id, or null when one already exists.
   */
  async inserirSeNaoHouverAberto(novo: NovoTicket): Promise<string | null> {
    const chave = novo.conversaChave ?? null;
    const conflito =
      chave === null
        ? `(empresa_id, contato_id, canal_id) WHERE ${PREDICADO_ABERTO} AND conversa_chave IS NULL`
        : `(empresa_id, canal_id, conversa_chave) WHERE ${PREDICADO_ABERTO} AND conversa_chave IS NOT NULL`;
    const linhas = await this.tx.query<{ id: string }>(
      `INSERT INTO atendimento_tickets
         (empresa_id, numero, contato_id, canal_id, fila_id, assunto, prioridade, origem_ticket_id, conversa_chave, status,
          entrou_na_fila_em, ultima_atividade_em, bot_ativo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'aberto', now(), now(),
               $10::boolean AND EXISTS (SELECT 1 FROM atendimento_ia_configs ia
                                         WHERE ia.empresa_id = $1 AND ia.auto_resposta_modo = 'automatico'))
       ON CONFLICT ${conflito} DO NOTHING
       RETURNING id`,
      [
        this.empresaId,
        novo.numero,
        novo.contatoId,
        novo.canalId,
        novo.filaId,
        novo.assunto,
        novo.prioridade,
        novo.origemTicketId,
        chave,
        novo.comBot === true,
      ],
    );
    return linhas[0]?.id ?? null;
  }

  /** The open ticket of an e-mail thread on the canal. */
  async findAbertoDaConversa(canalId: string, conversaChave: string): Promise<Ticket | null> {
    return this.scoped('t')
      .andWhere('t.canal_id = :canalId AND t.conversa_chave = :conversaChave', { canalId, conversaChave })
      .andWhere(`t.status NOT IN ('resolvido', 'fechado') AND t.removido_em IS NULL`)
      .getOne();
  }

  /** The latest ticket of an e-mail thread resolved at or after `desde` (candidate for reopening). */
  async findResolvidoRecenteDaConversa(canalId: string, conversaChave: string, desde: Date): Promise<Ticket | null> {
    return this.scoped('t')
      .andWhere('t.canal_id = :canalId AND t.conversa_chave = :conversaChave', { canalId, conversaChave })
      .andWhere(`t.status = 'resolvido' AND t.removido_em IS NULL AND t.resolvido_em >= :desde`, { desde })
      .orderBy('t.resolvido_em', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The contato's one open ticket on the canal; e-mail thread tickets (keyed) are each their own conversation. */
  async findAbertoPorContatoECanal(contatoId: string, canalId: string): Promise<Ticket | null> {
    return this.scoped('t')
      .andWhere('t.contato_id = :contatoId AND t.canal_id = :canalId', { contatoId, canalId })
      .andWhere(`t.status NOT IN ('resolvido', 'fechado') AND t.removido_em IS NULL AND t.conversa_chave IS NULL`)
      .getOne();
  }

  /** The latest ticket of the contato on the canal resolved at or after `desde` (candidates for reopening). */
  async findResolvidoRecentePorContatoECanal(contatoId: string, canalId: string, desde: Date): Promise<Ticket | null> {
    return this.scoped('t')
      .andWhere('t.contato_id = :contatoId AND t.canal_id = :canalId', { contatoId, canalId })
      .andWhere(`t.status = 'resolvido' AND t.removido_em IS NULL AND t.resolvido_em >= :desde`, { desde })
      .orderBy('t.resolvido_em', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The latest ticket of the contato on the canal, whatever its status (what a new ticket continues). */
  async findUltimoPorContatoECanal(contatoId: string, canalId: string): Promise<Ticket | null> {
    return this.scoped('t')
      .andWhere('t.contato_id = :contatoId AND t.canal_id = :canalId AND t.removido_em IS NULL', { contatoId, canalId })
      .orderBy('t.criado_em', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Not soft-deleted; locks the row until commit so status changes never interleave. */
  async findAtivoParaAtualizar(id: string): Promise<Ticket | null> {
    return this.scoped('t').andWhere('t.id = :id AND t.removido_em IS NULL', { id }).setLock('pessimistic_write').getOne();
  }

  async findAtivo(id: string): Promise<Ticket | null> {
    return this.scoped('t').andWhere('t.id = :id AND t.removido_em IS NULL', { id }).getOne();
  }

  /** The ticket exists, is not deleted and (for an atendente's usuario) is visible: one statement. */
  async existeVisivel(ticketId: string, usuarioRestrito: string | null): Promise<boolean> {
    const visibilidade = usuarioRestrito ? `AND ${condicaoVisibilidade('t', '$1', '$3')}` : '';
    const linhas = await this.tx.query(
      `SELECT 1 FROM atendimento_tickets t WHERE t.empresa_id = $1 AND t.id = $2 AND t.removido_em IS NULL ${visibilidade}`,
      usuarioRestrito ? [this.empresaId, ticketId, usuarioRestrito] : [this.empresaId, ticketId],
    );
    return linhas.length > 0;
  }

  /** The atendente visibility rule for one ticket (see ticket-visibilidade.ts). */
  async visivelPara(ticketId: string, usuarioId: string): Promise<boolean> {
    const linhas = await this.tx.query(
      `SELECT 1 FROM atendimento_tickets t WHERE t.empresa_id = $1 AND t.id = $2 AND ${condicaoVisibilidade('t', '$1', '$3')}`,
      [this.empresaId, ticketId, usuarioId],
    );
    return linhas.length > 0;
  }

  /**
   * One page of tickets in one statement: the ticket with contato, canal, fila, atendente, last-message basics and
   * tags. A single statement needs no transaction of its own (it reads one snapshot).
   */
  async listarLinhas(filtros: FiltrosTickets): Promise<TicketLinha[]> {
    const sql = new SqlParams();
    const empresa = sql.p(this.empresaId);
    const ordem = filtros.ordem === 'criacao' ? 't.criado_em' : 't.ultima_atividade_em';
    const condicoes: string[] = [`t.empresa_id = ${empresa}`, `t.removido_em IS NULL`];

    if (filtros.usuarioRestrito) condicoes.push(condicaoVisibilidade('t', empresa, sql.p(filtros.usuarioRestrito)));
    if (filtros.status) condicoes.push(`t.status = ANY(${sql.p(filtros.status)}::text[])`);
    if (filtros.prioridade) condicoes.push(`t.prioridade = ANY(${sql.p(filtros.prioridade)}::text[])`);
    if (filtros.filaId === 'nenhuma') condicoes.push(`t.fila_id IS NULL`);
    else if (filtros.filaId) condicoes.push(`t.fila_id = ${sql.p(filtros.filaId)}`);
    if (filtros.atendente === 'nenhum') condicoes.push(`t.atendente_id IS NULL`);
    else if (typeof filtros.atendente === 'string') condicoes.push(`t.atendente_id = ${sql.p(filtros.atendente)}`);
    else if (filtros.atendente) {
      condicoes.push(
        `t.atendente_id IN (SELECT ea.id FROM atendimento_atendentes ea WHERE ea.usuario_id = ${sql.p(filtros.atendente.usuarioId)} AND ea.empresa_id = ${empresa})`,
      );
    }
    if (filtros.canalId) condicoes.push(`t.canal_id = ${sql.p(filtros.canalId)}`);
    if (filtros.contatoId) condicoes.push(`t.contato_id = ${sql.p(filtros.contatoId)}`);
    if (filtros.tagIds) {
      condicoes.push(
        `EXISTS (SELECT 1 FROM atendimento_tickets_tags tt WHERE tt.empresa_id = t.empresa_id AND tt.ticket_id = t.id AND tt.tag_id = ANY(${sql.p(filtros.tagIds)}::uuid[]))`,
      );
    }
    if (filtros.q) {
      const busca = `EXISTS (SELECT 1 FROM atendimento_mensagens bm
          WHERE bm.empresa_id = t.empresa_id AND bm.ticket_id = t.id
            AND bm.busca @@ websearch_to_tsquery('${CONFIG_BUSCA_TEXTO}', ${sql.p(filtros.q)}))`;
      condicoes.push(filtros.numero !== undefined ? `(t.numero = ${sql.p(filtros.numero)} OR ${busca})` : busca);
    }
    if (filtros.criadoDe) condicoes.push(`t.criado_em >= ${sql.p(filtros.criadoDe)}`);
    if (filtros.criadoAntesDe) condicoes.push(`t.criado_em < ${sql.p(filtros.criadoAntesDe)}`);
    if (filtros.apos)
      condicoes.push(`(${ordem}, t.id) < (${sql.p(filtros.apos.em)}::timestamptz, ${sql.p(filtros.apos.id)}::uuid)`);

    // A search's plan depends on its words, so it is planned each time; the other shapes are few and prepared.
    const consultar = filtros.q ? this.tx.query.bind(this.tx) : this.tx.queryPreparada.bind(this.tx);
    return consultar<TicketLinha>(
      `SELECT ${COLUNAS_LINHA}, ${sqlTimestampExato(ordem)} AS cursor_em
       ${JUNCOES_LINHA}
       WHERE ${condicoes.join(' AND ')}
       ORDER BY ${ordem} DESC, t.id DESC
       LIMIT ${sql.p(filtros.limite + 1)}`,
      sql.valores,
    );
  }

  /** Several not deleted tickets in the shape of a list row, in one statement; unordered, missing ids skipped. */
  async buscarLinhas(ids: readonly string[]): Promise<TicketLinha[]> {
    if (ids.length === 0) return [];
    return this.tx.queryPreparada<TicketLinha>(
      `SELECT ${COLUNAS_LINHA}, ${sqlTimestampExato('t.ultima_atividade_em')} AS cursor_em
       ${JUNCOES_LINHA}
       WHERE t.empresa_id = $1 AND t.id = ANY($2::uuid[]) AND t.removido_em IS NULL`,
      [this.empresaId, [...ids]],
    );
  }

  /** One ticket with the same shape as a list row, if it exists, is not deleted and the usuario may see it. */
  async buscarLinha(id: string, usuarioRestrito: string | null): Promise<TicketLinha | null> {
    const visibilidade = usuarioRestrito ? `AND ${condicaoVisibilidade('t', '$1', '$3')}` : '';
    const [linha] = await this.tx.queryPreparada<TicketLinha>(
      `SELECT ${COLUNAS_LINHA}, ${sqlTimestampExato('t.ultima_atividade_em')} AS cursor_em
       ${JUNCOES_LINHA}
       WHERE t.empresa_id = $1 AND t.id = $2 AND t.removido_em IS NULL ${visibilidade}`,
      usuarioRestrito ? [this.empresaId, id, usuarioRestrito] : [this.empresaId, id],
    );
    return linha ?? null;
  }

  /**
   * Recounts the unread customer mensagens (received, not yet read by an agent) into `nao_lidas`. A count, not
   * an increment, so registering the same mensagem twice (salvarMensagem, then the inbound pipeline) is
   * harmless; the partial index on unread mensagens keeps it proportional to the unread ones.
   */
  async recontarNaoLidas(ticketId: string): Promise<number> {
    const [linha] = await this.tx.query<{ nao_lidas: number }>(
      `UPDATE atendimento_tickets t
          SET nao_lidas = (SELECT count(*) FROM atendimento_mensagens m
                            WHERE m.empresa_id = t.empresa_id AND m.ticket_id = t.id
                              AND m.direcao = 'recebida' AND m.lida_em IS NULL)
        WHERE t.empresa_id = $1 AND t.id = $2
        RETURNING t.nao_lidas`,
      [this.empresaId, ticketId],
    );
    return linha?.nao_lidas ?? 0;
  }
}
