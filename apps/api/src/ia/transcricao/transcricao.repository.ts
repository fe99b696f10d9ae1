import { Injectable } from '@nestjs/common';
import { Mensagem, type TranscricaoStatus } from '../../atendimento/mensagens/mensagem.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

export interface AudioDaMensagem {
  id: string;
  ticketId: string;
  filaId: string | null;
  atendenteId: string | null;
  /** The mensagem's text besides the audio (a caption); null for a plain voice note. */
  conteudo: string | null;
  transcricaoStatus: TranscricaoStatus | null;
  /** The first audio/* anexo; null while the media is not downloaded (or there is none). */
  anexoId: string | null;
  nomeArquivo: string | null;
  mimeTipo: string | null;
}

/** The transcript columns of atendimento_mensagens and the audio they come from. */
@Injectable()
export class TranscricaoRepository extends TenantRepository<Mensagem> {
  constructor(tx: TransactionHost) {
    super(tx, Mensagem, 'mensagem');
  }

  /** A non-private, not removed mensagem that is audio (by type or by an audio/* anexo); null otherwise. */
  async audio(mensagemId: string, bloquear = false): Promise<AudioDaMensagem | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT m.id, m.ticket_id AS "ticketId", t.fila_id AS "filaId", t.atendente_id AS "atendenteId",
              m.conteudo, m.transcricao_status AS "transcricaoStatus",
              an.id AS "anexoId", an.nome_arquivo AS "nomeArquivo", an.mime_tipo AS "mimeTipo"
         FROM atendimento_mensagens m
         JOIN atendimento_tickets t ON t.id = m.ticket_id AND t.empresa_id = m.empresa_id
         LEFT JOIN LATERAL (
           SELECT id, nome_arquivo, mime_tipo FROM atendimento_anexos
            WHERE empresa_id = m.empresa_id AND mensagem_id = m.id AND mime_tipo LIKE 'audio/%'
            ORDER BY criado_em, id LIMIT 1) an ON true
        WHERE m.empresa_id = $1 AND m.id = $2 AND NOT m.privada AND m.removida_em IS NULL
          AND (m.tipo = 'audio' OR an.id IS NOT NULL)
        ${bloquear ? 'FOR UPDATE OF m' : ''}`,
      [this.empresaId, mensagemId],
    )) as AudioDaMensagem[];
    return linha ?? null;
  }

  async gravar(mensagemId: string, status: TranscricaoStatus, transcricao: string | null): Promise<void> {
    await this.tx.manager.query(
      `UPDATE atendimento_mensagens SET transcricao_status = $3, transcricao = $4, atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, mensagemId, status, transcricao],
    );
  }
}
