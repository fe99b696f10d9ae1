import { randomUUID } from 'node:crypto';
import type {
  WebchatConversaIniciada,
  WebchatMensagemDto,
  WebchatServidorParaVisitante,
  WebchatVisitanteParaServidor,
} from '@atende/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { assinarTokenDeVisitante } from '../../src/canais/webchat/webchat-token.js';
import { conectar as conectarAtendente, esperar } from '../realtime/realtime-support.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aguardar, aguardarEventosProcessados, contar, sql } from './inbound-helpers.js';

/**
 * The WebChat canal end to end on a listening app: the public visitor API (per-canal Origin/CORS, signed
 * visitor tokens, limits), the shared inbound pipeline behind it, and the `/webchat` Socket.IO namespace that
 * agent replies, typing and read receipts reach.
 */

const ORIGEM = 'https://loja.example.com';
const OUTRA_ORIGEM = 'https://golpe.example.net';

type ClienteVisitante = Socket<WebchatServidorParaVisitante, WebchatVisitanteParaServidor>;

interface CanalCriado {
  id: string;
  configuracao: { chavePublica: string; segredoToken: string; origensPermitidas: string[] };
}

describe('WebChat canal end to end', () => {
  let t: TestApp;
  let url: string;
  let token: string;
  let canal: CanalCriado;
  let chave: string;

  const auth = (tk = token) => ({ Authorization: `Bearer ${tk}` });
  const base = (k = chave) => `/api/atendimento/webchat/${k}`;

  async function criarCanal(tk: string, configuracao: Record<string, unknown>): Promise<CanalCriado> {
    const resposta = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(tk))
      .send({ tipo: 'webchat', nome: `Site ${randomUUID().slice(0, 6)}`, configuracao });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as CanalCriado;
  }

  async function iniciar(
    dados: { nome?: string; email?: string } = {},
    k = chave,
  ): Promise<WebchatConversaIniciada> {
    const resposta = await t
      .http()
      .post(`${base(k)}/conversas`)
      .set('Origin', ORIGEM)
      .send({ nome: 'Visitante', email: `v-${randomUUID().slice(0, 8)}@cliente.test`, ...dados });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as WebchatConversaIniciada;
  }

  function enviar(visitante: WebchatConversaIniciada, texto: string, id = `cli-${randomUUID()}`, k = chave) {
    return t.http().post(`${base(k)}/mensagens`).set('Origin', ORIGEM).set(auth(visitante.token)).send({ id, texto });
  }

  async function mensagensDe(visitante: WebchatConversaIniciada, k = chave): Promise<WebchatMensagemDto[]> {
    const resposta = await t.http().get(`${base(k)}/mensagens`).set('Origin', ORIGEM).set(auth(visitante.token));
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
    return (resposta.body as { items: WebchatMensagemDto[] }).items;
  }

  async function ticketDe(visitante: WebchatConversaIniciada): Promise<string> {
    await aguardarEventosProcessados(t);
    const [linha] = await sql<{ id: string }>(t, 'SELECT id FROM atendimento_tickets WHERE conversa_chave = $1', [
      visitante.visitanteId,
    ]);
    if (linha === undefined) throw new Error('ticket do visitante não criado');
    return linha.id;
  }

  function conectarVisitante(visitante: { token: string }, opcoes: { origem?: string; chave?: string } = {}): ClienteVisitante {
    return io(`${url}/webchat`, {
      auth: { chave: opcoes.chave ?? chave, token: visitante.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { Origin: opcoes.origem ?? ORIGEM },
    });
  }

  function proximo<E extends keyof WebchatServidorParaVisitante>(
    socket: ClienteVisitante,
    evento: E,
    filtro: (payload: Parameters<WebchatServidorParaVisitante[E]>[0]) => boolean = () => true,
  ): Promise<Parameters<WebchatServidorParaVisitante[E]>[0]> {
    return new Promise((resolve, reject) => {
      const prazo = setTimeout(() => reject(new Error(`tempo esgotado aguardando ${String(evento)}`)), 15_000);
      const ouvinte = (payload: Parameters<WebchatServidorParaVisitante[E]>[0]) => {
        if (!filtro(payload)) return;
        clearTimeout(prazo);
        socket.off(evento, ouvinte as never);
        resolve(payload);
      };
      socket.on(evento, ouvinte as never);
    });
  }

  function recusa(socket: ClienteVisitante): Promise<{ message: string; data?: { code?: string } }> {
    return new Promise((resolve, reject) => {
      const prazo = setTimeout(() => reject(new Error('tempo esgotado aguardando connect_error')), 15_000);
      socket.once('connect_error', (erro: Error & { data?: { code?: string } }) => {
        clearTimeout(prazo);
        resolve({ message: erro.message, data: erro.data });
      });
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = t.url ?? '';
    token = await t.login();
    canal = await criarCanal(token, { origensPermitidas: [ORIGEM], limiteMensagensPorMinuto: 5, titulo: 'Loja Exemplo' });
    chave = canal.configuracao.chavePublica;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates the canal with a public key shown in clear and the token secret masked; bad origins are a 400', async () => {
    expect(chave).toMatch(/^wc_[A-Za-z0-9_-]{20,}$/);
    expect(canal.configuracao.segredoToken).toMatch(/^••••/);
    expect(canal.configuracao.origensPermitidas).toEqual([ORIGEM]);
    const invalido = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth())
      .send({ tipo: 'webchat', nome: 'x', configuracao: { origensPermitidas: ['loja.example.com/caminho'] } });
    expect(invalido.status).toBe(400);
    expect(invalido.body.message).toMatch(/configuracao\.origensPermitidas/);
    const semOrigens = await t.http().post('/api/atendimento/canais').set(auth()).send({ tipo: 'webchat', nome: 'x', configuracao: {} });
    expect(semOrigens.status).toBe(400);
  });

  it('public config and CORS answer allowed origins only; unknown keys are 404, other origins 403', async () => {
    const config = await t.http().get(`${base()}/config`).set('Origin', ORIGEM);
    expect(config.status).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBe(ORIGEM);
    expect(config.body).toMatchObject({ titulo: 'Loja Exemplo', preChat: { nome: 'obrigatorio', email: 'obrigatorio' } });

    const preflight = await t
      .http()
      .options(`${base()}/mensagens`)
      .set('Origin', ORIGEM)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGEM);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);

    const recusado = await t.http().options(`${base()}/mensagens`).set('Origin', OUTRA_ORIGEM).set('Access-Control-Request-Method', 'POST');
    expect(recusado.status).toBe(403);
    expect(recusado.headers['access-control-allow-origin']).toBeUndefined();

    const outraOrigem = await t.http().post(`${base()}/conversas`).set('Origin', OUTRA_ORIGEM).send({ nome: 'A', email: 'a@b.test' });
    expect(outraOrigem.status).toBe(403);
    expect(outraOrigem.body.code).toBe('WEBCHAT_ORIGEM_NAO_PERMITIDA');
    expect(outraOrigem.body.message).toContain(OUTRA_ORIGEM);

    const desconhecida = await t.http().get(`${base('wc_chave-que-nao-existe-0000000')}/config`).set('Origin', ORIGEM);
    expect(desconhecida.status).toBe(404);
    expect(desconhecida.body.code).toBe('WEBCHAT_CANAL_NAO_ENCONTRADO');
    const semOrigem = await t.http().get(`${base('wc_chave-que-nao-existe-0000000')}/config`);
    expect(semOrigem.status).toBe(404);
  });

  it('pre-chat fields are validated (400 naming the field) and malformed bodies are refused', async () => {
    const semEmail = await t.http().post(`${base()}/conversas`).set('Origin', ORIGEM).send({ nome: 'Ana' });
    expect(semEmail.status).toBe(400);
    expect(semEmail.body.message).toMatch(/^email: /);
    const emailInvalido = await t.http().post(`${base()}/conversas`).set('Origin', ORIGEM).send({ nome: 'Ana', email: 'ana@' });
    expect(emailInvalido.status).toBe(400);
    expect(emailInvalido.body.campo).toBe('email');
    const tipoErrado = await t.http().post(`${base()}/conversas`).set('Origin', ORIGEM).send({ nome: 42, email: 'ana@x.test' });
    expect(tipoErrado.status).toBe(400);
    expect(tipoErrado.body.message).toMatch(/nome/);

    const visitante = await iniciar();
    const semTexto = await t.http().post(`${base()}/mensagens`).set('Origin', ORIGEM).set(auth(visitante.token)).send({ id: 'cli-12345678' });
    expect(semTexto.status).toBe(400);
    expect(semTexto.body.message).toMatch(/texto/);
    const idRuim = await t.http().post(`${base()}/mensagens`).set('Origin', ORIGEM).set(auth(visitante.token)).send({ id: 'a:b', texto: 'oi' });
    expect(idRuim.status).toBe(400);
    expect(idRuim.body.message).toMatch(/id/);
    const json = await t
      .http()
      .post(`${base()}/mensagens`)
      .set('Origin', ORIGEM)
      .set(auth(visitante.token))
      .set('Content-Type', 'application/json')
      .send('{"id": ');
    expect(json.status).toBe(400);
  });

  it('starts a conversation: the contato is matched by e-mail across channels and the message opens a webchat ticket', async () => {
    const contato = await t.http().post('/api/atendimento/contatos').set(auth()).send({ nome: 'Carla Dias', email: 'carla@cliente.test' });
    expect(contato.status, JSON.stringify(contato.body)).toBe(201);
    const visitante = await iniciar({ nome: 'Carla', email: 'Carla@Cliente.test' });
    expect(visitante.token).toMatch(/^wc1\./);
    const [identidade] = await sql<{ contato_id: string }>(
      t,
      `SELECT contato_id FROM atendimento_contato_identidades WHERE tipo = 'webchat' AND valor = $1`,
      [visitante.visitanteId],
    );
    expect(identidade.contato_id).toBe(contato.body.id);

    const enviada = await enviar(visitante, 'Olá, quero saber do meu pedido', 'cli-pedido-0001');
    expect(enviada.status).toBe(202);
    expect(enviada.body).toEqual({ id: 'cli-pedido-0001', duplicada: false });
    const ticketId = await ticketDe(visitante);
    const [ticket] = await sql<{ canal_id: string; contato_id: string }>(t, 'SELECT canal_id, contato_id FROM atendimento_tickets WHERE id = $1', [ticketId]);
    expect(ticket).toEqual({ canal_id: canal.id, contato_id: contato.body.id });
    const dto = await t.http().get(`/api/atendimento/tickets/${ticketId}`).set(auth());
    expect(dto.status).toBe(200);
    expect(JSON.stringify(dto.body)).toContain(canal.id);

    const mensagens = await mensagensDe(visitante);
    expect(mensagens).toEqual([
      expect.objectContaining({ id: 'cli-pedido-0001', autor: 'visitante', texto: 'Olá, quero saber do meu pedido', status: 'recebida' }),
    ]);
  });

  it('a repeated client message id is stored once (dedup through the inbound event key)', async () => {
    const visitante = await iniciar();
    const primeira = await enviar(visitante, 'mensagem única', 'cli-repetida-01');
    const segunda = await enviar(visitante, 'mensagem única', 'cli-repetida-01');
    expect(primeira.body.duplicada).toBe(false);
    expect(segunda.status).toBe(202);
    expect(segunda.body.duplicada).toBe(true);
    await aguardarEventosProcessados(t);
    const externalId = `${visitante.visitanteId}:cli-repetida-01`;
    expect(await contar(t, 'atendimento_eventos_entrada', 'external_id = $1', [externalId])).toBe(1);
    expect(await contar(t, 'atendimento_mensagens', 'external_id = $1', [externalId])).toBe(1);
  });

  it('refuses missing, forged and other-canal tokens with 401', async () => {
    const visitante = await iniciar();
    const semToken = await t.http().get(`${base()}/mensagens`).set('Origin', ORIGEM);
    expect(semToken.status).toBe(401);
    expect(semToken.body.code).toBe('WEBCHAT_TOKEN_AUSENTE');
    const forjado = assinarTokenDeVisitante('um-segredo-que-nao-e-o-do-canal-000000', {
      canalId: canal.id,
      visitanteId: visitante.visitanteId,
      emitidoEm: Date.now(),
    });
    const comForjado = await t.http().get(`${base()}/mensagens`).set('Origin', ORIGEM).set(auth(forjado));
    expect(comForjado.status).toBe(401);
    expect(comForjado.body.code).toBe('WEBCHAT_TOKEN_INVALIDO');
    const adulterado = `${visitante.token.slice(0, -3)}abc`;
    expect((await enviar({ ...visitante, token: adulterado }, 'x')).status).toBe(401);

    const outro = await criarCanal(token, { origensPermitidas: [ORIGEM] });
    const deOutroCanal = await t
      .http()
      .get(`${base(outro.configuracao.chavePublica)}/mensagens`)
      .set('Origin', ORIGEM)
      .set(auth(visitante.token));
    expect(deOutroCanal.status).toBe(401);
    expect(await contar(t, 'atendimento_eventos_entrada', `external_id LIKE $1`, [`${visitante.visitanteId}:%`])).toBe(0);
  });

  it('a visitor only ever sees its own conversation, even when another visitor typed the same e-mail', async () => {
    const email = `mesmo-${randomUUID().slice(0, 6)}@cliente.test`;
    const a = await iniciar({ nome: 'A', email });
    const b = await iniciar({ nome: 'B', email });
    await enviar(a, 'segredo da conversa de A', 'cli-a-0000001');
    const anexoDeA = await t
      .http()
      .post(`${base()}/anexos`)
      .set('Origin', ORIGEM)
      .set(auth(a.token))
      .field('id', 'cli-a-anexo01')
      .field('texto', 'comprovante')
      .attach('arquivo', Buffer.from('%PDF-1.4 conteúdo de A'), { filename: 'comprovante.pdf', contentType: 'application/pdf' });
    expect(anexoDeA.status, JSON.stringify(anexoDeA.body)).toBe(202);
    await enviar(b, 'oi, sou B', 'cli-b-0000001');
    const ticketA = await ticketDe(a);
    const ticketB = await ticketDe(b);
    expect(ticketA).not.toBe(ticketB);
    const contatos = await sql<{ contato_id: string }>(
      t,
      'SELECT DISTINCT contato_id FROM atendimento_tickets WHERE id = ANY($1::uuid[])',
      [[ticketA, ticketB]],
    );
    expect(contatos).toHaveLength(1);

    await aguardar('anexo de A gravado', async () =>
      (await contar(t, 'atendimento_anexos an JOIN atendimento_mensagens m ON m.id = an.mensagem_id', 'm.external_id = $1', [
        `${a.visitanteId}:cli-a-anexo01`,
      ])) === 1,
    );
    const deA = await mensagensDe(a);
    expect(deA.map((m) => m.id).sort()).toEqual(['cli-a-0000001', 'cli-a-anexo01']);
    expect(deA.find((m) => m.id === 'cli-a-anexo01')).toMatchObject({
      tipo: 'documento',
      texto: 'comprovante',
      anexo: { nome: 'comprovante.pdf', mimeType: 'application/pdf' },
    });
    const deB = await mensagensDe(b);
    expect(deB.map((m) => m.texto)).toEqual(['oi, sou B']);

    const baixadoPorA = await t
      .http()
      .get(`${base()}/mensagens/cli-a-anexo01/anexo`)
      .set('Origin', ORIGEM)
      .set(auth(a.token))
      .responseType('blob');
    expect(baixadoPorA.status).toBe(200);
    expect(Buffer.from(baixadoPorA.body as Buffer).toString('utf8')).toBe('%PDF-1.4 conteúdo de A');
    const baixadoPorB = await t.http().get(`${base()}/mensagens/cli-a-anexo01/anexo`).set('Origin', ORIGEM).set(auth(b.token));
    expect(baixadoPorB.status).toBe(404);
    const [mensagemDeA] = await sql<{ id: string }>(t, 'SELECT id FROM atendimento_mensagens WHERE external_id = $1', [
      `${a.visitanteId}:cli-a-anexo01`,
    ]);
    const porIdInterno = await t.http().get(`${base()}/mensagens/${mensagemDeA.id}/anexo`).set('Origin', ORIGEM).set(auth(b.token));
    expect(porIdInterno.status).toBe(404);
  });

  it('limits messages per visitor: 429 with Retry-After, other visitors unaffected', async () => {
    const visitante = await iniciar();
    for (let i = 0; i < 5; i += 1) expect((await enviar(visitante, `mensagem ${i}`)).status).toBe(202);
    const excedida = await enviar(visitante, 'uma a mais');
    expect(excedida.status).toBe(429);
    expect(excedida.body.code).toBe('WEBCHAT_LIMITE_EXCEDIDO');
    expect(Number(excedida.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(excedida.headers['retry-after'])).toBeLessThanOrEqual(60);
    const outro = await iniciar();
    expect((await enviar(outro, 'eu ainda posso')).status).toBe(202);
    await aguardarEventosProcessados(t);
  });

  it('agent replies, typing and read state reach the visitor socket; internal notes never do', async () => {
    const visitante = await iniciar({ nome: 'Davi' });
    await enviar(visitante, 'preciso de ajuda', 'cli-ajuda-0001');
    const ticketId = await ticketDe(visitante);

    const socket = conectarVisitante(visitante);
    const conectado = await proximo(socket, 'conectado');
    expect(conectado.visitanteId).toBe(visitante.visitanteId);
    const recebidas: WebchatMensagemDto[] = [];
    socket.on('mensagem', (mensagem) => recebidas.push(mensagem));

    const { socket: agente } = await conectarAtendente(url, token);
    try {
      const entrou = await agente.timeout(5_000).emitWithAck('entrar', { ticketId });
      expect(entrou).toEqual({ ok: true });
      const digitando = proximo(socket, 'digitando', (p) => p.ativo);
      agente.emit('digitando', { ticketId, ativo: true });
      expect(await digitando).toEqual({ ativo: true });
      const visitanteDigitando = esperar(agente, 'digitando', (p) => p.ticketId === ticketId && p.origem === 'contato');
      socket.emit('digitando', { ativo: true });
      expect(await visitanteDigitando).toMatchObject({ ticketId, origem: 'contato', ativo: true });

      const nota = await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo: 'nota interna: cliente VIP', privada: true });
      expect(nota.status, JSON.stringify(nota.body)).toBe(201);
      const resposta = await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo: 'Olá Davi, como posso ajudar?' });
      expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
      const chegou = await proximo(socket, 'mensagem', (m) => m.id === resposta.body.id);
      expect(chegou).toMatchObject({ autor: 'atendente', texto: 'Olá Davi, como posso ajudar?' });
      await aguardar('resposta enviada', async () => {
        const [linha] = await sql<{ status: string; external_id: string }>(t, 'SELECT status, external_id FROM atendimento_mensagens WHERE id = $1', [resposta.body.id]);
        return linha.status === 'enviada' ? linha : undefined;
      });

      // The widget acknowledges what it showed: delivered, through the inbound pipeline.
      socket.emit('recebida', { ids: [resposta.body.id as string], status: 'entregue' });
      await aguardar('resposta entregue', async () => {
        const [linha] = await sql<{ status: string }>(t, 'SELECT status FROM atendimento_mensagens WHERE id = $1', [resposta.body.id]);
        return linha.status === 'entregue';
      });

      const lida = proximo(socket, 'lida');
      expect((await t.http().post(`/api/atendimento/tickets/${ticketId}/ler`).set(auth())).status).toBe(200);
      expect(await lida).toEqual({ ate: 'cli-ajuda-0001' });

      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(recebidas.map((m) => m.texto)).toEqual(['Olá Davi, como posso ajudar?']);
      const historico = await mensagensDe(visitante);
      expect(historico.map((m) => [m.autor, m.texto, m.status])).toEqual([
        ['visitante', 'preciso de ajuda', 'lida'],
        ['atendente', 'Olá Davi, como posso ajudar?', 'entregue'],
      ]);
    } finally {
      agente.disconnect();
      socket.disconnect();
    }
  });

  it('the visitor socket is refused with a forged token or from another origin', async () => {
    const visitante = await iniciar();
    const forjado = conectarVisitante({ token: `${visitante.token.slice(0, -4)}AAAA` });
    expect((await recusa(forjado)).data?.code).toBe('WEBCHAT_TOKEN_INVALIDO');
    forjado.disconnect();
    const deOutraOrigem = conectarVisitante(visitante, { origem: OUTRA_ORIGEM });
    expect((await recusa(deOutraOrigem)).data?.code).toBe('WEBCHAT_ORIGEM_NAO_PERMITIDA');
    deOutraOrigem.disconnect();
  });

  it('tenant isolation: another empresa neither accepts these tokens nor sees these tickets and contatos', async () => {
    const admin = await t.app.get(AuthService).criarEmpresaComAdmin('Empresa Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    const tokenOutra = await t.login('admin@outra.test', 'senha-outra-123');
    const canalOutra = await criarCanal(tokenOutra, { origensPermitidas: [ORIGEM] });
    const chaveOutra = canalOutra.configuracao.chavePublica;

    const email = `compartilhado-${randomUUID().slice(0, 6)}@cliente.test`;
    const daqui = await iniciar({ email });
    await enviar(daqui, 'mensagem na empresa principal', 'cli-daqui-0001');
    const ticketDaqui = await ticketDe(daqui);
    const dali = await iniciar({ email }, chaveOutra);

    expect((await t.http().get(`${base(chaveOutra)}/mensagens`).set('Origin', ORIGEM).set(auth(daqui.token))).status).toBe(401);
    expect(await mensagensDe(dali, chaveOutra)).toEqual([]);
    expect((await t.http().get(`/api/atendimento/tickets/${ticketDaqui}`).set(auth(tokenOutra))).status).toBe(404);
    const contatos = await sql<{ empresa_id: string }>(
      t,
      `SELECT c.empresa_id FROM atendimento_contato_identidades i JOIN atendimento_contatos c ON c.id = i.contato_id
        WHERE i.tipo = 'webchat' AND i.valor = ANY($1::text[]) ORDER BY c.empresa_id = $2`,
      [[daqui.visitanteId, dali.visitanteId], admin.empresaId],
    );
    expect(contatos).toHaveLength(2);
    expect(contatos[1].empresa_id).toBe(admin.empresaId);
    expect(contatos[0].empresa_id).not.toBe(admin.empresaId);
  });
});
