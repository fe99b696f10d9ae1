import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { SlaCronometroService, type VerificacaoSla } from '../../../src/atendimento/sla/sla-cronometro.service.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type Sessao, sessoesPadrao } from '../contatos/apoio.js';
import { Fixtures } from '../tickets/fixtures.js';
import { conectar, gravar } from '../../realtime/realtime-support.js';
import { RelogioDeTeste } from './relogio-de-teste.js';

interface LinhaTicket {
  prioridade: string;
  atendente_id: string | null;
  sla_politica_id: string | null;
  sla_primeira_resposta_prazo: Date | null;
  sla_resolucao_prazo: Date | null;
  sla_primeira_resposta_violado: boolean;
}

describe('políticas e relógios de SLA', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const relogio = new RelogioDeTeste(new Date());
  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

  const esperar = async <T>(ler: () => Promise<T>, pronto: (valor: T) => boolean, ms = 15_000): Promise<T> => {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await ler();
      if (pronto(valor) || Date.now() > limite) return valor;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ticketSla = async (id: string): Promise<LinhaTicket> =>
    (
      await f.sql<LinhaTicket>(
        `SELECT prioridade, atendente_id, sla_politica_id, sla_primeira_resposta_prazo, sla_resolucao_prazo, sla_primeira_resposta_violado
           FROM atendimento_tickets WHERE id = $1`,
        [id],
      )
    )[0];
  const criadoEm = async (id: string): Promise<number> =>
    +(
      await f.sql<{ ocorrido_em: Date }>(
        `SELECT ocorrido_em FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'criado'`,
        [id],
      )
    )[0].ocorrido_em;
  const jobs = async (ticketId: string): Promise<{ data: VerificacaoSla; start_after: Date }[]> =>
    f.sql(
      `SELECT data, start_after FROM pgboss.job WHERE name = 'sla.verificar' AND data->>'ticketId' = $1 ORDER BY start_after`,
      [ticketId],
    );
  const eventos = async (ticketId: string, tipo: string) =>
    f.sql<{ dados: Record<string, unknown>; ocorrido_em: Date }>(
      `SELECT dados, ocorrido_em FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = $2 ORDER BY ocorrido_em`,
      [ticketId, tipo],
    );

  beforeAll(async () => {
    t = await createTestApp({ listen: true, overrides: [{ provide: Relogio, useValue: relogio }] });
    ({ admin, outra, atendente } = await sessoesPadrao(t));
    f = new Fixtures(t, admin.empresaId);
  });

  afterAll(() => t.close());

  it('creates, lists, updates and deletes policies, checking every reference', async () => {
    const criada = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({
        nome: 'Padrão',
        primeiraRespostaSegundos: 900,
        resolucaoSegundos: 28_800,
        prioridades: ['alta', 'urgente'],
      });
    expect(criada.status).toBe(201);
    expect(criada.body).toMatchObject({
      nome: 'Padrão',
      apenasHorarioComercial: true,
      alertaPercentual: 80,
      acaoViolacao: 'notificar',
      proximaRespostaSegundos: null,
    });
    expect(
      (await t.http().post('/api/atendimento/sla-politicas').set(auth(atendente)).send({ nome: 'x', resolucaoSegundos: 60 }))
        .status,
    ).toBe(403);
    const duplicada = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({ nome: 'padrão', resolucaoSegundos: 600 });
    expect(duplicada.status).toBe(409);
    expect(duplicada.body.code).toBe('SLA_POLITICA_NOME_EM_USO');

    const alterada = await t
      .http()
      .patch(`/api/atendimento/sla-politicas/${criada.body.id}`)
      .set(auth(admin))
      .send({ alertaPercentual: 50, acaoViolacao: 'aumentar_prioridade' });
    expect(alterada.body).toMatchObject({ alertaPercentual: 50, acaoViolacao: 'aumentar_prioridade' });
    // Removing every target through PATCH is refused with the field named.
    const semPrazo = await t
      .http()
      .patch(`/api/atendimento/sla-politicas/${criada.body.id}`)
      .set(auth(admin))
      .send({ primeiraRespostaSegundos: null, resolucaoSegundos: null });
    expect(semPrazo.status).toBe(400);
    expect(semPrazo.body.issues[0].path).toBe('primeiraRespostaSegundos');
    expect((await t.http().get('/api/atendimento/sla-politicas').set(auth(atendente))).body).toHaveLength(1);
    expect((await t.http().delete(`/api/atendimento/sla-politicas/${criada.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/sla-politicas/${criada.body.id}`).set(auth(admin))).status).toBe(404);
  });

  it('answers 400 naming the field, and 404 to another empresa', async () => {
    const ruim = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({ nome: '', resolucaoSegundos: 10, alertaPercentual: 100, acaoViolacao: 'explodir' });
    expect(ruim.status).toBe(400);
    expect(ruim.body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['nome', 'resolucaoSegundos', 'alertaPercentual', 'acaoViolacao']),
    );
    const semAlvo = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({ nome: 'x', resolucaoSegundos: 600, acaoViolacao: 'reatribuir_atendente' });
    expect(semAlvo.status).toBe(400);
    expect(semAlvo.body.issues[0].path).toBe('acaoConfig');
    const filaAlheia = await new Fixtures(t, outra.empresaId).fila();
    const alheia = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({ nome: 'x', resolucaoSegundos: 600, acaoViolacao: 'reatribuir_fila', acaoConfig: { filaId: filaAlheia } });
    expect(alheia.status).toBe(400);
    expect(alheia.body.issues[0].path).toBe('acaoConfig.filaId');

    const minha = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({ nome: 'Minha', resolucaoSegundos: 600 });
    expect((await t.http().get('/api/atendimento/sla-politicas').set(auth(outra))).body).toEqual([]);
    for (const pedido of [
      t.http().get(`/api/atendimento/sla-politicas/${minha.body.id}`),
      t.http().patch(`/api/atendimento/sla-politicas/${minha.body.id}`).send({ nome: 'Dela' }),
      t.http().delete(`/api/atendimento/sla-politicas/${minha.body.id}`),
    ]) {
      expect((await pedido.set(auth(outra))).status).toBe(404);
    }
    await t.http().delete(`/api/atendimento/sla-politicas/${minha.body.id}`).set(auth(admin));
  });

  it('plans exact due times, warns, breaches and raises the priority; pendente pauses; a reply stops the clock', async () => {
    const filaId = await f.fila();
    const politica = await t.http().post('/api/atendimento/sla-politicas').set(auth(admin)).send({
      nome: 'Suporte',
      primeiraRespostaSegundos: 600,
      resolucaoSegundos: 3_600,
      apenasHorarioComercial: false,
      alertaPercentual: 50,
      acaoViolacao: 'aumentar_prioridade',
    });
    await f.sql(`UPDATE atendimento_filas SET sla_politica_id = $1 WHERE id = $2`, [politica.body.id, filaId]);
    // A supervisor's socket (the empresa room) hears the warnings.
    const { socket } = await conectar(t.url!, admin.token);
    const alertasNoSocket = gravar(socket, 'sla:alerta');
    const ticketId = await f.ticket(await f.contato(), await f.canal(), filaId);
    const inicio = await criadoEm(ticketId);

    const planejado = await esperar(
      () => ticketSla(ticketId),
      (l) => l.sla_primeira_resposta_prazo !== null,
    );
    expect(planejado.sla_politica_id).toBe(politica.body.id);
    expect(iso(planejado.sla_primeira_resposta_prazo)).toBe(iso(new Date(inicio + 600_000)));
    expect(iso(planejado.sla_resolucao_prazo)).toBe(iso(new Date(inicio + 3_600_000)));
    const agendados = await jobs(ticketId);
    expect(agendados.map((j) => [j.data.meta, j.data.nivel, iso(j.start_after)])).toEqual([
      ['primeira_resposta', 'alerta', iso(new Date(inicio + 300_000))],
      ['primeira_resposta', 'violado', iso(new Date(inicio + 600_000))],
      ['resolucao', 'alerta', iso(new Date(inicio + 1_800_000))],
      ['resolucao', 'violado', iso(new Date(inicio + 3_600_000))],
    ]);
    // Re-planning again queues nothing new (singleton keys).
    await RequestContext.runForEmpresa(admin.empresaId, () => t.app.get(SlaCronometroService).replanejar(ticketId));
    expect(await jobs(ticketId)).toHaveLength(4);
    const cronometro = t.app.get(SlaCronometroService);
    const verificar = (data: VerificacaoSla) => cronometro.verificar(data);
    const [alerta, violacao] = agendados;

    // Before its time the job does nothing (the SLA clock decides, not the job store's).
    relogio.definir(new Date(inicio + 299_000));
    await verificar(alerta.data);
    expect(await eventos(ticketId, 'sla_alerta')).toHaveLength(0);
    relogio.definir(new Date(inicio + 300_000));
    await verificar(alerta.data);
    await verificar(alerta.data);
    const alertas = await eventos(ticketId, 'sla_alerta');
    expect(alertas).toHaveLength(1);
    expect(alertas[0].dados).toMatchObject({ meta: 'primeira_resposta', prazo: iso(new Date(inicio + 600_000)) });
    expect(iso(alertas[0].ocorrido_em)).toBe(iso(new Date(inicio + 300_000)));

    relogio.definir(new Date(inicio + 600_000));
    await verificar(violacao.data);
    const violado = await ticketSla(ticketId);
    expect(violado).toMatchObject({ sla_primeira_resposta_violado: true, prioridade: 'alta' });
    expect((await eventos(ticketId, 'sla_violado')).map((e) => e.dados.meta)).toEqual(['primeira_resposta']);
    expect((await eventos(ticketId, 'prioridade_alterada'))[0].dados).toMatchObject({ de: 'normal', para: 'alta' });
    await esperar(
      async () => alertasNoSocket.length,
      (n) => n >= 2,
    );
    expect(alertasNoSocket.map((a) => [a.ticketId, a.tipo, a.nivel, a.prazo])).toEqual([
      [ticketId, 'primeira_resposta', 'alerta', iso(new Date(inicio + 600_000))],
      [ticketId, 'primeira_resposta', 'violado', iso(new Date(inicio + 600_000))],
    ]);
    socket.disconnect();

    // Pendente pauses: the resolution clock has no due time while waiting for the customer.
    const { atendenteId, token } = await f.atendente({ filas: [filaId] });
    await t.http().post(`/api/atendimento/tickets/${ticketId}/atribuir`).set('Authorization', `Bearer ${token}`).send({});
    const pendente = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/status`)
      .set('Authorization', `Bearer ${token}`)
      .send({ status: 'pendente' });
    expect(pendente.status).toBe(200);
    const pausado = await esperar(
      () => ticketSla(ticketId),
      (l) => l.sla_resolucao_prazo === null,
    );
    expect(pausado.sla_resolucao_prazo).toBeNull();
    expect(pausado.atendente_id).toBe(atendenteId);
    // The old resolution job is stale now: it records nothing.
    relogio.definir(new Date(inicio + 3_600_000));
    await verificar(agendados[3].data);
    expect((await eventos(ticketId, 'sla_violado')).map((e) => e.dados.meta)).toEqual(['primeira_resposta']);

    // The customer answers: the clock resumes with the time it had left.
    await f.mensagemDoCliente(ticketId, 'voltei');
    const retomado = await esperar(
      () => ticketSla(ticketId),
      (l) => l.sla_resolucao_prazo !== null,
    );
    const statusEventos = await f.sql<{ para_status: string; ocorrido_em: Date }>(
      `SELECT para_status, ocorrido_em FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'status_alterado' ORDER BY ocorrido_em`,
      [ticketId],
    );
    const pausaInicio = +statusEventos.find((e) => e.para_status === 'pendente')!.ocorrido_em;
    const pausaFim = +statusEventos.at(-1)!.ocorrido_em;
    expect(iso(retomado.sla_resolucao_prazo)).toBe(iso(new Date(inicio + 3_600_000 + (pausaFim - pausaInicio))));
  });

  it('fires through the durable job and reassigns to the policy atendente', async () => {
    const filaId = await f.fila();
    const destino = await f.atendente({ filas: [filaId] });
    const politica = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({
        nome: 'Rápida',
        primeiraRespostaSegundos: 60,
        apenasHorarioComercial: false,
        alertaPercentual: 2,
        acaoViolacao: 'reatribuir_atendente',
        acaoConfig: { atendenteId: destino.atendenteId },
      });
    await f.sql(`UPDATE atendimento_filas SET sla_politica_id = $1 WHERE id = $2`, [politica.body.id, filaId]);
    // The SLA clock is past both instants; the warn-at job (1.2 s after creation) runs by itself.
    relogio.definir(new Date(Date.now() + 3_600_000));
    const ticketId = await f.ticket(await f.contato(), await f.canal(), filaId);
    const alertas = await esperar(
      () => eventos(ticketId, 'sla_alerta'),
      (l) => l.length > 0,
    );
    expect(alertas.map((a) => a.dados.meta)).toEqual(['primeira_resposta']);
    // The breach job's instant is a minute away in real time: run it as the worker would.
    const [violacao] = (await jobs(ticketId)).filter((j) => j.data.nivel === 'violado');
    await t.app.get(SlaCronometroService).verificar(violacao.data);
    const depois = await ticketSla(ticketId);
    expect(depois.sla_primeira_resposta_violado).toBe(true);
    expect(depois.atendente_id).toBe(destino.atendenteId);
  });
  it('escalates a breach to another fila through TicketService', async () => {
    const origem = await f.fila();
    const destino = await f.fila();
    const politica = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth(admin))
      .send({
        nome: 'Escalar',
        resolucaoSegundos: 7_200,
        apenasHorarioComercial: false,
        acaoViolacao: 'reatribuir_fila',
        acaoConfig: { filaId: destino },
      });
    await f.sql(`UPDATE atendimento_filas SET sla_politica_id = $1 WHERE id = $2`, [politica.body.id, origem]);
    const ticketId = await f.ticket(await f.contato(), await f.canal(), origem);
    const inicio = await criadoEm(ticketId);
    const agendados = await esperar(
      () => jobs(ticketId),
      (l) => l.length === 2,
    );
    const violacao = agendados.find((j) => j.data.nivel === 'violado')!;
    expect(iso(violacao.start_after)).toBe(iso(new Date(inicio + 7_200_000)));
    relogio.definir(new Date(inicio + 7_200_000));
    await t.app.get(SlaCronometroService).verificar(violacao.data);
    const [depois] = await f.sql<{ fila_id: string; status: string; sla_resolucao_violado: boolean }>(
      `SELECT fila_id, status, sla_resolucao_violado FROM atendimento_tickets WHERE id = $1`,
      [ticketId],
    );
    expect(depois).toEqual({ fila_id: destino, status: 'aberto', sla_resolucao_violado: true });
    const [transferido] = await eventos(ticketId, 'transferido');
    expect(transferido).toBeDefined();
  });
});
