import { Injectable, StreamableFile } from '@nestjs/common';
import {
  RECALCULO_SINCRONO_MAX_DIAS,
  type AtendenteRelatorioDto,
  type CsatResumo,
  type EstatisticaTempo,
  type RecalculoRelatoriosDto,
  type RelatorioAtendentesDto,
  type RelatorioCsatDto,
  type RelatorioFilasDto,
  type RelatorioQuery,
  type RelatorioResumoDto,
  type RelatorioTemposDto,
  type RelatorioVolumeDto,
  type SentimentoResumo,
} from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { ExpedienteService } from '../sla/expediente.service.js';
import type { CalendarioComercial } from '../sla/horario-comercial.js';
import { CalculadoraMetricas, METRICAS, diaNoFuso, metricaNotaCsat } from './calculadora-metricas.js';
import type { MetricaDimensao } from './metrica.entity.js';
import { MetricaRepository, type Recalculo, type SomaMetrica } from './metrica.repository.js';
import { paraCsv } from './relatorio-csv.js';
import { RelatorioException } from './relatorio.exception.js';

export type NomeRelatorio = 'resumo' | 'volume' | 'tempos' | 'csat' | 'filas' | 'atendentes';

const DIA_MS = 86_400_000;
/** Tickets whose histories are read and folded per query during a recomputation. */
const LOTE_TICKETS = 2_000;
const NOTAS = [1, 2, 3, 4, 5] as const;
/** Days rebuilt per step of a recomputation: one transaction and one progress update each. */
const DIAS_POR_PASSO = 7;

/** Data of a `relatorios.recalcular` job. */
export interface RecalcularRelatoriosJob {
  empresaId: string;
  recalculoId: string;
}

/** The calendar of each fila (and of tickets without one), preloaded so the calculator stays pure and sync. */
type CalendariosPorFila = ReadonlyMap<string | null, CalendarioComercial | null>;

function toRecalculoDto(r: Recalculo): RecalculoRelatoriosDto {
  return {
    id: r.id,
    estado: r.estado,
    de: r.de,
    ate: r.ate,
    dias: r.dias,
    diasConcluidos: r.diasConcluidos,
    tickets: r.tickets,
    eventos: r.eventos,
    linhas: r.linhas,
    duracaoMs: r.concluidoEm && r.iniciadoEm ? r.concluidoEm.getTime() - r.iniciadoEm.getTime() : null,
    erro: r.erro,
    criadoEm: r.criadoEm.toISOString(),
    concluidoEm: r.concluidoEm?.toISOString() ?? null,
  };
}

function tempo(soma: SomaMetrica | undefined): EstatisticaTempo {
  if (!soma || soma.contagem === 0) return { quantidade: 0, mediaSegundos: null, minimoSegundos: null, maximoSegundos: null };
  return {
    quantidade: soma.contagem,
    mediaSegundos: Math.round(soma.soma / soma.contagem),
    minimoSegundos: soma.minimo,
    maximoSegundos: soma.maximo,
  };
}

function pct(parte: number, todo: number): number | null {
  return todo > 0 ? Math.round((parte / todo) * 1000) / 10 : null;
}

function media(soma: SomaMetrica | undefined): number | null {
  return soma && soma.contagem > 0 ? Math.round((soma.soma / soma.contagem) * 100) / 100 : null;
}

/** Index of sums by (group key, metric). */
class Somas {
  private readonly porChave = new Map<string, SomaMetrica>();
  constructor(linhas: SomaMetrica[]) {
    for (const l of linhas) this.porChave.set(`${l.dia ?? l.dimensaoId ?? ''}|${l.metrica}`, l);
  }
  de(grupo: string | null, metrica: string): SomaMetrica | undefined {
    return this.porChave.get(`${grupo ?? ''}|${metrica}`);
  }
  contagem(grupo: string | null, metrica: string): number {
    return this.de(grupo, metrica)?.contagem ?? 0;
  }
}

/** The days of [de, ate] as `YYYY-MM-DD`. */
function diasDoPeriodo(de: string, ate: string): string[] {
  const dias: string[] = [];
  for (let t = Date.parse(`${de}T00:00:00Z`); t <= Date.parse(`${ate}T00:00:00Z`); t += DIA_MS)
    dias.push(new Date(t).toISOString().slice(0, 10));
  return dias;
}

/**
 * Reports from the pre-aggregated metrics, and their recomputation from the ticket events. Live figures
 * (backlog, current load) come from the tickets themselves.
 */
@Injectable()
export class RelatorioService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly metricas: MetricaRepository,
    private readonly expedientes: ExpedienteService,
    private readonly jobs: JobQueue,
  ) {}

  /** One report as JSON, or as a CSV download when `formato=csv` (its main table, one row per day/fila/atendente). */
  async responder(nome: NomeRelatorio, q: RelatorioQuery): Promise<object | StreamableFile> {
    const [dados, linhas] = await this.gerar(nome, q);
    if (q.formato !== 'csv') return dados;
    return new StreamableFile(Buffer.from(`\uFEFF${paraCsv(linhas)}`, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="relatorio-${nome}-${q.de}-${q.ate}.csv"`,
    });
  }

  private async gerar(nome: NomeRelatorio, q: RelatorioQuery): Promise<[object, readonly object[]]> {
    await this.tx.run(() => this.filtroExiste(q));
    switch (nome) {
      case 'resumo': {
        const dados = await this.resumo(q);
        return [dados, [dados]];
      }
      case 'volume': {
        const dados = await this.volume(q);
        return [dados, dados.dias];
      }
      case 'tempos': {
        const dados = await this.tempos(q);
        return [dados, dados.dias];
      }
      case 'csat': {
        const dados = await this.csat(q);
        return [dados, dados.dias];
      }
      case 'filas': {
        const dados = await this.filas(q);
        return [dados, dados.filas];
      }
      case 'atendentes': {
        const dados = await this.atendentes(q);
        return [dados, dados.atendentes];
      }
    }
  }

  /**
   * `POST …/recalcular`: a period of up to RECALCULO_SINCRONO_MAX_DIAS days is rebuilt within the request and
   * returned finished; a longer one is queued as a job and returned `pendente` (its progress is read by id).
   */
  async solicitarRecalculo(de: string, ate: string): Promise<RecalculoRelatoriosDto> {
    const dias = diasDoPeriodo(de, ate).length;
    const recalculo = await this.tx.run(async () => {
      const criado = await this.metricas.criarRecalculo(de, ate, dias);
      if (dias > RECALCULO_SINCRONO_MAX_DIAS)
        await this.jobs.enviar<RecalcularRelatoriosJob>('recalcularRelatorios', {
          empresaId: this.metricas.empresaDoContexto(),
          recalculoId: criado.id,
        });
      return criado;
    });
    if (dias > RECALCULO_SINCRONO_MAX_DIAS) return toRecalculoDto(recalculo);
    return this.executarRecalculo(recalculo.id);
  }

  async statusRecalculo(id: string): Promise<RecalculoRelatoriosDto> {
    const recalculo = await this.tx.run(() => this.metricas.findRecalculo(id));
    if (!recalculo) throw RelatorioException.recalculoNaoEncontrado();
    return toRecalculoDto(recalculo);
  }

  /**
   * Runs a recomputation in steps of DIAS_POR_PASSO days, each in its own transaction together with its progress,
   * so the progress read meanwhile is exactly what is already rebuilt. A retry starts over (steps are idempotent).
   */
  async executarRecalculo(id: string): Promise<RecalculoRelatoriosDto> {
    const recalculo = await this.tx.run(() => this.metricas.findRecalculo(id));
    if (!recalculo) throw RelatorioException.recalculoNaoEncontrado();
    await this.tx.run(() => this.metricas.iniciarRecalculo(id));
    try {
      const calendarios = await this.tx.run(() => this.calendariosPorFila());
      const dias = diasDoPeriodo(recalculo.de, recalculo.ate);
      for (let i = 0; i < dias.length; i += DIAS_POR_PASSO) {
        const passo = dias.slice(i, i + DIAS_POR_PASSO);
        await this.tx.run(async () => {
          const r = await this.recalcularDias(passo[0], passo[passo.length - 1], calendarios);
          await this.metricas.avancarRecalculo(id, { dias: passo.length, tickets: r.tickets, eventos: r.eventos, linhas: r.linhas });
        });
      }
    } catch (error) {
      await this.tx.run(() => this.metricas.falharRecalculo(id, error instanceof Error ? error.message : String(error)));
      throw error;
    }
    return this.statusRecalculo(id);
  }

  /** The calendar that applies to each fila's tickets (its expediente, else the default), and to tickets without one. */
  private async calendariosPorFila(): Promise<CalendariosPorFila> {
    const porExpediente = new Map<string, CalendarioComercial>();
    const calendarios = new Map<string | null, CalendarioComercial | null>();
    for (const filaId of [null, ...(await this.metricas.idsDasFilas())]) {
      const aplicavel = await this.expedientes.calendarioAplicavel({ filaId });
      if (!aplicavel) {
        calendarios.set(filaId, null);
        continue;
      }
      let calendario = porExpediente.get(aplicavel.expediente.id);
      if (!calendario) porExpediente.set(aplicavel.expediente.id, (calendario = aplicavel.calendario));
      calendarios.set(filaId, calendario);
    }
    return calendarios;
  }

  /** Rebuilds the aggregates of the days [de, ate] (empresa time zone) from the event rows. Idempotent. */
  private async recalcularDias(
    de: string,
    ate: string,
    calendarios: CalendariosPorFila,
  ): Promise<{ tickets: number; eventos: number; linhas: number }> {
    return this.tx.run(async () => {
      await this.metricas.bloquearRecalculo();
      const fusoHorario = await this.metricas.fusoHorario();
      // A day in any time zone lies within [day - 1, day + 2) in UTC: load a superset and keep only [de, ate].
      const desde = new Date(Date.parse(`${de}T00:00:00Z`) - DIA_MS);
      const ateDaCarga = new Date(Date.parse(`${ate}T00:00:00Z`) + 2 * DIA_MS);
      const calculadora = new CalculadoraMetricas({
        empresaId: this.metricas.empresaDoContexto(),
        fusoHorario,
        atendentePorUsuario: await this.metricas.atendentesPorUsuario(),
        // A fila created after the calendars were loaded reads the default one.
        calendarioDaFila: (filaId) => (calendarios.has(filaId) ? (calendarios.get(filaId) ?? null) : (calendarios.get(null) ?? null)),
      });
      // In batches of tickets, so a month of a busy empresa never sits in memory at once.
      const tickets = await this.metricas.ticketsComEventos(desde, ateDaCarga);
      let eventos = 0;
      for (let i = 0; i < tickets.length; i += LOTE_TICKETS) {
        const lote = await this.metricas.eventosDosTickets(tickets.slice(i, i + LOTE_TICKETS), ateDaCarga);
        eventos += lote.length;
        calculadora.processar(lote).esquecerTickets();
      }
      const linhas = calculadora.resultado().filter((l) => l.dia >= de && l.dia <= ate);
      await this.metricas.substituirDias(de, ate, linhas);
      return { tickets: tickets.length, eventos, linhas: linhas.length };
    });
  }

  /** Refresh after ticket activity: today and yesterday in the empresa's time zone (late events, midnight). */
  async atualizarRecentes(agora: Date): Promise<void> {
    await this.tx.run(async () => {
      const fusoHorario = await this.metricas.fusoHorario();
      const calendarios = await this.calendariosPorFila();
      await this.recalcularDias(diaNoFuso(new Date(agora.getTime() - DIA_MS), fusoHorario), diaNoFuso(agora, fusoHorario), calendarios);
    });
  }

  async resumo(q: RelatorioQuery): Promise<RelatorioResumoDto> {
    return this.tx.run(async () => {
      const [dimensao, dimensaoId] = this.dimensaoDe(q);
      const somas = new Somas(
        await this.metricas.somar({
          de: q.de,
          ate: q.ate,
          dimensao,
          dimensaoId,
          metricas: Object.values(METRICAS),
          agrupar: 'total',
        }),
      );
      const resolvidos = somas.contagem(null, METRICAS.resolvidos);
      const temSla = await this.metricas.temPoliticaSla();
      const backlog = await this.metricas.backlogPorFila();
      return {
        de: q.de,
        ate: q.ate,
        fusoHorario: await this.metricas.fusoHorario(),
        recebidos: somas.contagem(null, METRICAS.recebidos),
        resolvidos,
        reabertos: somas.contagem(null, METRICAS.reabertos),
        primeiraResposta: tempo(somas.de(null, METRICAS.primeiraResposta)),
        proximaResposta: tempo(somas.de(null, METRICAS.proximaResposta)),
        resolucao: tempo(somas.de(null, METRICAS.resolucao)),
        esperaNaFila: tempo(somas.de(null, METRICAS.esperaNaFila)),
        primeiraRespostaComercial: tempo(somas.de(null, METRICAS.primeiraRespostaComercial)),
        proximaRespostaComercial: tempo(somas.de(null, METRICAS.proximaRespostaComercial)),
        resolucaoComercial: tempo(somas.de(null, METRICAS.resolucaoComercial)),
        esperaNaFilaComercial: tempo(somas.de(null, METRICAS.esperaNaFilaComercial)),
        expedienteConfigurado: await this.metricas.temExpediente(),
        csat: this.csatResumo(somas, null),
        sentimento: await this.sentimento(q, dimensao, dimensaoId),
        slaCumprimentoPct: temSla ? pct(resolvidos - somas.contagem(null, METRICAS.slaResolucoesViolidas), resolvidos) : null,
        backlogAtual: backlog
          .filter((f) => dimensao !== 'fila' || f.id === dimensaoId)
          .reduce((total, f) => total + f.aguardando, 0),
      };
    });
  }

  async volume(q: RelatorioQuery): Promise<RelatorioVolumeDto> {
    return this.tx.run(async () => {
      const [dimensao, dimensaoId] = this.dimensaoDe(q);
      const metricas = [METRICAS.recebidos, METRICAS.resolvidos];
      const somas = new Somas(
        await this.metricas.somar({ de: q.de, ate: q.ate, dimensao, dimensaoId, metricas, agrupar: 'dia' }),
      );
      const dias = diasDoPeriodo(q.de, q.ate).map((dia) => ({
        dia,
        recebidos: somas.contagem(dia, METRICAS.recebidos),
        resolvidos: somas.contagem(dia, METRICAS.resolvidos),
      }));
      // Per canal: every canal row of each day (narrowed to one canal when filtered by it).
      const porCanal: RelatorioVolumeDto['porCanal'] = [];
      if (dimensao === 'empresa' || dimensao === 'canal') {
        const nomes = await this.metricas.nomesDeCanais();
        const linhas = await this.metricas.somar({
          de: q.de,
          ate: q.ate,
          dimensao: 'canal',
          dimensaoId: dimensao === 'canal' ? dimensaoId : null,
          metricas: [METRICAS.recebidos],
          agrupar: 'dia_dimensao',
        });
        for (const l of linhas)
          if (l.dia && l.dimensaoId)
            porCanal.push({
              dia: l.dia,
              canalId: l.dimensaoId,
              canalNome: nomes.get(l.dimensaoId) ?? '—',
              recebidos: l.contagem,
            });
      }
      return { dias, porCanal };
    });
  }

  async tempos(q: RelatorioQuery): Promise<RelatorioTemposDto> {
    return this.tx.run(async () => {
      const [dimensao, dimensaoId] = this.dimensaoDe(q);
      const metricas = [
        METRICAS.primeiraResposta,
        METRICAS.proximaResposta,
        METRICAS.resolucao,
        METRICAS.primeiraRespostaComercial,
        METRICAS.proximaRespostaComercial,
        METRICAS.resolucaoComercial,
      ];
      const somas = new Somas(
        await this.metricas.somar({ de: q.de, ate: q.ate, dimensao, dimensaoId, metricas, agrupar: 'dia' }),
      );
      return {
        dias: diasDoPeriodo(q.de, q.ate).map((dia) => ({
          dia,
          primeiraRespostaMediaSegundos: tempo(somas.de(dia, METRICAS.primeiraResposta)).mediaSegundos,
          proximaRespostaMediaSegundos: tempo(somas.de(dia, METRICAS.proximaResposta)).mediaSegundos,
          resolucaoMediaSegundos: tempo(somas.de(dia, METRICAS.resolucao)).mediaSegundos,
          primeiraRespostaComercialMediaSegundos: tempo(somas.de(dia, METRICAS.primeiraRespostaComercial)).mediaSegundos,
          proximaRespostaComercialMediaSegundos: tempo(somas.de(dia, METRICAS.proximaRespostaComercial)).mediaSegundos,
          resolucaoComercialMediaSegundos: tempo(somas.de(dia, METRICAS.resolucaoComercial)).mediaSegundos,
        })),
      };
    });
  }

  async csat(q: RelatorioQuery): Promise<RelatorioCsatDto> {
    return this.tx.run(async () => {
      const [dimensao, dimensaoId] = this.dimensaoDe(q);
      const metricas = [
        METRICAS.csat,
        METRICAS.csatSatisfeitos,
        METRICAS.csatSolicitadas,
        METRICAS.resolvidos,
        ...NOTAS.map(metricaNotaCsat),
      ];
      const porDia = new Somas(
        await this.metricas.somar({ de: q.de, ate: q.ate, dimensao, dimensaoId, metricas, agrupar: 'dia' }),
      );
      const total = new Somas(
        await this.metricas.somar({ de: q.de, ate: q.ate, dimensao, dimensaoId, metricas, agrupar: 'total' }),
      );
      return {
        resumo: this.csatResumo(total, null),
        dias: diasDoPeriodo(q.de, q.ate).map((dia) => {
          const r = this.csatResumo(porDia, dia);
          return { dia, respostas: r.respostas, media: r.media, satisfeitosPct: r.satisfeitosPct };
        }),
        distribuicao: NOTAS.map((nota) => ({ nota, respostas: total.contagem(null, metricaNotaCsat(nota)) })),
      };
    });
  }

  async filas(q: RelatorioQuery): Promise<RelatorioFilasDto> {
    return this.tx.run(async () => {
      const metricas = [METRICAS.recebidos, METRICAS.resolvidos, METRICAS.esperaNaFila, METRICAS.esperaNaFilaComercial];
      const somas = new Somas(
        await this.metricas.somar({
          de: q.de,
          ate: q.ate,
          dimensao: 'fila',
          dimensaoId: q.filaId ?? null,
          metricas,
          agrupar: 'dimensao',
        }),
      );
      const agora = Date.now();
      const filas = (await this.metricas.backlogPorFila())
        .filter((f) => !q.filaId || f.id === q.filaId)
        .map((f) => ({
          filaId: f.id,
          nome: f.nome,
          aguardando: f.aguardando,
          maiorEsperaSegundos: f.maisAntigo ? Math.max(0, Math.floor((agora - f.maisAntigo.getTime()) / 1000)) : 0,
          recebidos: somas.contagem(f.id, METRICAS.recebidos),
          resolvidos: somas.contagem(f.id, METRICAS.resolvidos),
          esperaNaFila: tempo(somas.de(f.id, METRICAS.esperaNaFila)),
          esperaNaFilaComercial: tempo(somas.de(f.id, METRICAS.esperaNaFilaComercial)),
        }));
      return { filas };
    });
  }

  async atendentes(q: RelatorioQuery): Promise<RelatorioAtendentesDto> {
    return this.tx.run(async () => {
      const metricas = [
        METRICAS.resolvidos,
        METRICAS.primeiraResposta,
        METRICAS.resolucao,
        METRICAS.primeiraRespostaComercial,
        METRICAS.resolucaoComercial,
        METRICAS.csat,
      ];
      const somas = new Somas(
        await this.metricas.somar({
          de: q.de,
          ate: q.ate,
          dimensao: 'atendente',
          dimensaoId: q.atendenteId ?? null,
          metricas,
          agrupar: 'dimensao',
        }),
      );
      const atendentes: AtendenteRelatorioDto[] = (await this.metricas.cargaPorAtendente())
        .filter((a) => (q.atendenteId ? a.id === q.atendenteId : a.ativo || somas.contagem(a.id, METRICAS.resolvidos) > 0))
        .map((a) => ({
          atendenteId: a.id,
          nome: a.nome,
          ticketsAtuais: a.tickets,
          maxTicketsSimultaneos: a.max,
          ocupacaoPct: Math.round((a.tickets / a.max) * 1000) / 10,
          resolvidos: somas.contagem(a.id, METRICAS.resolvidos),
          primeiraResposta: tempo(somas.de(a.id, METRICAS.primeiraResposta)),
          resolucao: tempo(somas.de(a.id, METRICAS.resolucao)),
          primeiraRespostaComercial: tempo(somas.de(a.id, METRICAS.primeiraRespostaComercial)),
          resolucaoComercial: tempo(somas.de(a.id, METRICAS.resolucaoComercial)),
          csatMedia: media(somas.de(a.id, METRICAS.csat)),
          csatRespostas: somas.contagem(a.id, METRICAS.csat),
        }));
      return { atendentes };
    });
  }

  private async sentimento(q: RelatorioQuery, dimensao: MetricaDimensao, dimensaoId: string | null): Promise<SentimentoResumo> {
    const fuso = await this.metricas.fusoHorario();
    const linhas = await this.metricas.sentimentoDoPeriodo(q.de, q.ate, fuso, dimensao, dimensaoId);
    const de = (rotulo: string) => linhas.find((l) => l.rotulo === rotulo)?.quantidade ?? 0;
    const analisadas = linhas.reduce((total, l) => total + l.quantidade, 0);
    const soma = linhas.reduce((total, l) => total + l.somaScore, 0);
    return {
      analisadas,
      positivas: de('positivo'),
      neutras: de('neutro'),
      negativas: de('negativo'),
      scoreMedio: analisadas > 0 ? Math.round((soma / analisadas) * 100) / 100 : null,
      positivasPct: pct(de('positivo'), analisadas),
      negativasPct: pct(de('negativo'), analisadas),
    };
  }

  private csatResumo(somas: Somas, grupo: string | null): CsatResumo {
    const respostas = somas.contagem(grupo, METRICAS.csat);
    const solicitadas = somas.contagem(grupo, METRICAS.csatSolicitadas);
    // Without survey events (no survey sender yet), every resolution counts as a chance to answer.
    const oportunidades = solicitadas > 0 ? solicitadas : somas.contagem(grupo, METRICAS.resolvidos);
    return {
      respostas,
      media: media(somas.de(grupo, METRICAS.csat)),
      satisfeitosPct: pct(somas.contagem(grupo, METRICAS.csatSatisfeitos), respostas),
      taxaRespostaPct: oportunidades > 0 ? Math.min(100, pct(respostas, oportunidades) ?? 0) : null,
    };
  }

  /** A filter naming another empresa's fila/canal/atendente is a 404, like any other foreign id. */
  private async filtroExiste(q: RelatorioQuery): Promise<void> {
    if (q.filaId && !(await this.metricas.existeDimensao('fila', q.filaId)))
      throw RelatorioException.filtroNaoEncontrado('filaId');
    if (q.canalId && !(await this.metricas.existeDimensao('canal', q.canalId)))
      throw RelatorioException.filtroNaoEncontrado('canalId');
    if (q.atendenteId && !(await this.metricas.existeDimensao('atendente', q.atendenteId)))
      throw RelatorioException.filtroNaoEncontrado('atendenteId');
  }

  private dimensaoDe(q: RelatorioQuery): [MetricaDimensao, string | null] {
    if (q.filaId) return ['fila', q.filaId];
    if (q.canalId) return ['canal', q.canalId];
    if (q.atendenteId) return ['atendente', q.atendenteId];
    return ['empresa', null];
  }
}
