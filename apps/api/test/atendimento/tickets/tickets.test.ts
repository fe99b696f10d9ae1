import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDto, TicketEventoDto } from '@atende/shared';
import { contarConsultasDoUsuario } from '../../support/contador-de-consultas.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { auth, Fixtures } from './fixtures.js';

describe('tickets: REST', () => {
  let t: TestApp;
  let f: Fixtures;
  let token: string;
  let canal: string;

  const get = (url: string) =>
    t
      .http()
      .get(url)
      .set(...auth(token));
  const post = (url: string, body: object = {}) =>
    t
      .http()
      .post(url)
      .set(...auth(token))
      .send(body);
  const ids = (body: { items: TicketDto[] }) => body.items.map((item) => item.id);

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: f, token } = await Fixtures.demo(t));
    canal = await f.canal('telegram');
  }, 120_000);
  afterAll(() => t?.close());

  it('POST /tickets opens a manual ticket with the next número, and refuses a second open one (409)', async () => {
    const contato = await f.contato({ nome: 'Joana Manual', telefone: '+5511988887777' });
    const fila = await f.fila();
    const criado = await post('/api/atendimento/tickets', {
      contatoId: contato,
      canalId: canal,
      filaId: fila,
      assunto: 'Troca',
      prioridade: 'alta',
    });
    expect(criado.status).toBe(201);
    const ticket = criado.body as TicketDto;
    expect(ticket).toMatchObject({
      status: 'aberto',
      prioridade: 'alta',
      assunto: 'Troca',
      contato: { id: contato, nome: 'Joana Manual', telefone: '+5511988887777' },
      canal: { id: canal, tipo: 'telegram' },
      fila: { id: fila },
      atendente: null,
      naoLidas: 0,
      tags: [],
    });
    expect(ticket.codigo).toBe(`#${ticket.numero}`);

    const outro = await post('/api/atendimento/tickets', { contatoId: await f.contato(), canalId: canal });
    expect((outro.body as TicketDto).numero).toBe(ticket.numero + 1);

    const repetido = await post('/api/atendimento/tickets', { contatoId: contato, canalId: canal });
    expect(repetido.status).toBe(409);
    expect(repetido.body.code).toBe('TICKET_JA_EXISTE_ABERTO');
    expect(repetido.body.message).toContain(`#${ticket.numero}`);

    const eventos = await get(`/api/atendimento/tickets/${ticket.id}/eventos`);
    expect(eventos.status).toBe(200);
    expect((eventos.body.items as TicketEventoDto[]).map((e) => e.tipo)).toEqual(['criado', 'fila_entrada']);
    expect(eventos.body.items[0]).toMatchObject({
      ator: 'usuario',
      usuarioNome: 'Administrador',
      paraStatus: 'aberto',
      paraFilaId: fila,
    });
  });

  it('POST /tickets answers 404 for unknown contato, canal or fila, 422 for an inactive canal, and 400 naming the field', async () => {
    const contato = await f.contato();
    const desconhecido = '00000000-0000-4000-8000-000000000000';
    expect((await post('/api/atendimento/tickets', { contatoId: desconhecido, canalId: canal })).body.code).toBe(
      'TICKET_CONTATO_NAO_ENCONTRADO',
    );
    expect((await post('/api/atendimento/tickets', { contatoId: contato, canalId: desconhecido })).body.code).toBe(
      'TICKET_CANAL_NAO_ENCONTRADO',
    );
    const semFila = await post('/api/atendimento/tickets', { contatoId: contato, canalId: canal, filaId: desconhecido });
    expect(semFila.status).toBe(404);
    expect(semFila.body.code).toBe('TICKET_FILA_NAO_ENCONTRADA');
    const inativo = await post('/api/atendimento/tickets', {
      contatoId: contato,
      canalId: await f.canal('telegram', { ativo: false }),
    });
    expect(inativo.status).toBe(422);
    expect(inativo.body.message).toMatch(/desativado/);

    const invalido = await post('/api/atendimento/tickets', { contatoId: 'x', prioridade: 'altissima' });
    expect(invalido.status).toBe(400);
    expect(invalido.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['canalId', 'contatoId', 'prioridade']);
    expect(invalido.body.message).toMatch(/contatoId deve ser o id \(uuid\)/);

    const idRuim = await get('/api/atendimento/tickets/nao-e-uuid');
    expect(idRuim.status).toBe(400);
    expect(idRuim.body.message).toMatch(/^id inválido/);
  });

  it('GET /tickets/:id, PATCH (prioridade, assunto) with event rows, and 400 for an empty PATCH', async () => {
    const id = await f.ticket(await f.contato(), canal);
    const buscado = await get(`/api/atendimento/tickets/${id}`);
    expect(buscado.status).toBe(200);
    expect(buscado.body.id).toBe(id);

    const patch = await t
      .http()
      .patch(`/api/atendimento/tickets/${id}`)
      .set(...auth(token))
      .send({ prioridade: 'urgente', assunto: 'Cobrança' });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ prioridade: 'urgente', assunto: 'Cobrança' });
    const eventos = (await get(`/api/atendimento/tickets/${id}/eventos`)).body.items as TicketEventoDto[];
    expect(eventos.find((e) => e.tipo === 'prioridade_alterada')?.dados).toEqual({ de: 'normal', para: 'urgente' });
    expect(eventos.find((e) => e.tipo === 'atualizado')?.dados).toMatchObject({ campos: ['assunto'], para: 'Cobrança' });

    const vazio = await t
      .http()
      .patch(`/api/atendimento/tickets/${id}`)
      .set(...auth(token))
      .send({});
    expect(vazio.status).toBe(400);
    expect(vazio.body.message).toMatch(/informe ao menos um campo/);
  });

  it('DELETE /tickets/:id soft-deletes (admin only): gone from every route, history kept, contato can open a new one', async () => {
    const contato = await f.contato();
    const id = await f.ticket(contato, canal);
    const atendente = await f.atendente({ papel: 'supervisor' });
    const proibido = await t
      .http()
      .delete(`/api/atendimento/tickets/${id}`)
      .set(...auth(atendente.token));
    expect(proibido.status).toBe(403);

    const removido = await t
      .http()
      .delete(`/api/atendimento/tickets/${id}`)
      .set(...auth(token));
    expect(removido.status).toBe(204);
    expect((await get(`/api/atendimento/tickets/${id}`)).status).toBe(404);
    expect((await get(`/api/atendimento/tickets/${id}/mensagens`)).status).toBe(404);
    expect(ids((await get('/api/atendimento/tickets?limite=100')).body)).not.toContain(id);
    expect(
      (
        await t
          .http()
          .delete(`/api/atendimento/tickets/${id}`)
          .set(...auth(token))
      ).status,
    ).toBe(404);

    const [linha] = await f.sql<{ removido_em: Date | null; eventos: string[] }>(
      `SELECT t.removido_em, array(SELECT tipo FROM atendimento_ticket_eventos e WHERE e.ticket_id = t.id ORDER BY ocorrido_em) AS eventos
         FROM atendimento_tickets t WHERE t.id = $1`,
      [id],
    );
    expect(linha?.removido_em).toBeInstanceOf(Date);
    expect(linha?.eventos).toContain('removido');
    const novo = await f.ticket(contato, canal);
    expect(novo).not.toBe(id);
  });

  it('filters: status (one or several), prioridade, filaId, atendenteId (id, eu, nenhum), canalId, tag, contatoId', async () => {
    const filaA = await f.fila();
    const filaB = await f.fila();
    const canalX = await f.canal('telegram');
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(...auth(token));
    const meuAtendente = await f.atendenteDoUsuario(me.body.usuario.id as string);
    const outro = await f.atendente({ filas: [filaA] });

    const t1 = await f.ticket(await f.contato(), canalX, filaA);
    const t2 = await f.ticket(await f.contato(), canalX, filaA);
    const t3 = await f.ticket(await f.contato(), canalX, filaB);
    const t4 = await f.ticket(await f.contato(), canalX);
    await post(`/api/atendimento/tickets/${t1}/atribuir`);
    await post(`/api/atendimento/tickets/${t2}/atribuir`, { atendenteId: outro.atendenteId });
    await post(`/api/atendimento/tickets/${t2}/status`, { status: 'pendente' });
    await t
      .http()
      .patch(`/api/atendimento/tickets/${t3}`)
      .set(...auth(token))
      .send({ prioridade: 'urgente' });
    const tag = await f.tag(`vip-${Date.now()}`);
    await f.etiquetar(t4, tag);

    const listar = async (query: string) => {
      const resposta = await get(`/api/atendimento/tickets?canalId=${canalX}&limite=100&${query}`);
      expect(resposta.status).toBe(200);
      return ids(resposta.body).sort();
    };
    expect(await listar('')).toEqual([t1, t2, t3, t4].sort());
    expect(await listar('status=aberto')).toEqual([t3, t4].sort());
    expect(await listar('status=em_atendimento,pendente')).toEqual([t1, t2].sort());
    expect(await listar('status=em_atendimento&status=pendente')).toEqual([t1, t2].sort());
    expect(await listar('prioridade=urgente')).toEqual([t3]);
    expect(await listar(`filaId=${filaA}`)).toEqual([t1, t2].sort());
    expect(await listar('filaId=nenhuma')).toEqual([t4]);
    expect(await listar(`atendenteId=${outro.atendenteId}`)).toEqual([t2]);
    expect(await listar('atendenteId=eu')).toEqual([t1]);
    expect(await listar('atendenteId=nenhum')).toEqual([t3, t4].sort());
    expect(await listar(`tag=${tag}`)).toEqual([t4]);

    const comTag = (await get(`/api/atendimento/tickets/${t4}`)).body as TicketDto;
    expect(comTag.tags).toEqual([expect.objectContaining({ id: tag })]);
    const doT1 = (await get(`/api/atendimento/tickets/${t1}`)).body as TicketDto;
    expect(doT1).toMatchObject({ status: 'em_atendimento', atendente: { id: meuAtendente, usuarioId: me.body.usuario.id } });

    const ruim = await get('/api/atendimento/tickets?status=voando&filaId=abc&limite=0');
    expect(ruim.status).toBe(400);
    expect(ruim.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['filaId', 'limite', 'status.0']);
    expect(ruim.body.message).toMatch(/status deve ser um de: aberto, em_atendimento/);
  });

  it('q: full-text over mensagens with Portuguese stemming and no accents ("cancelar" finds "cancelamento"), or the número', async () => {
    const canalQ = await f.canal('telegram');
    const a = await f.ticket(await f.contato(), canalQ);
    const b = await f.ticket(await f.contato(), canalQ);
    const c = await f.ticket(await f.contato(), canalQ);
    await f.mensagemDoCliente(a, 'Quero fazer o cancelamento da minha assinatura');
    await f.mensagemDoCliente(b, 'Minha fatura veio com valor errado');
    await f.mensagemDoCliente(c, 'Atenção: não recebi o produto');

    const buscar = async (q: string) =>
      ids((await get(`/api/atendimento/tickets?canalId=${canalQ}&q=${encodeURIComponent(q)}`)).body);
    expect(await buscar('cancelar')).toEqual([a]);
    expect(await buscar('faturas erradas')).toEqual([b]);
    expect(await buscar('atencao nao recebi')).toEqual([c]);
    expect(await buscar('"valor errado" -cancelamento')).toEqual([b]);
    expect(await buscar('reembolso')).toEqual([]);
    const numero = ((await get(`/api/atendimento/tickets/${c}`)).body as TicketDto).numero;
    expect(await buscar(`#${numero}`)).toEqual([c]);
  });

  it('date range over criadoEm: a bare date covers the whole day; a date-time is an instant', async () => {
    const canalD = await f.canal('telegram');
    const antigo = await f.ticket(await f.contato(), canalD);
    const novo = await f.ticket(await f.contato(), canalD);
    await f.sql(`UPDATE atendimento_tickets SET criado_em = '2025-03-10T15:00:00Z' WHERE id = $1`, [antigo]);
    const listar = async (query: string) => ids((await get(`/api/atendimento/tickets?canalId=${canalD}&${query}`)).body);
    expect(await listar('criadoDe=2025-03-10&criadoAte=2025-03-10')).toEqual([antigo]);
    expect(await listar('criadoAte=2025-03-10T14:59:59Z')).toEqual([]);
    expect(await listar('criadoDe=2025-03-11')).toEqual([novo]);
    const ruim = await get('/api/atendimento/tickets?criadoDe=ontem');
    expect(ruim.status).toBe(400);
    expect(ruim.body.issues[0].path).toBe('criadoDe');
  });

  it('keyset pagination by last activity: every ticket exactly once, in order; a bad cursor is a 400', async () => {
    const canalP = await f.canal('telegram');
    const criados: string[] = [];
    for (let i = 0; i < 7; i++) criados.push(await f.ticket(await f.contato(), canalP));
    // Same activity instant for several tickets: the id breaks the tie.
    await f.sql(`UPDATE atendimento_tickets SET ultima_atividade_em = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`, [
      criados.slice(0, 4),
    ]);
    const vistos: string[] = [];
    let cursor: string | null = null;
    let paginas = 0;
    do {
      const resposta = await get(`/api/atendimento/tickets?canalId=${canalP}&limite=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(resposta.status).toBe(200);
      vistos.push(...ids(resposta.body));
      cursor = resposta.body.nextCursor as string | null;
      paginas += 1;
    } while (cursor);
    expect(paginas).toBe(3);
    expect([...vistos].sort()).toEqual([...criados].sort());
    expect(new Set(vistos).size).toBe(7);
    expect(vistos.slice(3)).toEqual(expect.arrayContaining(criados.slice(0, 4)));

    const ruim = await get('/api/atendimento/tickets?cursor=lixo');
    expect(ruim.status).toBe(400);
    expect(ruim.body.code).toBe('CURSOR_INVALIDO');
    const primeira = await get(`/api/atendimento/tickets?canalId=${canalP}&limite=1`);
    const deOutraOrdem = await get(`/api/atendimento/tickets?ordem=criacao&cursor=${primeira.body.nextCursor as string}`);
    expect(deOutraOrdem.status).toBe(400);
  });

  it('lists with a fixed number of queries per page, whatever its size (no N+1)', async () => {
    const canalN = await f.canal('telegram');
    const tag = await f.tag(`n1-${Date.now()}`);
    for (let i = 0; i < 12; i++) {
      const id = await f.ticket(await f.contato(), canalN, await f.fila());
      await f.mensagemDoCliente(id, `mensagem ${i}`);
      await f.etiquetar(id, tag);
    }
    const consultas = contarConsultasDoUsuario();
    const contar = async (limite: number) => {
      consultas.zerar();
      const resposta = await get(`/api/atendimento/tickets?canalId=${canalN}&limite=${limite}`);
      expect(resposta.body.items).toHaveLength(limite);
      return consultas.total;
    };
    const pequena = await contar(2);
    const grande = await contar(12);
    consultas.restaurar();
    expect(grande).toBe(pequena);
    expect(grande).toBeGreaterThanOrEqual(1);
    expect(grande).toBeLessThanOrEqual(2);
  });

  it('GET /contatos/:id/tickets: the contato history across canais, newest first; 404 for an unknown contato', async () => {
    const contato = await f.contato();
    const canal1 = await f.canal('telegram');
    const canal2 = await f.canal('whatsapp');
    const primeiro = await f.ticket(contato, canal1);
    await post(`/api/atendimento/tickets/${primeiro}/resolver`);
    const segundo = await f.ticket(contato, canal2);
    await f.ticket(await f.contato(), canal2);
    const historico = await get(`/api/atendimento/contatos/${contato}/tickets`);
    expect(historico.status).toBe(200);
    expect(ids(historico.body)).toEqual([segundo, primeiro]);
    expect(historico.body.items.map((i: TicketDto) => i.canal?.tipo)).toEqual(['whatsapp', 'telegram']);
    const pagina = await get(`/api/atendimento/contatos/${contato}/tickets?limite=1`);
    const resto = await get(`/api/atendimento/contatos/${contato}/tickets?limite=1&cursor=${pagina.body.nextCursor as string}`);
    expect([...ids(pagina.body), ...ids(resto.body)]).toEqual([segundo, primeiro]);
    expect(resto.body.nextCursor).toBeNull();
    const desconhecido = await get('/api/atendimento/contatos/00000000-0000-4000-8000-000000000000/tickets');
    expect(desconhecido.status).toBe(404);
  });

  it('publishes the OpenAPI documentation of every ticket route', async () => {
    const doc = await t.http().get('/api/docs/openapi.json');
    const paths = Object.keys(doc.body.paths as object);
    for (const path of [
      '/api/atendimento/tickets',
      '/api/atendimento/tickets/{id}',
      '/api/atendimento/tickets/{id}/eventos',
      '/api/atendimento/tickets/{id}/atribuir',
      '/api/atendimento/tickets/{id}/transferir',
      '/api/atendimento/tickets/{id}/status',
      '/api/atendimento/tickets/{id}/resolver',
      '/api/atendimento/tickets/{id}/reabrir',
      '/api/atendimento/tickets/{id}/fechar',
      '/api/atendimento/tickets/{id}/avaliar',
      '/api/atendimento/contatos/{contatoId}/tickets',
      '/api/atendimento/tickets/{ticketId}/mensagens',
      '/api/atendimento/tickets/{ticketId}/ler',
      '/api/atendimento/mensagens/{id}/ler',
      '/api/atendimento/anexos/{id}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.body.paths['/api/atendimento/tickets'].post.requestBody).toBeDefined();
  });
});
