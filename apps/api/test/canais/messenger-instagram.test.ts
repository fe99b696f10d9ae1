import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { FakeMetaSendApi } from '../support/fake-meta-send-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  aguardar,
  aguardarEventosProcessados,
  aguardarStatusDaMensagem,
  assinaturaMeta,
  contar,
  sql,
  type Json,
} from './inbound-helpers.js';

/**
 * Messenger and Instagram Direct end to end, through the real HTTP stack and job queue, against a fake Send
 * API: Meta's handshake and signature, every webhook fixture, redelivery, echoes of our own sends, read and
 * delivery watermarks, and the 24 h / 7 day (HUMAN_AGENT) reply windows.
 */

const FIXTURES = new URL('../fixtures/channels/meta-messenger-instagram/', import.meta.url);
const bruta = (nome: string): string => readFileSync(new URL(nome, FIXTURES), 'utf8');

const PAGE = '109876543210987';
const PSID = '6543210987654321';
const IG = '17841400000000000';
const IGSID = '1234567890123456';
const SEGREDO = 'test_app_secret';
const HORA = 3_600_000;

interface Mensagem {
  id: string;
  ticket_id: string;
  tipo: string;
  conteudo: string | null;
  payload: Record<string, unknown>;
  external_id: string | null;
  status: string;
  removida_em: Date | null;
}

describe('Messenger and Instagram end to end', () => {
  let t: TestApp;
  let api: FakeMetaSendApi;
  let token: string;
  let messengerId: string;

  const auth = () => ({ Authorization: `Bearer ${token}` });

  function postar(tipo: 'messenger' | 'instagram', corpo: string | Json, assinatura?: string | null) {
    const bruto = typeof corpo === 'string' ? corpo : JSON.stringify(corpo);
    const requisicao = t.http().post(`/api/atendimento/webhooks/${tipo}`).set('Content-Type', 'application/json');
    const header = assinatura === undefined ? assinaturaMeta(Buffer.from(bruto), SEGREDO) : assinatura;
    if (header !== null) requisicao.set('X-Hub-Signature-256', header);
    return requisicao.send(bruto);
  }

  /** A Messenger webhook with one messaging item from the customer (or the page, for echoes), at `ms`. */
  function messaging(conta: string, objeto: 'page' | 'instagram', item: Json): Json {
    return { object: objeto, entry: [{ id: conta, time: Date.now(), messaging: [item] }] };
  }

  const texto = (mid: string, text: string, ms = Date.now()) =>
    messaging(PAGE, 'page', { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: ms, message: { mid, text } });

  async function mensagem(externalId: string): Promise<Mensagem | undefined> {
    const [linha] = await sql<Mensagem>(t, 'SELECT * FROM atendimento_mensagens WHERE external_id = $1', [externalId]);
    return linha;
  }

  async function criarCanal(corpo: Json): Promise<string> {
    const resposta = await t.http().post('/api/atendimento/canais').set(auth()).send(corpo);
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return (resposta.body as { id: string }).id;
  }

  /** The customer writes now; returns the ticket once processed. */
  async function clienteEscreve(mid: string): Promise<string> {
    expect((await postar('messenger', texto(mid, 'Oi, preciso de ajuda'))).status).toBe(200);
    await aguardarEventosProcessados(t);
    const linha = await mensagem(mid);
    if (linha === undefined) throw new Error(`mensagem ${mid} não gravada`);
    return linha.ticket_id;
  }

  async function responder(ticketId: string, conteudo: string) {
    return t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo });
  }

  beforeAll(async () => {
    api = await FakeMetaSendApi.start();
    api.tokens.set(PAGE, 'EAAG-page-token');
    api.tokens.set(IG, 'IGQV-token');
    t = await createTestApp({ env: { MESSENGER_API_URL: api.baseUrl, INSTAGRAM_API_URL: api.baseUrl } });
    token = await t.login();
    messengerId = await criarCanal({
      tipo: 'messenger',
      nome: 'Página Acme',
      configuracao: { pageId: PAGE, pageAccessToken: 'EAAG-page-token', appSecret: SEGREDO, verifyToken: 'verificar-messenger' },
    });
    await criarCanal({
      tipo: 'instagram',
      nome: 'Instagram Acme',
      configuracao: { instagramAccountId: IG, accessToken: 'IGQV-token', appSecret: SEGREDO, verifyToken: 'verificar-instagram' },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await api?.close();
  });

  beforeEach(() => {
    api.reset();
  });

  it('canal configuration is validated with the field named (400), secrets are masked', async () => {
    const resposta = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth())
      .send({ tipo: 'messenger', nome: 'x', configuracao: { pageId: 'abc', appSecret: 's', verifyToken: 'v' } });
    expect(resposta.status).toBe(400);
    expect(resposta.body.message).toMatch(/configuracao\.pageId: pageId deve conter apenas dígitos/);
    expect(resposta.body.message).toMatch(/configuracao\.pageAccessToken/);
    const canal = await t.http().get(`/api/atendimento/canais/${messengerId}`).set(auth());
    expect(canal.body.configuracao).toMatchObject({ pageId: PAGE, pageAccessToken: expect.stringMatching(/^••••/) as string });
    expect(canal.body.webhook.url).toMatch(/\/api\/atendimento\/webhooks\/messenger$/);
  });

  it('answers Meta’s handshake with the challenge only for the right verify token', async () => {
    const ok = await t
      .http()
      .get('/api/atendimento/webhooks/messenger')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verificar-messenger', 'hub.challenge': '1158201444' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const instagram = await t
      .http()
      .get('/api/atendimento/webhooks/instagram')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verificar-instagram', 'hub.challenge': '42' });
    expect(instagram.text).toBe('42');
    const errado = await t
      .http()
      .get('/api/atendimento/webhooks/messenger')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verificar-instagram', 'hub.challenge': '1' });
    expect(errado.status).toBe(403);
  });

  it('a forged or unsigned webhook is refused with 401 and nothing is stored', async () => {
    const antes = await contar(t, 'atendimento_eventos_entrada');
    const corpo = bruta('messenger-message-text.json');
    expect((await postar('messenger', corpo, assinaturaMeta(Buffer.from(corpo), 'outro-segredo'))).status).toBe(401);
    expect((await postar('messenger', corpo, null)).status).toBe(401);
    expect((await postar('instagram', bruta('instagram-message-text.json'), 'sha256=00')).status).toBe(401);
    expect(await contar(t, 'atendimento_eventos_entrada')).toBe(antes);
    // The wrong object on a kind's endpoint is a 400, also with nothing stored.
    expect((await postar('messenger', bruta('instagram-message-text.json'))).status).toBe(400);
    expect(await contar(t, 'atendimento_eventos_entrada')).toBe(antes);
  });

  it('every Messenger fixture becomes the right mensagens; redelivery stores nothing new', async () => {
    const foto = api.addMedia('photo.jpg', Buffer.from('jpeg'), 'image/jpeg');
    const nota = api.addMedia('invoice.pdf', Buffer.from('%PDF'), 'application/pdf');
    const anexos = bruta('messenger-message-attachments.json')
      .replace('https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=abc&oe=def', foto)
      .replace('https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf?_nc_cat=1&oh=abc&oe=def', nota);
    const corpos = [
      bruta('messenger-message-text.json'),
      bruta('messenger-message-quick-reply.json'),
      bruta('messenger-message-reply-to.json'),
      anexos,
      bruta('messenger-postback.json'),
      bruta('messenger-postback-get-started-referral.json'),
      bruta('messenger-batched-two-entries.json'),
    ];
    for (const corpo of corpos) expect((await postar('messenger', corpo)).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect(
      await mensagem('m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P'),
    ).toMatchObject({
      tipo: 'texto',
      conteudo: 'Hi, where is my order #1042?',
    });
    expect(await mensagem('m_qr00000000000000000000000000000000000000000000000000000000000001')).toMatchObject({
      tipo: 'interativa',
      payload: { interativa: { tipo: 'quick_reply', id: 'TOPIC_RETURNS', titulo: 'Returns' } },
    });
    expect(await mensagem('m_pb00000000000000000000000000000000000000000000000000000000000006')).toMatchObject({
      tipo: 'interativa',
      payload: { interativa: { tipo: 'postback', id: 'GET_STARTED' }, metadados: { referralRef: 'campaign42' } },
    });
    expect(await mensagem('m_at00000000000000000000000000000000000000000000000000000000000003')).toMatchObject({
      tipo: 'imagem',
    });
    expect(await mensagem('m_at00000000000000000000000000000000000000000000000000000000000003:1')).toMatchObject({
      tipo: 'documento',
    });
    // One contato (the PSID) and one ticket for all of them.
    const tickets = await sql<{ n: string }>(
      t,
      `SELECT count(DISTINCT ticket_id)::text AS n FROM atendimento_mensagens WHERE canal_id = $1`,
      [messengerId],
    );
    expect(tickets[0].n).toBe('1');
    const total = await contar(t, 'atendimento_mensagens', 'canal_id = $1', [messengerId]);
    expect(total).toBe(9);
    // The attachments are downloaded from the (fake) CDN into anexos.
    await aguardar('anexos baixados', async () => (await contar(t, 'atendimento_anexos')) >= 2);

    for (const corpo of corpos) expect((await postar('messenger', corpo)).body).toMatchObject({ recebido: true, novos: 0 });
    await aguardarEventosProcessados(t);
    expect(await contar(t, 'atendimento_mensagens', 'canal_id = $1', [messengerId])).toBe(total);
  });

  it('an agent’s reply goes as RESPONSE; its echo is recognized and never stored twice; watermarks mark everything before them', async () => {
    const ticketId = await clienteEscreve(`m_cliente_${Date.now()}`);
    const primeira = await responder(ticketId, 'Olá! Vamos verificar o seu pedido.');
    expect(primeira.status).toBe(201);
    const segunda = await responder(ticketId, 'Já foi despachado.');
    const enviadas = [
      await aguardarStatusDaMensagem(t, primeira.body.id as string, 'enviada'),
      await aguardarStatusDaMensagem(t, segunda.body.id as string, 'enviada'),
    ];
    const [envio] = api.sends(PAGE);
    expect(envio.json).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: { text: 'Olá! Vamos verificar o seu pedido.', metadata: `atende:${primeira.body.id as string}` },
    });

    // Meta echoes both sends back (with our metadata): nothing new is stored.
    const antes = await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId]);
    for (const [i, enviada] of enviadas.entries()) {
      const eco = messaging(PAGE, 'page', {
        sender: { id: PAGE },
        recipient: { id: PSID },
        timestamp: Date.now(),
        message: {
          mid: enviada.external_id,
          is_echo: true,
          app_id: 1517776481860111,
          metadata: `atende:${enviada.id}`,
          text: `eco ${i}`,
        },
      });
      expect((await postar('messenger', eco)).status).toBe(200);
    }
    await aguardarEventosProcessados(t);
    expect(await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId])).toBe(antes);

    // Delivery then read watermarks: each covers every earlier mensagem of ours to this customer.
    const agora = Date.now() + 1_000;
    const entrega = messaging(PAGE, 'page', {
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: agora,
      delivery: { watermark: agora },
    });
    expect((await postar('messenger', entrega)).status).toBe(200);
    for (const enviada of enviadas) await aguardarStatusDaMensagem(t, enviada.id, 'entregue');
    const leitura = messaging(PAGE, 'page', {
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: agora,
      read: { watermark: agora },
    });
    expect((await postar('messenger', leitura)).status).toBe(200);
    for (const enviada of enviadas) await aguardarStatusDaMensagem(t, enviada.id, 'lida');
    // A late delivery watermark never moves them back.
    const tardia = messaging(PAGE, 'page', {
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: agora + 1,
      delivery: { watermark: agora + 1 },
    });
    expect((await postar('messenger', tardia)).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect((await mensagem(enviadas[0].external_id ?? ''))?.status).toBe('lida');
  });

  it('after 24 h an agent’s reply goes with the HUMAN_AGENT tag; after 7 days it is refused with 422 and the reason', async () => {
    const ticketId = await clienteEscreve(`m_antigo_${Date.now()}`);
    await sql(t, 'UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = $2 WHERE id = $1', [
      ticketId,
      new Date(Date.now() - 3 * 24 * HORA),
    ]);
    const tag = await responder(ticketId, 'Hi, following up on your return request.');
    expect(tag.status).toBe(201);
    await aguardarStatusDaMensagem(t, tag.body.id as string, 'enviada');
    expect(api.sends(PAGE)[0].json).toMatchObject({
      recipient: { id: PSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Hi, following up on your return request.' },
    });

    await sql(t, 'UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = $2 WHERE id = $1', [
      ticketId,
      new Date(Date.now() - 8 * 24 * HORA),
    ]);
    const antes = await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId]);
    const recusada = await responder(ticketId, 'Ainda precisa de ajuda?');
    expect(recusada.status).toBe(422);
    expect(recusada.body).toMatchObject({ code: 'JANELA_FECHADA', janelaHoras: 24, janelaAtendenteDias: 7 });
    expect(recusada.body.message).toBe(
      'A janela de 24 horas do Messenger fechou, e a de 7 dias para respostas de atendente (tag HUMAN_AGENT) também: ' +
        'aguarde o cliente escrever de novo.',
    );
    expect(await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId])).toBe(antes);
    expect(api.sends(PAGE)).toHaveLength(1);
  });

  it('a send Meta refuses (outside window, #10/2018278) marks the mensagem falhou with the provider’s code', async () => {
    const ticketId = await clienteEscreve(`m_recusa_${Date.now()}`);
    api.failNext('fora_da_janela');
    const resposta = await responder(ticketId, 'Oi?');
    const falhou = await aguardarStatusDaMensagem(t, resposta.body.id as string, 'falhou');
    expect(falhou).toMatchObject({ erro_codigo: '10' });
    expect(falhou.erro_mensagem).toMatch(/outside of allowed window/);
  });

  it('another empresa cannot send on this conversation (404)', async () => {
    const ticketId = await clienteEscreve(`m_isolamento_${Date.now()}`);
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra Meta', 'Admin Outra', 'admin@outra-meta.test', 'senha-outra-123');
    const outro = await t.login('admin@outra-meta.test', 'senha-outra-123');
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${outro}`)
      .send({ conteudo: 'intruso' });
    expect(resposta.status).toBe(404);
  });

  it('every Instagram fixture: text, image, story reply, seen, echo and deletion', async () => {
    const imagem = api.addMedia('ig.jpg', Buffer.from('ig jpeg'), 'image/jpeg');
    const corpos = [
      bruta('instagram-message-text.json'),
      bruta('instagram-message-image.json').replace(
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790000000000000&signature=abc',
        imagem,
      ),
      bruta('instagram-message-story-reply.json'),
      bruta('instagram-message-echo.json'),
    ];
    for (const corpo of corpos) expect((await postar('instagram', corpo)).status).toBe(200);
    await aguardarEventosProcessados(t);
    const mid = (n: number) =>
      `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAwOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTEwNjg1ODYwOTM2${Buffer.from(String(n)).toString('base64')}`;
    expect(await mensagem(mid(598))).toMatchObject({ tipo: 'texto', conteudo: 'Hola! ¿tienen envío a Lima?' });
    expect(await mensagem(mid(599))).toMatchObject({ tipo: 'imagem' });
    expect(await mensagem(mid(600))).toMatchObject({
      tipo: 'texto',
      payload: { tipoProvedor: 'story_reply', metadados: { storyId: '18000000000000000' } },
    });
    // The echo of a message sent from the account itself is not a customer message.
    expect(await mensagem(mid(601))).toBeUndefined();
    const [contato] = await sql<{ n: string }>(
      t,
      `SELECT count(*)::text AS n FROM atendimento_contato_identidades WHERE tipo = 'instagram' AND valor = $1`,
      [IGSID],
    );
    expect(contato.n).toBe('1');

    expect((await postar('instagram', bruta('instagram-message-deleted.json'))).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect((await mensagem(mid(598)))?.removida_em).toBeInstanceOf(Date);
  });

  it('Instagram: a reply goes to the IG account’s Send API; “seen” marks it read', async () => {
    const midCliente = `ig_cliente_${Date.now()}`;
    const entrada = messaging(IG, 'instagram', {
      sender: { id: IGSID },
      recipient: { id: IG },
      timestamp: Date.now(),
      message: { mid: midCliente, text: 'Olá' },
    });
    expect((await postar('instagram', entrada)).status).toBe(200);
    await aguardarEventosProcessados(t);
    const ticketId = (await mensagem(midCliente))?.ticket_id ?? '';
    const resposta = await responder(ticketId, '¡Sí! Enviamos a todo Perú.');
    const enviada = await aguardarStatusDaMensagem(t, resposta.body.id as string, 'enviada');
    expect(api.sends(IG)[0].json).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'RESPONSE',
      message: { text: '¡Sí! Enviamos a todo Perú.' },
    });
    const visto = messaging(IG, 'instagram', {
      sender: { id: IGSID },
      recipient: { id: IG },
      timestamp: Date.now(),
      read: { mid: enviada.external_id },
    });
    expect((await postar('instagram', visto)).status).toBe(200);
    await aguardarStatusDaMensagem(t, enviada.id, 'lida');
  });

  it('Instagram takes files only by link: without ATENDE_PUBLIC_URL the file fails with what to configure', async () => {
    const midCliente = `ig_arquivo_${Date.now()}`;
    const entrada = messaging(IG, 'instagram', {
      sender: { id: IGSID },
      recipient: { id: IG },
      timestamp: Date.now(),
      message: { mid: midCliente, text: 'Manda a nota?' },
    });
    expect((await postar('instagram', entrada)).status).toBe(200);
    await aguardarEventosProcessados(t);
    const ticketId = (await mensagem(midCliente))?.ticket_id ?? '';
    const antes = api.sends(IG).length;
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .attach('arquivo', Buffer.from('\x89PNG nota'), { filename: 'nota.png', contentType: 'image/png' });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    const falhou = await aguardarStatusDaMensagem(t, resposta.body.id as string, 'falhou');
    expect(falhou).toMatchObject({ erro_codigo: 'conteudo_nao_suportado' });
    expect(falhou.erro_mensagem).toMatch(/ATENDE_PUBLIC_URL/);
    expect(api.sends(IG)).toHaveLength(antes);
  });
});
