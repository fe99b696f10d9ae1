import { Injectable, StreamableFile } from '@nestjs/common';
import type {
  AtendenteRelatorioDto,
  CsatResumo,
  EstatisticaTempo,
  RecalculoRelatoriosDto,
  RelatorioAtendentesDto,
  RelatorioCsatDto,
  RelatorioFilasDto,
  RelatorioQuery,
  RelatorioResumoDto,
  RelatorioTemposDto,
  RelatorioVolumeDto,
} from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { CalculadoraMetricas, METRICAS, diaNoFuso, metricaNotaCsat } from './calculadora-metricas.js';
import type { MetricaDimensao } from './metrica.entity.js';
import { MetricaRepository, type SomaMetrica } from './metrica.repository.js';
import { paraCsv } from './relatorio-csv.js';
import { RelatorioException } from './relatorio.exception.js';

export type NomeRelatorio = 'resumo' | 'volume' | 'tempos' | 'csat' | 'filas' | 'atendentes';

const DIA_MS = 86_400_000;
/** Tickets whose histories are read and folded per query during a recomputation. */
const LOTE_TICKETS = 2_000;
const NOTAS = [1, 2, 3, 4, 5] as const;

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

  /** Rebuilds the aggregates of the days [de, ate] (empresa time zone) from the event rows. Idempotent. */
  async recalcular(de: string, ate: string): Promise<RecalculoRelatoriosDto> {
    const inicio = Date.now();
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
      return {
        de,
        ate,
        dias: diasDoPeriodo(de, ate).length,
        tickets: tickets.length,
        eventos,
        linhas: linhas.length,
        duracaoMs: Date.now() - inicio,
      };
    });
  }

  /** Refresh after ticket activity: today and yesterday in the empresa's time zone (late events, midnight). */
  async atualizarRecentes(agora: Date): Promise<RecalculoRelatoriosDto> {
    const fusoHorario = await this.tx.run(() => this.metricas.fusoHorario());
    return this.recalcular(diaNoFuso(new Date(agora.getTime() - DIA_MS), fusoHorario), diaNoFuso(agora, fusoHorario));
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
        csat: this.csatResumo(somas, null),
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
      const metricas = [METRICAS.primeiraResposta, METRICAS.proximaResposta, METRICAS.resolucao];
      const somas = new Somas(
        await this.metricas.somar({ de: q.de, ate: q.ate, dimensao, dimensaoId, metricas, agrupar: 'dia' }),
      );
      return {
        dias: diasDoPeriodo(q.de, q.ate).map((dia) => ({
          dia,
          primeiraRespostaMediaSegundos: tempo(somas.de(dia, METRICAS.primeiraResposta)).mediaSegundos,
          proximaRespostaMediaSegundos: tempo(somas.de(dia, METRICAS.proximaResposta)).mediaSegundos,
          resolucaoMediaSegundos: tempo(somas.de(dia, METRICAS.resolucao)).mediaSegundos,
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
      const metricas = [METRICAS.recebidos, METRICAS.resolvidos, METRICAS.esperaNaFila];
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
        }));
      return { filas };
    });
  }

  async atendentes(q: RelatorioQuery): Promise<RelatorioAtendentesDto> {
    return this.tx.run(async () => {
      const metricas = [METRICAS.resolvidos, METRICAS.primeiraResposta, METRICAS.resolucao, METRICAS.csat];
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
          csatMedia: media(somas.de(a.id, METRICAS.csat)),
          csatRespostas: somas.contagem(a.id, METRICAS.csat),
        }));
      return { atendentes };
    });
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
