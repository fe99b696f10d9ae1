import { describe, expect, it } from 'vitest';
import type { CalendarioComercial } from '../sla/horario-comercial.js';
import { type AgregadoMetrica, CalculadoraMetricas, type EventoParaMetrica, diaNoFuso } from './calculadora-metricas.js';

const EMPRESA = '00000000-0000-4000-8000-000000000001';
const FILA = '00000000-0000-4000-8000-0000000000f1';
const CANAL = '00000000-0000-4000-8000-0000000000c1';
const ATENDENTE = '00000000-0000-4000-8000-0000000000a1';
const USUARIO = '00000000-0000-4000-8000-0000000000b1';
const T = 'tk-1';

/** A scripted timeline: minutes after 2026-03-02 12:00 UTC (09:00 in São Paulo). */
function em(minutos: number): Date {
  return new Date(Date.UTC(2026, 2, 2, 12, 0) + minutos * 60_000);
}

function ev(minutos: number, tipo: string, extra: Partial<EventoParaMetrica> = {}): EventoParaMetrica {
  return {
    ticketId: T,
    tipo,
    ator: 'sistema',
    usuarioId: null,
    deStatus: null,
    paraStatus: null,
    paraAtendenteId: null,
    paraFilaId: null,
    dados: {},
    ocorridoEm: em(minutos),
    ...extra,
  };
}

const criado = (m: number) =>
  ev(m, 'criado', { ator: 'cliente', paraStatus: 'aberto', paraFilaId: FILA, dados: { canalId: CANAL } });
const entrouNaFila = (m: number) => ev(m, 'fila_entrada', { paraFilaId: FILA });
const atribuido = (m: number) => ev(m, 'atribuido', { paraAtendenteId: ATENDENTE, paraFilaId: FILA });
const status = (m: number, de: string, para: string, paraAtendenteId: string | null = null) =>
  ev(m, 'status_alterado', { ator: 'usuario', usuarioId: USUARIO, deStatus: de, paraStatus: para, paraAtendenteId });
const resposta = (m: number) => ev(m, 'mensagem_enviada', { ator: 'usuario', usuarioId: USUARIO });
const cliente = (m: number) => ev(m, 'mensagem_recebida', { ator: 'cliente' });

function calcular(eventos: EventoParaMetrica[], fuso = 'America/Sao_Paulo'): AgregadoMetrica[] {
  return new CalculadoraMetricas({ empresaId: EMPRESA, fusoHorario: fuso, atendentePorUsuario: new Map([[USUARIO, ATENDENTE]]) })
    .processar(eventos)
    .resultado();
}

function achar(linhas: AgregadoMetrica[], metrica: string, dimensao = 'empresa', dia = '2026-03-02') {
  return linhas.find((l) => l.metrica === metrica && l.dimensao === dimensao && l.dia === dia);
}

describe('CalculadoraMetricas', () => {
  it('first response, queue wait and resolution of a simple ticket, on every dimension', () => {
    const linhas = calcular([
      criado(0),
      entrouNaFila(0),
      atribuido(4),
      status(4, 'aberto', 'em_atendimento', ATENDENTE),
      resposta(10),
      status(30, 'em_atendimento', 'resolvido'),
    ]);
    expect(achar(linhas, 'tickets_recebidos')).toMatchObject({ contagem: 1 });
    expect(achar(linhas, 'tempo_espera_fila')).toMatchObject({ contagem: 1, soma: 240 });
    expect(achar(linhas, 'tempo_primeira_resposta')).toMatchObject({ contagem: 1, soma: 600, minimo: 600, maximo: 600 });
    expect(achar(linhas, 'tempo_resolucao')).toMatchObject({ contagem: 1, soma: 1800 });
    for (const dimensao of ['fila', 'atendente', 'canal']) {
      expect(achar(linhas, 'tempo_primeira_resposta', dimensao)).toMatchObject({ soma: 600 });
      expect(achar(linhas, 'tickets_resolvidos', dimensao)).toMatchObject({ contagem: 1 });
    }
    // Received before it was assigned: no atendente row for the arrival.
    expect(achar(linhas, 'tickets_recebidos', 'atendente')).toBeUndefined();
  });

  it('reopen then resolve: each resolution counts from its own cycle, and the reopen restarts first response', () => {
    const linhas = calcular([
      criado(0),
      atribuido(0),
      resposta(5),
      status(60, 'em_atendimento', 'resolvido'),
      // Reopened two hours later; resolved 20 minutes after that.
      status(180, 'resolvido', 'em_atendimento', ATENDENTE),
      resposta(183),
      status(200, 'em_atendimento', 'resolvido'),
    ]);
    expect(achar(linhas, 'tickets_resolvidos')).toMatchObject({ contagem: 2 });
    expect(achar(linhas, 'tickets_reabertos')).toMatchObject({ contagem: 1 });
    // 3600 s + 1200 s, never 200 minutes for the second one.
    expect(achar(linhas, 'tempo_resolucao')).toMatchObject({ contagem: 2, soma: 4800, minimo: 1200, maximo: 3600 });
    expect(achar(linhas, 'tempo_primeira_resposta')).toMatchObject({ contagem: 2, soma: 300 + 180 });
  });

  it('next response: each customer turn waits for the next human reply; bot replies and pending time do not end it', () => {
    const linhas = calcular([
      criado(0),
      atribuido(0),
      resposta(2),
      status(3, 'em_atendimento', 'pendente'),
      cliente(10),
      status(10, 'pendente', 'em_atendimento'),
      ev(11, 'mensagem_enviada', { ator: 'bot' }),
      resposta(15),
      cliente(20),
      resposta(21),
    ]);
    expect(achar(linhas, 'tempo_proxima_resposta')).toMatchObject({ contagem: 2, soma: 300 + 60, minimo: 60, maximo: 300 });
    expect(achar(linhas, 'tempo_primeira_resposta')).toMatchObject({ contagem: 1, soma: 120 });
  });

  it('a bot handoff restarts the first-response clock', () => {
    const linhas = calcular([
      criado(0),
      ev(1, 'bot_iniciado', { ator: 'bot' }),
      ev(8, 'bot_handoff', { ator: 'bot' }),
      atribuido(9),
      resposta(10),
    ]);
    expect(achar(linhas, 'tempo_primeira_resposta')).toMatchObject({ contagem: 1, soma: 120 });
  });

  it('CSAT: average, satisfied and the score distribution; the survey counts as requested', () => {
    const linhas = calcular([
      criado(0),
      atribuido(0),
      status(10, 'em_atendimento', 'resolvido'),
      ev(11, 'avaliacao_solicitada'),
      ev(12, 'avaliado', { ator: 'cliente', dados: { nota: 4 } }),
      status(20, 'resolvido', 'em_atendimento', ATENDENTE),
      status(30, 'em_atendimento', 'resolvido'),
      ev(31, 'avaliacao_solicitada'),
      ev(32, 'avaliado', { ator: 'cliente', dados: { nota: 2 } }),
    ]);
    expect(achar(linhas, 'csat')).toMatchObject({ contagem: 2, soma: 6 });
    expect(achar(linhas, 'csat_satisfeitos')).toMatchObject({ contagem: 1 });
    expect(achar(linhas, 'csat_solicitadas')).toMatchObject({ contagem: 2 });
    expect(achar(linhas, 'csat_nota_2')).toMatchObject({ contagem: 1 });
    expect(achar(linhas, 'csat', 'atendente')).toMatchObject({ contagem: 2, soma: 6 });
  });

  it('SLA: a breach marks the resolution of its cycle only', () => {
    const linhas = calcular([
      criado(0),
      ev(5, 'sla_violado', { dados: { meta: 'primeira_resposta' } }),
      status(10, 'aberto', 'resolvido'),
      status(20, 'resolvido', 'aberto'),
      status(30, 'aberto', 'resolvido'),
    ]);
    expect(achar(linhas, 'tickets_resolvidos')).toMatchObject({ contagem: 2 });
    expect(achar(linhas, 'resolucoes_sla_violado')).toMatchObject({ contagem: 1 });
  });

  it('buckets by the day in the empresa time zone, crediting the day the duration ends', () => {
    // 02:30 UTC on the 3rd is 23:30 on the 2nd in São Paulo.
    const tarde = (Date.UTC(2026, 2, 3, 2, 30) - em(0).getTime()) / 60_000;
    const linhas = calcular([criado(0), atribuido(0), status(tarde, 'em_atendimento', 'resolvido')]);
    expect(achar(linhas, 'tickets_resolvidos', 'empresa', '2026-03-02')).toMatchObject({ contagem: 1 });
    const utc = calcular([criado(0), atribuido(0), status(tarde, 'em_atendimento', 'resolvido')], 'UTC');
    expect(achar(utc, 'tickets_resolvidos', 'empresa', '2026-03-03')).toMatchObject({ contagem: 1 });
    expect(diaNoFuso(new Date('2026-03-03T02:30:00Z'), 'America/Sao_Paulo')).toBe('2026-03-02');
  });
});

/** Business-hours variants: scripted timelines against a São Paulo calendar, exact seconds expected. */
describe('CalculadoraMetricas: horas comerciais', () => {
  /** Monday to Friday, 08:00–12:00 and 13:00–18:00. */
  const SEMANA = [1, 2, 3, 4, 5].flatMap((diaSemana) => [
    { diaSemana, inicio: '08:00', fim: '12:00' },
    { diaSemana, inicio: '13:00', fim: '18:00' },
  ]);
  const SP = 'America/Sao_Paulo';
  const calendario: CalendarioComercial = {
    versoes: [{ vigenteDesde: new Date('2020-01-01T00:00:00Z'), fusoHorario: SP, intervalos: SEMANA }],
    // Good Friday 2026.
    feriados: [{ data: '2026-04-03', recorrente: false, intervalos: null }],
  };
  /** A local São Paulo time (UTC-3, no DST in 2026) as an instant. */
  const sp = (local: string) => new Date(`${local}:00-03:00`);
  const e = (local: string, tipo: string, extra: Partial<EventoParaMetrica> = {}): EventoParaMetrica => ({
    ...ev(0, tipo, extra),
    ocorridoEm: sp(local),
  });
  const humano = { ator: 'usuario', usuarioId: USUARIO };

  function comercial(eventos: EventoParaMetrica[], cal: CalendarioComercial | null = calendario): AgregadoMetrica[] {
    return new CalculadoraMetricas({
      empresaId: EMPRESA,
      fusoHorario: SP,
      atendentePorUsuario: new Map([[USUARIO, ATENDENTE]]),
      calendarioDaFila: () => cal,
    })
      .processar(eventos)
      .resultado();
  }
  const soma = (linhas: AgregadoMetrica[], metrica: string, dia?: string) =>
    linhas.filter((l) => l.dimensao === 'empresa' && l.metrica === metrica && (!dia || l.dia === dia));

  it('across a weekend and a holiday: Thursday 17:30 to Monday 08:45 is 75 business minutes', () => {
    const linhas = comercial([
      e('2026-04-02T17:30', 'criado', { ator: 'cliente', paraStatus: 'aberto', paraFilaId: FILA, dados: { canalId: CANAL } }),
      e('2026-04-02T17:30', 'fila_entrada', { paraFilaId: FILA }),
      e('2026-04-06T08:40', 'atribuido', { paraAtendenteId: ATENDENTE, paraFilaId: FILA }),
      e('2026-04-06T08:45', 'mensagem_enviada', humano),
      e('2026-04-06T09:45', 'status_alterado', { ...humano, deStatus: 'em_atendimento', paraStatus: 'resolvido' }),
    ]);
    const [primeira] = soma(linhas, 'tempo_primeira_resposta', '2026-04-06');
    const [primeiraComercial] = soma(linhas, 'tempo_primeira_resposta_comercial', '2026-04-06');
    // Calendar: 3 days 15 h 15 min; business: 30 min on Thursday, none on the holiday and weekend, 45 on Monday.
    expect(primeira).toMatchObject({ contagem: 1, soma: 314_100 });
    expect(primeiraComercial).toMatchObject({ contagem: 1, soma: 4_500, minimo: 4_500, maximo: 4_500 });
    expect(soma(linhas, 'tempo_espera_fila_comercial')[0]).toMatchObject({ contagem: 1, soma: 70 * 60 });
    expect(soma(linhas, 'tempo_resolucao_comercial')[0]).toMatchObject({ contagem: 1, soma: 135 * 60 });
    // Every dimension gets the business sample too.
    for (const dimensao of ['fila', 'atendente', 'canal'])
      expect(achar(linhas, 'tempo_primeira_resposta_comercial', dimensao, '2026-04-06')).toMatchObject({ soma: 4_500 });
  });

  it('a pending pause: calendar resolution includes it, the business variant skips it', () => {
    const linhas = comercial([
      e('2026-03-02T09:00', 'criado', { ator: 'cliente', paraStatus: 'aberto', paraFilaId: FILA }),
      e('2026-03-02T09:00', 'atribuido', { paraAtendenteId: ATENDENTE, paraFilaId: FILA }),
      e('2026-03-02T09:10', 'mensagem_enviada', humano),
      e('2026-03-02T09:20', 'status_alterado', { ...humano, deStatus: 'em_atendimento', paraStatus: 'pendente' }),
      e('2026-03-02T14:00', 'mensagem_recebida', { ator: 'cliente' }),
      e('2026-03-02T14:00', 'status_alterado', { deStatus: 'pendente', paraStatus: 'em_atendimento' }),
      e('2026-03-02T14:05', 'mensagem_enviada', humano),
      e('2026-03-02T14:30', 'status_alterado', { ...humano, deStatus: 'em_atendimento', paraStatus: 'resolvido' }),
    ]);
    expect(soma(linhas, 'tempo_primeira_resposta_comercial')[0]).toMatchObject({ soma: 600 });
    expect(soma(linhas, 'tempo_proxima_resposta')[0]).toMatchObject({ soma: 300 });
    expect(soma(linhas, 'tempo_proxima_resposta_comercial')[0]).toMatchObject({ soma: 300 });
    expect(soma(linhas, 'tempo_resolucao')[0]).toMatchObject({ soma: 5.5 * 3600 });
    // 09:00–09:20 and 14:00–14:30: the pause (09:20–14:00, lunch included) does not count.
    expect(soma(linhas, 'tempo_resolucao_comercial')[0]).toMatchObject({ soma: 50 * 60 });
  });

  it('a resolution straight from pendente ends the pause at the resolution', () => {
    const linhas = comercial([
      e('2026-03-02T09:00', 'criado', { ator: 'cliente', paraStatus: 'aberto' }),
      e('2026-03-02T09:30', 'status_alterado', { ...humano, deStatus: 'aberto', paraStatus: 'pendente' }),
      e('2026-03-02T11:00', 'status_alterado', { ...humano, deStatus: 'pendente', paraStatus: 'resolvido' }),
    ]);
    expect(soma(linhas, 'tempo_resolucao_comercial')[0]).toMatchObject({ soma: 30 * 60 });
  });

  it('reopen then resolve: the second cycle counts from the reopening, overnight in business time', () => {
    const linhas = comercial([
      e('2026-03-02T09:00', 'criado', { ator: 'cliente', paraStatus: 'aberto', paraFilaId: FILA }),
      e('2026-03-02T09:00', 'atribuido', { paraAtendenteId: ATENDENTE, paraFilaId: FILA }),
      e('2026-03-02T09:05', 'mensagem_enviada', humano),
      e('2026-03-02T10:00', 'status_alterado', { ...humano, deStatus: 'em_atendimento', paraStatus: 'resolvido' }),
      e('2026-03-02T17:50', 'status_alterado', { deStatus: 'resolvido', paraStatus: 'em_atendimento', paraAtendenteId: ATENDENTE }),
      e('2026-03-03T08:10', 'mensagem_enviada', humano),
      e('2026-03-03T08:30', 'status_alterado', { ...humano, deStatus: 'em_atendimento', paraStatus: 'resolvido' }),
    ]);
    expect(soma(linhas, 'tempo_resolucao_comercial', '2026-03-02')[0]).toMatchObject({ contagem: 1, soma: 3600 });
    // 17:50–18:00 and 08:00–08:30; calendar: 14 h 40 min.
    expect(soma(linhas, 'tempo_resolucao_comercial', '2026-03-03')[0]).toMatchObject({ contagem: 1, soma: 40 * 60 });
    expect(soma(linhas, 'tempo_resolucao', '2026-03-03')[0]).toMatchObject({ soma: 52_800 });
    expect(soma(linhas, 'tempo_primeira_resposta_comercial', '2026-03-03')[0]).toMatchObject({ soma: 20 * 60 });
  });

  it('a bot handoff: first response counts from the handoff, across lunch', () => {
    const linhas = comercial([
      e('2026-03-02T11:00', 'criado', { ator: 'cliente', paraStatus: 'aberto', paraFilaId: FILA }),
      e('2026-03-02T11:01', 'bot_iniciado', { ator: 'bot' }),
      e('2026-03-02T11:58', 'bot_handoff', { ator: 'bot' }),
      e('2026-03-02T13:00', 'atribuido', { paraAtendenteId: ATENDENTE, paraFilaId: FILA }),
      e('2026-03-02T13:05', 'mensagem_enviada', humano),
    ]);
    expect(soma(linhas, 'tempo_primeira_resposta')[0]).toMatchObject({ soma: 67 * 60 });
    expect(soma(linhas, 'tempo_primeira_resposta_comercial')[0]).toMatchObject({ soma: 7 * 60 });
  });

  it('each instant is read with the schedule version in force then', () => {
    const mudanca: CalendarioComercial = {
      versoes: [
        { vigenteDesde: new Date('2020-01-01T00:00:00Z'), fusoHorario: SP, intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '18:00' })) },
        { vigenteDesde: sp('2026-03-04T00:00'), fusoHorario: SP, intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '10:00', fim: '16:00' })) },
      ],
      feriados: [],
    };
    const linhas = comercial(
      [
        e('2026-03-02T07:00', 'criado', { ticketId: 'a', ator: 'cliente', paraStatus: 'aberto' }),
        e('2026-03-02T09:00', 'mensagem_enviada', { ...humano, ticketId: 'a' }),
        e('2026-03-04T09:00', 'criado', { ticketId: 'b', ator: 'cliente', paraStatus: 'aberto' }),
        e('2026-03-04T11:00', 'mensagem_enviada', { ...humano, ticketId: 'b' }),
      ],
      mudanca,
    );
    expect(soma(linhas, 'tempo_primeira_resposta_comercial', '2026-03-02')[0]).toMatchObject({ soma: 3600 });
    expect(soma(linhas, 'tempo_primeira_resposta_comercial', '2026-03-04')[0]).toMatchObject({ soma: 3600 });
  });

  it('without an expediente there is no business variant', () => {
    const linhas = comercial(
      [e('2026-03-02T09:00', 'criado', { ator: 'cliente', paraStatus: 'aberto' }), e('2026-03-02T09:05', 'mensagem_enviada', humano)],
      null,
    );
    expect(soma(linhas, 'tempo_primeira_resposta')[0]).toMatchObject({ soma: 300 });
    expect(soma(linhas, 'tempo_primeira_resposta_comercial')).toEqual([]);
  });
});
