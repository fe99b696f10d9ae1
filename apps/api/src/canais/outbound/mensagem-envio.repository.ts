import { Injectable } from '@nestjs/common';
import {
  Mensagem,
  type MensagemPayload,
  type MensagemStatus,
  type MensagemTipo,
} from '../../atendimento/mensagens/mensagem.entity.js';
import type { TemplateWhatsappComponente } from '../../atendimento/templates/template.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

/** What the outbound worker needs of a mensagem: its content, where it goes and how to route events about it. */
export interface MensagemParaEnvio {
  id: string;
  ticketId: string;
  contatoId: string | null;
  canalId: string | null;
  direcao: 'recebida' | 'enviada';
  privada: boolean;
  tipo: MensagemTipo;
  conteudo: string | null;
  payload: MensagemPayload;
  externalId: string | null;
  status: MensagemStatus;
  /** Provider id of the quoted mensagem (stored one first, else the id kept when it is not stored). */
  citadaExternalId: string | null;
  templateId: string | null;
  filaId: string | null;
  atendenteId: string | null;
  /** The ticket's last customer message: channels with a reply window pick the message type by it. */
  ultimaMensagemClienteEm: Date | null;
  /** Written by a usuario (not the AI or an automation). */
  humana: boolean;
}

interface Linha {
  id: string;
  ticket_id: string;
  contato_id: string | null;
  canal_id: string | null;
  direcao: 'recebida' | 'enviada';
  privada: boolean;
  tipo: MensagemTipo;
  conteudo: string | null;
  payload: MensagemPayload;
  external_id: string | null;
  status: MensagemStatus;
  citada_external_id: string | null;
  template_id: string | null;
  fila_id: string | null;
  atendente_id: string | null;
  ultima_mensagem_cliente_em: Date | null;
  humana: boolean;
}

/**
 * The outbound worker's reads: the mensagem with what routes events about it, the contato's address on the
 * canal, and the synced provider template it fills. Status changes go through MensagemService.
 */
@Injectable()
export class MensagemEnvioRepository extends TenantRepository<Mensagem> {
  constructor(tx: TransactionHost) {
    super(tx, Mensagem, 'mensagem');
  }

  async carregar(id: string): Promise<MensagemParaEnvio | null> {
    const rows = await this.tx.query<Linha>(
      `SELECT m.id, m.ticket_id, m.contato_id, m.canal_id, m.direcao, m.privada, m.tipo, m.conteudo, m.payload, m.external_id,
              m.status, coalesce(q.external_id, m.responde_a_external_id) AS citada_external_id, m.template_id, t.fila_id, t.atendente_id,
              t.ultima_mensagem_cliente_em, (m.remetente_usuario_id IS NOT NULL AND NOT m.bot) AS humana
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id
         LEFT JOIN atendimento_mensagens q ON q.id = m.responde_a_id AND q.empresa_id = m.empresa_id
        WHERE m.empresa_id = $1 AND m.id = $2`,
      [this.empresaId, id],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: row.id,
      ticketId: row.ticket_id,
      contatoId: row.contato_id,
      canalId: row.canal_id,
      direcao: row.direcao,
      privada: row.privada,
      tipo: row.tipo,
      conteudo: row.conteudo,
      payload: row.payload,
      externalId: row.external_id,
      status: row.status,
      citadaExternalId: row.citada_external_id,
      templateId: row.template_id,
      filaId: row.fila_id,
      atendenteId: row.atendente_id,
      ultimaMensagemClienteEm: row.ultima_mensagem_cliente_em,
      humana: row.humana,
    };
  }

  /**
   * Where the contato is reached on this canal: its identity of the canal's kind, preferring one first seen
   * on this very canal and the most recently active (WhatsApp also keys customers by BSUID). The provider's
   * exact id wins over the canonical form stored as `valor` (a Brazilian wa_id without the 9th digit).
   */
  async enderecoDoContato(contatoId: string, canalId: string, tipos: readonly string[]): Promise<string | null> {
    const rows = await this.tx.query<{ valor: string }>(
      `SELECT coalesce(dados->>'waId', valor) AS valor FROM atendimento_contato_identidades
        WHERE empresa_id = $1 AND contato_id = $2 AND tipo = ANY($3::text[])
        ORDER BY (canal_id IS NOT DISTINCT FROM $4::uuid) DESC, array_position($3::text[], tipo), ultima_mensagem_em DESC NULLS LAST, criado_em
        LIMIT 1`,
      [this.empresaId, contatoId, tipos, canalId],
    );
    return rows[0]?.valor ?? null;
  }

  /**
   * Threaded channels (e-mail): the ticket's subject and the provider ids of its other messages, oldest
   * first, led by the thread's first Message-ID when the ticket continues an older thread.
   */
  async fioDoTicket(ticketId: string, excetoMensagemId: string): Promise<{ subject: string | null; references: string[] }> {
    const rows = await this.tx.query<{ assunto: string | null; conversa_chave: string | null; external_id: string | null }>(
      `SELECT t.assunto, t.conversa_chave, m.external_id
         FROM atendimento_tickets t
         LEFT JOIN atendimento_mensagens m
           ON m.empresa_id = t.empresa_id AND m.ticket_id = t.id AND m.external_id IS NOT NULL AND NOT m.privada AND m.id <> $3
        WHERE t.empresa_id = $1 AND t.id = $2
        ORDER BY m.criado_em, m.id`,
      [this.empresaId, ticketId, excetoMensagemId],
    );
    const references: string[] = [];
    const chave = rows[0]?.conversa_chave ?? null;
    if (chave !== null) references.push(chave);
    for (const row of rows)
      if (row.external_id !== null && !references.includes(row.external_id)) references.push(row.external_id);
    return { subject: rows[0]?.assunto ?? null, references };
  }

  async telefoneDoContato(contatoId: string): Promise<string | null> {
    const rows = await this.tx.query<{ telefone: string | null }>(
      `SELECT telefone FROM atendimento_contatos WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, contatoId],
    );
    return rows[0]?.telefone ?? null;
  }

  /** The components of a synced provider template (WhatsApp), to fill with the mensagem's variables. */
  async componentesDoTemplate(templateId: string): Promise<TemplateWhatsappComponente[] | null> {
    const rows = await this.tx.query<{ whatsapp_componentes: TemplateWhatsappComponente[] | null }>(
      `SELECT whatsapp_componentes FROM atendimento_templates WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, templateId],
    );
    return rows[0]?.whatsapp_componentes ?? null;
  }

  /** The provider's id for an inbound mensagem (mark-as-read), or null. */
  async externalIdRecebida(id: string): Promise<{ canalId: string; externalId: string } | null> {
    const rows = await this.tx.query<{ canal_id: string | null; external_id: string | null }>(
      `SELECT canal_id, external_id FROM atendimento_mensagens WHERE empresa_id = $1 AND id = $2 AND direcao = 'recebida'`,
      [this.empresaId, id],
    );
    const row = rows[0];
    return row?.canal_id && row.external_id ? { canalId: row.canal_id, externalId: row.external_id } : null;
  }
}
