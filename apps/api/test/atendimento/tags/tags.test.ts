import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio, type EventoDominio } from '../../../src/eventos/eventos-dominio.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { consultar, criarCanal, criarTicket, type Sessao, sessoesPadrao } from '../contatos/apoio.js';

interface TagBody {
  id: string;
  nome: string;
  cor: string;
}

describe('tags', () => {
  let t: TestApp;
  let admin: Sessao;
  let atendente: Sessao;
  const eventos: EventoDominio[] = [];

  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const criarTag = async (nome: string, cor?: string): Promise<TagBody> => {
    const response = await t
      .http()
      .post('/api/atendimento/tags')
      .set(auth(admin))
      .send({ nome, ...(cor ? { cor } : {}) });
    expect(response.status).toBe(201);
    return response.body as TagBody;
  };
  const criarContato = async (nome: string): Promise<string> =>
    (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome })).body.id as string;
  const esperarEvento = async (predicado: (evento: EventoDominio) => boolean): Promise<EventoDominio> => {
    for (let i = 0; i < 50; i++) {
      const achado = eventos.find(predicado);
      if (achado) return achado;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('evento não publicado');
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, atendente } = await sessoesPadrao(t));
    t.app.get(EventosDominio).assinar((evento) => {
      eventos.push(evento);
    });
  });

  afterAll(() => t.close());

  it('creates, reads, renames, recolors and deletes a tag', async () => {
    const criada = await t
      .http()
      .post('/api/atendimento/tags')
      .set(auth(atendente))
      .send({ nome: 'Urgente', cor: '#dc2626', descricao: 'Responder já' });
    expect(criada.status).toBe(201);
    expect(criada.body).toMatchObject({ nome: 'Urgente', cor: '#dc2626', descricao: 'Responder já' });
    const padrao = await criarTag('Sem cor');
    expect(padrao.cor).toBe('#64748b');

    const lida = await t.http().get(`/api/atendimento/tags/${criada.body.id}`).set(auth(atendente));
    expect(lida.body).toMatchObject({ id: criada.body.id, nome: 'Urgente' });

    const negado = await t.http().patch(`/api/atendimento/tags/${criada.body.id}`).set(auth(atendente)).send({ nome: 'x' });
    expect(negado.status).toBe(403);
    const alterada = await t
      .http()
      .patch(`/api/atendimento/tags/${criada.body.id}`)
      .set(auth(admin))
      .send({ nome: 'Muito urgente', cor: '#b91c1c' });
    expect(alterada.status).toBe(200);
    expect(alterada.body).toMatchObject({ nome: 'Muito urgente', cor: '#b91c1c' });

    expect((await t.http().delete(`/api/atendimento/tags/${padrao.id}`).set(auth(atendente))).status).toBe(403);
    expect((await t.http().delete(`/api/atendimento/tags/${padrao.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/tags/${padrao.id}`).set(auth(admin))).status).toBe(404);
  });

  it('keeps names unique per empresa, case-insensitively', async () => {
    const original = await criarTag('Financeiro');
    const duplicada = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: 'FINANCEIRO' });
    expect(duplicada.status).toBe(409);
    expect(duplicada.body).toMatchObject({ code: 'TAG_NOME_EM_USO', tagId: original.id });
    const outra = await criarTag('Comercial');
    const renomeada = await t.http().patch(`/api/atendimento/tags/${outra.id}`).set(auth(admin)).send({ nome: 'financeiro' });
    expect(renomeada.status).toBe(409);
    // Renaming a tag to its own name in another case is fine.
    const mesma = await t.http().patch(`/api/atendimento/tags/${original.id}`).set(auth(admin)).send({ nome: 'FINANCEIRO' });
    expect(mesma.status).toBe(200);
  });

  it('answers 400 naming the field of a bad body', async () => {
    const bad = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: '', cor: 'vermelho' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['cor', 'nome']);
    const vazio = await t
      .http()
      .patch(`/api/atendimento/tags/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}`)
      .set(auth(admin))
      .send({});
    expect(vazio.status).toBe(400);
    const aplicar = await t
      .http()
      .post(`/api/atendimento/contatos/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}/tags`)
      .set(auth(admin))
      .send({ tagId: 'x' });
    expect(aplicar.status).toBe(400);
    expect(aplicar.body.issues[0].path).toBe('tagId');
  });

  it('lists alphabetically with a keyset cursor and filters by name', async () => {
    for (const nome of ['Zeta', 'alfa', 'Beta', 'gama']) await criarTag(nome);
    const nomes: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t
        .http()
        .get('/api/atendimento/tags')
        .query({ limite: '2', ...(cursor ? { cursor } : {}) })
        .set(auth(atendente));
      expect(response.status).toBe(200);
      nomes.push(...(response.body.items as TagBody[]).map((tag) => tag.nome));
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    expect(nomes).toEqual([...nomes].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(nomes).toEqual(expect.arrayContaining(['alfa', 'Beta', 'gama', 'Zeta']));
    const filtradas = await t.http().get('/api/atendimento/tags').query({ q: 'ET' }).set(auth(admin));
    expect((filtradas.body.items as TagBody[]).map((tag) => tag.nome)).toEqual(['Beta', 'Zeta']);
  });

  it('tags a ticket: writes a tag_adicionada event row and publishes ticket.atualizado', async () => {
    const contatoId = await criarContato('Cliente do ticket');
    const canal = await criarCanal(t, admin.empresaId);
    const ticket = await criarTicket(t, admin.empresaId, contatoId, { canalId: canal });
    const tag = await criarTag('Reclamação');
    eventos.length = 0;

    // An atendente tags only the tickets it may see (its filas' and its own), like every ticket route.
    const invisivel = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket.id}/tags`)
      .set(auth(atendente))
      .send({ tagId: tag.id });
    expect(invisivel.status).toBe(404);
    expect(invisivel.body.code).toBe('TAG_TICKET_NAO_ENCONTRADO');
    expect(await consultar(t, `SELECT 1 FROM atendimento_tickets_tags WHERE ticket_id = $1`, [ticket.id])).toHaveLength(0);
    const fila = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Fila das tags' });
    expect(fila.status).toBe(201);
    const membro = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: atendente.usuarioId, filas: [{ filaId: fila.body.id }] });
    expect(membro.status).toBe(201);
    await consultar(t, `UPDATE atendimento_tickets SET fila_id = $2 WHERE id = $1`, [ticket.id, fila.body.id]);

    const response = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket.id}/tags`)
      .set(auth(atendente))
      .send({ tagId: tag.id });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ ticketId: ticket.id, tags: [{ id: tag.id, nome: 'Reclamação' }] });
    const linhas = await consultar<{ tipo: string; ator: string; usuario_id: string; dados: Record<string, string> }>(
      t,
      `SELECT tipo, ator, usuario_id, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 ORDER BY criado_em`,
      [ticket.id],
    );
    expect(linhas).toEqual([
      {
        tipo: 'tag_adicionada',
        ator: 'usuario',
        usuario_id: atendente.usuarioId,
        dados: { tagId: tag.id, tagNome: 'Reclamação' },
      },
    ]);
    expect(await esperarEvento((evento) => evento.tipo === 'ticket.atualizado' && evento.ticketId === ticket.id)).toMatchObject({
      empresaId: admin.empresaId,
      mudancas: ['tags'],
    });

    // Attaching again changes nothing and writes nothing.
    const denovo = await t.http().post(`/api/atendimento/tickets/${ticket.id}/tags`).set(auth(admin)).send({ tagId: tag.id });
    expect(denovo.body.tags).toHaveLength(1);
    expect(await consultar(t, `SELECT 1 FROM atendimento_ticket_eventos WHERE ticket_id = $1`, [ticket.id])).toHaveLength(1);

    const removida = await t.http().delete(`/api/atendimento/tickets/${ticket.id}/tags/${tag.id}`).set(auth(atendente));
    expect(removida.status).toBe(204);
    const tipos = await consultar<{ tipo: string }>(
      t,
      `SELECT tipo FROM atendimento_ticket_eventos WHERE ticket_id = $1 ORDER BY criado_em, tipo`,
      [ticket.id],
    );
    expect(tipos.map((linha) => linha.tipo)).toEqual(['tag_adicionada', 'tag_removida']);
    const semTag = await t.http().delete(`/api/atendimento/tickets/${ticket.id}/tags/${tag.id}`).set(auth(atendente));
    expect(semTag.status).toBe(204);
    expect(await consultar(t, `SELECT 1 FROM atendimento_ticket_eventos WHERE ticket_id = $1`, [ticket.id])).toHaveLength(2);

    // Out of its fila again: neither tagging nor untagging reaches the ticket.
    await consultar(t, `UPDATE atendimento_tickets SET fila_id = NULL WHERE id = $1`, [ticket.id]);
    await t.http().post(`/api/atendimento/tickets/${ticket.id}/tags`).set(auth(admin)).send({ tagId: tag.id });
    const fora = await t.http().delete(`/api/atendimento/tickets/${ticket.id}/tags/${tag.id}`).set(auth(atendente));
    expect(fora.status).toBe(404);
    expect(await consultar(t, `SELECT 1 FROM atendimento_tickets_tags WHERE ticket_id = $1`, [ticket.id])).toHaveLength(1);
  });

  it('deleting a tag takes it off its tickets with a tag_removida event', async () => {
    const contatoId = await criarContato('Outro cliente');
    const ticket = await criarTicket(t, admin.empresaId, contatoId);
    const tag = await criarTag('Temporária');
    await t.http().post(`/api/atendimento/tickets/${ticket.id}/tags`).set(auth(admin)).send({ tagId: tag.id });
    await t.http().post(`/api/atendimento/contatos/${contatoId}/tags`).set(auth(admin)).send({ tagId: tag.id });
    expect((await t.http().delete(`/api/atendimento/tags/${tag.id}`).set(auth(admin))).status).toBe(204);
    const tipos = await consultar<{ tipo: string; dados: { tagNome: string } }>(
      t,
      `SELECT tipo, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 ORDER BY criado_em, tipo`,
      [ticket.id],
    );
    expect(tipos.map((linha) => `${linha.tipo}:${linha.dados.tagNome}`)).toEqual([
      'tag_adicionada:Temporária',
      'tag_removida:Temporária',
    ]);
    expect(await consultar(t, `SELECT 1 FROM atendimento_tickets_tags WHERE ticket_id = $1`, [ticket.id])).toHaveLength(0);
    const contato = await t.http().get(`/api/atendimento/contatos/${contatoId}`).set(auth(admin));
    expect(contato.body.tags).toEqual([]);
  });

  it('tags and untags a contato', async () => {
    const contatoId = await criarContato('Contato com tags');
    const vip = await criarTag('VIP contato');
    const atacado = await criarTag('Atacado');
    await t.http().post(`/api/atendimento/contatos/${contatoId}/tags`).set(auth(atendente)).send({ tagId: vip.id });
    const response = await t
      .http()
      .post(`/api/atendimento/contatos/${contatoId}/tags`)
      .set(auth(atendente))
      .send({ tagId: atacado.id });
    expect(response.status).toBe(201);
    expect((response.body.tags as TagBody[]).map((tag) => tag.nome)).toEqual(['Atacado', 'VIP contato']);
    expect((await t.http().delete(`/api/atendimento/contatos/${contatoId}/tags/${vip.id}`).set(auth(atendente))).status).toBe(
      204,
    );
    const contato = await t.http().get(`/api/atendimento/contatos/${contatoId}`).set(auth(admin));
    expect((contato.body.tags as TagBody[]).map((tag) => tag.nome)).toEqual(['Atacado']);
  });

  it('answers 404 for an unknown ticket, contato or tag', async () => {
    const tag = await criarTag('Qualquer');
    const nenhum = '22222222-2222-4222-8222-222222222222';
    const ticket = await t.http().post(`/api/atendimento/tickets/${nenhum}/tags`).set(auth(admin)).send({ tagId: tag.id });
    expect(ticket.status).toBe(404);
    expect(ticket.body.code).toBe('TAG_TICKET_NAO_ENCONTRADO');
    const contato = await t.http().post(`/api/atendimento/contatos/${nenhum}/tags`).set(auth(admin)).send({ tagId: tag.id });
    expect(contato.status).toBe(404);
    const contatoId = await criarContato('Sem a tag');
    const semTag = await t.http().post(`/api/atendimento/contatos/${contatoId}/tags`).set(auth(admin)).send({ tagId: nenhum });
    expect(semTag.status).toBe(404);
    expect(semTag.body.code).toBe('TAG_NAO_ENCONTRADA');
  });
});
