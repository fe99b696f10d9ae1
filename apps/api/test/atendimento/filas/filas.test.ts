import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { TransactionHost } from '../../../src/database/transaction-host.js';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../support/test-app.js';

describe('filas', () => {
  let t: TestApp;
  let admin: string;
  let atendente: string;
  let outraAdmin: string;
  let empresaId: string;
  let numeroTicket = 1000;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function criarUsuario(nome: string, email: string, papel: 'atendente' | 'supervisor' | 'admin'): Promise<string> {
    const response = await t
      .http()
      .post('/api/usuarios')
      .set(auth(admin))
      .send({ nome, email, senha: 'senha-segura-123', papel });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function criarAtendente(nome: string, maxTicketsSimultaneos = 5): Promise<string> {
    const usuarioId = await criarUsuario(nome, `${nome.toLowerCase().replace(/\W+/g, '.')}@demo.test`, 'atendente');
    const response = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(admin))
      .send({ usuarioId, maxTicketsSimultaneos });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const tx = t.app.get(TransactionHost);
    return tx.run(() => tx.query<T>(query, params));
  }

  async function ticketAberto(filaId: string): Promise<string> {
    const [contato] = await sql<{ id: string }>(
      `INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, 'Cliente') RETURNING id`,
      [empresaId],
    );
    numeroTicket += 1;
    const [ticket] = await sql<{ id: string }>(
      `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, fila_id, status) VALUES ($1, $2, $3, $4, 'aberto') RETURNING id`,
      [empresaId, numeroTicket, contato.id, filaId],
    );
    return ticket.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    const me = await t.http().get('/api/auth/me').set(auth(admin));
    empresaId = me.body.usuario.empresaId as string;
    await criarUsuario('Ana Atendente', 'ana@demo.test', 'atendente');
    atendente = await t.login('ana@demo.test', 'senha-segura-123');
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outraAdmin = await t.login('admin@outra.test', 'senha-outra-123');
    expect(ADMIN_EMAIL).toBeTruthy();
  });

  afterAll(() => t.close());

  it('creates a fila with the schema defaults, and with every field', async () => {
    const simples = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Vendas' });
    expect(simples.status).toBe(201);
    expect(simples.body).toMatchObject({
      nome: 'Vendas',
      cor: '#2563eb',
      estrategia: 'round_robin',
      ordem: 0,
      devolverAoFicarOffline: false,
      carenciaOfflineSegundos: 300,
      fidelizacaoJanelaMinutos: null,
      slaPoliticaId: null,
      ativo: true,
      totalAtendentes: 0,
      atendentes: [],
    });

    const [sla] = await sql<{ id: string }>(
      `INSERT INTO atendimento_sla_politicas (empresa_id, nome, primeira_resposta_segundos) VALUES ($1, 'Padrão', 600) RETURNING id`,
      [empresaId],
    );
    const completa = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({
      nome: 'Suporte',
      descricao: 'Dúvidas técnicas',
      cor: '#10B981',
      estrategia: 'menos_ocupado',
      ordem: 2,
      mensagemSaudacao: 'Olá! Você está no suporte.',
      mensagemPosicao: 'Você está na posição {{posicao}} da fila',
      devolverAoFicarOffline: true,
      carenciaOfflineSegundos: 120,
      fidelizacaoJanelaMinutos: 60,
      slaPoliticaId: sla.id,
    });
    expect(completa.status).toBe(201);
    expect(completa.body).toMatchObject({
      nome: 'Suporte',
      estrategia: 'menos_ocupado',
      cor: '#10B981',
      slaPoliticaId: sla.id,
      fidelizacaoJanelaMinutos: 60,
      devolverAoFicarOffline: true,
    });

    const lida = await t.http().get(`/api/atendimento/filas/${completa.body.id}`).set(auth(atendente));
    expect(lida.status).toBe(200);
    expect(lida.body.mensagemPosicao).toBe('Você está na posição {{posicao}} da fila');
  });

  it('refuses a duplicate name (case-insensitive) with 409, on create and on rename', async () => {
    await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Financeiro' });
    const dup = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'FINANCEIRO' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('FILA_NOME_EM_USO');
    expect(dup.body.message).toMatch(/escolha outro nome/);

    const outra = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Cobrança' });
    const rename = await t.http().patch(`/api/atendimento/filas/${outra.body.id}`).set(auth(admin)).send({ nome: 'financeiro' });
    expect(rename.status).toBe(409);
    // The same name in another empresa is fine.
    expect((await t.http().post('/api/atendimento/filas').set(auth(outraAdmin)).send({ nome: 'Financeiro' })).status).toBe(201);
  });

  it('answers 400 naming each bad field, and 422 for references that do not exist here', async () => {
    const bad = await t
      .http()
      .post('/api/atendimento/filas')
      .set(auth(admin))
      .send({ nome: '', estrategia: 'aleatoria', cor: 'azul', ordem: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['cor', 'estrategia', 'nome', 'ordem']);
    expect(bad.body.message).toMatch(/estrategia deve ser uma de: manual, round_robin, menos_ocupado/);
    expect(bad.body.message).toMatch(/cor deve estar no formato #rrggbb/);

    const semCampos = await t.http().patch(`/api/atendimento/filas/${crypto.randomUUID()}`).set(auth(admin)).send({});
    expect(semCampos.status).toBe(400);

    const sla = await t
      .http()
      .post('/api/atendimento/filas')
      .set(auth(admin))
      .send({ nome: 'Com SLA', slaPoliticaId: crypto.randomUUID() });
    expect(sla.status).toBe(422);
    expect(sla.body.code).toBe('FILA_REFERENCIA_INVALIDA');
    expect(sla.body.campo).toBe('slaPoliticaId');

    const expediente = await t
      .http()
      .post('/api/atendimento/filas')
      .set(auth(admin))
      .send({ nome: 'Com expediente', expedienteId: crypto.randomUUID() });
    expect(expediente.status).toBe(422);
    expect(expediente.body.campo).toBe('expedienteId');

    const idRuim = await t.http().get('/api/atendimento/filas/nao-e-uuid').set(auth(admin));
    expect(idRuim.status).toBe(400);
    expect(idRuim.body).toMatchObject({ code: 'FILA_ID_INVALIDO', campo: 'id' });
    expect((await t.http().get('/api/atendimento/filas?limite=0').set(auth(admin))).status).toBe(400);
    const cursor = await t.http().get('/api/atendimento/filas?cursor=bGl4bw').set(auth(admin));
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('CURSOR_INVALIDO');
  });

  it('updates a fila', async () => {
    const fila = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Pós-venda' });
    const patch = await t.http().patch(`/api/atendimento/filas/${fila.body.id}`).set(auth(admin)).send({
      estrategia: 'manual',
      cor: '#ff0000',
      fidelizacaoJanelaMinutos: null,
      mensagemSaudacao: 'Bem-vindo ao pós-venda',
      ativo: false,
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      nome: 'Pós-venda',
      estrategia: 'manual',
      cor: '#ff0000',
      ativo: false,
      mensagemSaudacao: 'Bem-vindo ao pós-venda',
    });
    expect(new Date(patch.body.atualizadoEm).getTime()).toBeGreaterThanOrEqual(new Date(fila.body.atualizadoEm).getTime());
  });

  it('lists with keyset pagination ({ items, nextCursor }) and the ativo filter', async () => {
    const nomes = ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'];
    for (const nome of nomes) {
      expect((await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome, ordem: 50 })).status).toBe(201);
    }
    const vistos: string[] = [];
    let cursor: string | null = null;
    let paginas = 0;
    do {
      const url = `/api/atendimento/filas?limite=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.http().get(url).set(auth(atendente));
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      vistos.push(...page.body.items.map((f: { nome: string }) => f.nome));
      cursor = page.body.nextCursor as string | null;
      paginas += 1;
    } while (cursor !== null && paginas < 50);
    expect(new Set(vistos).size).toBe(vistos.length);
    expect(vistos.slice(-5)).toEqual(nomes);
    const todas = await t.http().get('/api/atendimento/filas?limite=100').set(auth(admin));
    expect(todas.body.nextCursor).toBeNull();
    expect(todas.body.items.map((f: { nome: string }) => f.nome)).toEqual(vistos);
    // Another empresa's filas never show up.
    expect(todas.body.items.filter((f: { nome: string }) => f.nome === 'Financeiro')).toHaveLength(1);

    const inativas = await t.http().get('/api/atendimento/filas?ativo=false').set(auth(admin));
    expect(inativas.body.items.map((f: { nome: string }) => f.nome)).toEqual(['Pós-venda']);
    expect((await t.http().get('/api/atendimento/filas?ativo=talvez').set(auth(admin))).status).toBe(400);
  });

  it('manages members with per-fila capacity: PUT replaces the list, capacity is validated', async () => {
    const fila = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Membros' });
    const bia = await criarAtendente('Bia', 3);
    const caio = await criarAtendente('Caio', 10);
    const duda = await criarAtendente('Duda', 4);

    const put = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([
        { atendenteId: bia, capacidade: 2 },
        { atendenteId: caio, capacidade: null },
      ]);
    expect(put.status).toBe(200);
    expect(put.body).toEqual([
      expect.objectContaining({ atendenteId: bia, nome: 'Bia', capacidade: 2, maxTicketsSimultaneos: 3, status: 'offline' }),
      expect.objectContaining({ atendenteId: caio, nome: 'Caio', capacidade: null, maxTicketsSimultaneos: 10 }),
    ]);
    const detalhe = await t.http().get(`/api/atendimento/filas/${fila.body.id}`).set(auth(atendente));
    expect(detalhe.body.totalAtendentes).toBe(2);
    expect(detalhe.body.atendentes).toHaveLength(2);

    // Replacing: Bia leaves, Caio's capacity changes, Duda joins.
    const troca = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: caio, capacidade: 7 }, { atendenteId: duda }]);
    expect(troca.status).toBe(200);
    expect(troca.body.map((m: { nome: string; capacidade: number | null }) => [m.nome, m.capacidade])).toEqual([
      ['Caio', 7],
      ['Duda', null],
    ]);
    const membros = await t.http().get(`/api/atendimento/filas/${fila.body.id}/atendentes`).set(auth(atendente));
    expect(membros.status).toBe(200);
    expect(membros.body).toHaveLength(2);
    const biaDepois = await t.http().get(`/api/atendimento/atendentes/${bia}`).set(auth(admin));
    expect(biaDepois.body.filas).toEqual([]);
    const caioDepois = await t.http().get(`/api/atendimento/atendentes/${caio}`).set(auth(admin));
    expect(caioDepois.body.filas).toEqual([expect.objectContaining({ filaId: fila.body.id, nome: 'Membros', capacidade: 7 })]);

    const acima = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: bia, capacidade: 4 }]);
    expect(acima.status).toBe(422);
    expect(acima.body.code).toBe('FILA_CAPACIDADE_ACIMA_DO_MAXIMO');
    expect(acima.body.campo).toBe('0.capacidade');
    expect(acima.body.message).toMatch(/excede o máximo de 3 tickets simultâneos de Bia/);

    const negativa = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: bia, capacidade: -1 }]);
    expect(negativa.status).toBe(400);
    expect(negativa.body.issues[0].path).toBe('0.capacidade');

    const repetido = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: bia }, { atendenteId: bia }]);
    expect(repetido.status).toBe(400);
    expect(repetido.body.issues[0]).toMatchObject({ path: '1.atendenteId', message: 'atendente repetido na lista' });

    const desconhecido = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: crypto.randomUUID() }]);
    expect(desconhecido.status).toBe(422);
    expect(desconhecido.body.campo).toBe('atendenteId');

    const naoLista = await t
      .http()
      .put(`/api/atendimento/filas/${fila.body.id}/atendentes`)
      .set(auth(admin))
      .send({ atendenteId: bia });
    expect(naoLista.status).toBe(400);

    // An empty list empties the fila.
    const vazia = await t.http().put(`/api/atendimento/filas/${fila.body.id}/atendentes`).set(auth(admin)).send([]);
    expect(vazia.status).toBe(200);
    expect(vazia.body).toEqual([]);
  });

  it('deletes a fila without open tickets (204, then 404) and refuses one with open tickets (409)', async () => {
    const comTicket = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Com ticket' });
    await ticketAberto(comTicket.body.id);
    const recusa = await t.http().delete(`/api/atendimento/filas/${comTicket.body.id}`).set(auth(admin));
    expect(recusa.status).toBe(409);
    expect(recusa.body.code).toBe('FILA_COM_TICKETS_ABERTOS');
    expect(recusa.body.message).toMatch(/1 ticket\(s\) em aberto/);

    const vazia = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Temporária' });
    expect((await t.http().delete(`/api/atendimento/filas/${vazia.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/filas/${vazia.body.id}`).set(auth(admin))).status).toBe(404);
    expect((await t.http().delete(`/api/atendimento/filas/${vazia.body.id}`).set(auth(admin))).status).toBe(404);
  });

  it('lets everyone read but only admins manage (atendente and supervisor → 403)', async () => {
    await criarUsuario('Sara Supervisora', 'sara@demo.test', 'supervisor');
    const supervisor = await t.login('sara@demo.test', 'senha-segura-123');
    const fila = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Papéis' });
    for (const token of [atendente, supervisor]) {
      expect((await t.http().get('/api/atendimento/filas').set(auth(token))).status).toBe(200);
      expect((await t.http().get(`/api/atendimento/filas/${fila.body.id}`).set(auth(token))).status).toBe(200);
      expect((await t.http().get(`/api/atendimento/filas/${fila.body.id}/atendentes`).set(auth(token))).status).toBe(200);
      const negadas = [
        t.http().post('/api/atendimento/filas').set(auth(token)).send({ nome: 'Não' }),
        t.http().patch(`/api/atendimento/filas/${fila.body.id}`).set(auth(token)).send({ nome: 'Não' }),
        t.http().delete(`/api/atendimento/filas/${fila.body.id}`).set(auth(token)),
        t.http().put(`/api/atendimento/filas/${fila.body.id}/atendentes`).set(auth(token)).send([]),
      ];
      for (const response of await Promise.all(negadas)) {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('PAPEL_INSUFICIENTE');
      }
    }
    expect((await t.http().get('/api/atendimento/filas')).status).toBe(401);
  });

  it('isolates tenants: every route with another empresa token answers 404 and changes nothing', async () => {
    const fila = await t.http().post('/api/atendimento/filas').set(auth(admin)).send({ nome: 'Isolada', cor: '#123456' });
    const id = fila.body.id as string;
    const rotas: [string, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
      ['GET /filas/:id', () => t.http().get(`/api/atendimento/filas/${id}`).set(auth(outraAdmin))],
      ['PATCH /filas/:id', () => t.http().patch(`/api/atendimento/filas/${id}`).set(auth(outraAdmin)).send({ nome: 'Roubada' })],
      ['DELETE /filas/:id', () => t.http().delete(`/api/atendimento/filas/${id}`).set(auth(outraAdmin))],
      ['GET /filas/:id/atendentes', () => t.http().get(`/api/atendimento/filas/${id}/atendentes`).set(auth(outraAdmin))],
      ['PUT /filas/:id/atendentes', () => t.http().put(`/api/atendimento/filas/${id}/atendentes`).set(auth(outraAdmin)).send([])],
    ];
    for (const [rota, chamar] of rotas) {
      const response = await chamar();
      expect({ rota, status: response.status, code: response.body.code }).toEqual({
        rota,
        status: 404,
        code: 'FILA_NAO_ENCONTRADA',
      });
      expect(JSON.stringify(response.body)).not.toContain('Isolada');
    }
    const lista = await t.http().get('/api/atendimento/filas?limite=100').set(auth(outraAdmin));
    expect(lista.body.items.map((f: { id: string }) => f.id)).not.toContain(id);
    const intacta = await t.http().get(`/api/atendimento/filas/${id}`).set(auth(admin));
    expect(intacta.body).toMatchObject({ nome: 'Isolada', cor: '#123456' });
    // The other empresa's atendentes cannot be put in this empresa's fila either.
    const usuarioOutra = await t
      .http()
      .post('/api/usuarios')
      .set(auth(outraAdmin))
      .send({ nome: 'Olga', email: 'olga@outra.test', senha: 'senha-segura-123', papel: 'atendente' });
    const atendenteOutra = await t
      .http()
      .post('/api/atendimento/atendentes')
      .set(auth(outraAdmin))
      .send({ usuarioId: usuarioOutra.body.id });
    expect(atendenteOutra.status).toBe(201);
    const cruzado = await t
      .http()
      .put(`/api/atendimento/filas/${id}/atendentes`)
      .set(auth(admin))
      .send([{ atendenteId: atendenteOutra.body.id }]);
    expect(cruzado.status).toBe(422);
    expect(JSON.stringify(cruzado.body)).not.toContain('Olga');
  });
});
