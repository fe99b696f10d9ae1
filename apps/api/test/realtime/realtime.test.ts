import type { MensagemDto, RealtimeDesdeResposta, TicketDto } from '@atende/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { contarConsultasDoUsuario } from '../support/contador-de-consultas.js';
import { RealtimeEmissor } from '../../src/realtime/realtime-emissor.service.js';
import { RealtimeServidor } from '../../src/realtime/realtime-servidor.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  ate,
  type ClienteRealtime,
  conectar,
  criarAtendente,
  criarCanal,
  criarCliente,
  criarContato,
  criarFila,
  criarUsuario,
  desconectado,
  emitir,
  esperar,
  esperarRecusa,
  postarWebhookWhatsApp,
  gravar,
  sincronizar,
  sql,
  tokenAssinado,
  type Usuario,
  webhookWhatsApp,
} from './realtime-support.js';

const CARENCIA_MS = 800;

describe('real time: Socket.IO gateway /atendimento', () => {
  let t: TestApp;
  let url: string;
  let empresaId: string;
  let adminToken: string;
  let adminId: string;
  let filaVendas: string;
  let filaSuporte: string;
  let canalId: string;
  let ana: Usuario & { token: string; atendenteId: string };
  let beto: Usuario & { token: string; atendenteId: string };
  let sara: Usuario & { token: string };
  let outraToken: string;
  let graph: FakeGraphApi;
  const abertos: ClienteRealtime[] = [];

  /** Connects and remembers the socket, so every test ends with its sockets closed. */
  async function entrarComo(token: string, opcoes: { reconectar?: boolean } = {}) {
    const conexao = await conectar(url, token, opcoes);
    abertos.push(conexao.socket);
    return conexao;
  }

  function api(token: string) {
    const comToken = <T extends { set(campo: string, valor: string): T }>(requisicao: T): T =>
      requisicao.set('Authorization', `Bearer ${token}`);
    return {
      get: (caminho: string) => comToken(t.http().get(caminho)),
      post: (caminho: string, corpo: object = {}) => comToken(t.http().post(caminho)).send(corpo),
      patch: (caminho: string, corpo: object) => comToken(t.http().patch(caminho)).send(corpo),
      delete: (caminho: string) => comToken(t.http().delete(caminho)),
    };
  }

  /** A new ticket (its own contato, so it never collides with another open one) through the REST API. */
  async function novoTicket(filaId: string | null, token = adminToken): Promise<TicketDto> {
    const contatoId = await criarContato(t, empresaId, `Cliente ${Math.random().toString(36).slice(2, 7)}`);
    const resposta = await api(token).post('/api/atendimento/tickets', { contatoId, canalId, ...(filaId ? { filaId } : {}) });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as TicketDto;
  }

  async function nota(ticketId: string, conteudo: string, token = adminToken): Promise<MensagemDto> {
    const resposta = await api(token).post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo, privada: true });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as MensagemDto;
  }

  async function ticketRest(id: string): Promise<TicketDto> {
    const resposta = await api(adminToken).get(`/api/atendimento/tickets/${id}`);
    expect(resposta.status).toBe(200);
    return resposta.body as TicketDto;
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    t = await createTestApp({
      listen: true,
      env: { ATENDE_PRESENCE_GRACE: `${CARENCIA_MS}ms`, WHATSAPP_API_URL: graph.baseUrl },
    });
    url = t.url ?? '';
    adminToken = await t.login();
    const me = await api(adminToken).get('/api/auth/me');
    empresaId = me.body.usuario.empresaId as string;
    adminId = me.body.usuario.id as string;
    filaVendas = await criarFila(t, empresaId, 'Vendas');
    filaSuporte = await criarFila(t, empresaId, 'Suporte');
    canalId = await criarCanal(t, empresaId, 'Telegram');
    const anaUsuario = await criarUsuario(t, empresaId, 'Ana Atendente', 'atendente');
    const betoUsuario = await criarUsuario(t, empresaId, 'Beto Atendente', 'atendente');
    const saraUsuario = await criarUsuario(t, empresaId, 'Sara Supervisora', 'supervisor');
    ana = {
      ...anaUsuario,
      atendenteId: await criarAtendente(t, empresaId, anaUsuario, [filaVendas]),
      token: await t.login(anaUsuario.email, anaUsuario.senha),
    };
    beto = {
      ...betoUsuario,
      atendenteId: await criarAtendente(t, empresaId, betoUsuario, [filaSuporte]),
      token: await t.login(betoUsuario.email, betoUsuario.senha),
    };
    sara = { ...saraUsuario, token: await t.login(saraUsuario.email, saraUsuario.senha) };
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outraToken = await t.login('admin@outra.test', 'senha-outra-123');
  });

  afterEach(async () => {
    for (const socket of abertos.splice(0)) socket.disconnect();
    // Presence of the sockets just closed settles (grace timers) before the next test counts events.
    await ate(async () => {
      const linhas = await sql<{ n: number }>(
        t,
        empresaId,
        `SELECT count(*)::int AS n FROM atendimento_atendentes WHERE status <> 'offline'`,
      );
      return linhas[0]?.n === 0;
    }, 'atendentes offline entre os testes');
  });

  afterAll(async () => {
    await t.close();
    await graph.close();
  });

  describe('handshake', () => {
    it('refuses a socket without a token with TOKEN_AUSENTE and does not retry', async () => {
      const socket = criarCliente(url, undefined);
      const recusa = await esperarRecusa(socket);
      expect(recusa.data.code).toBe('TOKEN_AUSENTE');
      expect(recusa.message).toMatch(/token de acesso/i);
      expect(socket.connected).toBe(false);
      expect(socket.active).toBe(false);
    });

    it('refuses a forged token with TOKEN_INVALIDO', async () => {
      const [cabecalho, corpo] = adminToken.split('.');
      for (const forjado of ['nao-e-um-jwt', `${cabecalho}.${corpo}.assinatura-falsa`]) {
        const socket = criarCliente(url, forjado);
        const recusa = await esperarRecusa(socket);
        expect(recusa.data.code).toBe('TOKEN_INVALIDO');
        expect(socket.active).toBe(false);
      }
    });

    it('refuses an expired token with TOKEN_EXPIRADO, telling the client to refresh', async () => {
      const expirado = await tokenAssinado(
        t,
        { usuarioId: adminId, empresaId, papel: 'admin', nome: 'Administrador' },
        Math.floor(Date.now() / 1000) - 60,
      );
      const socket = criarCliente(url, expirado);
      const recusa = await esperarRecusa(socket);
      expect(recusa.data).toEqual({ code: 'TOKEN_EXPIRADO', message: expect.stringMatching(/refresh/) });
      expect(socket.active).toBe(false);
    });

    it('ends the session with sessao:expirada when the token expires while connected', async () => {
      const exp = Math.floor(Date.now() / 1000) + 2;
      const curto = await tokenAssinado(t, { usuarioId: adminId, empresaId, papel: 'admin', nome: 'Administrador' }, exp);
      const { socket, conectado } = await entrarComo(curto);
      expect(conectado.expiraEm).toBe(new Date(exp * 1000).toISOString());
      const fim = desconectado(socket);
      const aviso = await esperar(socket, 'sessao:expirada');
      expect(aviso).toEqual({ code: 'TOKEN_EXPIRADO', message: expect.stringMatching(/refresh/) });
      expect(await fim).toBe('io server disconnect');
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    });
  });

  describe('rooms', () => {
    it('puts supervisors and admins in the empresa room and atendentes in their own and their filas rooms', async () => {
      const admin = await entrarComo(adminToken);
      const supervisora = await entrarComo(sara.token);
      const atendente = await entrarComo(ana.token);
      expect(admin.conectado).toMatchObject({
        usuarioId: adminId,
        empresaId,
        papel: 'admin',
        atendenteId: null,
        recuperado: false,
      });
      expect(admin.conectado.salas).toEqual([`empresa:${empresaId}`]);
      expect(supervisora.conectado.salas).toEqual([`empresa:${empresaId}`]);
      expect(atendente.conectado).toMatchObject({ papel: 'atendente', atendenteId: ana.atendenteId });
      expect(atendente.conectado.salas.sort()).toEqual([`atendente:${ana.atendenteId}`, `fila:${filaVendas}`].sort());
    });

    it('lets a socket join only the tickets its user may see (same rule as GET /tickets/:id)', async () => {
      const ticket = await novoTicket(filaVendas);
      const daAna = await entrarComo(ana.token);
      const doBeto = await entrarComo(beto.token);
      const daOutra = await entrarComo(outraToken);

      expect(await emitir(daAna.socket, 'entrar', { ticketId: ticket.id })).toEqual({ ok: true });

      for (const { socket } of [doBeto, daOutra]) {
        const erro = esperar(socket, 'erro');
        expect(await emitir(socket, 'entrar', { ticketId: ticket.id })).toEqual({
          ok: false,
          code: 'TICKET_NAO_ENCONTRADO',
          message: 'Ticket não encontrado.',
        });
        expect(await erro).toEqual({
          evento: 'entrar',
          code: 'TICKET_NAO_ENCONTRADO',
          message: 'Ticket não encontrado.',
          ticketId: ticket.id,
        });
      }

      const invalido = await emitir(daAna.socket, 'entrar', { ticketId: 'nao-e-uuid' });
      expect(invalido).toMatchObject({
        ok: false,
        code: 'REALTIME_PAYLOAD_INVALIDO',
        message: expect.stringContaining('ticketId'),
      });
    });

    it('never delivers an event of one empresa to a socket of another', async () => {
      const daOutra = await entrarComo(outraToken);
      const recebidosOutra = {
        novos: gravar(daOutra.socket, 'ticket:novo'),
        atualizados: gravar(daOutra.socket, 'ticket:atualizado'),
        mensagens: gravar(daOutra.socket, 'mensagem:nova'),
        digitando: gravar(daOutra.socket, 'digitando'),
        presenca: gravar(daOutra.socket, 'atendente:status'),
      };
      const admin = await entrarComo(adminToken);

      const criado = esperar(admin.socket, 'ticket:novo');
      const ticket = await novoTicket(filaVendas);
      await criado;
      const atendente = await entrarComo(ana.token);
      await emitir(admin.socket, 'entrar', { ticketId: ticket.id });
      await emitir(atendente.socket, 'entrar', { ticketId: ticket.id });
      const digitando = esperar(admin.socket, 'digitando');
      await emitir(atendente.socket, 'digitando', { ticketId: ticket.id });
      await digitando;
      const mensagem = esperar(admin.socket, 'mensagem:nova');
      await nota(ticket.id, 'nota só da Demo');
      await mensagem;
      const atribuido = esperar(admin.socket, 'ticket:atualizado');
      await api(adminToken).post(`/api/atendimento/tickets/${ticket.id}/atribuir`, { atendenteId: ana.atendenteId });
      await atribuido;

      await sincronizar(daOutra.socket);
      expect(recebidosOutra).toEqual({ novos: [], atualizados: [], mensagens: [], digitando: [], presenca: [] });
    });
  });

  describe('events fired by the REST actions', () => {
    it('ticket:novo reaches the empresa and the ticket fila, not another fila', async () => {
      const admin = await entrarComo(adminToken);
      const supervisora = await entrarComo(sara.token);
      const daAna = await entrarComo(ana.token);
      const doBeto = await entrarComo(beto.token);
      const doBetoNovos = gravar(doBeto.socket, 'ticket:novo');
      const esperados = [admin, supervisora, daAna].map(({ socket }) => esperar(socket, 'ticket:novo'));

      const ticket = await novoTicket(filaVendas);
      const eventos = await Promise.all(esperados);
      const rest = await ticketRest(ticket.id);
      for (const evento of eventos) {
        expect(evento.ticket).toEqual(rest);
        expect(typeof evento.cursor).toBe('string');
      }
      await sincronizar(doBeto.socket);
      expect(doBetoNovos).toEqual([]);
    });

    it('mensagem:nova carries the mensagem exactly as GET /tickets/:id/mensagens returns it, once per socket', async () => {
      const ticket = await novoTicket(filaVendas);
      const admin = await entrarComo(adminToken);
      const daAna = await entrarComo(ana.token);
      // In the fila room and in the ticket room: still one delivery.
      await emitir(daAna.socket, 'entrar', { ticketId: ticket.id });
      const anaRecebidas = gravar(daAna.socket, 'mensagem:nova');
      const paraAdmin = esperar(admin.socket, 'mensagem:nova');

      const criada = await nota(ticket.id, 'Cliente pediu 2ª via do boleto');
      const evento = await paraAdmin;
      const lista = await api(adminToken).get(`/api/atendimento/tickets/${ticket.id}/mensagens`);
      expect(evento.mensagem).toEqual(lista.body.items[0]);
      expect(evento.mensagem).toEqual(criada);
      expect(evento.mensagem).toMatchObject({ ticketId: ticket.id, privada: true, conteudo: 'Cliente pediu 2ª via do boleto' });

      await ate(() => anaRecebidas.length > 0, 'mensagem:nova na Ana');
      await sincronizar(daAna.socket);
      expect(anaRecebidas).toHaveLength(1);
    });

    it('ticket:atualizado on atribuição, status, prioridade, tags; the new atendente hears it in its own room', async () => {
      const ticket = await novoTicket(null);
      const admin = await entrarComo(adminToken);
      const daAna = await entrarComo(ana.token);

      const paraAna = esperar(daAna.socket, 'ticket:atualizado');
      const paraAdmin = esperar(admin.socket, 'ticket:atualizado');
      const atribuir = await api(adminToken).post(`/api/atendimento/tickets/${ticket.id}/atribuir`, {
        atendenteId: ana.atendenteId,
      });
      expect(atribuir.status).toBe(200);
      const atribuido = await paraAna;
      expect(atribuido.mudancas).toEqual(expect.arrayContaining(['atendente', 'status']));
      expect(atribuido.ticket).toMatchObject({ id: ticket.id, status: 'em_atendimento', atendente: { id: ana.atendenteId } });
      expect(atribuido.atendenteAnteriorId).toBeNull();
      expect((await paraAdmin).ticket).toEqual(await ticketRest(ticket.id));

      const pendente = esperar(daAna.socket, 'ticket:atualizado');
      expect((await api(ana.token).post(`/api/atendimento/tickets/${ticket.id}/status`, { status: 'pendente' })).status).toBe(
        200,
      );
      expect(await pendente).toMatchObject({ mudancas: ['status'], ticket: { status: 'pendente' } });

      const prioridade = esperar(daAna.socket, 'ticket:atualizado');
      expect((await api(adminToken).patch(`/api/atendimento/tickets/${ticket.id}`, { prioridade: 'urgente' })).status).toBe(200);
      expect(await prioridade).toMatchObject({ mudancas: ['prioridade'], ticket: { prioridade: 'urgente' } });

      const tag = await api(adminToken).post('/api/atendimento/tags', { nome: `Tempo real ${ticket.id.slice(0, 8)}` });
      const etiquetado = esperar(daAna.socket, 'ticket:atualizado', (evento) => evento.mudancas.includes('tags'));
      expect((await api(ana.token).post(`/api/atendimento/tickets/${ticket.id}/tags`, { tagId: tag.body.id })).status).toBe(201);
      expect(await etiquetado).toMatchObject({ mudancas: ['tags'], ticket: { tags: [{ id: tag.body.id }] } });

      const resolvido = esperar(daAna.socket, 'ticket:atualizado');
      expect((await api(ana.token).post(`/api/atendimento/tickets/${ticket.id}/resolver`)).status).toBe(200);
      expect(await resolvido).toMatchObject({ mudancas: ['status'], ticket: { status: 'resolvido' } });
    });

    it('on a transfer, the previous fila and atendente hear it, the new fila too, and the old atendente leaves the ticket room', async () => {
      const ticket = await novoTicket(filaVendas);
      await api(adminToken).post(`/api/atendimento/tickets/${ticket.id}/atribuir`, { atendenteId: ana.atendenteId });
      const daAna = await entrarComo(ana.token);
      const doBeto = await entrarComo(beto.token);
      expect(await emitir(daAna.socket, 'entrar', { ticketId: ticket.id })).toEqual({ ok: true });

      const paraAna = esperar(daAna.socket, 'ticket:atualizado');
      const paraBeto = esperar(doBeto.socket, 'ticket:atualizado');
      const transferencia = await api(adminToken).post(`/api/atendimento/tickets/${ticket.id}/transferir`, {
        filaId: filaSuporte,
        motivo: 'É suporte técnico',
      });
      expect(transferencia.status).toBe(200);
      const ouvidoPelaAna = await paraAna;
      expect(ouvidoPelaAna).toMatchObject({ filaAnteriorId: filaVendas, atendenteAnteriorId: ana.atendenteId });
      expect(ouvidoPelaAna.ticket).toMatchObject({ fila: { id: filaSuporte }, atendente: null, status: 'aberto' });
      expect((await paraBeto).ticket.id).toBe(ticket.id);

      // Ana may no longer see the ticket: her socket left its room, so its mensagens stop reaching her.
      const anaMensagens = gravar(daAna.socket, 'mensagem:nova');
      const servidor = t.app.get(RealtimeServidor);
      await ate(
        async () => (await servidor.nsp.in(`ticket:${ticket.id}`).fetchSockets()).length === 0,
        'Ana fora da sala do ticket',
      );
      const paraBetoMensagem = esperar(doBeto.socket, 'mensagem:nova');
      await nota(ticket.id, 'depois da transferência');
      await paraBetoMensagem;
      await sincronizar(daAna.socket);
      expect(anaMensagens).toEqual([]);
      expect(await emitir(daAna.socket, 'entrar', { ticketId: ticket.id })).toMatchObject({
        ok: false,
        code: 'TICKET_NAO_ENCONTRADO',
      });
    });

    it('ticket:removido when an admin deletes the ticket', async () => {
      const ticket = await novoTicket(filaVendas);
      const daAna = await entrarComo(ana.token);
      const removido = esperar(daAna.socket, 'ticket:removido');
      expect((await api(adminToken).delete(`/api/atendimento/tickets/${ticket.id}`)).status).toBe(204);
      expect(await removido).toEqual({ ticketId: ticket.id, cursor: expect.any(String) });
    });
  });

  describe('events fired by the WhatsApp webhook and the outbound pipeline', () => {
    it('a customer message becomes ticket:novo + mensagem:nova; the reply moves through mensagem:status', async () => {
      const canal = await api(adminToken).post('/api/atendimento/canais', {
        tipo: 'whatsapp',
        nome: 'WhatsApp Vendas',
        configuracao: graph.credentials(),
      });
      expect(canal.status, JSON.stringify(canal.body)).toBe(201);
      const admin = await entrarComo(adminToken);
      const novo = esperar(admin.socket, 'ticket:novo');
      const recebida = esperar(admin.socket, 'mensagem:nova', (evento) => evento.mensagem.direcao === 'recebida');

      const webhook = webhookWhatsApp(graph.phoneNumberId, {
        texto: 'Meu pedido não chegou',
        de: '5511987654321',
        wamid: 'wamid.realtime-entrada-1',
        nome: 'Joana',
      });
      const entrada = await postarWebhookWhatsApp(t, webhook, graph.credentials().appSecret);
      expect(entrada.status, JSON.stringify(entrada.body)).toBe(200);
      const { ticket } = await novo;
      expect(ticket).toMatchObject({ canal: { id: canal.body.id, tipo: 'whatsapp' }, contato: { nome: 'Joana' } });
      const { mensagem } = await recebida;
      expect(mensagem).toMatchObject({
        ticketId: ticket.id,
        direcao: 'recebida',
        status: 'recebida',
        conteudo: 'Meu pedido não chegou',
        externalId: 'wamid.realtime-entrada-1',
      });

      const pendente = esperar(admin.socket, 'mensagem:nova', (evento) => evento.mensagem.direcao === 'enviada');
      const enviada = esperar(admin.socket, 'mensagem:status', (evento) => evento.status === 'enviada');
      const resposta = await api(adminToken).post(`/api/atendimento/tickets/${ticket.id}/mensagens`, {
        conteudo: 'Vou verificar, Joana.',
      });
      expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
      expect((await pendente).mensagem).toMatchObject({ id: resposta.body.id, status: 'pendente' });
      const statusEnviada = await enviada;
      expect(statusEnviada).toMatchObject({
        ticketId: ticket.id,
        mensagemId: resposta.body.id,
        mudancas: ['status'],
        erro: null,
      });
      const wamid = statusEnviada.mensagem.externalId ?? '';
      expect(wamid).toMatch(/^wamid\./);

      const entregue = esperar(admin.socket, 'mensagem:status', (evento) => evento.status === 'entregue');
      const status = webhookWhatsApp(graph.phoneNumberId, { status: 'delivered', wamid, para: '5511987654321' });
      expect((await postarWebhookWhatsApp(t, status, graph.credentials().appSecret)).status).toBe(200);
      expect(await entregue).toMatchObject({
        mensagemId: resposta.body.id,
        mensagem: { status: 'entregue', entregueEm: expect.any(String) },
      });
    });
  });

  describe('typing', () => {
    it('relays digitando to the ticket room except the sender, throttled while typing', async () => {
      const ticket = await novoTicket(filaVendas);
      const admin = await entrarComo(adminToken);
      const daAna = await entrarComo(ana.token);
      await emitir(admin.socket, 'entrar', { ticketId: ticket.id });
      await emitir(daAna.socket, 'entrar', { ticketId: ticket.id });
      const adminRecebeu = gravar(admin.socket, 'digitando');
      const anaRecebeu = gravar(daAna.socket, 'digitando');

      for (let i = 0; i < 3; i++) expect(await emitir(daAna.socket, 'digitando', { ticketId: ticket.id })).toEqual({ ok: true });
      await ate(() => adminRecebeu.length > 0, 'digitando no admin');
      await sincronizar(admin.socket);
      expect(adminRecebeu).toEqual([
        { ticketId: ticket.id, origem: 'atendente', usuarioId: ana.usuarioId, nome: ana.nome, ativo: true },
      ]);

      await emitir(daAna.socket, 'digitando', { ticketId: ticket.id, ativo: false });
      await ate(() => adminRecebeu.length === 2, 'fim do digitando no admin');
      expect(adminRecebeu[1]).toMatchObject({ ativo: false });
      await sincronizar(daAna.socket);
      expect(anaRecebeu).toEqual([]);
    });

    it('refuses digitando in a ticket the socket did not enter', async () => {
      const ticket = await novoTicket(filaVendas);
      const daAna = await entrarComo(ana.token);
      expect(await emitir(daAna.socket, 'digitando', { ticketId: ticket.id })).toMatchObject({
        ok: false,
        code: 'REALTIME_FORA_DO_TICKET',
      });
    });

    it('relays the customer typing (from channels that report it) to the ticket room', async () => {
      const ticket = await novoTicket(filaVendas);
      const admin = await entrarComo(adminToken);
      await emitir(admin.socket, 'entrar', { ticketId: ticket.id });
      const digitando = esperar(admin.socket, 'digitando');
      t.app.get(RealtimeEmissor).contatoDigitando(ticket.id, true);
      expect(await digitando).toEqual({ ticketId: ticket.id, origem: 'contato', usuarioId: null, nome: null, ativo: true });
    });
  });

  describe('presence', () => {
    async function statusNoBanco(atendenteId: string): Promise<string> {
      const [linha] = await sql<{ status: string }>(t, empresaId, `SELECT status FROM atendimento_atendentes WHERE id = $1`, [
        atendenteId,
      ]);
      return linha?.status ?? '';
    }

    async function historico(atendenteId: string, desde: Date): Promise<{ de_status: string | null; status: string }[]> {
      return sql(
        t,
        empresaId,
        `SELECT de_status, status FROM atendimento_atendente_presencas WHERE atendente_id = $1 AND ocorrido_em >= $2 ORDER BY ocorrido_em`,
        [atendenteId, desde],
      );
    }

    it('stays online while one of several tabs is open and goes offline a grace period after the last one closes', async () => {
      const inicio = new Date();
      const admin = await entrarComo(adminToken);
      const eventos = gravar(admin.socket, 'atendente:status');

      const online = esperar(admin.socket, 'atendente:status');
      const aba1 = await entrarComo(ana.token);
      expect(await online).toMatchObject({
        atendenteId: ana.atendenteId,
        usuarioId: ana.usuarioId,
        nome: ana.nome,
        status: 'online',
        deStatus: 'offline',
      });
      const aba2 = await entrarComo(ana.token);
      expect(await statusNoBanco(ana.atendenteId)).toBe('online');

      aba1.socket.disconnect();
      // Well past the grace period with the second tab still open: still online, nothing announced.
      const fechouAba1 = Date.now();
      await ate(async () => {
        expect(await statusNoBanco(ana.atendenteId)).toBe('online');
        return Date.now() - fechouAba1 > 2 * CARENCIA_MS;
      }, 'carência passada com uma aba aberta');
      await sincronizar(admin.socket);
      expect(eventos).toHaveLength(1);

      const offline = esperar(admin.socket, 'atendente:status', (evento) => evento.status === 'offline');
      const fechouAba2 = Date.now();
      aba2.socket.disconnect();
      expect(await offline).toMatchObject({ atendenteId: ana.atendenteId, status: 'offline', deStatus: 'online' });
      expect(Date.now() - fechouAba2).toBeGreaterThanOrEqual(CARENCIA_MS);
      expect(await statusNoBanco(ana.atendenteId)).toBe('offline');
      expect(await historico(ana.atendenteId, inicio)).toEqual([
        { de_status: 'offline', status: 'online' },
        { de_status: 'online', status: 'offline' },
      ]);
    });

    it('a page reload within the grace period keeps the atendente online', async () => {
      const inicio = new Date();
      const primeira = await entrarComo(ana.token);
      await ate(async () => (await statusNoBanco(ana.atendenteId)) === 'online', 'online');
      primeira.socket.disconnect();
      const fechou = Date.now();
      await entrarComo(ana.token);
      await ate(async () => Date.now() - fechou > 2 * CARENCIA_MS, 'carência passada');
      expect(await statusNoBanco(ana.atendenteId)).toBe('online');
      expect(await historico(ana.atendenteId, inicio)).toEqual([{ de_status: 'offline', status: 'online' }]);
    });

    it('is ausente on request, stays ausente on reconnection, and back online on request', async () => {
      const admin = await entrarComo(adminToken);
      const primeira = await entrarComo(beto.token);
      await ate(async () => (await statusNoBanco(beto.atendenteId)) === 'online', 'online');

      const ausente = esperar(admin.socket, 'atendente:status', (evento) => evento.status === 'ausente');
      expect(await emitir(primeira.socket, 'presenca', { status: 'ausente' })).toEqual({ ok: true });
      expect(await ausente).toMatchObject({ atendenteId: beto.atendenteId, deStatus: 'online', status: 'ausente' });
      expect(await statusNoBanco(beto.atendenteId)).toBe('ausente');

      await entrarComo(beto.token);
      primeira.socket.disconnect();
      expect(await statusNoBanco(beto.atendenteId)).toBe('ausente');

      const segunda = abertos[abertos.length - 1] as ClienteRealtime;
      const online = esperar(admin.socket, 'atendente:status', (evento) => evento.status === 'online');
      expect(await emitir(segunda, 'presenca', { status: 'online' })).toEqual({ ok: true });
      expect(await online).toMatchObject({ deStatus: 'ausente', status: 'online' });
    });

    it('refuses presence for a user who is not an atendente, and a status other than online/ausente', async () => {
      const admin = await entrarComo(adminToken);
      expect(await emitir(admin.socket, 'presenca', { status: 'ausente' })).toMatchObject({
        ok: false,
        code: 'REALTIME_SEM_ATENDENTE',
      });
      const daAna = await entrarComo(ana.token);
      const invalido = await emitir(daAna.socket, 'presenca', { status: 'offline' as 'online' });
      expect(invalido).toMatchObject({
        ok: false,
        code: 'REALTIME_PAYLOAD_INVALIDO',
        message: expect.stringContaining('status'),
      });
    });
  });

  describe('catch-up', () => {
    it('Socket.IO connection-state recovery replays what a briefly dropped socket missed', async () => {
      const ticket = await novoTicket(filaVendas);
      const { socket } = await entrarComo(ana.token);
      await emitir(socket, 'entrar', { ticketId: ticket.id });
      // The connection drops under the socket (as a network outage would): the server keeps its session.
      const caiu = desconectado(socket);
      t.app
        .get(RealtimeServidor)
        .nsp.sockets.get(socket.id ?? '')
        ?.conn.close();
      expect(await caiu).toBe('transport close');

      const criada = await nota(ticket.id, 'enquanto a Ana estava sem rede');
      const reconectado = esperar(socket, 'conectado');
      const perdida = esperar(socket, 'mensagem:nova');
      socket.connect();
      expect((await reconectado).recuperado).toBe(true);
      expect(socket.recovered).toBe(true);
      expect((await perdida).mensagem.id).toBe(criada.id);
      // The ticket room came back with the session.
      expect((await reconectado).salas).toContain(`ticket:${ticket.id}`);
    });

    it('a recovered session whose token expired during the outage ends at once with sessao:expirada', async () => {
      const exp = Math.floor(Date.now() / 1000) + 2;
      const curto = await tokenAssinado(t, { usuarioId: ana.usuarioId, empresaId, papel: 'atendente', nome: ana.nome }, exp);
      const { socket } = await entrarComo(curto);
      const caiu = desconectado(socket);
      t.app
        .get(RealtimeServidor)
        .nsp.sockets.get(socket.id ?? '')
        ?.conn.close();
      await caiu;
      await ate(() => Date.now() > exp * 1000, 'token expirado');

      const reconectado = esperar(socket, 'conectado');
      const expirada = esperar(socket, 'sessao:expirada');
      const fim = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.connect();
      expect((await reconectado).recuperado).toBe(true);
      expect(await expirada).toMatchObject({ code: 'TOKEN_EXPIRADO' });
      expect(await fim).toBe('io server disconnect');
    });

    it('GET /realtime/desde returns the visible tickets and mensagens changed since the cursor', async () => {
      const inicio = await api(adminToken).get('/api/atendimento/realtime/desde');
      expect(inicio.status).toBe(200);
      expect(inicio.body).toEqual({
        tickets: [],
        mensagens: [],
        ticketsRemovidos: [],
        cursor: expect.any(String),
        completo: true,
      });
      const cursor = inicio.body.cursor as string;

      const ticket = await novoTicket(filaVendas);
      const criada = await nota(ticket.id, 'perdida durante a queda');
      const removido = await novoTicket(filaVendas);
      await api(adminToken).delete(`/api/atendimento/tickets/${removido.id}`);

      const desde = async (token: string): Promise<RealtimeDesdeResposta> => {
        const resposta = await api(token).get(`/api/atendimento/realtime/desde?cursor=${cursor}`);
        expect(resposta.status).toBe(200);
        return resposta.body as RealtimeDesdeResposta;
      };
      const doAdmin = await desde(adminToken);
      expect(doAdmin.tickets.map((item) => item.id)).toContain(ticket.id);
      expect(doAdmin.tickets.find((item) => item.id === ticket.id)).toEqual(await ticketRest(ticket.id));
      expect(doAdmin.mensagens.find((item) => item.id === criada.id)).toEqual(criada);
      expect(doAdmin.ticketsRemovidos).toContain(removido.id);
      expect(doAdmin.completo).toBe(true);
      expect(doAdmin.cursor).not.toBe(cursor);

      const daAna = await desde(ana.token);
      expect(daAna.tickets.map((item) => item.id)).toContain(ticket.id);
      expect(daAna.mensagens.map((item) => item.id)).toContain(criada.id);
      const doBeto = await desde(beto.token);
      expect(doBeto.tickets.map((item) => item.id)).not.toContain(ticket.id);
      expect(doBeto.mensagens.map((item) => item.id)).not.toContain(criada.id);
      const daOutra = await desde(outraToken);
      expect(daOutra).toMatchObject({ tickets: [], mensagens: [], ticketsRemovidos: [] });
    });

    it('GET /realtime/desde runs a fixed number of statements, however much changed (no N+1)', async () => {
      const cursor = (await api(adminToken).get('/api/atendimento/realtime/desde')).body.cursor as string;
      const consultas = contarConsultasDoUsuario();
      const contar = async () => {
        // Work the writes just before started after their commit (in their requests' context) settles first.
        await new Promise((resolve) => setTimeout(resolve, 500));
        consultas.zerar();
        const resposta = await api(adminToken).get(`/api/atendimento/realtime/desde?cursor=${cursor}`);
        expect(resposta.status).toBe(200);
        return { consultas: consultas.total, resposta: resposta.body as RealtimeDesdeResposta };
      };
      try {
        const primeiro = await novoTicket(filaVendas);
        await nota(primeiro.id, 'uma');
        const poucos = await contar();
        const criados: string[] = [];
        for (let i = 0; i < 6; i++) {
          const ticket = await novoTicket(i % 2 === 0 ? filaVendas : filaSuporte);
          criados.push((await nota(ticket.id, `nota ${i}`)).id, (await nota(ticket.id, `outra ${i}`)).id);
        }
        const muitos = await contar();
        expect(muitos.resposta.mensagens.map((item) => item.id)).toEqual(expect.arrayContaining(criados));
        expect(muitos.resposta.tickets.length).toBeGreaterThanOrEqual(poucos.resposta.tickets.length + 6);
        // Equal counts are the point (before: one query per ticket and per mensagem); the bound leaves room for
        // the request's own auth lookups.
        expect(muitos.consultas).toBe(poucos.consultas);
        expect(muitos.consultas).toBeLessThanOrEqual(8);
      } finally {
        consultas.restaurar();
      }
    });

    it('a reconnection without recovery catches up with the last cursor seen', async () => {
      const ticket = await novoTicket(filaVendas);
      const primeira = await entrarComo(ana.token);
      const ultimoCursor = primeira.conectado.cursor;
      primeira.socket.disconnect(); // intentional: the server drops the session, nothing to recover

      const criada = await nota(ticket.id, 'depois do logout');
      const segunda = await entrarComo(ana.token);
      expect(segunda.conectado.recuperado).toBe(false);
      const resposta = await api(ana.token).get(`/api/atendimento/realtime/desde?cursor=${ultimoCursor}`);
      expect((resposta.body as RealtimeDesdeResposta).mensagens.map((item) => item.id)).toContain(criada.id);
    });

    it('answers 400 to a cursor it did not make', async () => {
      for (const cursor of [
        'xyz',
        Buffer.from('["tickets:atividade","2026-01-01T00:00:00.000000Z","x"]').toString('base64url'),
      ]) {
        const resposta = await api(adminToken).get(`/api/atendimento/realtime/desde?cursor=${cursor}`);
        expect(resposta.status).toBe(400);
        expect(resposta.body).toMatchObject({ code: 'REALTIME_CURSOR_INVALIDO', message: expect.stringContaining('cursor') });
      }
    });
  });
});
