import { describe, expect, it } from 'vitest';
import type { CalendarioComercial } from './horario-comercial.js';
import { type EventoDoTicket, calcularPrazos } from './sla-prazos.js';

const calendario: CalendarioComercial = {
  versoes: [
    {
      vigenteDesde: new Date('2020-01-01T00:00:00Z'),
      fusoHorario: 'America/Sao_Paulo',
      intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '09:00', fim: '18:00' })),
    },
  ],
  feriados: [{ data: '2026-11-20', recorrente: false, intervalos: null }],
};

const HORA = 3_600_000;
const metas = { primeiraRespostaMs: 2 * HORA, proximaRespostaMs: HORA, resolucaoMs: 8 * HORA, alertaPercentual: 75 };

function ev(tipo: string, iso: string, extra: Partial<EventoDoTicket> = {}): EventoDoTicket {
  return { tipo, ator: 'sistema', deStatus: null, paraStatus: null, ocorridoEm: new Date(iso), dados: {}, ...extra };
}
const status = (de: string, para: string, iso: string) => ev('status_alterado', iso, { deStatus: de, paraStatus: para });
const cliente = (iso: string) => ev('mensagem_recebida', iso, { ator: 'cliente' });
const agente = (iso: string) => ev('mensagem_enviada', iso, { ator: 'usuario' });
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('prazos de SLA', () => {
  it('counts business hours across a weekend and a holiday', () => {
    // Thursday 19 Nov 2026, 17:00 local (20:00Z). Friday 20 is a holiday.
    const prazos = calcularPrazos([ev('criado', '2026-11-19T20:00:00Z')], 'aberto', metas, calendario);
    const porMeta = Object.fromEntries(prazos.map((p) => [p.meta, { alerta: iso(p.alerta), prazo: iso(p.prazo) }]));
    // 1 h on Thursday, then Monday 23 from 09:00 local (12:00Z): first response 2 h → Monday 10:00 local.
    expect(porMeta.primeira_resposta).toEqual({ alerta: '2026-11-23T12:30:00.000Z', prazo: '2026-11-23T13:00:00.000Z' });
    // Resolution 8 h → Monday 16:00 local; warn at 6 h → Monday 14:00 local.
    expect(porMeta.resolucao).toEqual({ alerta: '2026-11-23T17:00:00.000Z', prazo: '2026-11-23T19:00:00.000Z' });
    expect(porMeta.proxima_resposta).toBeUndefined();
    // Around the clock (no calendar): plain addition.
    const corridos = calcularPrazos([ev('criado', '2026-11-19T20:00:00Z')], 'aberto', metas, null);
    expect(iso(corridos[0].prazo)).toBe('2026-11-19T22:00:00.000Z');
  });

  it('pauses while pendente and resumes with the remaining time', () => {
    const eventos = [
      ev('criado', '2026-11-16T12:00:00Z'), // Monday 09:00 local
      agente('2026-11-16T12:30:00Z'),
      status('em_atendimento', 'pendente', '2026-11-16T13:00:00Z'), // 1 h of resolution used
    ];
    const pausado = calcularPrazos(eventos, 'pendente', metas, calendario);
    expect(pausado.find((p) => p.meta === 'resolucao')?.prazo).toBeNull();
    // Back at 15:00Z (2 h paused): 7 h left → 22:00Z? Closing is 21:00Z (18:00 local): 6 h today, 1 h Tuesday.
    eventos.push(status('pendente', 'em_atendimento', '2026-11-16T15:00:00Z'), cliente('2026-11-16T15:00:00Z'));
    const retomado = calcularPrazos(eventos, 'em_atendimento', metas, calendario);
    expect(iso(retomado.find((p) => p.meta === 'resolucao')!.prazo)).toBe('2026-11-17T13:00:00.000Z');
    // The customer's reply starts the next-response clock; first response was met.
    expect(retomado.map((p) => p.meta).sort()).toEqual(['proxima_resposta', 'resolucao']);
    expect(iso(retomado.find((p) => p.meta === 'proxima_resposta')!.prazo)).toBe('2026-11-16T16:00:00.000Z');
    // A human answer stops it; a new customer message restarts it from that message.
    eventos.push(agente('2026-11-16T15:20:00Z'), cliente('2026-11-16T16:00:00Z'), cliente('2026-11-16T16:10:00Z'));
    const proxima = calcularPrazos(eventos, 'em_atendimento', metas, calendario).find((p) => p.meta === 'proxima_resposta')!;
    expect(iso(proxima.inicio)).toBe('2026-11-16T16:00:00.000Z');
    expect(iso(proxima.prazo)).toBe('2026-11-16T17:00:00.000Z');
  });

  it('restarts every clock on reopening and stops them when resolved', () => {
    const eventos = [
      ev('criado', '2026-11-16T12:00:00Z'),
      agente('2026-11-16T12:10:00Z'),
      status('em_atendimento', 'resolvido', '2026-11-16T13:00:00Z'),
    ];
    expect(calcularPrazos(eventos, 'resolvido', metas, calendario)).toEqual([]);
    eventos.push(status('resolvido', 'aberto', '2026-11-18T12:00:00Z'));
    const reaberto = calcularPrazos(eventos, 'aberto', metas, calendario);
    // The earlier human reply belongs to the previous cycle: first response runs again.
    expect(reaberto.map((p) => [p.meta, iso(p.inicio), iso(p.prazo)])).toEqual([
      ['primeira_resposta', '2026-11-18T12:00:00.000Z', '2026-11-18T14:00:00.000Z'],
      ['resolucao', '2026-11-18T12:00:00.000Z', '2026-11-18T20:00:00.000Z'],
    ]);
  });
});
