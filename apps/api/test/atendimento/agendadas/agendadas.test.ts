import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MensagemAgendadaService } from '../../../src/atendimento/agendadas/mensagem-agendada.service.js';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { EmbeddedPostgres } from '../../../src/database/embedded-postgres.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { openTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { type Sessao, sessoesPadrao } from '../contatos/apoio.js';
import { RelogioDeTeste } from '../sla/relogio-de-teste.js';
import { Fixtures } from '../tickets/fixtures.js';

describe('mensagens agendadas', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: Sessao;
  let outra: Sessao;
  let ticketId: string;
  // Opened here, not by createTestApp: on PostgreSQL an app closing its own database would drop it.
  let banco: TestDatabase;
  const relogio = new RelogioDeTeste(new Date());
  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const rota = (id = ticketId) => `/api/atendimento/tickets/${id}/agendamentos`;
  const emMinutos = (min: number) => new Date(+relogio.agora() + min * 60_000).toISOString();

  const esperar = async <T>(ler: () => Promise<T>, pronto: (valor: T) => boolean, ms = 20_000): Promise<T> => {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await ler();
      if (pronto(valor) || Date.now() > limite) return valor;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  beforeAll(async () => {
    banco = await openTestDatabase();
    t = await createTestApp({ database: banco, overrides: [{ provide: Relogio, useValue: relogio }] });
    ({ admin, outra } = await sessoesPadrao(t));
    f = new Fixtures(t, admin.empresaId);
    ticketId = await f.ticket(await f.contato(), await f.canal('telegram'));
    await f.mensagemDoCliente(ticketId, 'oi');
  });

  afterAll(async () => {
    await t?.close();
    if (banco?.mode === 'postgres') await banco.close();
  });

  it('schedules, lists, edits and cancels while not sent', async () => {
    const criada = await t
      .http()
      .post(rota())
      .set(auth(admin))
      .send({ agendadaPara: emMinutos(60), conteudo: 'Lembrete da sua visita' });
    expect(criada.status).toBe(201);
    expect(criada.body).toMatchObject({
      status: 'agendada',
      conteudo: 'Lembrete da sua visita',
      templateId: null,
      criadoPorUsuarioId: admin.usuarioId,
    });
    const jobs = await f.sql<{ start_after: Date }>(
      `SELECT start_after FROM pgboss.job WHERE name = 'agendadas.enviar' AND data->>'agendadaId' = $1`,
      [criada.body.id],
    );
    expect(jobs.map((j) => new Date(j.start_after).toISOString())).toEqual([criada.body.agendadaPara]);

    const novaData = emMinutos(120);
    const editada = await t
      .http()
      .patch(`${rota()}/${criada.body.id}`)
      .set(auth(admin))
      .send({ agendadaPara: novaData, conteudo: 'Lembrete (novo horário)' });
    expect(editada.status).toBe(200);
    expect(editada.body).toMatchObject({ agendadaPara: novaData, conteudo: 'Lembrete (novo horário)' });
    const lista = await t.http().get(rota()).set(auth(admin));
    expect(lista.body.map((a: { id: string }) => a.id)).toEqual([criada.body.id]);

    // The job of the old date is stale: even past that date it sends nothing.
    relogio.avancar(61 * 60_000);
    const servico = t.app.get(MensagemAgendadaService);
    await servico.enviar({ empresaId: admin.empresaId, agendadaId: criada.body.id, para: criada.body.agendadaPara });
    expect((await t.http().get(rota()).set(auth(admin))).body[0].status).toBe('agendada');

    const cancelada = await t.http().delete(`${rota()}/${criada.body.id}`).set(auth(admin));
    expect(cancelada.status).toBe(200);
    expect(cancelada.body.status).toBe('cancelada');
    expect(cancelada.body.canceladaEm).toBe(relogio.agora().toISOString());
    const denovo = await t.http().patch(`${rota()}/${criada.body.id}`).set(auth(admin)).send({ conteudo: 'x' });
    expect(denovo.status).toBe(409);
    expect(denovo.body.code).toBe('AGENDADA_JA_PROCESSADA');
    // Its job at the new date finds it cancelled.
    relogio.avancar(60 * 60_000);
    await servico.enviar({ empresaId: admin.empresaId, agendadaId: criada.body.id, para: novaData });
    const [{ total }] = await f.sql<{ total: string }>(
      `SELECT count(*) AS total FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'enviada'`,
      [ticketId],
    );
    expect(Number(total)).toBe(0);
  });

  it('answers 400 naming the field and 404 to another empresa', async () => {
    const passado = await t
      .http()
      .post(rota())
      .set(auth(admin))
      .send({ agendadaPara: emMinutos(-1), conteudo: 'x' });
    expect(passado.status).toBe(400);
    expect(passado.body.issues[0].path).toBe('agendadaPara');
    const semNada = await t.http().post(rota()).set(auth(admin)).send({ agendadaPara: 'amanhã' });
    expect(semNada.status).toBe(400);
    expect(semNada.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['agendadaPara', 'conteudo']);
    const template = await t
      .http()
      .post(rota())
      .set(auth(admin))
      .send({ agendadaPara: emMinutos(5), templateId: '11111111-1111-4111-8111-111111111111' });
    expect(template.status).toBe(400);
    expect(template.body.issues[0].path).toBe('templateId');

    const minha = await t
      .http()
      .post(rota())
      .set(auth(admin))
      .send({ agendadaPara: emMinutos(30), conteudo: 'minha' });
    expect((await t.http().get(rota()).set(auth(outra))).status).toBe(404);
    expect(
      (
        await t
          .http()
          .post(rota())
          .set(auth(outra))
          .send({ agendadaPara: emMinutos(30), conteudo: 'x' })
      ).status,
    ).toBe(404);
    expect((await t.http().patch(`${rota()}/${minha.body.id}`).set(auth(outra)).send({ conteudo: 'dela' })).status).toBe(404);
    expect((await t.http().delete(`${rota()}/${minha.body.id}`).set(auth(outra))).status).toBe(404);
    await t.http().delete(`${rota()}/${minha.body.id}`).set(auth(admin));
  });

  it('survives a restart: the job queued before closing sends after reopening', async () => {
    const para = new Date(Date.now() + 2_000).toISOString();
    relogio.definir(new Date(Date.now() - 1_000));
    const criada = await t
      .http()
      .post(rota())
      .set(auth(admin))
      .send({ agendadaPara: para, conteudo: 'Enviada depois do reinício' });
    expect(criada.status).toBe(201);

    // Close the app before the date; reopen on the same data with the clock past it.
    let database: TestDatabase;
    if (t.database.mode === 'pglite') {
      const dump = await t.database.embedded!.pglite.dumpDataDir('none');
      await t.close();
      const embedded = await EmbeddedPostgres.open({ loadDataDir: dump });
      database = { mode: 'pglite', embedded, target: { mode: 'pglite', embedded }, close: () => embedded.close() };
      banco = database;
    } else {
      database = t.database;
      await t.close();
    }
    const [{ status }] = await consultarDireto(database, criada.body.id);
    expect(status).toBe('agendada');
    relogio.definir(new Date(Date.now() + 3_600_000));
    t = await createTestApp({ database, overrides: [{ provide: Relogio, useValue: relogio }] });
    f = new Fixtures(t, admin.empresaId);
    const depois = await esperar(
      async () =>
        (
          await f.sql<{ status: string; mensagem_id: string | null }>(
            `SELECT status, mensagem_id FROM atendimento_mensagens_agendadas WHERE id = $1`,
            [criada.body.id],
          )
        )[0],
      (linha) => linha.status !== 'agendada',
    );
    expect(depois.status).toBe('enviada');
    const [mensagem] = await f.sql<{ conteudo: string; direcao: string }>(
      `SELECT conteudo, direcao FROM atendimento_mensagens WHERE id = $1`,
      [depois.mensagem_id],
    );
    expect(mensagem).toEqual({ conteudo: 'Enviada depois do reinício', direcao: 'enviada' });
  }, 120_000);
});

async function consultarDireto(database: TestDatabase, id: string): Promise<{ status: string }[]> {
  if (database.embedded)
    return (
      await database.embedded.pglite.query<{ status: string }>(
        `SELECT status FROM atendimento_mensagens_agendadas WHERE id = $1`,
        [id],
      )
    ).rows;
  const pg = await import('pg');
  const cliente = new pg.default.Client({ connectionString: database.url });
  await cliente.connect();
  try {
    return (await cliente.query<{ status: string }>(`SELECT status FROM atendimento_mensagens_agendadas WHERE id = $1`, [id]))
      .rows;
  } finally {
    await cliente.end();
  }
}
