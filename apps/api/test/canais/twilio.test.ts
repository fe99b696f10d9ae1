import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { parseForm, twilioSignature } from '../../src/canais/twilio/twilio-inbound.parser.js';
import type { Anexo } from '../../src/storage/anexo.entity.js';
import { LinkPublicoDeAnexoService } from '../../src/storage/link-publico-de-anexo.service.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aguardar, aguardarEventosProcessados, aguardarStatusDaMensagem, contar, sql } from './inbound-helpers.js';

/**
 * SMS/MMS and WhatsApp through Twilio end to end, against a fake Messages API: signatures over the configured
 * public URL (also behind a proxy), every inbound fixture, MMS media, status callbacks that only move
 * forward, Basic-auth sends with a status callback, segments counted against the per-number rate.
 */

const FIXTURES = new URL('../fixtures/channels/twilio/', import.meta.url);
const bruta = (nome: string): string => readFileSync(new URL(nome, FIXTURES), 'utf8');
const PUBLICA = 'https://omni.example.com';

interface Mensagem {
  id: string;
  ticket_id: string;
  tipo: string;
  conteudo: string | null;
  payload: Record<string, unknown>;
  status: string;
  external_id: string | null;
}

describe('Twilio (SMS and WhatsApp) end to end', () => {
  let t: TestApp;
  let api: FakeTwilioApi;
  let token: string;
  let smsId: string;
  let whatsappId: string;

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const caminho = (tipo: string, canalId: string) => `/api/atendimento/webhooks/${tipo}/${canalId}`;

  /** Posts a form body signed as Twilio signs it: over the public URL it was configured with. */
  function postar(tipo: string, canalId: string, corpo: string, opcoes: { url?: string; headers?: Record<string, string> } = {}) {
    const url = opcoes.url ?? `${PUBLICA}${caminho(tipo, canalId)}`;
    const assinatura = twilioSignature(api.authToken, url, parseForm(corpo));
    return t
      .http()
      .post(caminho(tipo, canalId))
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', assinatura)
      .set(opcoes.headers ?? {})
      .send(corpo);
  }

  async function mensagem(externalId: string): Promise<Mensagem | undefined> {
    const [linha] = await sql<Mensagem>(t, 'SELECT * FROM atendimento_mensagens WHERE external_id = $1', [externalId]);
    return linha;
  }

  async function criarCanal(corpo: Record<string, unknown>): Promise<{ id: string; webhook: { url: string } }> {
    const resposta = await t.http().post('/api/atendimento/canais').set(auth()).send(corpo);
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as { id: string; webhook: { url: string } };
  }

  async function ticketDe(externalId: string): Promise<string> {
    await aguardarEventosProcessados(t);
    const linha = await mensagem(externalId);
    if (linha === undefined) throw new Error(`mensagem ${externalId} não gravada`);
    return linha.ticket_id;
  }

  beforeAll(async () => {
    api = await FakeTwilioApi.start();
    t = await createTestApp({
      env: { TWILIO_API_URL: api.baseUrl, TWILIO_CONTENT_API_URL: api.baseUrl, ATENDE_PUBLIC_URL: PUBLICA },
    });
    token = await t.login();
    const sms = await criarCanal({ tipo: 'sms', nome: 'SMS Acme', configuracao: api.credentials() });
    smsId = sms.id;
    expect(sms.webhook.url).toBe(`${PUBLICA}${caminho('sms', smsId)}`);
    const whatsapp = await criarCanal({
      tipo: 'whatsapp',
      provedor: 'twilio',
      nome: 'WhatsApp via Twilio',
      configuracao: api.credentials({ from: '+14155238886' }),
    });
    whatsappId = whatsapp.id;
    expect(whatsapp.webhook.url).toBe(`${PUBLICA}${caminho('whatsapp', whatsappId)}`);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await api?.close();
  });

  beforeEach(() => {
    api.reset();
  });

  it('configuration errors name the field (400); the auth token is masked', async () => {
    const resposta = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth())
      .send({ tipo: 'sms', nome: 'x', configuracao: { accountSid: 'AC1', authToken: 't' } });
    expect(resposta.status).toBe(400);
    expect(resposta.body.message).toMatch(/configuracao\.accountSid/);
    const semRemetente = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth())
      .send({ tipo: 'sms', nome: 'x', configuracao: { accountSid: api.accountSid, authToken: 't' } });
    expect(semRemetente.body.message).toMatch(/configuracao\.from: informe from/);
    const canal = await t.http().get(`/api/atendimento/canais/${smsId}`).set(auth());
    expect(canal.body.configuracao.authToken).toMatch(/^••••/);
  });

  it('forged, unsigned or signed-for-another-URL requests are refused with 401 and nothing is stored', async () => {
    const antes = await contar(t, 'atendimento_eventos_entrada');
    const corpo = bruta('inbound-sms.form.txt');
    const forjada = await t
      .http()
      .post(caminho('sms', smsId))
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', twilioSignature('outro-token', `${PUBLICA}${caminho('sms', smsId)}`, parseForm(corpo)))
      .send(corpo);
    expect(forjada.status).toBe(401);
    const semAssinatura = await t
      .http()
      .post(caminho('sms', smsId))
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(corpo);
    expect(semAssinatura.status).toBe(401);
    // Behind a proxy the Host/X-Forwarded-* headers name the internal URL: a signature over it is not Twilio's.
    const interna = await postar('sms', smsId, corpo, {
      url: `http://interno:8080${caminho('sms', smsId)}`,
      headers: { Host: 'interno:8080', 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'interno:8080' },
    });
    expect(interna.status).toBe(401);
    expect(await contar(t, 'atendimento_eventos_entrada')).toBe(antes);
    // A canal id that is not a canal: 404; the kind without an id: 404 naming the right route.
    expect((await postar('sms', '00000000-0000-4000-8000-000000000000', corpo)).status).toBe(404);
    const semId = await t
      .http()
      .post('/api/atendimento/webhooks/sms')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(corpo);
    expect(semId.status).toBe(404);
    expect(semId.body.message).toMatch(/webhooks\/sms\/<canalId>/);
  });

  it('behind a proxy the signature over ATENDE_PUBLIC_URL is accepted whatever X-Forwarded-* say; redelivery is a no-op', async () => {
    const corpo = bruta('inbound-sms.form.txt');
    const resposta = await postar('sms', smsId, corpo, {
      headers: {
        Host: 'interno:8080',
        'X-Forwarded-Proto': 'http',
        'X-Forwarded-Host': 'interno:8080',
        'X-Forwarded-Port': '8080',
      },
    });
    expect(resposta.status).toBe(200);
    expect(resposta.body).toEqual({ recebido: true, eventos: 1, novos: 1 });
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    expect(await mensagem('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9')).toMatchObject({
      tipo: 'texto',
      conteudo: "Hi, my order #1042 hasn't arrived 😟",
      payload: { metadados: { fromCity: 'SAN FRANCISCO', numSegments: '1' } },
    });
    const [contato] = await sql<{ telefone: string }>(
      t,
      'SELECT c.telefone FROM atendimento_tickets t JOIN atendimento_contatos c ON c.id = t.contato_id WHERE t.id = $1',
      [ticketId],
    );
    expect(contato.telefone).toBe('+14155550123');
    expect((await postar('sms', smsId, corpo)).body).toEqual({ recebido: true, eventos: 1, novos: 0 });
    await aguardarEventosProcessados(t);
    expect(await contar(t, 'atendimento_mensagens', 'external_id = $1', ['SM9f1b2c3d4e5f60718293a4b5c6d7e8f9'])).toBe(1);
  });

  it('MMS: one mensagem per media item, downloaded with Basic auth into anexos', async () => {
    const foto = api.addMedia('ME00000000000000000000000000000001', Buffer.from('jpeg da caixa'), 'image/jpeg');
    const pdf = api.addMedia('ME00000000000000000000000000000002', Buffer.from('%PDF nota'), 'application/pdf');
    const corpo = bruta('inbound-mms.form.txt')
      .replace(/MediaUrl0=[^&]+/, `MediaUrl0=${encodeURIComponent(foto)}`)
      .replace(/MediaUrl1=[^&]+/, `MediaUrl1=${encodeURIComponent(pdf)}`);
    expect((await postar('sms', smsId, corpo)).body).toMatchObject({ eventos: 2, novos: 2 });
    await aguardarEventosProcessados(t);
    expect(await mensagem('MMa1b2c3d4e5f60718293a4b5c6d7e8f90')).toMatchObject({ tipo: 'imagem', conteudo: 'Photos of the box' });
    expect(await mensagem('MMa1b2c3d4e5f60718293a4b5c6d7e8f90:1')).toMatchObject({ tipo: 'documento' });
    await aguardar('mídias baixadas', async () => {
      const linhas = await sql<{ n: string }>(
        t,
        `SELECT count(*)::text AS n FROM atendimento_anexos a JOIN atendimento_mensagens m ON m.id = a.mensagem_id
          WHERE m.external_id LIKE 'MMa1b2c3d4e5f60718293a4b5c6d7e8f90%'`,
      );
      return linhas[0].n === '2';
    });
    const baixadas = api.requests.filter((r) => r.method === 'GET' && r.path.includes('/Media/'));
    expect(baixadas.length).toBeGreaterThanOrEqual(2);
    expect(baixadas[0].headers.authorization).toMatch(/^Basic /);
  });

  it('an agent’s SMS goes with Basic auth and a status callback; callbacks move the status forward only', async () => {
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .send({ conteudo: 'Thanks! Your order #1042 ships today.' });
    expect(resposta.status).toBe(201);
    const enviada = await aguardarStatusDaMensagem(t, resposta.body.id as string, 'enviada');
    const [envio] = api.messages();
    expect(envio.headers.authorization).toBe(`Basic ${Buffer.from(`${api.accountSid}:${api.authToken}`).toString('base64')}`);
    expect(envio.params).toEqual({
      To: ['+14155550123'],
      From: ['+14155550100'],
      Body: ['Thanks! Your order #1042 ships today.'],
      StatusCallback: [`${PUBLICA}${caminho('sms', smsId)}`],
    });
    const sid = enviada.external_id ?? '';
    const entregue = bruta('status-callback-sms-delivered.form.txt').replaceAll('SM0a1b2c3d4e5f60718293a4b5c6d7e8f9', sid);
    expect((await postar('sms', smsId, entregue)).status).toBe(200);
    await aguardarStatusDaMensagem(t, enviada.id, 'entregue');
    // A late "sent" callback (Twilio does not order them) changes nothing.
    expect((await postar('sms', smsId, entregue.replaceAll('delivered', 'sent'))).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect((await mensagem(sid))?.status).toBe('entregue');

    const outra = await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo: 'Alô?' });
    const segunda = await aguardarStatusDaMensagem(t, outra.body.id as string, 'enviada');
    const naoEntregue = bruta('status-callback-sms-undelivered-30007.form.txt').replaceAll(
      'SM1b2c3d4e5f60718293a4b5c6d7e8f90a',
      segunda.external_id ?? '',
    );
    expect((await postar('sms', smsId, naoEntregue)).status).toBe(200);
    const falhou = await aguardarStatusDaMensagem(t, segunda.id, 'falhou');
    expect(falhou).toMatchObject({ erro_codigo: '30007', erro_mensagem: 'Mensagem filtrada pela operadora' });
  });

  it('an agent’s file goes to Twilio as a signed 24 h link that only opens that anexo', async () => {
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    const pdf = Buffer.from('%PDF-1.4 fatura de novembro');
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .field('conteudo', 'Segue a fatura')
      .attach('arquivo', pdf, { filename: 'fatura novembro.pdf', contentType: 'application/pdf' });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    await aguardarStatusDaMensagem(t, resposta.body.id as string, 'enviada');
    const [envio] = api.messages();
    expect(envio.params.Body).toEqual(['Segue a fatura']);
    const [link] = envio.params.MediaUrl ?? [];
    expect(link).toMatch(new RegExp(`^${PUBLICA}/api/atendimento/anexos/publico/[\\w-]+\\.[\\w-]+/fatura%20novembro\\.pdf$`));
    const caminhoDoLink = (link ?? '').slice(PUBLICA.length);

    // The provider fetches it without our login.
    const baixado = await t
      .http()
      .get(caminhoDoLink)
      .buffer(true)
      .parse((res, callback) => {
        const partes: Buffer[] = [];
        res.on('data', (parte: Buffer) => partes.push(parte));
        res.on('end', () => callback(null, Buffer.concat(partes)));
      });
    expect(baixado.status).toBe(200);
    expect(baixado.headers['content-type']).toMatch(/^application\/pdf/);
    expect(Buffer.compare(baixado.body as Buffer, pdf)).toBe(0);

    // Altered, pointed at another anexo, or expired: 404, like a missing anexo.
    const [, token = ''] = /publico\/([^/]+)\//.exec(caminhoDoLink) ?? [];
    const [corpo = '', assinatura = ''] = token.split('.');
    const trocada = `${assinatura.slice(0, -1)}${assinatura.endsWith('A') ? 'B' : 'A'}`;
    expect((await t.http().get(caminhoDoLink.replace(token, `${corpo}.${trocada}`))).status).toBe(404);
    const outroAnexo = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(corpo, 'base64url').toString('utf8')),
        a: '00000000-0000-4000-8000-000000000000',
      }),
    ).toString('base64url');
    expect((await t.http().get(caminhoDoLink.replace(token, `${outroAnexo}.${assinatura}`))).status).toBe(404);
    const [anexo] = await sql<{ id: string; empresa_id: string }>(
      t,
      'SELECT id, empresa_id FROM atendimento_anexos WHERE mensagem_id = $1',
      [resposta.body.id],
    );
    const vencido = t.app
      .get(LinkPublicoDeAnexoService)
      .gerar(
        { id: anexo?.id ?? '', empresaId: anexo?.empresa_id ?? '', nomeArquivo: 'x.pdf' } as Anexo,
        Date.now() - 25 * 3_600_000,
      );
    expect((await t.http().get((vencido ?? '').slice(PUBLICA.length))).status).toBe(404);
  });

  it('segments count against the per-number rate', async () => {
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    expect(
      (await t.http().patch(`/api/atendimento/canais/${smsId}`).set(auth()).send({ limiteEnviosPorSegundo: 2 })).status,
    ).toBe(200);
    // Let the bucket refill after the earlier sends.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const inicio = Date.now();
    const longo = 'Seu pedido #1042 saiu para entrega. '.repeat(10); // 360 GSM-7 characters: 3 segments
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const resposta = await t
        .http()
        .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
        .set(auth())
        .send({ conteudo: longo });
      ids.push(resposta.body.id as string);
    }
    for (const id of ids) await aguardarStatusDaMensagem(t, id, 'enviada');
    const ultima = Math.max(...api.messages().map((r) => r.at));
    // 6 segments at 2 per second with a bucket of 2: the last one cannot leave before ~2 s.
    expect(ultima - inicio).toBeGreaterThanOrEqual(1_800);
    await t.http().patch(`/api/atendimento/canais/${smsId}`).set(auth()).send({ limiteEnviosPorSegundo: null });
  });

  it('a transient 5xx is retried; an invalid number (21211) fails the mensagem with Twilio’s code', async () => {
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    api.failNext('server_500');
    const primeira = await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo: 'Oi' });
    await aguardarStatusDaMensagem(t, primeira.body.id as string, 'enviada', 30_000);
    expect(api.messages().length).toBe(2);
    api.failNext('invalid_to_21211');
    const segunda = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .send({ conteudo: 'Oi de novo' });
    const falhou = await aguardarStatusDaMensagem(t, segunda.body.id as string, 'falhou');
    expect(falhou).toMatchObject({ erro_codigo: '21211' });
  });

  it('WhatsApp through Twilio: inbound on /webhooks/whatsapp/:id, replies to whatsapp:+…, read callbacks', async () => {
    for (const nome of [
      'inbound-whatsapp-text.form.txt',
      'inbound-whatsapp-button.form.txt',
      'inbound-whatsapp-location.form.txt',
    ]) {
      expect((await postar('whatsapp', whatsappId, bruta(nome))).status, nome).toBe(200);
    }
    const ticketId = await ticketDe('SMb2c3d4e5f60718293a4b5c6d7e8f90a1');
    expect(await mensagem('SMd4e5f60718293a4b5c6d7e8f90a1b2c3')).toMatchObject({
      tipo: 'interativa',
      payload: { interativa: { id: 'TALK_TO_AGENT', titulo: 'Talk to an agent' } },
    });
    expect(await mensagem('SMe5f60718293a4b5c6d7e8f90a1b2c3d4')).toMatchObject({
      tipo: 'localizacao',
      conteudo: 'Meta HQ — 1 Hacker Way, Menlo Park, CA 94025',
    });
    const [identidade] = await sql<{ valor: string }>(
      t,
      `SELECT i.valor FROM atendimento_contato_identidades i JOIN atendimento_tickets t ON t.contato_id = i.contato_id
        WHERE t.id = $1 AND i.tipo = 'whatsapp'`,
      [ticketId],
    );
    expect(identidade.valor).toBe('16505551234');

    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .send({ conteudo: 'Hola Sheena!' });
    expect(resposta.status).toBe(201);
    const enviada = await aguardarStatusDaMensagem(t, resposta.body.id as string, 'enviada');
    expect(api.messages()[0].params).toMatchObject({
      To: ['whatsapp:+16505551234'],
      From: ['whatsapp:+14155238886'],
      Body: ['Hola Sheena!'],
      StatusCallback: [`${PUBLICA}${caminho('whatsapp', whatsappId)}`],
    });
    const lida = bruta('status-callback-whatsapp-read.form.txt').replaceAll(
      'SM2c3d4e5f60718293a4b5c6d7e8f90a1b',
      enviada.external_id ?? '',
    );
    expect((await postar('whatsapp', whatsappId, lida)).status).toBe(200);
    await aguardarStatusDaMensagem(t, enviada.id, 'lida');
  });

  it('a WhatsApp Cloud canal next to a Twilio one: Meta’s handshake still works, Twilio canais have none', async () => {
    await criarCanal({
      tipo: 'whatsapp',
      nome: 'WhatsApp Cloud',
      configuracao: {
        phoneNumberId: '106540352242922',
        businessAccountId: '102290129340398',
        accessToken: 'EAAG-token',
        appSecret: 'segredo',
        verifyToken: 'verificar-cloud',
      },
    });
    const consulta = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verificar-cloud', 'hub.challenge': '777' };
    const cloud = await t.http().get('/api/atendimento/webhooks/whatsapp').query(consulta);
    expect(cloud.status).toBe(200);
    expect(cloud.text).toBe('777');
    expect((await t.http().get(caminho('whatsapp', whatsappId)).query(consulta)).status).toBe(403);
    // The Cloud canal's id in a URL is refused: its webhook routes by payload.
    const semAssinatura = await postar(
      'whatsapp',
      (await sql<{ id: string }>(t, `SELECT id FROM atendimento_canais WHERE nome = 'WhatsApp Cloud'`))[0].id,
      'x=1',
    );
    expect(semAssinatura.status).toBe(404);
  });

  it('WhatsApp through Twilio: sincronizar pulls the Content API templates (all pages); one goes by its ContentSid', async () => {
    const conteudo = (sid: string, nome: string, status: string, corpo: string) => ({
      sid,
      account_sid: api.accountSid,
      friendly_name: nome,
      language: 'pt_BR',
      variables: { '1': 'Maria', '2': '1042' },
      types: { 'twilio/text': { body: corpo } },
      approval_requests: { name: nome, category: 'UTILITY', content_type: 'twilio/text', status, rejection_reason: '' },
    });
    api.contents.push(
      conteudo('HX00000000000000000000000000000001', 'pedido_enviado', 'approved', 'Olá {{1}}, seu pedido {{2}} foi enviado.'),
      conteudo('HX00000000000000000000000000000002', 'boleto_vencendo', 'pending', 'Seu boleto vence amanhã, {{1}}.'),
      conteudo('HX00000000000000000000000000000003', 'promo_black_friday', 'rejected', 'Descontos de até 70%!'),
    );
    const sincronizado = await t.http().post(`/api/atendimento/canais/${whatsappId}/sincronizar`).set(auth());
    expect(sincronizado.status, JSON.stringify(sincronizado.body)).toBe(200);
    expect(sincronizado.body.templates).toMatchObject({ total: 3, criados: 3 });
    expect(api.requests.filter((r) => r.path === '/v1/ContentAndApprovals')).toHaveLength(2);
    const linhas = await sql<{ nome: string; whatsapp_nome: string; idioma: string; whatsapp_status: string; categoria: string }>(
      t,
      'SELECT nome, whatsapp_nome, idioma, whatsapp_status, categoria FROM atendimento_templates WHERE canal_id = $1 ORDER BY whatsapp_nome',
      [whatsappId],
    );
    expect(linhas).toEqual([
      {
        nome: 'pedido_enviado',
        whatsapp_nome: 'HX00000000000000000000000000000001',
        idioma: 'pt_BR',
        whatsapp_status: 'aprovado',
        categoria: 'utility',
      },
      {
        nome: 'boleto_vencendo',
        whatsapp_nome: 'HX00000000000000000000000000000002',
        idioma: 'pt_BR',
        whatsapp_status: 'pendente',
        categoria: 'utility',
      },
      {
        nome: 'promo_black_friday',
        whatsapp_nome: 'HX00000000000000000000000000000003',
        idioma: 'pt_BR',
        whatsapp_status: 'rejeitado',
        categoria: 'utility',
      },
    ]);
    // SMS has no provider templates.
    const semTemplates = await t.http().post(`/api/atendimento/canais/${smsId}/sincronizar`).set(auth());
    expect(semTemplates.status).toBe(422);
    expect(semTemplates.body.message).toMatch(/não têm o que sincronizar/);

    const [template] = await sql<{ id: string }>(t, `SELECT id FROM atendimento_templates WHERE whatsapp_nome = $1`, [
      'HX00000000000000000000000000000001',
    ]);
    const ticketId = await ticketDe('SMb2c3d4e5f60718293a4b5c6d7e8f90a1');
    api.reset();
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .send({ templateId: template?.id, variaveis: { '1': 'Sheena', '2': '1042' } });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    await aguardarStatusDaMensagem(t, resposta.body.id as string, 'enviada');
    const [envio] = api.messages();
    expect(envio.params.ContentSid).toEqual(['HX00000000000000000000000000000001']);
    expect(JSON.parse(envio.params.ContentVariables?.[0] ?? '{}')).toEqual({ '1': 'Sheena', '2': '1042' });
    expect(envio.params.To).toEqual(['whatsapp:+16505551234']);
  });

  it('WhatsApp through Twilio keeps the 24 h window: 422 with the reason after it', async () => {
    const ticketId = await ticketDe('SMb2c3d4e5f60718293a4b5c6d7e8f90a1');
    await sql(t, 'UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = $2 WHERE id = $1', [
      ticketId,
      new Date(Date.now() - 25 * 3_600_000),
    ]);
    const resposta = await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(auth()).send({ conteudo: 'Oi?' });
    expect(resposta.status).toBe(422);
    expect(resposta.body).toMatchObject({ code: 'JANELA_FECHADA', janelaHoras: 24 });
    expect(resposta.body.message).toBe('A janela de 24 horas do WhatsApp fechou: envie um template aprovado.');
    // An approved Content API template (synced above) still goes.
    const [template] = await sql<{ id: string }>(t, `SELECT id FROM atendimento_templates WHERE whatsapp_nome = $1`, [
      'HX00000000000000000000000000000001',
    ]);
    const comTemplate = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(auth())
      .send({ templateId: template?.id, variaveis: { '1': 'Sheena', '2': '1043' } });
    expect(comTemplate.status, JSON.stringify(comTemplate.body)).toBe(201);
  });

  it('another empresa sees neither the canal status nor the conversation (404)', async () => {
    const ticketId = await ticketDe('SM9f1b2c3d4e5f60718293a4b5c6d7e8f9');
    await t.app
      .get(AuthService)
      .criarEmpresaComAdmin('Outra Twilio', 'Admin Outra', 'admin@outra-twilio.test', 'senha-outra-123');
    const outro = { Authorization: `Bearer ${await t.login('admin@outra-twilio.test', 'senha-outra-123')}` };
    expect((await t.http().get(`/api/atendimento/canais/${smsId}/status`).set(outro)).status).toBe(404);
    expect(
      (await t.http().post(`/api/atendimento/tickets/${ticketId}/mensagens`).set(outro).send({ conteudo: 'x' })).status,
    ).toBe(404);
    const status = await t.http().get(`/api/atendimento/canais/${smsId}/status`).set(auth());
    expect(status.body).toMatchObject({ ok: true, codigo: 'ok', detalhes: { friendlyName: 'Acme' } });
  });
});
