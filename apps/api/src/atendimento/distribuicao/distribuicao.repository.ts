import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Fila, type FilaEstrategia } from '../filas/fila.entity.js';
import type { Candidato } from './estrategias.js';

/** The fila row as distribution reads it, locked until commit. */
export interface FilaParaDistribuir {
  id: string;
  nome: string;
  estrategia: FilaEstrategia;
  ativo: boolean;
  fidelizacaoJanelaMinutos: number | null;
  rrUltimoAtendenteId: string | null;
  mensagemPosicao: string | null;
}

export interface TicketDaFila {
  id: string;
  contatoId: string;
  canalId: string | null;
}

export interface TicketEsperando {
  id: string;
  numero: number;
  prioridade: string;
  contatoNome: string | null;
  entrouNaFilaEm: Date;
}

/** A ticket/fila pair of some empresa (periodic sweeps, which run before any empresa is in context). */
export interface ParDeEmpresa {
  empresaId: string;
  id: string;
}

const ABERTOS = `('aberto', 'em_atendimento', 'pendente')`;
/** The backlog order: urgente first, then FIFO (matches atendimento_tickets_backlog_idx). */
const ORDEM_BACKLOG = `(t.prioridade <> 'urgente'), t.entrou_na_fila_em, t.id`;
/** Waiting for a person: tickets the AI bot still holds (`bot_ativo`) enter the backlog only at its handoff. */
const NA_FILA = `t.fila_id = $2 AND t.status = 'aberto' AND t.atendente_id IS NULL AND NOT t.bot_ativo AND t.removido_em IS NULL`;
/**
 * Waiting and not held back: no workflow is talking to the customer (it hands off when done), and the ticket did
 * not enter the backlog during the fila's current closed period ($3: when it began; null while open), so
 * out-of-hours tickets wait for the opening.
 */
const DISTRIBUIVEL = `${NA_FILA}
  AND NOT EXISTS (SELECT 1 FROM atendimento_workflow_estados w
                   WHERE w.empresa_id = t.empresa_id AND w.ticket_id = t.id
                     AND w.status IN ('ativo', 'aguardando_resposta', 'aguardando_tempo'))
  AND ($3::timestamptz IS NULL OR t.entrou_na_fila_em IS NULL OR t.entrou_na_fila_em < $3::timestamptz)`;

interface LinhaCandidato {
  atendente_id: string;
  nome: string;
  status: Candidato['status'];
  ativo: boolean;
  tickets_na_fila: number;
  tickets_total: number;
  capacidade: number | null;
  max_tickets_simultaneos: number;
  ultimo_atendimento_em: Date | null;
}

const COLUNAS_CANDIDATO = `a.id AS atendente_id, a.nome, a.status, a.ativo, af.capacidade, a.max_tickets_simultaneos,
  a.ultimo_atendimento_em,
  (SELECT count(*) FROM atendimento_tickets t
    WHERE t.empresa_id = a.empresa_id AND t.atendente_id = a.id AND t.status IN ${ABERTOS} AND t.removido_em IS NULL)::int
    AS tickets_total,
  (SELECT count(*) FROM atendimento_tickets t
    WHERE t.empresa_id = a.empresa_id AND t.atendente_id = a.id AND t.fila_id = af.fila_id
      AND t.status IN ${ABERTOS} AND t.removido_em IS NULL)::int AS tickets_na_fila`;

function candidato(linha: LinhaCandidato): Candidato {
  return {
    atendenteId: linha.atendente_id,
    nome: linha.nome,
    status: linha.status,
    ativo: linha.ativo,
    ticketsNaFila: linha.tickets_na_fila,
    ticketsTotal: linha.tickets_total,
    capacidadeNaFila: linha.capacidade,
    maxTicketsSimultaneos: linha.max_tickets_simultaneos,
    ultimoAtendimentoEm: linha.ultimo_atendimento_em,
  };
}

/** What the distribution engine reads and locks: filas, their backlog, their members' presence and load. */
@Injectable()
export class DistribuicaoRepository extends TenantRepository<Fila> {
  constructor(tx: TransactionHost) {
    super(tx, Fila, 'fila');
  }

  /** Locks the fila row until commit: distribution runs of one fila never interleave (round-robin cursor). */
  async travarFila(filaId: string): Promise<FilaParaDistribuir | null> {
    const [linha] = await this.tx.query<FilaParaDistribuir>(
      `SELECT id, nome, estrategia, ativo, fidelizacao_janela_minutos AS "fidelizacaoJanelaMinutos",
              rr_ultimo_atendente_id AS "rrUltimoAtendenteId", mensagem_posicao AS "mensagemPosicao"
         FROM atendimento_filas WHERE empresa_id = $1 AND id = $2 FOR UPDATE`,
      [this.empresaId, filaId],
    );
    return linha ?? null;
  }

  /**
   * The head of the distributable backlog, claimed: a ticket another worker holds is skipped, never waited for
   * or taken twice. `retidosDesde`: the start of the fila's current closed period (null while open).
   */
  async reivindicarProximo(filaId: string, retidosDesde: Date | null): Promise<TicketDaFila | null> {
    const [linha] = await this.tx.query<TicketDaFila>(
      `SELECT t.id, t.contato_id AS "contatoId", t.canal_id AS "canalId" FROM atendimento_tickets t
        WHERE t.empresa_id = $1 AND ${DISTRIBUIVEL}
        ORDER BY ${ORDEM_BACKLOG} LIMIT 1 FOR UPDATE OF t SKIP LOCKED`,
      [this.empresaId, filaId, retidosDesde],
    );
    return linha ?? null;
  }

  /** Whether any distributable ticket waits in the fila (locked or not). */
  async temEsperando(filaId: string, retidosDesde: Date | null): Promise<boolean> {
    const linhas = await this.tx.query(
      `SELECT 1 FROM atendimento_tickets t WHERE t.empresa_id = $1 AND ${DISTRIBUIVEL} LIMIT 1`,
      [this.empresaId, filaId, retidosDesde],
    );
    return linhas.length > 0;
  }

  /** Every member of the fila with presence and load (eligibility is decided by the strategy code). */
  async membros(filaId: string): Promise<Candidato[]> {
    const linhas = await this.tx.query<LinhaCandidato>(
      `SELECT ${COLUNAS_CANDIDATO}
         FROM atendimento_atendentes_filas af
         JOIN atendimento_atendentes a ON a.empresa_id = af.empresa_id AND a.id = af.atendente_id
        WHERE af.empresa_id = $1 AND af.fila_id = $2`,
      [this.empresaId, filaId],
    );
    return linhas.map(candidato);
  }

  /**
   * Locks the atendente row, then recounts its load: every automatic assignment to an atendente holds this
   * lock, so two workers filling the same atendente from different filas see each other's tickets.
   */
  async travarCandidato(filaId: string, atendenteId: string): Promise<Candidato | null> {
    await this.tx.query(`SELECT id FROM atendimento_atendentes WHERE empresa_id = $1 AND id = $2 FOR UPDATE`, [
      this.empresaId,
      atendenteId,
    ]);
    const [linha] = await this.tx.query<LinhaCandidato>(
      `SELECT ${COLUNAS_CANDIDATO}
         FROM atendimento_atendentes_filas af
         JOIN atendimento_atendentes a ON a.empresa_id = af.empresa_id AND a.id = af.atendente_id
        WHERE af.empresa_id = $1 AND af.fila_id = $2 AND af.atendente_id = $3`,
      [this.empresaId, filaId, atendenteId],
    );
    return linha ? candidato(linha) : null;
  }

  /** Sticky agent: who served the contato's latest other ticket, if that was within the window. */
  async ultimoAtendenteDoContato(contatoId: string, ticketId: string, janelaMinutos: number): Promise<string | null> {
    const [linha] = await this.tx.query<{ atendente_id: string }>(
      `SELECT t.atendente_id FROM atendimento_tickets t
        WHERE t.empresa_id = $1 AND t.contato_id = $2 AND t.id <> $3 AND t.atendente_id IS NOT NULL
          AND COALESCE(t.resolvido_em, t.fechado_em, t.ultima_atividade_em) >= now() - make_interval(mins => $4::int)
        ORDER BY COALESCE(t.resolvido_em, t.fechado_em, t.ultima_atividade_em) DESC LIMIT 1`,
      [this.empresaId, contatoId, ticketId, janelaMinutos],
    );
    return linha?.atendente_id ?? null;
  }

  /** After an automatic assignment: the round-robin cursor and the idle clocks (menos_ocupado's tie-break). */
  async registrarAtribuicao(filaId: string, atendenteId: string, moverCursor: boolean): Promise<void> {
    if (moverCursor) {
      await this.tx.query(`UPDATE atendimento_filas SET rr_ultimo_atendente_id = $3 WHERE empresa_id = $1 AND id = $2`, [
        this.empresaId,
        filaId,
        atendenteId,
      ]);
    }
    await this.tx.query(
      `UPDATE atendimento_atendentes_filas SET ultima_atribuicao_em = clock_timestamp()
        WHERE empresa_id = $1 AND fila_id = $2 AND atendente_id = $3`,
      [this.empresaId, filaId, atendenteId],
    );
    await this.tx.query(
      `UPDATE atendimento_atendentes SET ultimo_atendimento_em = clock_timestamp() WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, atendenteId],
    );
  }

  /** 1-based place of a waiting ticket in its fila's backlog; null when it is no longer waiting there. */
  async posicao(ticketId: string, filaId: string): Promise<number | null> {
    const [linha] = await this.tx.query<{ posicao: number }>(
      `WITH fila AS (
         SELECT t.id, row_number() OVER (ORDER BY ${ORDEM_BACKLOG})::int AS posicao
           FROM atendimento_tickets t WHERE t.empresa_id = $1 AND ${NA_FILA})
       SELECT posicao FROM fila WHERE id = $3`,
      [this.empresaId, filaId, ticketId],
    );
    return linha?.posicao ?? null;
  }

  async filasDoAtendente(atendenteId: string): Promise<string[]> {
    const linhas = await this.tx.query<{ fila_id: string }>(
      `SELECT fila_id FROM atendimento_atendentes_filas WHERE empresa_id = $1 AND atendente_id = $2`,
      [this.empresaId, atendenteId],
    );
    return linhas.map((l) => l.fila_id);
  }

  /** Distinct grace periods of the filas (that return tickets) where the atendente holds open tickets. */
  async carenciasDeDevolucao(atendenteId: string): Promise<number[]> {
    const linhas = await this.tx.query<{ carencia: number }>(
      `SELECT DISTINCT f.carencia_offline_segundos AS carencia
         FROM atendimento_tickets t JOIN atendimento_filas f ON f.empresa_id = t.empresa_id AND f.id = t.fila_id
        WHERE t.empresa_id = $1 AND t.atendente_id = $2 AND t.status IN ('em_atendimento', 'pendente')
          AND t.removido_em IS NULL AND f.devolver_ao_ficar_offline`,
      [this.empresaId, atendenteId],
    );
    return linhas.map((l) => l.carencia);
  }

  /**
   * Tickets held by an offline atendente, in filas that return them, whose grace period since the atendente
   * went offline has passed. A ticket assigned after it went offline (a supervisor forced it) stays.
   */
  async ticketsParaDevolver(atendenteId: string): Promise<string[]> {
    const linhas = await this.tx.query<{ id: string }>(
      `SELECT t.id FROM atendimento_tickets t
         JOIN atendimento_atendentes a ON a.empresa_id = t.empresa_id AND a.id = t.atendente_id
         JOIN atendimento_filas f ON f.empresa_id = t.empresa_id AND f.id = t.fila_id
        WHERE t.empresa_id = $1 AND t.atendente_id = $2 AND a.status = 'offline'
          AND t.status IN ('em_atendimento', 'pendente') AND t.removido_em IS NULL
          AND f.devolver_ao_ficar_offline
          AND a.status_em + make_interval(secs => f.carencia_offline_segundos) <= now()
          AND (t.atribuido_em IS NULL OR t.atribuido_em <= a.status_em)
        ORDER BY t.atribuido_em, t.id`,
      [this.empresaId, atendenteId],
    );
    return linhas.map((l) => l.id);
  }

  // ------------------------------------------------------------------------------------------- painel

  async backlog(filaId: string, limite: number): Promise<{ tickets: TicketEsperando[]; total: number; maisAntigo: Date | null }> {
    const tickets = await this.tx.query<TicketEsperando>(
      `SELECT t.id, t.numero, t.prioridade, c.nome AS "contatoNome", t.entrou_na_fila_em AS "entrouNaFilaEm"
         FROM atendimento_tickets t
         JOIN atendimento_contatos c ON c.empresa_id = t.empresa_id AND c.id = t.contato_id
        WHERE t.empresa_id = $1 AND ${NA_FILA}
        ORDER BY ${ORDEM_BACKLOG} LIMIT $3`,
      [this.empresaId, filaId, limite],
    );
    const [resumo] = await this.tx.query<{ total: number; mais_antigo: Date | null }>(
      `SELECT count(*)::int AS total, min(t.entrou_na_fila_em) AS mais_antigo FROM atendimento_tickets t
        WHERE t.empresa_id = $1 AND ${NA_FILA}`,
      [this.empresaId, filaId],
    );
    return { tickets, total: resumo?.total ?? 0, maisAntigo: resumo?.mais_antigo ?? null };
  }

  /** Today's throughput of the fila, from the ticket event rows. */
  async vazao(filaId: string, desde: Date): Promise<{ atribuidos: number; resolvidos: number; entradas: number }> {
    const [linha] = await this.tx.query<{ atribuidos: number; resolvidos: number; entradas: number }>(
      `SELECT count(*) FILTER (WHERE e.tipo = 'atribuido')::int AS atribuidos,
              count(*) FILTER (WHERE e.tipo = 'status_alterado' AND e.para_status = 'resolvido')::int AS resolvidos,
              count(*) FILTER (WHERE e.tipo = 'fila_entrada')::int AS entradas
         FROM atendimento_ticket_eventos e
        WHERE e.empresa_id = $1 AND e.para_fila_id = $2 AND e.ocorrido_em >= $3`,
      [this.empresaId, filaId, desde],
    );
    return linha ?? { atribuidos: 0, resolvidos: 0, entradas: 0 };
  }

  // ------------------------------------------------------------------------- sweeps (every empresa)

  /**
   * Filas of every empresa with tickets waiting and at least one online member: the periodic safety net for
   * wake-ups lost with a process (after-commit events are in memory) or presence changed over a socket.
   */
  async filasComEsperaDeTodasEmpresas(): Promise<ParDeEmpresa[]> {
    return this.tx.query<ParDeEmpresa>(
      `SELECT f.empresa_id AS "empresaId", f.id FROM atendimento_filas f
        WHERE f.ativo AND f.estrategia <> 'manual'
          AND EXISTS (SELECT 1 FROM atendimento_tickets t
                       WHERE t.empresa_id = f.empresa_id AND t.fila_id = f.id AND t.status = 'aberto'
                         AND t.atendente_id IS NULL AND NOT t.bot_ativo AND t.removido_em IS NULL)
          AND EXISTS (SELECT 1 FROM atendimento_atendentes_filas af
                        JOIN atendimento_atendentes a ON a.empresa_id = af.empresa_id AND a.id = af.atendente_id
                       WHERE af.empresa_id = f.empresa_id AND af.fila_id = f.id AND a.ativo AND a.status = 'online')`,
    );
  }

  /** Offline atendentes of every empresa holding tickets that a fila returns after its grace period. */
  async atendentesOfflineComTicketsDeTodasEmpresas(): Promise<ParDeEmpresa[]> {
    return this.tx.query<ParDeEmpresa>(
      `SELECT DISTINCT a.empresa_id AS "empresaId", a.id FROM atendimento_atendentes a
         JOIN atendimento_tickets t ON t.empresa_id = a.empresa_id AND t.atendente_id = a.id
         JOIN atendimento_filas f ON f.empresa_id = t.empresa_id AND f.id = t.fila_id
        WHERE a.status = 'offline' AND t.status IN ('em_atendimento', 'pendente') AND t.removido_em IS NULL
          AND f.devolver_ao_ficar_offline AND a.status_em + make_interval(secs => f.carencia_offline_segundos) <= now()`,
    );
  }
}
