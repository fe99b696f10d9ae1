import { Injectable } from '@nestjs/common';
import { Contato } from '../../atendimento/contatos/contato.entity.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { ESPERA_LONGA_MINUTOS, JANELA_CONTATOS_DIAS, JANELA_DIAS, type MotivoChurn, type SinaisChurn } from './churn-score.js';

export interface ContatoChurnAtual {
  id: string;
  nome: string | null;
  /** 0..1 as stored. */
  churnScore: number | null;
  churnMotivos: MotivoChurn[] | null;
  churnCalculadoEm: Date | null;
}

/** A row of the at-risk list: the stored churn columns and the contato's latest ticket. */
export interface ContatoEmRisco {
  id: string;
  nome: string | null;
  /** 0..1 as stored. */
  churnScore: number;
  churnMotivos: MotivoChurn[] | null;
  churnCalculadoEm: Date;
  ticketId: string | null;
  ticketNumero: number | null;
  ticketStatus: string | null;
}

/** Where a page of the at-risk list resumes: after this score (0..100) and contato id. */
export interface PosicaoRisco {
  score: number;
  id: string;
}

/** The signals behind a contato's churn risk, and its churn columns. */
@Injectable()
export class ChurnRepository extends TenantRepository<Contato> {
  constructor(tx: TransactionHost) {
    super(tx, Contato, 'contato');
  }

  async contatoDoTicket(ticketId: string): Promise<string | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT contato_id FROM atendimento_tickets WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, ticketId],
    )) as { contato_id: string }[];
    return linha?.contato_id ?? null;
  }

  /** The contato (not merged away), locked until commit when `bloquear`. */
  async contato(contatoId: string, bloquear = false): Promise<ContatoChurnAtual | null> {
    const [linha] = (await this.tx.manager.query(
      `SELECT id, nome, churn_score AS "churnScore", churn_motivos AS "churnMotivos", churn_calculado_em AS "churnCalculadoEm"
         FROM atendimento_contatos
        WHERE empresa_id = $1 AND id = $2 AND mesclado_para_id IS NULL
        ${bloquear ? 'FOR UPDATE' : ''}`,
      [this.empresaId, contatoId],
    )) as ContatoChurnAtual[];
    return linha ?? null;
  }

  async sinais(contatoId: string): Promise<SinaisChurn> {
    const [l] = (await this.tx.manager.query(
      `WITH tk AS (
         SELECT criado_em, primeira_resposta_em, status, intencao, avaliacao_nota, reaberturas
           FROM atendimento_tickets
          WHERE empresa_id = $1 AND contato_id = $2 AND removido_em IS NULL
            AND criado_em >= now() - make_interval(days => $3)
       ), s AS (
         SELECT score, row_number() OVER (ORDER BY criado_em DESC, id DESC) AS n
           FROM atendimento_sentimento
          WHERE empresa_id = $1 AND contato_id = $2 AND mensagem_id IS NOT NULL
            AND criado_em >= now() - make_interval(days => $3)
       )
       SELECT (SELECT avg(score) FROM s WHERE n <= 5)::float8 AS recente,
              (SELECT CASE WHEN count(*) > 0 THEN avg(score) END FROM s WHERE n > 5 AND n <= 10)::float8 AS anterior,
              (SELECT count(*) FROM tk WHERE criado_em >= now() - make_interval(days => $4))::int AS janela,
              (SELECT count(*) FROM tk
                WHERE coalesce(primeira_resposta_em, CASE WHEN status NOT IN ('resolvido', 'fechado') THEN now() END) - criado_em
                      > make_interval(mins => $5))::int AS esperas,
              (SELECT min(avaliacao_nota) FROM tk)::int AS csat,
              coalesce((SELECT bool_or(intencao = 'cancelar') FROM tk), false) AS cancelar,
              (SELECT coalesce(sum(reaberturas), 0) FROM tk)::int AS reaberturas`,
      [this.empresaId, contatoId, JANELA_DIAS, JANELA_CONTATOS_DIAS, ESPERA_LONGA_MINUTOS],
    )) as {
      recente: number | null;
      anterior: number | null;
      janela: number;
      esperas: number;
      csat: number | null;
      cancelar: boolean;
      reaberturas: number;
    }[];
    return {
      sentimentoRecente: l?.recente ?? null,
      sentimentoAnterior: l?.anterior ?? null,
      ticketsNaJanela: l?.janela ?? 0,
      esperasLongas: l?.esperas ?? 0,
      piorCsat: l?.csat ?? null,
      intencaoCancelar: l?.cancelar ?? false,
      reaberturas: l?.reaberturas ?? 0,
    };
  }

  /** Stores the score 0..100 as the column's 0..1. */
  async gravar(contatoId: string, score: number, motivos: MotivoChurn[], em: Date): Promise<void> {
    await this.tx.manager.query(
      `UPDATE atendimento_contatos SET churn_score = $3, churn_motivos = $4::jsonb, churn_calculado_em = $5
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, contatoId, score / 100, JSON.stringify(motivos), em],
    );
  }

  /**
   * Contatos (not merged away) whose stored score is at or above `minimo` (0..100), highest first, then by id.
   * The column is a `real` holding score/100: comparing against the same quotient cast to `real` is exact for
   * the integer scores the job writes (a float8 comparison would put 0.7::real below 0.7).
   */
  async emRisco(minimo: number, limite: number, apos?: PosicaoRisco): Promise<ContatoEmRisco[]> {
    const parametros: unknown[] = [this.empresaId, minimo / 100, limite];
    let depois = '';
    if (apos) {
      parametros.push(apos.score / 100, apos.id);
      depois = `AND (c.churn_score < $4::real OR (c.churn_score = $4::real AND c.id > $5::uuid))`;
    }
    return (await this.tx.manager.query(
      `SELECT c.id, c.nome, c.churn_score AS "churnScore", c.churn_motivos AS "churnMotivos",
              c.churn_calculado_em AS "churnCalculadoEm",
              t.id AS "ticketId", t.numero AS "ticketNumero", t.status AS "ticketStatus"
         FROM atendimento_contatos c
         LEFT JOIN LATERAL (
           SELECT id, numero, status
             FROM atendimento_tickets
            WHERE empresa_id = c.empresa_id AND contato_id = c.id AND removido_em IS NULL
            ORDER BY criado_em DESC, id DESC
            LIMIT 1
         ) t ON true
        WHERE c.empresa_id = $1 AND c.mesclado_para_id IS NULL
          AND c.churn_score IS NOT NULL AND c.churn_calculado_em IS NOT NULL
          AND c.churn_score >= $2::real
          ${depois}
        ORDER BY c.churn_score DESC, c.id ASC
        LIMIT $3`,
      parametros,
    )) as ContatoEmRisco[];
  }

  async limiarDeAlerta(): Promise<number> {
    const [linha] = (await this.tx.manager.query(
      `SELECT churn_alerta_limiar FROM atendimento_ia_configs WHERE empresa_id = $1`,
      [this.empresaId],
    )) as { churn_alerta_limiar: number }[];
    return linha?.churn_alerta_limiar ?? 0.7;
  }
}
