import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { consultar, type Sessao, sessoesPadrao } from '../contatos/apoio.js';
import { RelogioDeTeste } from './relogio-de-teste.js';

const comercial = [1, 2, 3, 4, 5].flatMap((diaSemana) => [
  { diaSemana, inicio: '08:00', fim: '12:00' },
  { diaSemana, inicio: '13:00', fim: '18:00' },
]);

describe('expedientes e feriados', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  // Tuesday 10 November 2026, 10:00 in São Paulo.
  const relogio = new RelogioDeTeste('2026-11-10T13:00:00Z');
  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Relogio, useValue: relogio }] });
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(() => t.close());

  it('creates the first expediente as default, preloads national holidays and versions schedule changes', async () => {
    const criado = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(auth(admin))
      .send({ nome: 'Comercial', intervalos: comercial, mensagemForaExpediente: 'Voltamos {{proxima_abertura}}.' });
    expect(criado.status).toBe(201);
    expect(criado.body).toMatchObject({ nome: 'Comercial', fusoHorario: 'America/Sao_Paulo', padrao: true });
    expect(criado.body.versoes).toEqual([
      { vigenteDesde: '2026-11-10T13:00:00.000Z', fusoHorario: 'America/Sao_Paulo', intervalos: comercial },
    ]);

    const feriados = await t.http().get('/api/atendimento/feriados').query({ ano: '2027' }).set(auth(atendente));
    expect(feriados.status).toBe(200);
    const datas = (feriados.body as { data: string; nacional: boolean }[]).map((f) => f.data);
    expect(datas).toContain('2027-03-26'); // Sexta-feira Santa 2027 (Easter 28 March)
    expect(datas).toContain('2027-11-20');
    expect(datas.every((data) => data.startsWith('2027-'))).toBe(true);
    const [{ total }] = await consultar<{ total: string }>(
      t,
      `SELECT count(*) AS total FROM atendimento_feriados WHERE empresa_id = $1 AND nacional`,
      [admin.empresaId],
    );
    expect(Number(total)).toBe(26);

    // A second expediente is not the default unless asked; asking moves the flag.
    const plantao = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(auth(admin))
      .send({ nome: 'Plantão', fusoHorario: 'America/Manaus', intervalos: [{ diaSemana: 6, inicio: '09:00', fim: '13:00' }] });
    expect(plantao.body.padrao).toBe(false);
    const padrao = await t
      .http()
      .patch(`/api/atendimento/expedientes/${plantao.body.id}`)
      .set(auth(admin))
      .send({ padrao: true });
    expect(padrao.body.padrao).toBe(true);
    const lista = await t.http().get('/api/atendimento/expedientes').set(auth(atendente));
    expect(lista.body.map((e: { nome: string; padrao: boolean }) => [e.nome, e.padrao])).toEqual([
      ['Plantão', true],
      ['Comercial', false],
    ]);

    // Tomorrow the hours shrink to mornings: a new version, the old one kept.
    relogio.definir('2026-11-11T15:00:00Z');
    const manhas = [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '12:00' }));
    const alterado = await t
      .http()
      .patch(`/api/atendimento/expedientes/${criado.body.id}`)
      .set(auth(admin))
      .send({ intervalos: manhas });
    expect(alterado.status).toBe(200);
    expect(alterado.body.versoes.map((v: { vigenteDesde: string }) => v.vigenteDesde)).toEqual([
      '2026-11-10T13:00:00.000Z',
      '2026-11-11T15:00:00.000Z',
    ]);
    // Renaming alone is no new version.
    const renomeado = await t
      .http()
      .patch(`/api/atendimento/expedientes/${criado.body.id}`)
      .set(auth(admin))
      .send({ nome: 'Comercial SP' });
    expect(renomeado.body.versoes).toHaveLength(2);

    // The situation endpoint reads the version in force at the instant asked.
    const situacao = async (em: string) =>
      (await t.http().get(`/api/atendimento/expedientes/${criado.body.id}/situacao`).query({ em }).set(auth(atendente))).body;
    // Tuesday 14:00 local: the old schedule had afternoons.
    expect(await situacao('2026-11-10T17:00:00Z')).toMatchObject({ aberto: true });
    // Thursday 14:00 local: mornings only now, next opening Friday 08:00 local.
    expect(await situacao('2026-11-12T17:00:00Z')).toEqual({
      em: '2026-11-12T17:00:00.000Z',
      aberto: false,
      proximaAbertura: '2026-11-13T11:00:00.000Z',
    });
    // Friday 13 Nov 17:00 local → Saturday, Sunday 15 (holiday anyway), Monday 16 08:00 local.
    expect(await situacao('2026-11-13T20:00:00Z')).toMatchObject({ aberto: false, proximaAbertura: '2026-11-16T11:00:00.000Z' });
    // Friday 20 November is Consciência Negra (preloaded): next opening Monday 23.
    expect(await situacao('2026-11-19T16:00:00Z')).toMatchObject({ proximaAbertura: '2026-11-23T11:00:00.000Z' });
  });

  it('edits holidays: a deleted national holiday opens the day, a reduced day opens partly', async () => {
    const [expediente] = (await t.http().get('/api/atendimento/expedientes').set(auth(admin))).body.filter(
      (e: { nome: string }) => e.nome === 'Comercial SP',
    );
    const feriados = (await t.http().get('/api/atendimento/feriados').query({ ano: '2026' }).set(auth(admin))).body as {
      id: string;
      data: string;
    }[];
    const consciencia = feriados.find((f) => f.data === '2026-11-20')!;
    expect((await t.http().delete(`/api/atendimento/feriados/${consciencia.id}`).set(auth(atendente))).status).toBe(403);
    expect((await t.http().delete(`/api/atendimento/feriados/${consciencia.id}`).set(auth(admin))).status).toBe(204);
    const situacao = async (em: string) =>
      (await t.http().get(`/api/atendimento/expedientes/${expediente.id}/situacao`).query({ em }).set(auth(admin))).body;
    expect(await situacao('2026-11-19T16:00:00Z')).toMatchObject({ proximaAbertura: '2026-11-20T11:00:00.000Z' });

    // Christmas Eve of this expediente only: 08:00–10:00.
    const vespera = await t
      .http()
      .post('/api/atendimento/feriados')
      .set(auth(admin))
      .send({
        data: '2026-12-24',
        nome: 'Véspera de Natal',
        expedienteId: expediente.id,
        intervalos: [{ inicio: '08:00', fim: '10:00' }],
      });
    expect(vespera.status).toBe(201);
    expect(vespera.body).toMatchObject({ nacional: false, recorrente: false, expedienteId: expediente.id });
    expect(await situacao('2026-12-24T12:30:00Z')).toMatchObject({ aberto: true });
    expect(await situacao('2026-12-24T13:30:00Z')).toMatchObject({ aberto: false, proximaAbertura: '2026-12-28T11:00:00.000Z' });

    const duplicado = await t
      .http()
      .post('/api/atendimento/feriados')
      .set(auth(admin))
      .send({ data: '2026-12-24', nome: 'x', expedienteId: expediente.id });
    expect(duplicado.status).toBe(409);
    expect(duplicado.body).toMatchObject({ code: 'SLA_FERIADO_DUPLICADO', feriadoId: vespera.body.id });

    const alterado = await t
      .http()
      .patch(`/api/atendimento/feriados/${vespera.body.id}`)
      .set(auth(admin))
      .send({ intervalos: null });
    expect(alterado.body.intervalos).toBeNull();
    expect(await situacao('2026-12-24T12:30:00Z')).toMatchObject({ aberto: false });

    // Reloading the year's national holidays keeps the deletion? No: loading is explicit and idempotent per date.
    const recarregados = await t.http().post('/api/atendimento/feriados/nacionais').set(auth(admin)).send({ ano: 2026 });
    expect(recarregados.status).toBe(201);
    expect(recarregados.body.map((f: { data: string }) => f.data)).toContain('2026-11-20');
    const outroAno = await t.http().post('/api/atendimento/feriados/nacionais').set(auth(admin)).send({ ano: 2030 });
    expect(outroAno.body).toHaveLength(13);
    expect((await t.http().post('/api/atendimento/feriados/nacionais').set(auth(admin)).send({ ano: 2030 })).body).toHaveLength(
      13,
    );
  });

  it('answers 400 naming the field of a bad body or query', async () => {
    const ruim = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(auth(admin))
      .send({ nome: '', fusoHorario: 'Marte/Olimpo', intervalos: [{ diaSemana: 7, inicio: '8h', fim: '12:00' }] });
    expect(ruim.status).toBe(400);
    const caminhos = ruim.body.issues.map((issue: { path: string }) => issue.path);
    expect(caminhos).toEqual(expect.arrayContaining(['nome', 'fusoHorario', 'intervalos.0.diaSemana', 'intervalos.0.inicio']));
    const invertido = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(auth(admin))
      .send({ nome: 'X', intervalos: [{ diaSemana: 1, inicio: '12:00', fim: '08:00' }] });
    expect(invertido.status).toBe(400);
    expect(invertido.body.issues[0]).toMatchObject({ path: 'intervalos.0.fim', message: 'fim deve ser depois de inicio' });
    const sobreposto = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(auth(admin))
      .send({
        nome: 'X',
        intervalos: [
          { diaSemana: 1, inicio: '08:00', fim: '12:00' },
          { diaSemana: 1, inicio: '11:00', fim: '13:00' },
        ],
      });
    expect(sobreposto.status).toBe(400);
    expect(sobreposto.body.message).toContain('sobrepor');
    const feriado = await t.http().post('/api/atendimento/feriados').set(auth(admin)).send({ data: '24/12/2026', nome: 'x' });
    expect(feriado.status).toBe(400);
    expect(feriado.body.issues[0].path).toBe('data');
    const ano = await t.http().post('/api/atendimento/feriados/nacionais').set(auth(admin)).send({ ano: 1900 });
    expect(ano.status).toBe(400);
    expect(ano.body.issues[0].path).toBe('ano');
    const em = await t
      .http()
      .get(`/api/atendimento/expedientes/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}/situacao`)
      .query({ em: 'amanhã' })
      .set(auth(admin));
    expect(em.status).toBe(400);
    expect(em.body.issues[0].path).toBe('em');
    const alheio = await t
      .http()
      .post('/api/atendimento/feriados')
      .set(auth(outra))
      .send({
        data: '2026-12-31',
        nome: 'x',
        expedienteId: (await t.http().get('/api/atendimento/expedientes').set(auth(admin))).body[0].id,
      });
    expect(alheio.status).toBe(400);
    expect(alheio.body.issues[0].path).toBe('expedienteId');
  });

  it("keeps each empresa's expedientes and holidays to itself", async () => {
    const [expediente] = (await t.http().get('/api/atendimento/expedientes').set(auth(admin))).body;
    const [feriado] = (await t.http().get('/api/atendimento/feriados').set(auth(admin))).body;
    expect((await t.http().get('/api/atendimento/expedientes').set(auth(outra))).body).toEqual([]);
    expect((await t.http().get('/api/atendimento/feriados').set(auth(outra))).body).toEqual([]);
    for (const pedido of [
      t.http().get(`/api/atendimento/expedientes/${expediente.id}`),
      t.http().get(`/api/atendimento/expedientes/${expediente.id}/situacao`),
      t.http().patch(`/api/atendimento/expedientes/${expediente.id}`).send({ nome: 'Meu' }),
      t.http().delete(`/api/atendimento/expedientes/${expediente.id}`),
      t.http().patch(`/api/atendimento/feriados/${feriado.id}`).send({ nome: 'Meu' }),
      t.http().delete(`/api/atendimento/feriados/${feriado.id}`),
    ]) {
      expect((await pedido.set(auth(outra))).status).toBe(404);
    }
    expect((await t.http().get(`/api/atendimento/expedientes/${expediente.id}`).set(auth(admin))).status).toBe(200);
  });
});
