import { describe, expect, it } from 'vitest';
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
