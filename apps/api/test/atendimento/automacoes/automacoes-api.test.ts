import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type Sessao, sessoesPadrao } from '../contatos/apoio.js';
import { Fixtures } from '../tickets/fixtures.js';

describe('API de automações', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const caminhos = (body: { issues?: { path: string }[] }) => (body.issues ?? []).map((i) => i.path);

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, outra, atendente } = await sessoesPadrao(t));
    f = new Fixtures(t, admin.empresaId);
  });

  afterAll(() => t.close());

  it('creates, reads, updates, (de)activates, reorders and deletes rules (admins and supervisors only)', async () => {
    const tag = await f.tag('automacao-crud');
    const criada = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({
        nome: 'Etiqueta tudo',
        gatilho: 'ticket_criado',
        condicoes: { tipo: 'ou', condicoes: [{ tipo: 'prioridade', prioridades: ['alta'] }, { tipo: 'status', status: ['aberto'] }] },
        acoes: [{ tipo: 'adicionar_tag', tagId: tag }],
      });
    expect(criada.status).toBe(201);
    expect(criada.body).toMatchObject({
      nome: 'Etiqueta tudo',
      gatilho: 'ticket_criado',
      gatilhoConfig: {},
      ordem: 0,
      ativo: true,
      pararAposExecutar: false,
      webhookSegredoDefinido: false,
      acoes: [{ tipo: 'adicionar_tag', tagId: tag }],
    });
    const segunda = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({ nome: 'Ociosos', gatilho: 'ticket_ocioso', gatilhoConfig: { minutos: 45 }, acoes: [{ tipo: 'resolver' }] });
    expect(segunda.status).toBe(201);
    expect(segunda.body.ordem).toBe(1);
    expect(segunda.body.condicoes).toEqual({ tipo: 'e', condicoes: [] });

    expect((await t.http().get('/api/atendimento/automacoes').set(auth(atendente))).status).toBe(403);
    expect(
      (await t.http().post('/api/atendimento/automacoes').set(auth(atendente)).send({ nome: 'x', gatilho: 'ticket_criado', acoes: [] }))
        .status,
    ).toBe(403);
    const lista = await t.http().get('/api/atendimento/automacoes').set(auth(admin));
    expect(lista.body.map((r: { nome: string }) => r.nome)).toEqual(['Etiqueta tudo', 'Ociosos']);

    const alterada = await t
      .http()
      .patch(`/api/atendimento/automacoes/${criada.body.id}`)
      .set(auth(admin))
      .send({ nome: 'Etiqueta abertos', pararAposExecutar: true });
    expect(alterada.body).toMatchObject({ nome: 'Etiqueta abertos', pararAposExecutar: true });
    const desativada = await t.http().post(`/api/atendimento/automacoes/${criada.body.id}/desativar`).set(auth(admin));
    expect(desativada.status).toBe(200);
    expect(desativada.body.ativo).toBe(false);
    expect((await t.http().post(`/api/atendimento/automacoes/${criada.body.id}/ativar`).set(auth(admin))).body.ativo).toBe(true);

    const reordenada = await t
      .http()
      .put('/api/atendimento/automacoes/ordem')
      .set(auth(admin))
      .send({ ids: [segunda.body.id, criada.body.id] });
    expect(reordenada.body.map((r: { id: string }) => r.id)).toEqual([segunda.body.id, criada.body.id]);
    const incompleta = await t.http().put('/api/atendimento/automacoes/ordem').set(auth(admin)).send({ ids: [criada.body.id] });
    expect(incompleta.status).toBe(400);
    expect(incompleta.body).toMatchObject({ code: 'AUTOMACAO_ORDEM_INCOMPLETA', faltando: [segunda.body.id] });

    const log = await t.http().get(`/api/atendimento/automacoes/${criada.body.id}/execucoes`).set(auth(admin));
    expect(log.body).toEqual({ items: [], nextCursor: null });

    expect((await t.http().delete(`/api/atendimento/automacoes/${segunda.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/automacoes/${segunda.body.id}`).set(auth(admin))).status).toBe(404);
    await t.http().delete(`/api/atendimento/automacoes/${criada.body.id}`).set(auth(admin));
  });

  it('answers 400 naming the bad field', async () => {
    const ruim = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({ nome: '', gatilho: 'quando_chover', acoes: [{ tipo: 'explodir' }] });
    expect(ruim.status).toBe(400);
    expect(caminhos(ruim.body)).toEqual(expect.arrayContaining(['nome', 'gatilho', 'acoes.0.tipo']));

    const casos: [Record<string, unknown>, string][] = [
      [{ gatilho: 'ticket_ocioso', acoes: [{ tipo: 'resolver' }] }, 'gatilhoConfig.minutos'],
      [{ gatilho: 'ticket_criado', acoes: [] }, 'acoes'],
      [{ gatilho: 'ticket_criado', acoes: [{ tipo: 'adicionar_tag', tagId: 'nao-e-uuid' }] }, 'acoes.0.tagId'],
      [{ gatilho: 'ticket_criado', acoes: [{ tipo: 'definir_prioridade', prioridade: 'altissima' }] }, 'acoes.0.prioridade'],
      [{ gatilho: 'ticket_criado', acoes: [{ tipo: 'webhook', url: 'ftp://x.test' }] }, 'acoes.0.url'],
      [
        {
          gatilho: 'mensagem_recebida',
          condicoes: { tipo: 'e', condicoes: [{ tipo: 'texto', campo: 'mensagem', modo: 'regex', valor: '(a+)+$' }] },
          acoes: [{ tipo: 'resolver' }],
        },
        'condicoes.condicoes.0.valor',
      ],
      [
        { gatilho: 'ticket_criado', condicoes: { tipo: 'tags', modo: 'talvez', tagIds: [] }, acoes: [{ tipo: 'resolver' }] },
        'condicoes.modo',
      ],
      [{ gatilho: 'ticket_criado', gatilhoConfig: { horas: 2 }, acoes: [{ tipo: 'resolver' }] }, 'gatilhoConfig'],
      [{ gatilho: 'ticket_criado', acoes: [{ tipo: 'webhook', url: 'https://erp.test/hook' }] }, 'webhookSegredo'],
      [{ gatilho: 'ticket_criado', acoes: [{ tipo: 'adicionar_tag', tagId: '00000000-0000-4000-8000-000000000000' }] }, 'acoes.0.tagId'],
    ];
    for (const [corpo, campo] of casos) {
      const r = await t.http().post('/api/atendimento/automacoes').set(auth(admin)).send({ nome: 'Regra', ...corpo });
      expect(r.status, campo).toBe(400);
      expect(caminhos(r.body), JSON.stringify(r.body)).toContain(campo);
    }
    expect((await t.http().get('/api/atendimento/automacoes/nao-e-uuid').set(auth(admin))).status).toBe(400);
    const cursor = await t
      .http()
      .get(`/api/atendimento/automacoes/00000000-0000-4000-8000-000000000000/execucoes?cursor=lixo`)
      .set(auth(admin));
    expect(cursor.status).toBe(400);
  });

  it('keeps each empresa to its own rules and references (404 / 400 across tenants)', async () => {
    const tagAlheia = await new Fixtures(t, outra.empresaId).tag('alheia');
    const alheiaNaAcao = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({ nome: 'Usa tag alheia', gatilho: 'ticket_criado', acoes: [{ tipo: 'adicionar_tag', tagId: tagAlheia }] });
    expect(alheiaNaAcao.status).toBe(400);
    expect(caminhos(alheiaNaAcao.body)).toEqual(['acoes.0.tagId']);
    const alheiaNaCondicao = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({
        nome: 'Condição alheia',
        gatilho: 'ticket_criado',
        condicoes: { tipo: 'e', condicoes: [{ tipo: 'tags', modo: 'alguma', tagIds: [tagAlheia] }] },
        acoes: [{ tipo: 'resolver' }],
      });
    expect(caminhos(alheiaNaCondicao.body)).toEqual(['condicoes.condicoes.0.tagIds']);

    const dela = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(outra))
      .send({ nome: 'Da outra', gatilho: 'ticket_criado', acoes: [{ tipo: 'resolver' }] });
    expect(dela.status).toBe(201);
    const id = dela.body.id as string;
    expect((await t.http().get(`/api/atendimento/automacoes/${id}`).set(auth(admin))).status).toBe(404);
    expect((await t.http().patch(`/api/atendimento/automacoes/${id}`).set(auth(admin)).send({ nome: 'Minha' })).status).toBe(404);
    expect((await t.http().post(`/api/atendimento/automacoes/${id}/desativar`).set(auth(admin))).status).toBe(404);
    expect((await t.http().get(`/api/atendimento/automacoes/${id}/execucoes`).set(auth(admin))).status).toBe(404);
    expect((await t.http().delete(`/api/atendimento/automacoes/${id}`).set(auth(admin))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/automacoes').set(auth(admin))).body).toEqual([]);
    const ordemAlheia = await t.http().put('/api/atendimento/automacoes/ordem').set(auth(admin)).send({ ids: [id] });
    expect(ordemAlheia.status).toBe(400);
    expect((await t.http().get(`/api/atendimento/automacoes/${id}`).set(auth(outra))).body.nome).toBe('Da outra');
  });

  it('pages the run log newest first', async () => {
    const criada = await t
      .http()
      .post('/api/atendimento/automacoes')
      .set(auth(admin))
      .send({ nome: 'Log', gatilho: 'avaliacao_recebida', acoes: [{ tipo: 'resolver' }] });
    const cadeia = '00000000-0000-4000-8000-00000000c0de';
    for (let i = 0; i < 5; i++) {
      await f.sql(
        `INSERT INTO atendimento_automacao_execucoes (empresa_id, automacao_id, gatilho, cadeia_id, resultado, executada_em)
         VALUES ($1, $2, 'avaliacao_recebida', $3, 'condicoes_falsas', now() - make_interval(mins => $4::int))`,
        [admin.empresaId, criada.body.id, cadeia, i],
      );
    }
    const url = `/api/atendimento/automacoes/${criada.body.id}/execucoes`;
    const p1 = await t.http().get(`${url}?limite=2`).set(auth(admin));
    expect(p1.body.items).toHaveLength(2);
    const p2 = await t.http().get(`${url}?limite=2&cursor=${p1.body.nextCursor}`).set(auth(admin));
    const p3 = await t.http().get(`${url}?limite=2&cursor=${p2.body.nextCursor}`).set(auth(admin));
    expect(p3.body.nextCursor).toBeNull();
    const todas = [...p1.body.items, ...p2.body.items, ...p3.body.items] as { executadaEm: string; resultado: string }[];
    expect(todas).toHaveLength(5);
    const instantes = todas.map((e) => Date.parse(e.executadaEm));
    expect([...instantes].sort((a, b) => b - a)).toEqual(instantes);
    expect(todas[0]).toMatchObject({ resultado: 'condicoes_falsas', cadeiaId: cadeia, ticketId: null });
    expect((await t.http().get(`${url}?limite=0`).set(auth(admin))).status).toBe(400);
  });
});
