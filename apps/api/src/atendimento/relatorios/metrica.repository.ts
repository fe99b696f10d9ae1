import { Injectable } from '@nestjs/common';
import type { RecalculoEstado } from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import type { AgregadoMetrica, EventoParaMetrica } from './calculadora-metricas.js';
import { Metrica, type MetricaDimensao } from './metrica.entity.js';

/** Sum of one metric over the selected rows (per day, per dimension id, or in total). */
export interface SomaMetrica {
  dia: string | null;
  dimensaoId: string | null;
  metrica: string;
  contagem: number;
  soma: number;
  minimo: number | null;
  maximo: number | null;
}

export interface FiltroMetricas {
  de: string;
  ate: string;
  dimensao: MetricaDimensao;
  /** Only this fila/atendente/canal; all of the dimension when null (the empresa itself for `empresa`). */
  dimensaoId: string | null;
  metricas: readonly string[];
  agrupar: 'dia' | 'dimensao' | 'dia_dimensao' | 'total';
}

interface LinhaSoma {
  dia: string | null;
  dimensao_id: string | null;
  metrica: string;
  contagem: string;
  soma: number;
  minimo: number | null;
  maximo: number | null;
}

const LOTE_INSERCAO = 1_000;

/** One row of `atendimento_relatorio_recalculos`. */
export interface Recalculo {
  id: string;
  estado: RecalculoEstado;
  de: string;
  ate: string;
  dias: number;
  diasConcluidos: number;
  tickets: number;
  eventos: number;
  linhas: number;
  erro: string | null;
  iniciadoEm: Date | null;
  concluidoEm: Date | null;
  criadoEm: Date;
}

interface LinhaRecalculo {
  id: string;
  estado: RecalculoEstado;
  de: string;
  ate: string;
  dias: number;
  dias_concluidos: number;
  tickets: number;
  eventos: number;
  linhas: number;
  erro: string | null;
  iniciado_em: Date | null;
  concluido_em: Date | null;
  criado_em: Date;
}

const COLUNAS_RECALCULO = `id, estado, to_char(de, 'YYYY-MM-DD') AS de, to_char(ate, 'YYYY-MM-DD') AS ate, dias, dias_concluidos,
  tickets, eventos, linhas, erro, iniciado_em, concluido_em, criado_em`;

function paraRecalculo(l: LinhaRecalculo): Recalculo {
  return {
    id: l.id,
    estado: l.estado,
    de: l.de,
    ate: l.ate,
    dias: l.dias,
    diasConcluidos: l.dias_concluidos,
    tickets: l.tickets,
    eventos: l.eventos,
    linhas: l.linhas,
    erro: l.erro,
    iniciadoEm: l.iniciado_em,
    concluidoEm: l.concluido_em,
    criadoEm: l.criado_em,
  };
}

/** The pre-aggregated figures (`atendimento_metricas`) and the event rows they are computed from. */
@Injectable()
export class MetricaRepository extends TenantRepository<Metrica> {
  constructor(tx: TransactionHost) {
    super(tx, Metrica, 'metrica');
  }

  /** The empresa of the current context (the calculator stamps it on the `empresa` dimension). */
  empresaDoContexto(): string {
    return this.empresaId;
  }

  async fusoHorario(): Promise<string> {
    const [linha] = await this.tx.query<{ fuso_horario: string }>(`SELECT fuso_horario FROM empresas WHERE id = $1`, [
      this.empresaId,
    ]);
    return linha?.fuso_horario ?? 'America/Sao_Paulo';
  }

  async atendentesPorUsuario(): Promise<Map<string, string>> {
    const linhas = await this.tx.query<{ id: string; usuario_id: string }>(
      `SELECT id, usuario_id FROM atendimento_atendentes WHERE empresa_id = $1`,
      [this.empresaId],
    );
    return new Map(linhas.map((l) => [l.usuario_id, l.id]));
  }

  /** Serializes recomputations of one empresa, so two refreshes never interleave their delete and insert. */
  async bloquearRecalculo(): Promise<void> {
    await this.tx.query(`SELECT pg_advisory_xact_lock(hashtext('atendimento_metricas:' || $1::text))`, [this.empresaId]);
  }

  /** Tickets with an event in [desde, ate), in id order: the ones whose figures can fall in the window. */
  async ticketsComEventos(desde: Date, ate: Date): Promise<string[]> {
    const linhas = await this.tx.query<{ ticket_id: string }>(
      `SELECT DISTINCT ticket_id FROM atendimento_ticket_eventos
        WHERE empresa_id = $1 AND ocorrido_em >= $2 AND ocorrido_em < $3
        ORDER BY ticket_id`,
      [this.empresaId, desde, ate],
    );
    return linhas.map((l) => l.ticket_id);
  }

  /**
   * The whole history (up to `ate`) of these tickets, in (ticket, ocorrido_em, id) order: what a metric ending in
   * the window needs, including the creation or reopening it counts from.
   */
  async eventosDosTickets(ticketIds: readonly string[], ate: Date): Promise<EventoParaMetrica[]> {
    const linhas = await this.tx.query<{
      ticket_id: string;
      tipo: string;
      ator: string;
      usuario_id: string | null;
      de_status: string | null;
      para_status: string | null;
      para_atendente_id: string | null;
      para_fila_id: string | null;
      dados: Record<string, unknown>;
      ocorrido_em: Date;
    }>(
      `SELECT e.ticket_id, e.tipo, e.ator, e.usuario_id, e.de_status, e.para_status, e.para_atendente_id, e.para_fila_id,
              e.dados, e.ocorrido_em
         FROM atendimento_ticket_eventos e
        WHERE e.empresa_id = $1 AND e.ticket_id = ANY($2::uuid[]) AND e.ocorrido_em < $3
        ORDER BY e.ticket_id, e.ocorrido_em, e.id`,
      [this.empresaId, [...ticketIds], ate],
    );
    return linhas.map((l) => ({
      ticketId: l.ticket_id,
      tipo: l.tipo,
      ator: l.ator,
      usuarioId: l.usuario_id,
      deStatus: l.de_status,
      paraStatus: l.para_status,
      paraAtendenteId: l.para_atendente_id,
      paraFilaId: l.para_fila_id,
      dados: l.dados,
      ocorridoEm: l.ocorrido_em,
    }));
  }

  /** Replaces the aggregates of the days [de, ate] with `linhas` (which must all fall in those days). */
  async substituirDias(de: string, ate: string, linhas: readonly AgregadoMetrica[]): Promise<void> {
    await this.tx.query(`DELETE FROM atendimento_metricas WHERE empresa_id = $1 AND dia BETWEEN $2::date AND $3::date`, [
      this.empresaId,
      de,
      ate,
    ]);
    for (let i = 0; i < linhas.length; i += LOTE_INSERCAO) {
      const lote = linhas.slice(i, i + LOTE_INSERCAO);
      await this.tx.query(
        `INSERT INTO atendimento_metricas (empresa_id, dia, dimensao, dimensao_id, metrica, contagem, soma, minimo, maximo)
         SELECT $1, x.dia, x.dimensao, x.dimensao_id, x.metrica, x.contagem, x.soma, x.minimo, x.maximo
           FROM jsonb_to_recordset($2::jsonb) AS x(dia date, dimensao text, dimensao_id uuid, metrica text, contagem integer,
                                                   soma double precision, minimo double precision, maximo double precision)`,
        [
          this.empresaId,
          JSON.stringify(
            lote.map((l) => ({
              dia: l.dia,
              dimensao: l.dimensao,
              dimensao_id: l.dimensaoId,
              metrica: l.metrica,
              contagem: l.contagem,
              soma: l.soma,
              minimo: l.minimo,
              maximo: l.maximo,
            })),
          ),
        ],
      );
    }
  }

  async somar(filtro: FiltroMetricas): Promise<SomaMetrica[]> {
    const params: unknown[] = [this.empresaId, filtro.de, filtro.ate, filtro.dimensao, [...filtro.metricas]];
    let porId = '';
    if (filtro.dimensao === 'empresa') {
      porId = 'AND m.dimensao_id = $1';
    } else if (filtro.dimensaoId) {
      params.push(filtro.dimensaoId);
      porId = 'AND m.dimensao_id = $6';
    }
    const porDia = filtro.agrupar === 'dia' || filtro.agrupar === 'dia_dimensao';
    const porDimensao = filtro.agrupar === 'dimensao' || filtro.agrupar === 'dia_dimensao';
    const linhas = await this.tx.query<LinhaSoma>(
      `SELECT ${porDia ? "to_char(m.dia, 'YYYY-MM-DD')" : 'NULL::text'} AS dia,
              ${porDimensao ? 'm.dimensao_id::text' : 'NULL::text'} AS dimensao_id,
              m.metrica, sum(m.contagem)::bigint AS contagem, sum(m.soma) AS soma, min(m.minimo) AS minimo, max(m.maximo) AS maximo
         FROM atendimento_metricas m
        WHERE m.empresa_id = $1 AND m.dia BETWEEN $2::date AND $3::date AND m.dimensao = $4 AND m.metrica = ANY($5::text[]) ${porId}
        GROUP BY 1, 2, m.metrica
        ORDER BY 1, 2, m.metrica`,
      params,
    );
    return linhas.map((l) => ({
      dia: l.dia,
      dimensaoId: l.dimensao_id,
      metrica: l.metrica,
      contagem: Number(l.contagem),
      soma: Number(l.soma),
      minimo: l.minimo === null ? null : Number(l.minimo),
      maximo: l.maximo === null ? null : Number(l.maximo),
    }));
  }

  // ----------------------------------------------------------------------------------------- live figures

  async nomesDeCanais(): Promise<Map<string, string>> {
    const linhas = await this.tx.query<{ id: string; nome: string }>(
      `SELECT id, nome FROM atendimento_canais WHERE empresa_id = $1`,
      [this.empresaId],
    );
    return new Map(linhas.map((l) => [l.id, l.nome]));
  }

  /** Whether the fila/canal/atendente of a report filter belongs to the current empresa. */
  async existeDimensao(dimensao: Exclude<MetricaDimensao, 'empresa'>, id: string): Promise<boolean> {
    const tabela = { fila: 'atendimento_filas', canal: 'atendimento_canais', atendente: 'atendimento_atendentes' }[dimensao];
    const linhas = await this.tx.query(`SELECT 1 FROM ${tabela} WHERE empresa_id = $1 AND id = $2`, [this.empresaId, id]);
    return linhas.length > 0;
  }

  /** Every fila with the tickets waiting in its backlog now and the oldest entry. */
  async backlogPorFila(): Promise<{ id: string; nome: string; aguardando: number; maisAntigo: Date | null }[]> {
    const linhas = await this.tx.query<{ id: string; nome: string; aguardando: string; mais_antigo: Date | null }>(
      `SELECT f.id, f.nome, count(t.id) AS aguardando, min(t.entrou_na_fila_em) AS mais_antigo
         FROM atendimento_filas f
         LEFT JOIN atendimento_tickets t
           ON t.empresa_id = f.empresa_id AND t.fila_id = f.id AND t.status = 'aberto' AND t.atendente_id IS NULL
              AND t.removido_em IS NULL
        WHERE f.empresa_id = $1
        GROUP BY f.id, f.nome
        ORDER BY f.nome, f.id`,
      [this.empresaId],
    );
    return linhas.map((l) => ({ id: l.id, nome: l.nome, aguardando: Number(l.aguardando), maisAntigo: l.mais_antigo }));
  }

  /** Every atendente with the tickets held now (em_atendimento or pendente). */
  async cargaPorAtendente(): Promise<{ id: string; nome: string; ativo: boolean; tickets: number; max: number }[]> {
    const linhas = await this.tx.query<{
      id: string;
      nome: string;
      ativo: boolean;
      tickets: string;
      max_tickets_simultaneos: number;
    }>(
      `SELECT a.id, a.nome, a.ativo, a.max_tickets_simultaneos, count(t.id) AS tickets
         FROM atendimento_atendentes a
         LEFT JOIN atendimento_tickets t
           ON t.empresa_id = a.empresa_id AND t.atendente_id = a.id AND t.status IN ('em_atendimento', 'pendente')
              AND t.removido_em IS NULL
        WHERE a.empresa_id = $1
        GROUP BY a.id, a.nome, a.ativo, a.max_tickets_simultaneos
        ORDER BY a.nome, a.id`,
      [this.empresaId],
    );
    return linhas.map((l) => ({
      id: l.id,
      nome: l.nome,
      ativo: l.ativo,
      tickets: Number(l.tickets),
      max: l.max_tickets_simultaneos,
    }));
  }

  async temPoliticaSla(): Promise<boolean> {
    const linhas = await this.tx.query(`SELECT 1 FROM atendimento_sla_politicas WHERE empresa_id = $1 LIMIT 1`, [this.empresaId]);
    return linhas.length > 0;
  }

  /**
   * Sentiment of the customer mensagens analysed in the days [de, ate] of the zone, optionally of the tickets now
   * in one fila/canal/atendente.
   */
  async sentimentoDoPeriodo(
    de: string,
    ate: string,
    fusoHorario: string,
    dimensao: MetricaDimensao,
    dimensaoId: string | null,
  ): Promise<{ rotulo: string; quantidade: number; somaScore: number }[]> {
    const coluna = { empresa: null, fila: 't.fila_id', canal: 't.canal_id', atendente: 't.atendente_id' }[dimensao];
    const params: unknown[] = [this.empresaId, de, ate, fusoHorario];
    let filtro = '';
    if (coluna && dimensaoId) {
      params.push(dimensaoId);
      filtro = `AND ${coluna} = $5`;
    }
    const linhas = await this.tx.query<{ rotulo: string; quantidade: string; soma_score: number }>(
      `SELECT s.rotulo, count(*) AS quantidade, sum(s.score) AS soma_score
         FROM atendimento_sentimento s
         JOIN atendimento_tickets t ON t.empresa_id = s.empresa_id AND t.id = s.ticket_id
        WHERE s.empresa_id = $1 AND s.mensagem_id IS NOT NULL
          AND (s.criado_em AT TIME ZONE $4)::date BETWEEN $2::date AND $3::date ${filtro}
        GROUP BY s.rotulo`,
      params,
    );
    return linhas.map((l) => ({ rotulo: l.rotulo, quantidade: Number(l.quantidade), somaScore: Number(l.soma_score) }));
  }

  async temExpediente(): Promise<boolean> {
    const linhas = await this.tx.query(`SELECT 1 FROM atendimento_expedientes WHERE empresa_id = $1 LIMIT 1`, [this.empresaId]);
    return linhas.length > 0;
  }

  /** Filas of the empresa (each may have its own expediente). */
  async idsDasFilas(): Promise<string[]> {
    const linhas = await this.tx.query<{ id: string }>(`SELECT id FROM atendimento_filas WHERE empresa_id = $1`, [this.empresaId]);
    return linhas.map((l) => l.id);
  }

  // ------------------------------------------------------------------------------------------ recomputations

  async criarRecalculo(de: string, ate: string, dias: number): Promise<Recalculo> {
    const [linha] = await this.tx.query<LinhaRecalculo>(
      `INSERT INTO atendimento_relatorio_recalculos (empresa_id, de, ate, dias) VALUES ($1, $2::date, $3::date, $4)
       RETURNING ${COLUNAS_RECALCULO}`,
      [this.empresaId, de, ate, dias],
    );
    return paraRecalculo(linha);
  }

  async findRecalculo(id: string): Promise<Recalculo | null> {
    const [linha] = await this.tx.query<LinhaRecalculo>(
      `SELECT ${COLUNAS_RECALCULO} FROM atendimento_relatorio_recalculos WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, id],
    );
    return linha ? paraRecalculo(linha) : null;
  }

  /** Starts (or restarts, on a retry) a recomputation from its first day. */
  async iniciarRecalculo(id: string): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_relatorio_recalculos
          SET estado = 'executando', dias_concluidos = 0, tickets = 0, eventos = 0, linhas = 0, erro = NULL,
              iniciado_em = clock_timestamp(), concluido_em = NULL, atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, id],
    );
  }

  /** Adds one finished step; the last one marks it `concluido`. */
  async avancarRecalculo(id: string, passo: { dias: number; tickets: number; eventos: number; linhas: number }): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_relatorio_recalculos
          SET dias_concluidos = dias_concluidos + $3, tickets = tickets + $4, eventos = eventos + $5, linhas = linhas + $6,
              estado = CASE WHEN dias_concluidos + $3 >= dias THEN 'concluido' ELSE estado END,
              concluido_em = CASE WHEN dias_concluidos + $3 >= dias THEN clock_timestamp() ELSE concluido_em END,
              atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, id, passo.dias, passo.tickets, passo.eventos, passo.linhas],
    );
  }

  async falharRecalculo(id: string, erro: string): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_relatorio_recalculos SET estado = 'erro', erro = $3, concluido_em = clock_timestamp(), atualizado_em = now()
        WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, id, erro.slice(0, 2000)],
    );
  }
}
