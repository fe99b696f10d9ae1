import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { IaProvedor } from '../ia-config.entity.js';
import { Sentimento } from '../sentimento.entity.js';

export interface NovoSentimento {
  ticketId: string;
  mensagemId: string | null;
  contatoId: string | null;
  score: number;
  rotulo: 'negativo' | 'neutro' | 'positivo';
  confianca: number | null;
  provedor: IaProvedor;
  modelo: string | null;
}

@Injectable()
export class SentimentoRepository extends TenantRepository<Sentimento> {
  constructor(tx: TransactionHost) {
    super(tx, Sentimento, 'sentimento');
  }

  /** One row per mensagem, or the ticket's aggregate row when `mensagemId` is null; re-analysis overwrites. */
  async gravar(s: NovoSentimento): Promise<void> {
    const conflito =
      s.mensagemId === null
        ? '(empresa_id, ticket_id) WHERE mensagem_id IS NULL'
        : '(empresa_id, mensagem_id) WHERE mensagem_id IS NOT NULL';
    await this.tx.manager.query(
      `INSERT INTO atendimento_sentimento (empresa_id, ticket_id, mensagem_id, contato_id, score, rotulo, confianca, provedor, modelo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ${conflito} DO UPDATE
          SET score = excluded.score, rotulo = excluded.rotulo, confianca = excluded.confianca,
              provedor = excluded.provedor, modelo = excluded.modelo, atualizado_em = now()`,
      [this.empresaId, s.ticketId, s.mensagemId, s.contatoId, s.score, s.rotulo, s.confianca, s.provedor, s.modelo],
    );
  }

  /** Scores of the ticket's last mensagens, newest first. */
  async ultimosScores(ticketId: string, limite: number): Promise<number[]> {
    const linhas = await this.scoped()
      .select('sentimento.score', 'score')
      .andWhere('sentimento.ticket_id = :ticketId AND sentimento.mensagem_id IS NOT NULL', { ticketId })
      .orderBy('sentimento.criado_em', 'DESC')
      .addOrderBy('sentimento.id', 'DESC')
      .limit(limite)
      .getRawMany<{ score: number }>();
    return linhas.map((l) => Number(l.score));
  }

  async doTicket(ticketId: string): Promise<Sentimento[]> {
    return this.scoped()
      .andWhere('sentimento.ticket_id = :ticketId', { ticketId })
      .orderBy('sentimento.criado_em', 'ASC')
      .getMany();
  }
}
