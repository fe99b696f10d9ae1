import type { MensagemDto, RealtimeDesdeResposta, TicketDto } from '@atende/shared';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeServidor } from '../../src/realtime/realtime-servidor.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_DB_MODE, TEST_REDIS_URL } from '../support/test-env.js';
import {
  ate,
  type ClienteRealtime,
  conectar,
  criarAtendente,
  criarCanal,
  criarContato,
  criarFila,
  criarUsuario,
  desconectado,
  emitir,
  esperar,
  gravar,
  postarWebhookWhatsApp,
  sincronizar,
  sql,
  type Usuario,
  webhookWhatsApp,
} from './realtime-support.js';

const CARENCIA_MS = 800;

/**
 * Two API instances on one PostgreSQL database and one Redis: Socket.IO fan-out through the Redis adapter and
 * presence counted in Redis. Needs a real PostgreSQL (two PGlite instances cannot share a database) and Redis.
 */
describe.runIf(TEST_DB_MODE === 'postgres' && process.env.ATENDE_TEST_REDIS === '1')(
  'real time across two instances (Redis)',
  () => {
    let banco: TestDatabase;
    let env: Record<string, string>;
    let graph: FakeGraphApi;
    let a: TestApp;
    let b: TestApp;
    let redis: Redis;
    let empresaId: string;
    let adminToken: string;
    let filaVendas: string;
    let filaSuporte: string;
    let canalId: string;
    let ana: Usuario & { token: string; atendenteId: string };
    const abertos: ClienteRealtime[] = [];

    async function entrarComo(app: TestApp, token: string) {
      const conexao = await conectar(app.url ?? '', token);
      abertos.push(conexao.socket);
      return conexao;
    }

    function post(app: TestApp, caminho: string, corpo: object = {}, token = adminToken) {
      return app.http().post(caminho).set('Authorization', `Bearer ${token}`).send(corpo);
    }

    async function novoTicket(app: TestApp, filaId: string): Promise<TicketDto> {
      const contatoId = await criarContato(a, empresaId, `Cliente ${Math.random().toString(36).slice(2, 7)}`);
      const resposta = await post(app, '/api/atendimento/tickets', { contatoId, canalId, filaId });
      expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
      return resposta.body as TicketDto;
    }

    async function nota(app: TestApp, ticketId: string, conteudo: string): Promise<MensagemDto> {
      const resposta = await post(app, `/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo, privada: true });
      expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
      return resposta.body as MensagemDto;
    }

    async function statusNoBanco(atendenteId: string): Promise<string> {
      const [linha] = await sql<{ status: string }>(a, empresaId, `SELECT status FROM atendimento_atendentes WHERE id = $1`, [
        atendenteId,
      ]);
      return linha?.status ?? '';
    }

    beforeAll(async () => {
      banco = await openTestDatabase();
      graph = await FakeGraphApi.start();
      redis = new Redis(TEST_REDIS_URL);
      env = { REDIS_URL: TEST_REDIS_URL, ATENDE_PRESENCE_GRACE: `${CARENCIA_MS}ms`, WHATSAPP_API_URL: graph.baseUrl };
      a = await createTestApp({ listen: true, database: banco, env });
      b = await createTestApp({ listen: true, database: banco, env });
      adminToken = await a.login();
      const me = await a.http().get('/api/auth/me').set('Authorization', `Bearer ${adminToken}`);
      empresaId = me.body.usuario.empresaId as string;
      filaVendas = await criarFila(a, empresaId, 'Vendas');
      filaSuporte = await criarFila(a, empresaId, 'Suporte');
      canalId = await criarCanal(a, empresaId, 'Telegram');
      const anaUsuario = await criarUsuario(a, empresaId, 'Ana Atendente', 'atendente');
      ana = {
        ...anaUsuario,
        atendenteId: await criarAtendente(a, empresaId, anaUsuario, [filaVendas]),
        token: await a.login(anaUsuario.email, anaUsuario.senha),
      };
    });

    afterEach(async () => {
      for (const socket of abertos.splice(0)) socket.disconnect();
      await ate(async () => (await statusNoBanco(ana.atendenteId)) === 'offline', 'Ana offline entre os testes');
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await banco?.close();
      await graph?.close();
      redis?.disconnect();
    });

    it('an agent connected to instance A receives mensagem:nova for a webhook received by instance B', async () => {
      const canal = await post(a, '/api/atendimento/canais', {
        tipo: 'whatsapp',
        nome: 'WhatsApp',
        configuracao: graph.credentials(),
      });
      expect(canal.status, JSON.stringify(canal.body)).toBe(201);
      const admin = await entrarComo(a, adminToken);
      const novo = esperar(admin.socket, 'ticket:novo');
      const mensagem = esperar(admin.socket, 'mensagem:nova');

      const webhook = webhookWhatsApp(graph.phoneNumberId, {
        texto: 'Chegou pela instância B',
        de: '5511912345678',
        wamid: 'wamid.redis-1',
        nome: 'Rui',
      });
      expect((await postarWebhookWhatsApp(b, webhook, graph.credentials().appSecret)).status).toBe(200);

      expect((await novo).ticket).toMatchObject({ contato: { nome: 'Rui' }, canal: { id: canal.body.id } });
      expect((await mensagem).mensagem).toMatchObject({
        direcao: 'recebida',
        conteudo: 'Chegou pela instância B',
        externalId: 'wamid.redis-1',
      });

      // A REST action on B reaches A as well.
      const ticket = (await novo).ticket;
      const viaRest = esperar(admin.socket, 'mensagem:nova', (evento) => evento.mensagem.privada);
      const criada = await nota(b, ticket.id, 'nota escrita na instância B');
      expect((await viaRest).mensagem).toEqual(criada);
    });

    it('an instance with another ATENDE_REDIS_PREFIXO on the same Redis hears nothing of these two', async () => {
      const outra = await createTestApp({
        listen: true,
        database: banco,
        env: { ...env, ATENDE_REDIS_PREFIXO: `outra-instalacao-${Date.now()}` },
      });
      try {
        const ticket = await novoTicket(a, filaVendas);
        const naOutra = await entrarComo(outra, adminToken);
        const emA = await entrarComo(a, adminToken);
        const ouvidasNaOutra = gravar(naOutra.socket, 'mensagem:nova');
        const chegouEmA = esperar(emA.socket, 'mensagem:nova', (evento) => evento.mensagem.privada);
        await nota(b, ticket.id, 'só para a mesma instalação');
        await chegouEmA;
        await sincronizar(naOutra.socket);
        expect(ouvidasNaOutra).toEqual([]);
      } finally {
        await outra.close();
      }
    });

    it('relays typing across instances, and a transfer made on B takes the atendente on A out of the ticket room', async () => {
      const ticket = await novoTicket(a, filaVendas);
      const daAna = await entrarComo(a, ana.token);
      const admin = await entrarComo(b, adminToken);
      expect(await emitir(daAna.socket, 'entrar', { ticketId: ticket.id })).toEqual({ ok: true });
      expect(await emitir(admin.socket, 'entrar', { ticketId: ticket.id })).toEqual({ ok: true });

      const digitando = esperar(admin.socket, 'digitando');
      await emitir(daAna.socket, 'digitando', { ticketId: ticket.id });
      expect(await digitando).toMatchObject({ ticketId: ticket.id, usuarioId: ana.usuarioId, origem: 'atendente' });

      const saiu = esperar(daAna.socket, 'ticket:atualizado');
      const transferencia = await post(b, `/api/atendimento/tickets/${ticket.id}/transferir`, {
        filaId: filaSuporte,
        motivo: 'suporte',
      });
      expect(transferencia.status).toBe(200);
      expect(await saiu).toMatchObject({ filaAnteriorId: filaVendas, ticket: { fila: { id: filaSuporte } } });

      const salaLocalDaAna = async () =>
        (await a.app.get(RealtimeServidor).nsp.local.in(`ticket:${ticket.id}`).fetchSockets()).length;
      await ate(async () => (await salaLocalDaAna()) === 0, 'Ana fora da sala do ticket na instância A');
      const anaMensagens = gravar(daAna.socket, 'mensagem:nova');
      const paraAdmin = esperar(admin.socket, 'mensagem:nova');
      await nota(b, ticket.id, 'só quem ainda vê o ticket');
      await paraAdmin;
      await sincronizar(daAna.socket);
      expect(anaMensagens).toEqual([]);
    });

    it('keeps an atendente online while it has a socket on either instance, offline a grace period after the last', async () => {
      const admin = await entrarComo(a, adminToken);
      const online = esperar(admin.socket, 'atendente:status', (evento) => evento.status === 'online');
      const naA = await entrarComo(a, ana.token);
      await online;
      const naB = await entrarComo(b, ana.token);
      expect(await redis.zcard(`atende:presenca:${ana.atendenteId}`)).toBe(2);

      naA.socket.disconnect();
      const fechouA = Date.now();
      await ate(async () => {
        expect(await statusNoBanco(ana.atendenteId)).toBe('online');
        return Date.now() - fechouA > 2 * CARENCIA_MS;
      }, 'carência passada com a aba da instância B aberta');

      const offline = esperar(admin.socket, 'atendente:status', (evento) => evento.status === 'offline');
      const fechouB = Date.now();
      naB.socket.disconnect();
      expect(await offline).toMatchObject({ atendenteId: ana.atendenteId, deStatus: 'online' });
      expect(Date.now() - fechouB).toBeGreaterThanOrEqual(CARENCIA_MS);
      expect(await statusNoBanco(ana.atendenteId)).toBe('offline');
    });

    it('has no session recovery on the classic Redis adapter: a reconnecting client catches up by REST', async () => {
      const ticket = await novoTicket(a, filaVendas);
      const { socket } = await entrarComo(a, ana.token);
      const cursores: string[] = [];
      socket.on('conectado', (evento) => cursores.push(evento.cursor));
      const atualizado = esperar(socket, 'ticket:atualizado');
      await post(b, `/api/atendimento/tickets/${ticket.id}/atribuir`, { atendenteId: ana.atendenteId });
      const ultimoCursor = (await atualizado).cursor;

      const caiu = desconectado(socket);
      a.app
        .get(RealtimeServidor)
        .nsp.sockets.get(socket.id ?? '')
        ?.conn.close();
      await caiu;
      const perdida = await nota(b, ticket.id, 'enquanto a Ana estava sem rede');
      const reconectado = esperar(socket, 'conectado');
      socket.connect();
      expect((await reconectado).recuperado).toBe(false);

      const resposta = await b
        .http()
        .get(`/api/atendimento/realtime/desde?cursor=${ultimoCursor}`)
        .set('Authorization', `Bearer ${ana.token}`);
      expect(resposta.status).toBe(200);
      const desde = resposta.body as RealtimeDesdeResposta;
      expect(desde.mensagens.map((item) => item.id)).toContain(perdida.id);
      expect(desde.tickets.map((item) => item.id)).toContain(ticket.id);
    });
  },
);
