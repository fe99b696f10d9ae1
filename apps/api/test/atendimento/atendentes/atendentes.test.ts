import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { TransactionHost } from '../../../src/database/transaction-host.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('atendentes', () => {
  let t: TestApp;
  let admin: string;
  let outraAdmin: string;
  let empresaId: string;
  let numeroTicket = 5000;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const SENHA = 'senha-segura-123';

  async function criarUsuario(
    nome: string,
    papel: 'atendente' | 'supervisor' | 'admin' = 'atendente',
    token = admin,
  ): Promise<{ id: string; email: string }> {
    const email = `${nome.toLowerCase().replace(/\W+/g, '.')}@demo.test`;
    const response = await t.http().post('/api/usuarios').set(auth(token)).send({ nome, email, senha: SENHA, papel });
    expect(response.status).toBe(201);
    return { id: response.body.id as string, email };
  }

  async function criarFila(nome: string): Promise<string> {
    const response = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const tx = t.app.get(TransactionHost);
    return tx.run(() => tx.query<T>(query, params));
  }

  async function ticketAbertoPara(atendenteId: string): Promise<void> {
    const [contato] = await sql<{ id: string }>(
      `INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, 'Cliente') RETURNING id`,
      [empresaId],
    );
    numeroTicket += 1;
    await sql(
      `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, atendente_id, status) VALUES ($1, $2, $3, $4, 'em_atendimento')`,
      [empresaId, numeroTicket, contato.id, atendenteId],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    empresaId = (await t.http().get('/api/auth/me').set(auth(admin))).body.usuario.empresaId as string;
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outraAdmin = await t.login('admin@outra.test', 'senha-outra-123');
  });

  afterAll(() => t.close());

  it('links a usuario as atendente with defaults, and with filas and per-fila capacity', async () => {
    const usuario = await criarUsuario('Ana Souza');
    const simples = await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id });
    expect(simples.status).toBe(201);
    expect(simples.body).toMatchObject({
      usuarioId: usuario.id,
      nome: 'Ana Souza',
      email: usuario.email,
      maxTicketsSimultaneos: 5,
      status: 'offline',
      ativo: true,
      ticketsAbertos: 0,
      filas: [],
    });

    const vendas = await criarFila('Vendas');
    const suporte = await criarFila('Suporte');
    const outro = await criarUsuario('Bruno Lima');
    const completo = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({
        usuarioId: outro.id,
        nome: 'Bruno (Vendas)',
        maxTicketsSimultaneos: 8,
        status: 'online',
        filas: [
          { filaId: vendas, capacidade: 8 },
          { filaId: suporte, capacidade: null },
        ],
      });
    expect(completo.status).toBe(201);
    expect(completo.body).toMatchObject({ nome: 'Bruno (Vendas)', maxTicketsSimultaneos: 8, status: 'online' });
    // In fila order (ordem, then name).
    expect(completo.body.filas).toEqual([
      expect.objectContaining({ filaId: suporte, nome: 'Suporte', capacidade: null }),
      expect.objectContaining({ filaId: vendas, nome: 'Vendas', capacidade: 8 }),
    ]);
    const presencas = await sql<{ de_status: string | null; status: string }>(
      `SELECT de_status, status FROM atendimento_atendente_presencas WHERE atendente_id = $1`,
      [completo.body.id],
    );
    expect(presencas).toEqual([{ de_status: 'offline', status: 'online' }]);
  });

  it('refuses a usuario that is already an atendente (409) or belongs to another empresa (422)', async () => {
    const usuario = await criarUsuario('Carla Dias');
    expect((await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id })).status).toBe(
      201,
    );
    const dup = await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ATENDENTE_USUARIO_JA_ATENDENTE');

    const daOutra = await t
      .http()
      .post('/api/usuarios')
      .set(auth(outraAdmin))
      .send({ nome: 'Olga', email: 'olga@outra.test', senha: SENHA, papel: 'atendente' });
    const cruzado = await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: daOutra.body.id });
    expect(cruzado.status).toBe(422);
    expect(cruzado.body).toMatchObject({ code: 'ATENDENTE_REFERENCIA_INVALIDA', campo: 'usuarioId' });
    expect(JSON.stringify(cruzado.body)).not.toContain('Olga');
  });

  it('answers 400 naming the field, and 422 for filas not found or capacity above the maximum', async () => {
    const bad = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: 'x', maxTicketsSimultaneos: 0, status: 'dormindo' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['maxTicketsSimultaneos', 'status', 'usuarioId']);
    expect(bad.body.message).toMatch(/status deve ser um de: online, ausente, offline/);

    const usuario = await criarUsuario('Davi Reis');
    const fila = await criarFila('Capacidade');
    const acima = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({
        usuarioId: usuario.id,
        maxTicketsSimultaneos: 3,
        filas: [{ filaId: fila, capacidade: 4 }],
      });
    expect(acima.status).toBe(422);
    expect(acima.body).toMatchObject({ code: 'ATENDENTE_CAPACIDADE_ACIMA_DO_MAXIMO', campo: 'filas.0.capacidade' });
    const semFila = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: usuario.id, filas: [{ filaId: crypto.randomUUID() }] });
    expect(semFila.status).toBe(422);
    expect(semFila.body.campo).toBe('filas.filaId');
    const repetida = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: usuario.id, filas: [{ filaId: fila }, { filaId: fila }] });
    expect(repetida.status).toBe(400);
    expect(repetida.body.issues[0].path).toBe('filas.1.filaId');
    // Nothing was created by the refused attempts.
    expect((await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id })).status).toBe(
      201,
    );
  });

  it('updates nome, maximum and filas; a lower maximum than a fila capacity is refused', async () => {
    const usuario = await criarUsuario('Elisa Prado');
    const fila = await criarFila('Elisa');
    const criado = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: usuario.id, maxTicketsSimultaneos: 6, filas: [{ filaId: fila, capacidade: 5 }] });
    const id = criado.body.id as string;

    const menor = await t.http().patch(`/api/atendimento/atendentes/${id}`).set(auth(admin)).send({ maxTicketsSimultaneos: 4 });
    expect(menor.status).toBe(422);
    expect(menor.body.message).toMatch(/maxTicketsSimultaneos: 4 é menor que a capacidade do atendente nas filas Elisa/);

    const junto = await t
      .http()
      .patch(`/api/atendimento/atendentes/${id}`)
      .set(auth(admin))
      .send({ nome: 'Elisa P.', maxTicketsSimultaneos: 4, filas: [{ filaId: fila, capacidade: 4 }] });
    expect(junto.status).toBe(200);
    expect(junto.body).toMatchObject({
      nome: 'Elisa P.',
      maxTicketsSimultaneos: 4,
      filas: [expect.objectContaining({ capacidade: 4 })],
    });

    const outraFila = await criarFila('Elisa 2');
    const put = await t
      .http()
      .put(`/api/atendimento/atendentes/${id}/filas`)
      .set(auth(admin))
      .send([{ filaId: outraFila, capacidade: 1 }]);
    expect(put.status).toBe(200);
    expect(put.body.filas).toEqual([expect.objectContaining({ filaId: outraFila, nome: 'Elisa 2', capacidade: 1 })]);
    const putAcima = await t
      .http()
      .put(`/api/atendimento/atendentes/${id}/filas`)
      .set(auth(admin))
      .send([{ filaId: outraFila, capacidade: 9 }]);
    expect(putAcima.status).toBe(422);
    expect(putAcima.body.campo).toBe('0.capacidade');
    // The fila side sees the same membership.
    const membros = await t.http().get(`/api/atendimento/filas/${outraFila}/atendentes`).set(auth(admin));
    expect(membros.body).toEqual([expect.objectContaining({ atendenteId: id, capacidade: 1 })]);

    expect((await t.http().patch(`/api/atendimento/atendentes/${id}`).set(auth(admin)).send({})).status).toBe(400);
  });

  it('GET /atendentes/me returns the logged-in atendente, or a clear 404', async () => {
    const usuario = await criarUsuario('Fabio Nunes');
    const token = await t.login(usuario.email, SENHA);
    const antes = await t.http().get('/api/atendimento/atendentes/me').set(auth(token));
    expect(antes.status).toBe(404);
    expect(antes.body.code).toBe('ATENDENTE_USUARIO_SEM_ATENDENTE');
    const criado = await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id });
    const me = await t.http().get('/api/atendimento/atendentes/me').set(auth(token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: criado.body.id, usuarioId: usuario.id, email: usuario.email });
  });

  it('status: an atendente changes its own, supervisors and admins anyone; each change is a presence row', async () => {
    const gabi = await criarUsuario('Gabi Rocha');
    const hugo = await criarUsuario('Hugo Melo');
    const sup = await criarUsuario('Iris Supervisora', 'supervisor');
    const gabiId = (await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: gabi.id })).body
      .id as string;
    const hugoId = (await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: hugo.id })).body
      .id as string;
    const gabiToken = await t.login(gabi.email, SENHA);
    const supToken = await t.login(sup.email, SENHA);

    const online = await t
      .http()
      .patch(`/api/atendimento/atendentes/${gabiId}/status`)
      .set(auth(gabiToken))
      .send({ status: 'online' });
    expect(online.status).toBe(200);
    expect(online.body.status).toBe('online');
    const ausente = await t
      .http()
      .patch(`/api/atendimento/atendentes/${gabiId}/status`)
      .set(auth(gabiToken))
      .send({ status: 'ausente' });
    expect(ausente.body.status).toBe('ausente');
    expect(new Date(ausente.body.statusEm).getTime()).toBeGreaterThanOrEqual(new Date(online.body.statusEm).getTime());
    // The same status again is a no-op: no extra history row.
    await t.http().patch(`/api/atendimento/atendentes/${gabiId}/status`).set(auth(gabiToken)).send({ status: 'ausente' });

    const deOutro = await t
      .http()
      .patch(`/api/atendimento/atendentes/${hugoId}/status`)
      .set(auth(gabiToken))
      .send({ status: 'online' });
    expect(deOutro.status).toBe(403);
    expect(deOutro.body.code).toBe('ATENDENTE_STATUS_DE_OUTRO');

    expect(
      (await t.http().patch(`/api/atendimento/atendentes/${hugoId}/status`).set(auth(supToken)).send({ status: 'online' })).body
        .status,
    ).toBe('online');
    expect(
      (await t.http().patch(`/api/atendimento/atendentes/${gabiId}/status`).set(auth(admin)).send({ status: 'offline' })).body
        .status,
    ).toBe('offline');

    const historico = await sql<{ de_status: string; status: string }>(
      `SELECT de_status, status FROM atendimento_atendente_presencas WHERE atendente_id = $1 ORDER BY ocorrido_em, criado_em`,
      [gabiId],
    );
    expect(historico).toEqual([
      { de_status: 'offline', status: 'online' },
      { de_status: 'online', status: 'ausente' },
      { de_status: 'ausente', status: 'offline' },
    ]);

    const invalido = await t
      .http()
      .patch(`/api/atendimento/atendentes/${gabiId}/status`)
      .set(auth(gabiToken))
      .send({ status: 'almoço' });
    expect(invalido.status).toBe(400);
    expect(invalido.body.issues[0].path).toBe('status');

    // Deactivating sends the atendente offline; it cannot come back online until reactivated.
    await t.http().patch(`/api/atendimento/atendentes/${hugoId}`).set(auth(admin)).send({ ativo: false });
    const hugoDepois = await t.http().get(`/api/atendimento/atendentes/${hugoId}`).set(auth(admin));
    expect(hugoDepois.body).toMatchObject({ ativo: false, status: 'offline' });
    const volta = await t
      .http()
      .patch(`/api/atendimento/atendentes/${hugoId}/status`)
      .set(auth(supToken))
      .send({ status: 'online' });
    expect(volta.status).toBe(409);
    expect(volta.body.code).toBe('ATENDENTE_INATIVO');
  });

  it('lists with filters and keyset pagination', async () => {
    const fila = await criarFila('Lista');
    const ids: string[] = [];
    for (const nome of ['Zeca Um', 'Zeca Dois', 'Zeca Tres']) {
      const usuario = await criarUsuario(nome);
      const criado = await t
        .http()
        .post('/api/atendimento/atendentes')
        .set(auth(admin))
        .send({ usuarioId: usuario.id, filas: [{ filaId: fila }], status: nome === 'Zeca Dois' ? 'online' : 'offline' });
      ids.push(criado.body.id as string);
    }
    const daFila = await t.http().get(`/api/atendimento/atendentes?filaId=${fila}`).set(auth(admin));
    expect(daFila.status).toBe(200);
    expect(daFila.body.items.map((a: { nome: string }) => a.nome)).toEqual(['Zeca Dois', 'Zeca Tres', 'Zeca Um']);
    const online = await t.http().get(`/api/atendimento/atendentes?filaId=${fila}&status=online`).set(auth(admin));
    expect(online.body.items.map((a: { nome: string }) => a.nome)).toEqual(['Zeca Dois']);

    const vistos: string[] = [];
    let cursor: string | null = null;
    let paginas = 0;
    do {
      const page = await t
        .http()
        .get(`/api/atendimento/atendentes?limite=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth(admin));
      expect(page.status).toBe(200);
      vistos.push(...page.body.items.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor as string | null;
      paginas += 1;
    } while (cursor !== null && paginas < 50);
    const todos = await t.http().get('/api/atendimento/atendentes?limite=100').set(auth(admin));
    expect(vistos).toEqual(todos.body.items.map((a: { id: string }) => a.id));
    expect(new Set(vistos).size).toBe(vistos.length);
    expect(vistos).toEqual(expect.arrayContaining(ids));
    expect(
      (await t.http().get('/api/atendimento/atendentes?ativo=false').set(auth(admin))).body.items.every(
        (a: { ativo: boolean }) => !a.ativo,
      ),
    ).toBe(true);
    expect((await t.http().get('/api/atendimento/atendentes?filaId=abc').set(auth(admin))).status).toBe(400);
    const idRuim = await t.http().patch('/api/atendimento/atendentes/123/status').set(auth(admin)).send({ status: 'online' });
    expect(idRuim.body).toMatchObject({ code: 'ATENDENTE_ID_INVALIDO', campo: 'id' });
  });

  it('counts open tickets, and refuses to delete an atendente that holds some (409); deletes otherwise', async () => {
    const comTicket = await criarUsuario('Joana Alves');
    const comTicketId = (await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: comTicket.id }))
      .body.id as string;
    await ticketAbertoPara(comTicketId);
    const lido = await t.http().get(`/api/atendimento/atendentes/${comTicketId}`).set(auth(admin));
    expect(lido.body.ticketsAbertos).toBe(1);
    const recusa = await t.http().delete(`/api/atendimento/atendentes/${comTicketId}`).set(auth(admin));
    expect(recusa.status).toBe(409);
    expect(recusa.body.code).toBe('ATENDENTE_COM_TICKETS_ABERTOS');

    const livre = await criarUsuario('Kaio Faria');
    const livreId = (await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: livre.id })).body
      .id as string;
    expect((await t.http().delete(`/api/atendimento/atendentes/${livreId}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/atendentes/${livreId}`).set(auth(admin))).status).toBe(404);
    // The usuario can be linked again afterwards.
    expect((await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: livre.id })).status).toBe(201);
  });

  it('lets everyone read but only admins manage (atendente and supervisor → 403)', async () => {
    const usuario = await criarUsuario('Lia Campos');
    const id = (await t.http().post('/api/atendimento/atendentes').set(auth(admin)).send({ usuarioId: usuario.id })).body
      .id as string;
    const token = await t.login(usuario.email, SENHA);
    const sup = await criarUsuario('Mara Supervisora', 'supervisor');
    const supToken = await t.login(sup.email, SENHA);
    const outro = await criarUsuario('Nina Costa');
    for (const tk of [token, supToken]) {
      expect((await t.http().get('/api/atendimento/atendentes').set(auth(tk))).status).toBe(200);
      expect((await t.http().get(`/api/atendimento/atendentes/${id}`).set(auth(tk))).status).toBe(200);
      const negadas = await Promise.all([
        t.http().post('/api/atendimento/atendentes').set(auth(tk)).send({ usuarioId: outro.id }),
        t.http().patch(`/api/atendimento/atendentes/${id}`).set(auth(tk)).send({ maxTicketsSimultaneos: 50 }),
        t.http().put(`/api/atendimento/atendentes/${id}/filas`).set(auth(tk)).send([]),
        t.http().delete(`/api/atendimento/atendentes/${id}`).set(auth(tk)),
      ]);
      for (const response of negadas) {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('PAPEL_INSUFICIENTE');
      }
    }
  });

  it('isolates tenants: every route with another empresa token answers 404 and changes nothing', async () => {
    const usuario = await criarUsuario('Otto Isolado');
    const criado = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId: usuario.id, maxTicketsSimultaneos: 7 });
    const id = criado.body.id as string;
    const rotas: [string, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
      ['GET /atendentes/:id', () => t.http().get(`/api/atendimento/atendentes/${id}`).set(auth(outraAdmin))],
      [
        'PATCH /atendentes/:id',
        () => t.http().patch(`/api/atendimento/atendentes/${id}`).set(auth(outraAdmin)).send({ maxTicketsSimultaneos: 1 }),
      ],
      ['PUT /atendentes/:id/filas', () => t.http().put(`/api/atendimento/atendentes/${id}/filas`).set(auth(outraAdmin)).send([])],
      [
        'PATCH /atendentes/:id/status',
        () => t.http().patch(`/api/atendimento/atendentes/${id}/status`).set(auth(outraAdmin)).send({ status: 'online' }),
      ],
      ['DELETE /atendentes/:id', () => t.http().delete(`/api/atendimento/atendentes/${id}`).set(auth(outraAdmin))],
    ];
    for (const [rota, chamar] of rotas) {
      const response = await chamar();
      expect({ rota, status: response.status, code: response.body.code }).toEqual({
        rota,
        status: 404,
        code: 'ATENDENTE_NAO_ENCONTRADO',
      });
      expect(JSON.stringify(response.body)).not.toContain('Otto');
    }
    const lista = await t.http().get('/api/atendimento/atendentes?limite=100').set(auth(outraAdmin));
    expect(lista.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    // The other empresa's admin has no atendente here: /me is its own 404.
    expect((await t.http().get('/api/atendimento/atendentes/me').set(auth(outraAdmin))).status).toBe(404);
    // A fila of this empresa cannot be given to an atendente of the other one.
    const fila = await criarFila('Só daqui');
    const usuarioOutra = await t
      .http()
      .post('/api/usuarios')
      .set(auth(outraAdmin))
      .send({ nome: 'Paula', email: 'paula@outra.test', senha: SENHA, papel: 'atendente' });
    const cruzado = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(outraAdmin))
      .send({ usuarioId: usuarioOutra.body.id, filas: [{ filaId: fila }] });
    expect(cruzado.status).toBe(422);
    expect(cruzado.body.campo).toBe('filas.filaId');
    const intacto = await t.http().get(`/api/atendimento/atendentes/${id}`).set(auth(admin));
    expect(intacto.body).toMatchObject({ maxTicketsSimultaneos: 7, status: 'offline', ativo: true });
  });
});
