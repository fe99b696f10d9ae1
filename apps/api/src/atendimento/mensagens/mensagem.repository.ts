import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { sqlTimestampExato } from '../../common/keyset-cursor.js';
import type { ChaveKeyset } from '../tickets/keyset.js';
import { SqlParams } from '../tickets/sql-builder.js';
import { condicaoVisibilidade } from '../tickets/ticket-visibilidade.js';
import type { AnexoDto } from '@atende/shared';
import {
  Mensagem,
  type MensagemDirecao,
  type MensagemPayload,
  type MensagemStatus,
  type MensagemTipo,
} from './mensagem.entity.js';

export interface NovaMensagem {
  ticketId: string;
  canalId: string | null;
  contatoId: string | null;
  direcao: MensagemDirecao;
  privada: boolean;
  tipo: MensagemTipo;
  conteudo: string | null;
  payload: MensagemPayload;
  externalId: string | null;
  /** The quoted mensagem when known; else it is looked up by `respondeAExternalId` on the same canal. */
  respondeAId: string | null;
  respondeAExternalId: string | null;
  status: MensagemStatus;
  remetenteUsuarioId: string | null;
  remetenteAtendenteId: string | null;
  bot: boolean;
  templateId: string | null;
  provedorEm: Date | null;
  /** Null: the insertion instant (clock_timestamp, so mensagens of one transaction keep their order). */
  criadoEm: Date | null;
}

/** One mensagem of a page, with the sender's name and the quoted mensagem's summary (one row, no N+1). */
export interface MensagemLinha {
  id: string;
  ticket_id: string;
  contato_id: string | null;
  canal_id: string | null;
  direcao: MensagemDirecao;
  privada: boolean;
  tipo: MensagemTipo;
  conteudo: string | null;
  payload: MensagemPayload;
  external_id: string | null;
  status: MensagemStatus;
  erro_codigo: string | null;
  erro_mensagem: string | null;
  remetente_usuario_id: string | null;
  remetente_atendente_id: string | null;
  remetente_nome: string | null;
  bot: boolean;
  template_id: string | null;
  responde_a_id: string | null;
  responde_a_external_id: string | null;
  reacoes: Mensagem['reacoes'];
  transcricao: string | null;
  transcricao_status: Mensagem['transcricaoStatus'];
  provedor_em: Date | null;
  enviada_em: Date | null;
  entregue_em: Date | null;
  lida_em: Date | null;
  editada_em: Date | null;
  removida_em: Date | null;
  criado_em: Date;
  r_direcao: MensagemDirecao | null;
  r_tipo: MensagemTipo | null;
  r_conteudo: string | null;
  r_remetente_nome: string | null;
  r_removida_em: Date | null;
  /** The mensagem's anexos, aggregated in the same statement (DTO shape but the url). */
  anexos: Omit<AnexoDto, 'url'>[];
  cursor_em: string;
}

export type StatusEntrega = 'enviada' | 'entregue' | 'lida' | 'falhou';

const COLUNAS_LINHA = `
  m.id, m.ticket_id, m.contato_id, m.canal_id, m.direcao, m.privada, m.tipo, m.conteudo, m.payload, m.external_id,
  m.status, m.erro_codigo, m.erro_mensagem, m.remetente_usuario_id, m.remetente_atendente_id,
  COALESCE(ra.nome, ru.nome) AS remetente_nome, m.bot, m.template_id, m.responde_a_id, m.responde_a_external_id,
  m.reacoes, m.transcricao, m.transcricao_status, m.provedor_em, m.enviada_em, m.entregue_em, m.lida_em, m.editada_em, m.removida_em,
  m.criado_em,
  r.direcao AS r_direcao, r.tipo AS r_tipo, left(r.conteudo, 200) AS r_conteudo,
  COALESCE(rra.nome, rru.nome) AS r_remetente_nome, r.removida_em AS r_removida_em,
  COALESCE((SELECT json_agg(json_build_object(
              'id', an.id, 'mensagemId', an.mensagem_id, 'nomeArquivo', an.nome_arquivo, 'mimeTipo', an.mime_tipo,
              'tamanhoBytes', an.tamanho_bytes, 'sha256', an.sha256, 'metadados', an.metadados,
              'criadoEm', to_char(an.criado_em AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY an.criado_em, an.id)
              FROM atendimento_anexos an WHERE an.empresa_id = m.empresa_id AND an.mensagem_id = m.id), '[]') AS anexos,
  ${sqlTimestampExato('m.criado_em')} AS cursor_em`;

const JUNCOES_LINHA = `
  FROM atendimento_mensagens m
  LEFT JOIN atendimento_atendentes ra ON ra.id = m.remetente_atendente_id
  LEFT JOIN usuarios ru ON ru.id = m.remetente_usuario_id
  LEFT JOIN atendimento_mensagens r ON r.id = m.responde_a_id
  LEFT JOIN atendimento_atendentes rra ON rra.id = r.remetente_atendente_id
  LEFT JOIN usuarios rru ON rru.id = r.remetente_usuario_id`;

/**
 * Delivery status moves forward only: pendente < enviada < entregue < lida. `falhou` is terminal, and a late
 * failure is still applied over `enviada` (the provider accepted, then could not deliver) but never over
 * entregue/lida. As SQL: the rank of the current status must be below the rank of the new one.
 */
const RANK_ATUAL = `CASE status WHEN 'pendente' THEN 0 WHEN 'enviada' THEN 1 WHEN 'entregue' THEN 2 WHEN 'lida' THEN 3 ELSE 99 END`;
const RANK_NOVO = (p: string) =>
  `CASE ${p}::text WHEN 'enviada' THEN 1 WHEN 'entregue' THEN 2 WHEN 'lida' THEN 3 WHEN 'falhou' THEN 2 ELSE -1 END`;
const SET_STATUS = (status: string, em: string, codigo: string, texto: string) => `
  status = ${status}::text,
  enviada_em = CASE WHEN ${status}::text IN ('enviada', 'entregue', 'lida') THEN COALESCE(enviada_em, ${em}::timestamptz) ELSE enviada_em END,
  entregue_em = CASE WHEN ${status}::text IN ('entregue', 'lida') THEN COALESCE(entregue_em, ${em}::timestamptz) ELSE entregue_em END,
  lida_em = CASE WHEN ${status}::text = 'lida' THEN COALESCE(lida_em, ${em}::timestamptz) ELSE lida_em END,
  erro_codigo = CASE WHEN ${status}::text = 'falhou' THEN ${codigo}::text ELSE erro_codigo END,
  erro_mensagem = CASE WHEN ${status}::text = 'falhou' THEN ${texto}::text ELSE erro_mensagem END,
  atualizado_em = now()`;

@Injectable()
export class MensagemRepository extends TenantRepository<Mensagem> {
  constructor(tx: TransactionHost) {
    super(tx, Mensagem, 'mensagem');
  }

  /**
   * Inserts unless the canal already has a mensagem with that external id (webhook redelivery): then null.
   * The quoted mensagem is linked by its external id on the same canal when the caller did not resolve it.
   */
  async inserir(nova: NovaMensagem): Promise<string | null> {
    const linhas = await this.tx.query<{ id: string }>(
      `INSERT INTO atendimento_mensagens
         (empresa_id, ticket_id, contato_id, canal_id, direcao, privada, tipo, conteudo, payload, external_id,
          responde_a_id, responde_a_external_id, status, remetente_usuario_id, remetente_atendente_id, bot, template_id,
          provedor_em, enviada_em, criado_em)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10,
          COALESCE($11::uuid, (SELECT q.id FROM atendimento_mensagens q
                                WHERE q.canal_id = $4 AND q.external_id = $12::text AND q.empresa_id = $1)),
          $12::text, $13::text, $14, $15, $16, $17, $18,
          CASE WHEN $13::text = 'enviada' THEN COALESCE($19::timestamptz, clock_timestamp()) END,
          COALESCE($19::timestamptz, clock_timestamp()))
       ON CONFLICT (canal_id, external_id) DO NOTHING
       RETURNING id`,
      [
        this.empresaId,
        nova.ticketId,
        nova.contatoId,
        nova.canalId,
        nova.direcao,
        nova.privada,
        nova.tipo,
        nova.conteudo,
        JSON.stringify(nova.payload),
        nova.externalId,
        nova.respondeAId,
        nova.respondeAExternalId,
        nova.status,
        nova.remetenteUsuarioId,
        nova.remetenteAtendenteId,
        nova.bot,
        nova.templateId,
        nova.provedorEm,
        nova.criadoEm,
      ],
    );
    return linhas[0]?.id ?? null;
  }

  async findPorExternalId(canalId: string, externalId: string): Promise<Mensagem | null> {
    return this.scoped('m').andWhere('m.canal_id = :canalId AND m.external_id = :externalId', { canalId, externalId }).getOne();
  }

  async findDoTicket(id: string, ticketId: string): Promise<Mensagem | null> {
    return this.scoped('m').andWhere('m.id = :id AND m.ticket_id = :ticketId', { id, ticketId }).getOne();
  }

  /**
   * A page of a ticket's mensagens, newest first, after the cursor (further back in time), with sender names,
   * the quoted mensagem and the anexos, in one statement that also checks the ticket: null when the ticket does
   * not exist, is deleted or (for an atendente's usuario) is not visible; an empty page when it has no mensagens.
   */
  async listarPaginaDoTicket(
    ticketId: string,
    usuarioRestrito: string | null,
    apos: ChaveKeyset | undefined,
    limite: number,
  ): Promise<MensagemLinha[] | null> {
    const sql = new SqlParams();
    const empresa = sql.p(this.empresaId);
    const ticket = sql.p(ticketId);
    const visibilidade = usuarioRestrito ? `AND ${condicaoVisibilidade('t', empresa, sql.p(usuarioRestrito))}` : '';
    const antes = apos ? `AND (m.criado_em, m.id) < (${sql.p(apos.em)}::timestamptz, ${sql.p(apos.id)}::uuid)` : '';
    const linhas = await this.tx.queryPreparada<MensagemLinha & { ticket_visivel: string }>(
      `SELECT tk.id AS ticket_visivel, pagina.*
         FROM (SELECT t.id FROM atendimento_tickets t
                WHERE t.empresa_id = ${empresa} AND t.id = ${ticket} AND t.removido_em IS NULL ${visibilidade}) tk
         LEFT JOIN LATERAL (
           SELECT ${COLUNAS_LINHA} ${JUNCOES_LINHA}
            WHERE m.empresa_id = ${empresa} AND m.ticket_id = tk.id ${antes}
            ORDER BY m.criado_em DESC, m.id DESC
            LIMIT ${sql.p(limite + 1)}) pagina ON true`,
      sql.valores,
    );
    if (linhas.length === 0) return null;
    return linhas.filter((linha) => linha.id !== null);
  }

  async buscarLinha(id: string): Promise<MensagemLinha | null> {
    const [linha] = await this.tx.queryPreparada<MensagemLinha>(
      `SELECT ${COLUNAS_LINHA} ${JUNCOES_LINHA} WHERE m.empresa_id = $1 AND m.id = $2`,
      [this.empresaId, id],
    );
    return linha ?? null;
  }

  /** Several mensagens in the shape of `buscarLinha`, in one statement; unordered, missing ids skipped. */
  async buscarLinhas(ids: readonly string[]): Promise<MensagemLinha[]> {
    if (ids.length === 0) return [];
    return this.tx.queryPreparada<MensagemLinha>(
      `SELECT ${COLUNAS_LINHA} ${JUNCOES_LINHA} WHERE m.empresa_id = $1 AND m.id = ANY($2::uuid[])`,
      [this.empresaId, [...ids]],
    );
  }

  /** Moves an outbound mensagem's status forward (see RANK above); returns its id when it changed. */
  async avancarStatusPorExternalId(
    canalId: string,
    externalId: string,
    status: StatusEntrega,
    em: Date,
    erro: { codigo: string; mensagem: string } | null,
  ): Promise<string | null> {
    const [linha] = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_mensagens SET ${SET_STATUS('$4', '$5', '$6', '$7')}
        WHERE empresa_id = $1 AND canal_id = $2 AND external_id = $3 AND direcao = 'enviada' AND NOT privada
          AND ${RANK_ATUAL} < ${RANK_NOVO('$4')}
        RETURNING id`,
      [this.empresaId, canalId, externalId, status, em, erro?.codigo ?? null, erro?.mensagem ?? null],
    );
    return linha?.id ?? null;
  }

  /** Same rule by id, for the outbound sender (which also records the provider's id once it has one). */
  async avancarStatusPorId(
    id: string,
    status: StatusEntrega,
    em: Date,
    externalId: string | null,
    erro: { codigo: string; mensagem: string } | null,
  ): Promise<string | null> {
    const [linha] = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_mensagens SET ${SET_STATUS('$3', '$4', '$5', '$6')}, external_id = COALESCE(external_id, $7::text)
        WHERE empresa_id = $1 AND id = $2 AND direcao = 'enviada' AND NOT privada
          AND ${RANK_ATUAL} < ${RANK_NOVO('$3')}
        RETURNING id`,
      [this.empresaId, id, status, em, erro?.codigo ?? null, erro?.mensagem ?? null, externalId],
    );
    return linha?.id ?? null;
  }

  /** Marks the ticket's customer mensagens up to `ateId` (inclusive, by time) as read by an agent; returns how many. */
  async marcarRecebidasComoLidas(ticketId: string, ateId: string): Promise<number> {
    const linhas = await this.tx.query<{ id: string }>(
      `UPDATE atendimento_mensagens m SET lida_em = now(), atualizado_em = now()
         FROM atendimento_mensagens ate
        WHERE ate.empresa_id = $1 AND ate.id = $3
          AND m.empresa_id = $1 AND m.ticket_id = $2 AND m.direcao = 'recebida' AND m.lida_em IS NULL
          AND (m.criado_em, m.id) <= (ate.criado_em, ate.id)
        RETURNING m.id`,
      [this.empresaId, ticketId, ateId],
    );
    return linhas.length;
  }

  /**
   * The newest customer mensagem an agent has not read yet, and the newest unread one the canal can mark read
   * (it has a provider id): marking it read on WhatsApp also marks every earlier one.
   */
  async ultimasRecebidasNaoLidas(ticketId: string): Promise<{ ultimaId: string | null; ultimaNoCanalId: string | null }> {
    const [linha] = await this.tx.query<{ ultima_id: string | null; ultima_no_canal_id: string | null }>(
      `SELECT
         (SELECT id FROM atendimento_mensagens
           WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND lida_em IS NULL
           ORDER BY criado_em DESC, id DESC LIMIT 1) AS ultima_id,
         (SELECT id FROM atendimento_mensagens
           WHERE empresa_id = $1 AND ticket_id = $2 AND direcao = 'recebida' AND lida_em IS NULL
             AND external_id IS NOT NULL AND canal_id IS NOT NULL
           ORDER BY criado_em DESC, id DESC LIMIT 1) AS ultima_no_canal_id`,
      [this.empresaId, ticketId],
    );
    return { ultimaId: linha?.ultima_id ?? null, ultimaNoCanalId: linha?.ultima_no_canal_id ?? null };
  }
}
