import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { aguardar } from '../../canais/inbound-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { RelogioDeTeste } from '../sla/relogio-de-teste.js';
import { type AtendenteDeTeste, Cenario } from './cenario.js';

/**
 * Issue 10, out of hours: a ticket that enters the backlog while the fila's expediente is closed waits there, even
 * with an agent online, until the expediente opens; then the distribution sweep hands it out.
 */
describe('tickets fora do expediente esperam a abertura', { timeout: 120_000 }, () => {
  let t: TestApp;
  let c: Cenario;
  let fila: string;
  let semExpediente: string;
  let canal: string;
  let bia: AtendenteDeTeste;
  // Saturday 14 November 2026, 12:00 in São Paulo.
  const relogio = new RelogioDeTeste('2026-11-14T15:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Relogio, useValue: relogio }] });
    c = await Cenario.iniciar(t);
    const expediente = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(c.auth())
      .send({ nome: 'Comercial', intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '18:00' })) });
    expect(expediente.status, JSON.stringify(expediente.body)).toBe(201);
    fila = await c.fila('Atendimento');
    // A fila with its own round-the-clock expediente is not held by the empresa's default one.
    const plantao = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(c.auth())
      .send({ nome: 'Plantão', intervalos: [0, 1, 2, 3, 4, 5, 6].map((diaSemana) => ({ diaSemana, inicio: '00:00', fim: '24:00' })) });
    expect(plantao.status, JSON.stringify(plantao.body)).toBe(201);
    semExpediente = await c.fila('Plantão', { expedienteId: plantao.body.id });
    bia = await c.atendente('Bia', { filas: [{ filaId: fila }, { filaId: semExpediente }] });
    await c.status(bia, 'online');
    canal = await c.canal();
  }, 120_000);

  afterAll(() => t?.close());

  it('holds the ticket while closed and distributes it once the expediente opens', async () => {
    const sabado = await c.ticket(fila, canal);
    expect(await c.dono(sabado)).toBeNull();
    // The 24 h fila on the same Saturday: distributed at once.
    const plantao = await c.ticket(semExpediente, canal);
    expect(await c.dono(plantao)).toBe(bia.id);

    // Still closed on Monday 07:59; open at 08:00 — the periodic sweep finds the ticket distributable.
    relogio.definir('2026-11-16T10:59:00Z');
    await c.estabilizar();
    expect(await c.dono(sabado)).toBeNull();
    relogio.definir('2026-11-16T11:00:00Z');
    await aguardar('distribuído na abertura', async () => (await c.dono(sabado)) === bia.id, { timeoutMs: 40_000 });
  });

  it('distributes at once during business hours', async () => {
    relogio.definir('2026-11-16T15:00:00Z');
    const segunda = await c.ticket(fila, canal);
    expect(await c.dono(segunda)).toBe(bia.id);
  });
});
