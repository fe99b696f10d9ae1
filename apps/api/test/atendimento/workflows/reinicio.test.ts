import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../../../src/database/embedded-postgres.js';
import { aguardar, criarCanalWhatsApp, sql } from '../../canais/inbound-helpers.js';
import { FakeGraphApi } from '../../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { openTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { clienteEnvia, enviadas } from './apoio.js';

/**
 * Issue 10: "a workflow resumed after a process restart". Two conversations are in flight when the process
 * stops: one waits for the customer's answer, the other on an `esperar` step (a pg-boss job). After reopening
 * the same database, the answer moves the first on and the job resumes the second.
 */
describe('workflow retomado após reinício', { timeout: 180_000 }, () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  // Opened here, not by createTestApp: on PostgreSQL an app closing its own database would drop it.
  let banco: TestDatabase;
  let admin: string;

  const estado = async (ticketId: string) =>
    (
      await sql<{ status: string; passo_atual: string; aguardando_ate: Date | null }>(
        t,
        'SELECT status, passo_atual, aguardando_ate FROM atendimento_workflow_estados WHERE ticket_id = $1',
        [ticketId],
      )
    )[0];

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    banco = await openTestDatabase();
    t = await createTestApp({ database: banco, env: { WHATSAPP_API_URL: fake.baseUrl } });
    admin = await t.login();
    await criarCanalWhatsApp(t, admin, fake);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (banco?.mode === 'postgres') await banco.close();
    await fake?.close();
  });

  it('resumes a question and a wait after the process restarts', async () => {
    const criar = (nome: string, definicao: Record<string, unknown>) =>
      t.http().post('/api/atendimento/workflows').set('Authorization', `Bearer ${admin}`).send({ nome, definicao });
    const pergunta = await criar('Pergunta', {
      inicio: 'nome',
      passos: {
        nome: { tipo: 'pergunta', texto: 'Seu nome?', variavel: 'nome', proximo: 'fim' },
        fim: { tipo: 'fim', texto: 'Até logo, {{nome}}.' },
      },
    });
    const espera = await criar('Espera', {
      inicio: 'aviso',
      passos: {
        aviso: { tipo: 'mensagem', texto: 'Um momento…', proximo: 'pausa' },
        pausa: { tipo: 'esperar', segundos: 6, proximo: 'volta' },
        volta: { tipo: 'mensagem', texto: 'Voltei!', proximo: 'fim' },
        fim: { tipo: 'fim' },
      },
    });
    expect(pergunta.status, JSON.stringify(pergunta.body)).toBe(201);
    expect(espera.status, JSON.stringify(espera.body)).toBe(201);

    const ticketA = await clienteEnvia(t, '5511966660001', 'oi');
    const ticketB = await clienteEnvia(t, '5511966660002', 'oi');
    const iniciar = (ticketId: string, workflowId: string) =>
      t
        .http()
        .post(`/api/atendimento/tickets/${ticketId}/workflow`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ workflowId });
    expect((await iniciar(ticketA, pergunta.body.id as string)).status).toBe(201);
    const b = await iniciar(ticketB, espera.body.id as string);
    expect(b.body).toMatchObject({ status: 'aguardando_tempo', passoAtual: 'pausa' });
    const [job] = await sql<{ start_after: Date }>(
      t,
      `SELECT start_after FROM pgboss.job WHERE name = 'workflows.retomar' AND data->>'estadoId' = $1`,
      [b.body.id],
    );
    expect(new Date(job!.start_after).toISOString()).toBe(b.body.aguardandoAte);

    // Stop before the wait is over; reopen the same data.
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
    t = await createTestApp({ database, env: { WHATSAPP_API_URL: fake.baseUrl } });

    expect((await estado(ticketA))?.status).toBe('aguardando_resposta');
    await clienteEnvia(t, '5511966660001', 'Rita');
    expect((await enviadas(t, ticketA, 2)).map((m) => m.conteudo)).toEqual(['Seu nome?', 'Até logo, Rita.']);
    expect((await estado(ticketA))?.status).toBe('concluido');

    await aguardar('espera retomada pelo job', async () => (await estado(ticketB))?.status === 'concluido', { timeoutMs: 40_000 });
    expect((await enviadas(t, ticketB, 2)).map((m) => m.conteudo)).toEqual(['Um momento…', 'Voltei!']);
  });
});
