import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { consultar, criarCanal, criarTicket, type Sessao, sessoesPadrao } from './apoio.js';

/**
 * Tenant isolation over every route of contatos, tags and templates: an admin of another empresa who
 * knows (or guesses) the ids of the Demo empresa gets 404 and changes nothing; lists never show them.
 */
describe('contatos, tags and templates: tenant isolation', () => {
  let t: TestApp;
  let demo: Sessao;
  let intruso: Sessao;
  const alvo = { contato: '', contato2: '', ticket: '', tag: '', template: '', canal: '' };
  const proprio = { contato: '', ticket: '', tag: '', template: '' };

  const post = (sessao: Sessao, url: string, body: object) =>
    t.http().post(url).set('Authorization', `Bearer ${sessao.token}`).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    const sessoes = await sessoesPadrao(t);
    demo = sessoes.admin;
    intruso = sessoes.outra;

    alvo.contato = (
      await post(demo, '/api/atendimento/contatos', { nome: 'Cliente Demo', telefone: '+55 11 98888-0000' })
    ).body.id;
    alvo.contato2 = (await post(demo, '/api/atendimento/contatos', { nome: 'Cliente Demo 2' })).body.id;
    alvo.tag = (await post(demo, '/api/atendimento/tags', { nome: 'Demo VIP' })).body.id;
    alvo.template = (
      await post(demo, '/api/atendimento/templates', { nome: 'Demo', atalho: '/demo', conteudo: 'Oi {{contato.nome}}' })
    ).body.id;
    alvo.canal = await criarCanal(t, demo.empresaId);
    alvo.ticket = (await criarTicket(t, demo.empresaId, alvo.contato, { canalId: alvo.canal })).id;
    await post(demo, `/api/atendimento/tickets/${alvo.ticket}/tags`, { tagId: alvo.tag });
    await post(demo, `/api/atendimento/contatos/${alvo.contato}/tags`, { tagId: alvo.tag });

    proprio.contato = (await post(intruso, '/api/atendimento/contatos', { nome: 'Cliente Outra' })).body.id;
    proprio.tag = (await post(intruso, '/api/atendimento/tags', { nome: 'Outra VIP' })).body.id;
    proprio.template = (
      await post(intruso, '/api/atendimento/templates', { nome: 'Outra', conteudo: 'Oi {{contato.nome}}' })
    ).body.id;
    proprio.ticket = (await criarTicket(t, intruso.empresaId, proprio.contato)).id;
  });

  afterAll(() => t.close());

  const rotas: [string, 'get' | 'post' | 'patch' | 'delete', () => string, () => object | undefined][] = [
    ['GET contato', 'get', () => `/api/atendimento/contatos/${alvo.contato}`, () => undefined],
    ['PATCH contato', 'patch', () => `/api/atendimento/contatos/${alvo.contato}`, () => ({ nome: 'Invadido' })],
    ['DELETE contato', 'delete', () => `/api/atendimento/contatos/${alvo.contato2}`, () => undefined],
    [
      'mesclar into their contato',
      'post',
      () => `/api/atendimento/contatos/${alvo.contato}/mesclar`,
      () => ({ outroContatoId: proprio.contato }),
    ],
    [
      'mesclar their contato into mine',
      'post',
      () => `/api/atendimento/contatos/${proprio.contato}/mesclar`,
      () => ({ outroContatoId: alvo.contato }),
    ],
    ['GET tag', 'get', () => `/api/atendimento/tags/${alvo.tag}`, () => undefined],
    ['PATCH tag', 'patch', () => `/api/atendimento/tags/${alvo.tag}`, () => ({ nome: 'Invadida' })],
    ['DELETE tag', 'delete', () => `/api/atendimento/tags/${alvo.tag}`, () => undefined],
    ['tag their ticket', 'post', () => `/api/atendimento/tickets/${alvo.ticket}/tags`, () => ({ tagId: proprio.tag })],
    [
      'tag my ticket with their tag',
      'post',
      () => `/api/atendimento/tickets/${proprio.ticket}/tags`,
      () => ({ tagId: alvo.tag }),
    ],
    ['untag their ticket', 'delete', () => `/api/atendimento/tickets/${alvo.ticket}/tags/${alvo.tag}`, () => undefined],
    [
      'untag their tag from my ticket',
      'delete',
      () => `/api/atendimento/tickets/${proprio.ticket}/tags/${alvo.tag}`,
      () => undefined,
    ],
    ['tag their contato', 'post', () => `/api/atendimento/contatos/${alvo.contato}/tags`, () => ({ tagId: proprio.tag })],
    [
      'tag my contato with their tag',
      'post',
      () => `/api/atendimento/contatos/${proprio.contato}/tags`,
      () => ({ tagId: alvo.tag }),
    ],
    ['untag their contato', 'delete', () => `/api/atendimento/contatos/${alvo.contato}/tags/${alvo.tag}`, () => undefined],
    [
      'untag their tag from my contato',
      'delete',
      () => `/api/atendimento/contatos/${proprio.contato}/tags/${alvo.tag}`,
      () => undefined,
    ],
    ['GET template', 'get', () => `/api/atendimento/templates/${alvo.template}`, () => undefined],
    ['PATCH template', 'patch', () => `/api/atendimento/templates/${alvo.template}`, () => ({ nome: 'Invadido' })],
    ['DELETE template', 'delete', () => `/api/atendimento/templates/${alvo.template}`, () => undefined],
    [
      'preview their template',
      'post',
      () => `/api/atendimento/templates/${alvo.template}/previsualizar`,
      () => ({ contexto: { contatoNome: 'x' } }),
    ],
    [
      'preview mine with their ticket',
      'post',
      () => `/api/atendimento/templates/${proprio.template}/previsualizar`,
      () => ({ ticketId: alvo.ticket }),
    ],
    [
      'template on their canal',
      'post',
      () => '/api/atendimento/templates',
      () => ({ nome: 'Canal alheio', conteudo: 'x', canalId: alvo.canal }),
    ],
  ];

  it.each(rotas)('%s → 404', async (_nome, metodo, url, body) => {
    const request = t.http()[metodo](url()).set('Authorization', `Bearer ${intruso.token}`);
    const response = await (body() ? request.send(body()) : request);
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('Cliente Demo');
    expect(JSON.stringify(response.body)).not.toContain('Demo VIP');
  });

  it('lists show only their own empresa, whatever the filter', async () => {
    const get = (url: string, query: Record<string, string> = {}) =>
      t.http().get(url).query(query).set('Authorization', `Bearer ${intruso.token}`);
    const contatos = await get('/api/atendimento/contatos');
    expect((contatos.body.items as { id: string }[]).map((c) => c.id)).toEqual([proprio.contato]);
    expect((await get('/api/atendimento/contatos', { q: 'Cliente Demo' })).body.items).toEqual([]);
    expect((await get('/api/atendimento/contatos', { q: '98888' })).body.items).toEqual([]);
    expect((await get('/api/atendimento/contatos', { tag: alvo.tag })).body.items).toEqual([]);
    expect((await get('/api/atendimento/tags')).body.items.map((tag: { id: string }) => tag.id)).toEqual([proprio.tag]);
    expect((await get('/api/atendimento/templates')).body.items.map((x: { id: string }) => x.id)).toEqual([proprio.template]);
    expect((await get('/api/atendimento/templates', { atalho: '/demo' })).body.items).toEqual([]);
    expect(
      (await get('/api/atendimento/templates', { canalId: alvo.canal })).body.items.map((x: { id: string }) => x.id),
    ).toEqual([proprio.template]);
  });

  it("leaves the Demo empresa's data untouched", async () => {
    const get = (url: string) => t.http().get(url).set('Authorization', `Bearer ${demo.token}`);
    expect((await get(`/api/atendimento/contatos/${alvo.contato}`)).body).toMatchObject({
      nome: 'Cliente Demo',
      mescladoParaId: null,
      tags: [{ id: alvo.tag, nome: 'Demo VIP' }],
    });
    expect((await get(`/api/atendimento/contatos/${alvo.contato2}`)).status).toBe(200);
    expect((await get(`/api/atendimento/tags/${alvo.tag}`)).body.nome).toBe('Demo VIP');
    expect((await get(`/api/atendimento/templates/${alvo.template}`)).body.nome).toBe('Demo');
    const tags = await consultar<{ tag_id: string }>(t, `SELECT tag_id FROM atendimento_tickets_tags WHERE ticket_id = $1`, [
      alvo.ticket,
    ]);
    expect(tags).toEqual([{ tag_id: alvo.tag }]);
    const eventos = await consultar(t, `SELECT 1 FROM atendimento_ticket_eventos WHERE ticket_id = ANY($1)`, [
      [alvo.ticket, proprio.ticket],
    ]);
    expect(eventos).toHaveLength(1);
    const ticket = await consultar<{ contato_id: string }>(t, `SELECT contato_id FROM atendimento_tickets WHERE id = $1`, [
      alvo.ticket,
    ]);
    expect(ticket[0]!.contato_id).toBe(alvo.contato);
  });
});
