import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('artigos da base de conhecimento', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(() => t.close());

  it('creates, reads, searches, edits and deletes', async () => {
    const criado = await t
      .http()
      .post('/api/atendimento/artigos')
      .set(auth(admin))
      .send({
        titulo: 'Política de trocas',
        conteudo: 'Trocas em até 30 dias com etiqueta.',
        categoria: 'Pós-venda',
        tags: ['troca'],
      });
    expect(criado.status).toBe(201);
    expect(criado.body).toMatchObject({
      titulo: 'Política de trocas',
      publicado: true,
      origem: 'manual',
      indexacaoStatus: 'pendente',
      tags: ['troca'],
    });
    await t
      .http()
      .post('/api/atendimento/artigos')
      .set(auth(admin))
      .send({ titulo: 'Frete', conteudo: 'Frete grátis acima de R$ 200.' });

    const lido = await t.http().get(`/api/atendimento/artigos/${criado.body.id}`).set(auth(atendente));
    expect(lido.status).toBe(200);
    const busca = await t.http().get('/api/atendimento/artigos?q=trocar').set(auth(atendente));
    expect((busca.body as { titulo: string }[]).map((a) => a.titulo)).toEqual(['Política de trocas']);
    expect((await t.http().get('/api/atendimento/artigos').set(auth(admin))).body).toHaveLength(2);

    const editado = await t
      .http()
      .patch(`/api/atendimento/artigos/${criado.body.id}`)
      .set(auth(admin))
      .send({ publicado: false });
    expect(editado.body).toMatchObject({ publicado: false, conteudo: 'Trocas em até 30 dias com etiqueta.' });
    expect((await t.http().delete(`/api/atendimento/artigos/${criado.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/artigos/${criado.body.id}`).set(auth(admin))).status).toBe(404);
  });

  it('only admins and supervisors write', async () => {
    const r = await t.http().post('/api/atendimento/artigos').set(auth(atendente)).send({ titulo: 'x', conteudo: 'y' });
    expect(r.status).toBe(403);
  });

  it("another empresa's article is a 404, and its list does not show ours", async () => {
    const nosso = await t
      .http()
      .post('/api/atendimento/artigos')
      .set(auth(admin))
      .send({ titulo: 'Garantia', conteudo: 'Um ano.' });
    expect((await t.http().get(`/api/atendimento/artigos/${nosso.body.id}`).set(auth(outra))).status).toBe(404);
    expect(
      (await t.http().patch(`/api/atendimento/artigos/${nosso.body.id}`).set(auth(outra)).send({ titulo: 'x' })).status,
    ).toBe(404);
    expect((await t.http().delete(`/api/atendimento/artigos/${nosso.body.id}`).set(auth(outra))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/artigos').set(auth(outra))).body).toEqual([]);
  });

  it('400 with the field named for bad input', async () => {
    const semTitulo = await t.http().post('/api/atendimento/artigos').set(auth(admin)).send({ conteudo: 'texto' });
    expect(semTitulo.status).toBe(400);
    expect(JSON.stringify(semTitulo.body)).toContain('titulo');
    const vazio = await t.http().patch('/api/atendimento/artigos/00000000-0000-4000-8000-000000000000').set(auth(admin)).send({});
    expect(vazio.status).toBe(400);
    expect((await t.http().get('/api/atendimento/artigos/abc').set(auth(admin))).body.code).toBe('IA_ID_INVALIDO');
    expect((await t.http().get('/api/atendimento/artigos?limite=0').set(auth(admin))).status).toBe(400);
  });
});
