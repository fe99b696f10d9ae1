import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  aguardar,
  aguardarEventosProcessados,
  agoraEmSegundos,
  assinaturaMeta,
  contar,
  criarCanalWhatsApp,
  fixtureWhatsApp,
  fixtureWhatsAppBruta,
  postarWebhookWhatsApp,
  sql,
  webhookDeStatus,
  webhookDeTexto,
} from './inbound-helpers.js';

/**
 * WhatsApp Cloud API end to end, through the real HTTP stack and job queue: a customer's webhook becomes
 * contato → ticket → mensagem (media downloaded into an anexo), and an agent's reply reaches the (fake)
 * Graph API, then its delivery statuses come back as webhooks.
 */

const CLIENTE_FIXTURES = '16505551234';

interface Mensagem {
  id: string;
  ticket_id: string;
  contato_id: string;
  tipo: string;
  conteudo: string | null;
  payload: Record<string, unknown>;
  external_id: string | null;
  responde_a_external_id: string | null;
  responde_a_id: string | null;
  status: string;
  erro_codigo: string | null;
  reacoes: { emoji: string; autor: string }[];
}

/** Media the fixtures reference, served by the fake Graph API (`GET /{media-id}` then the URL). */
const MIDIAS: Record<string, { id: string; mime: string }> = {
  'inbound-image.json': { id: '1003383421387256', mime: 'image/jpeg' },
  'inbound-video.json': { id: '1166846181421424', mime: 'video/mp4' },
  'inbound-document.json': { id: '889714856583234', mime: 'application/pdf' },
  'inbound-sticker.json': { id: '1228429454942411', mime: 'image/webp' },
  'inbound-audio-voice.json': { id: '1234567890987654321', mime: 'audio/ogg; codecs=opus' },
};

describe('WhatsApp end to end', () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  let token: string;
  let canal: { id: string; empresaId: string };

  async function mensagemPorExternalId(externalId: string): Promise<Mensagem> {
    const [mensagem] = await sql<Mensagem>(t, 'SELECT * FROM atendimento_mensagens WHERE external_id = $1', [externalId]);
    return mensagem;
  }

  async function ticketDoCliente(
    waId: string,
  ): Promise<{ id: string; contato_id: string; status: string; ultima_mensagem_cliente_em: Date | null }> {
    const [ticket] = await sql<{ id: string; contato_id: string; status: string; ultima_mensagem_cliente_em: Date | null }>(
      t,
      `SELECT t.id, t.contato_id, t.status, t.ultima_mensagem_cliente_em FROM atendimento_tickets t
         JOIN atendimento_contato_identidades i ON i.contato_id = t.contato_id AND i.tipo = 'whatsapp'
        WHERE i.valor = $1 OR i.dados->>'waId' = $1`,
      [waId],
    );
    return ticket;
  }

  /** A customer writes now (the reply window opens) and the message is processed. */
  async function clienteEscreve(
    waId: string,
    wamid: string,
    texto = 'Olá, preciso de ajuda',
    timestamp = agoraEmSegundos(),
  ): Promise<string> {
    const resposta = await postarWebhookWhatsApp(
      t,
      webhookDeTexto({ wamid, de: waId, texto, nome: `Cliente ${waId}`, timestamp }),
    );
    expect(resposta.status).toBe(200);
    await aguardarEventosProcessados(t);
    return (await ticketDoCliente(waId)).id;
  }

  async function aguardarStatus(mensagemId: string, status: string): Promise<Mensagem> {
    return aguardar(`mensagem ${mensagemId} com status ${status}`, async () => {
      const [mensagem] = await sql<Mensagem>(t, 'SELECT * FROM atendimento_mensagens WHERE id = $1', [mensagemId]);
      return mensagem?.status === status ? mensagem : null;
    });
  }

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: fake.baseUrl } });
    token = await t.login();
    canal = await criarCanalWhatsApp(t, token, fake);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('turns a signed webhook of every fixture type into exactly the right contato, ticket and mensagem', async () => {
    const bytes = new Map<string, Buffer>();
    for (const [nome, midia] of Object.entries(MIDIAS)) {
      const dados = Buffer.from(`conteúdo de ${nome}`);
      bytes.set(midia.id, dados);
      fake.addMedia(dados, midia.mime, midia.id);
    }
    const fixtures = [
      'inbound-text.json',
      'inbound-text-reply-with-context.json',
      'inbound-image.json',
      'inbound-video.json',
      'inbound-document.json',
      'inbound-sticker.json',
      'inbound-audio-voice.json',
      'inbound-location.json',
      'inbound-contacts.json',
      'inbound-interactive-button-reply.json',
      'inbound-interactive-list-reply.json',
      'inbound-button-template-quick-reply.json',
      'inbound-reaction.json',
      'inbound-unsupported.json',
    ];
    for (const nome of fixtures) {
      // The fixture's exact bytes, signed as Meta signs them.
      const resposta = await postarWebhookWhatsApp(t, fixtureWhatsAppBruta(nome));
      expect(resposta.status, nome).toBe(200);
      expect(resposta.body, nome).toEqual({ recebido: true, eventos: 1, novos: 1 });
    }
    await aguardarEventosProcessados(t);

    const contatos = await sql<{ id: string; nome: string; telefone: string }>(
      t,
      'SELECT id, nome, telefone FROM atendimento_contatos',
    );
    expect(contatos).toEqual([{ id: expect.any(String), nome: 'Sheena Nelson', telefone: `+${CLIENTE_FIXTURES}` }]);
    const identidades = await sql<{ tipo: string; valor: string }>(
      t,
      'SELECT tipo, valor FROM atendimento_contato_identidades ORDER BY tipo',
    );
    expect(identidades).toEqual([
      { tipo: 'whatsapp', valor: CLIENTE_FIXTURES },
      { tipo: 'whatsapp_bsuid', valor: 'US.13491208655302741918' },
    ]);
    const tickets = await sql<{ id: string; contato_id: string; canal_id: string; numero: number }>(
      t,
      'SELECT id, contato_id, canal_id, numero FROM atendimento_tickets',
    );
    expect(tickets).toEqual([{ id: expect.any(String), contato_id: contatos[0].id, canal_id: canal.id, numero: 1 }]);
    const mensagens = await sql<Mensagem>(t, 'SELECT * FROM atendimento_mensagens ORDER BY criado_em, id');
    expect(mensagens).toHaveLength(fixtures.length);
    for (const mensagem of mensagens) {
      expect(mensagem).toMatchObject({ ticket_id: tickets[0].id, contato_id: contatos[0].id, status: 'recebida' });
    }
    const porFixture = async (nome: string) => {
      const valor = (fixtureWhatsApp(nome).entry as { changes: { value: { messages: { id: string }[] } }[] }[])[0].changes[0]
        .value;
      return mensagemPorExternalId(valor.messages[0].id);
    };

    expect(await porFixture('inbound-text.json')).toMatchObject({
      tipo: 'texto',
      conteudo: 'Hi, my order #1042 has not arrived yet',
    });
    const citada = await porFixture('inbound-text-reply-with-context.json');
    expect(citada).toMatchObject({
      tipo: 'texto',
      responde_a_external_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
    });
    expect(citada.payload.citacao).toEqual({
      externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
      from: '15550783881',
    });
    expect(await porFixture('inbound-location.json')).toMatchObject({
      tipo: 'localizacao',
      conteudo: 'Meta HQ — 1 Hacker Way, Menlo Park, CA 94025',
      payload: { localizacao: { latitude: 37.4611978, longitude: -122.2164385, name: 'Meta HQ' } },
    });
    const cartao = await porFixture('inbound-contacts.json');
    expect(cartao).toMatchObject({ tipo: 'contato', conteudo: 'Barbara J. Johnson' });
    expect(cartao.payload.contatos).toEqual([
      expect.objectContaining({
        name: 'Barbara J. Johnson',
        phones: [{ phone: '+1 (940) 555-1234', waId: '19405551234', type: 'MOBILE' }],
      }),
    ]);
    expect(await porFixture('inbound-interactive-button-reply.json')).toMatchObject({
      tipo: 'interativa',
      conteudo: 'Yes, solved',
      payload: { interativa: { tipo: 'button_reply', id: 'csat_yes', titulo: 'Yes, solved' } },
    });
    expect(await porFixture('inbound-interactive-list-reply.json')).toMatchObject({
      tipo: 'interativa',
      conteudo: 'Returns',
      payload: { interativa: { tipo: 'list_reply', id: 'topic_returns', descricao: 'Start a return or exchange' } },
    });
    expect(await porFixture('inbound-button-template-quick-reply.json')).toMatchObject({
      tipo: 'interativa',
      conteudo: 'Talk to an agent',
      payload: { interativa: { tipo: 'template_button', id: 'TALK_TO_AGENT' } },
    });
    // The reaction's target is not stored here, so it is kept as a reacao mensagem quoting it.
    expect(await porFixture('inbound-reaction.json')).toMatchObject({
      tipo: 'reacao',
      conteudo: '👍',
      responde_a_external_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
    });
    const desconhecida = await porFixture('inbound-unsupported.json');
    expect(desconhecida).toMatchObject({
      tipo: 'desconhecido',
      conteudo: null,
      payload: { tipoProvedor: 'unsupported', metadados: { unsupportedType: 'poll_creation' } },
    });
    expect((desconhecida.payload.erros as { code: string }[])[0].code).toBe('131051');

    // Media: downloaded through GET /{media-id} + the URL, stored as an anexo of its mensagem.
    const tipos: Record<string, string> = {
      'inbound-image.json': 'imagem',
      'inbound-video.json': 'video',
      'inbound-document.json': 'documento',
      'inbound-sticker.json': 'sticker',
      'inbound-audio-voice.json': 'audio',
    };
    for (const [nome, midia] of Object.entries(MIDIAS)) {
      const mensagem = await porFixture(nome);
      expect(mensagem.tipo, nome).toBe(tipos[nome]);
      const anexo = await aguardar(`anexo de ${nome}`, async () => {
        const [linha] = await sql<{
          id: string;
          mime_tipo: string;
          tamanho_bytes: string;
          external_id: string;
          sha256: string;
          nome_arquivo: string | null;
        }>(
          t,
          'SELECT id, mime_tipo, tamanho_bytes, external_id, sha256, nome_arquivo FROM atendimento_anexos WHERE mensagem_id = $1',
          [mensagem.id],
        );
        return linha;
      });
      expect(anexo, nome).toMatchObject({
        mime_tipo: midia.mime,
        tamanho_bytes: String(bytes.get(midia.id)?.length),
        external_id: midia.id,
      });
      const arquivo = await t
        .http()
        .get(`/api/atendimento/anexos/${anexo.id}`)
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, callback) => {
          const partes: Buffer[] = [];
          res.on('data', (parte: Buffer) => partes.push(parte));
          res.on('end', () => callback(null, Buffer.concat(partes)));
        });
      expect(arquivo.status, nome).toBe(200);
      expect(Buffer.compare(arquivo.body as Buffer, bytes.get(midia.id) as Buffer), nome).toBe(0);
      const atualizada = await mensagemPorExternalId(mensagem.external_id as string);
      expect(atualizada.payload.midia, nome).toMatchObject({ ref: midia.id, status: 'baixada', anexoId: anexo.id });
    }
    expect((await porFixture('inbound-image.json')).conteudo).toBe('Damaged box');
    expect((await porFixture('inbound-document.json')).payload.midia).toMatchObject({ nomeArquivo: 'invoice-1042.pdf' });
    expect((await porFixture('inbound-audio-voice.json')).payload.midia).toMatchObject({ voz: true });
    const downloads = fake.requests.filter((r) => r.method === 'GET');
    expect(downloads.every((r) => r.headers.authorization === `Bearer ${fake.accessToken}`)).toBe(true);
  }, 60_000);

  it('stores a redelivered webhook once, however many times it comes', async () => {
    const antes = await contar(t, 'atendimento_mensagens');
    for (let i = 0; i < 3; i++) {
      const resposta = await postarWebhookWhatsApp(t, fixtureWhatsAppBruta('inbound-text.json'));
      expect(resposta.status).toBe(200);
      expect(resposta.body).toEqual({ recebido: true, eventos: 1, novos: 0 });
    }
    await aguardarEventosProcessados(t);
    const wamid = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
    expect(await contar(t, 'atendimento_mensagens', 'external_id = $1', [wamid])).toBe(1);
    expect(await contar(t, 'atendimento_eventos_entrada', 'external_id = $1', [wamid])).toBe(1);
    expect(await contar(t, 'atendimento_mensagens')).toBe(antes);
  });

  it('verifies the signature over the raw bytes (escapes and all), as in the fixtures README', async () => {
    const bruto = fixtureWhatsAppBruta('signature-body.raw.txt');
    const assinatura = assinaturaMeta(bruto, 'test_app_secret');
    expect(assinatura).toBe('sha256=050de9f43049ca48959285360406062aa8e9f8dae4802db95e40b6a993ae4887');
    const certa = await postarWebhookWhatsApp(t, bruto, { assinatura });
    expect(certa.status).toBe(200);
    // Same wamid as inbound-text.json: already stored, nothing new.
    expect(certa.body).toEqual({ recebido: true, eventos: 1, novos: 0 });
    const reserializado = Buffer.from(JSON.stringify(JSON.parse(bruto.toString('utf8'))));
    const errada = await postarWebhookWhatsApp(t, reserializado, { assinatura });
    expect(errada.status).toBe(401);
  });

  it('updates the target of a reaction when it is stored, and clears it on removal', async () => {
    const wamidAlvo = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
    const reacao = (wamid: string, emoji: string | undefined, timestamp: number) => {
      const corpo = structuredClone(fixtureWhatsApp('inbound-reaction.json'));
      const mensagem = (corpo.entry as { changes: { value: { messages: Record<string, unknown>[] } }[] }[])[0].changes[0].value
        .messages[0];
      mensagem.id = wamid;
      mensagem.timestamp = String(timestamp);
      mensagem.reaction = emoji === undefined ? { message_id: wamidAlvo } : { message_id: wamidAlvo, emoji };
      return corpo;
    };
    const antes = await contar(t, 'atendimento_mensagens');
    expect((await postarWebhookWhatsApp(t, reacao('wamid.REACAO1', '❤️', 1760002000))).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect((await mensagemPorExternalId(wamidAlvo)).reacoes).toEqual([
      { emoji: '❤️', autor: 'contato', em: new Date(1760002000 * 1000).toISOString() },
    ]);
    // Removal: `reaction` without `emoji`.
    expect((await postarWebhookWhatsApp(t, reacao('wamid.REACAO2', undefined, 1760002100))).status).toBe(200);
    await aguardarEventosProcessados(t);
    expect((await mensagemPorExternalId(wamidAlvo)).reacoes).toEqual([]);
    expect(await contar(t, 'atendimento_mensagens')).toBe(antes);
  });

  it('sends an agent reply to the Graph API and follows its statuses forward only', async () => {
    const cliente = '5511987650001';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-1');
    fake.reset();
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: 'Olá! Vamos verificar o seu pedido.' });
    expect(resposta.status).toBe(201);
    expect(resposta.body).toMatchObject({
      status: 'pendente',
      direcao: 'enviada',
      conteudo: 'Olá! Vamos verificar o seu pedido.',
    });
    const enviada = await aguardarStatus(resposta.body.id as string, 'enviada');
    expect(fake.sentMessages()).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: cliente,
        type: 'text',
        text: { body: 'Olá! Vamos verificar o seu pedido.', preview_url: false },
      },
    ]);
    const envio = fake.requests.find((r) => r.method === 'POST');
    expect(envio?.headers.authorization).toBe(`Bearer ${fake.accessToken}`);
    expect(enviada.external_id).toMatch(/^wamid\./);
    const wamid = enviada.external_id as string;
    const [registro] = await sql<{ status: string; external_id: string; operacao: string }>(
      t,
      'SELECT status, external_id, operacao FROM atendimento_envios WHERE mensagem_id = $1',
      [enviada.id],
    );
    expect(registro).toEqual({ status: 'sucesso', external_id: wamid, operacao: 'enviar' });

    expect((await postarWebhookWhatsApp(t, webhookDeStatus({ wamid, status: 'sent', para: cliente }))).status).toBe(200);
    expect((await postarWebhookWhatsApp(t, webhookDeStatus({ wamid, status: 'delivered', para: cliente }))).status).toBe(200);
    await aguardarStatus(enviada.id, 'entregue');
    expect((await postarWebhookWhatsApp(t, webhookDeStatus({ wamid, status: 'read', para: cliente }))).status).toBe(200);
    await aguardarStatus(enviada.id, 'lida');
    // Statuses arrive out of order: a late "delivered" (or "sent") never moves it back.
    const atrasado = await postarWebhookWhatsApp(
      t,
      webhookDeStatus({ wamid, status: 'delivered', para: cliente, timestamp: agoraEmSegundos() + 1 }),
    );
    expect(atrasado.body).toEqual({ recebido: true, eventos: 1, novos: 0 });
    await aguardarEventosProcessados(t);
    const final = await mensagemPorExternalId(wamid);
    expect(final.status).toBe('lida');
    const [datas] = await sql<{ entregue_em: Date | null; lida_em: Date | null }>(
      t,
      'SELECT entregue_em, lida_em FROM atendimento_mensagens WHERE id = $1',
      [enviada.id],
    );
    expect(datas.entregue_em).not.toBeNull();
    expect(datas.lida_em).not.toBeNull();
  }, 60_000);

  it('quotes the message being answered (context.message_id)', async () => {
    const cliente = '5511987650002';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-2', 'Meu pedido atrasou');
    const citada = await mensagemPorExternalId('wamid.E2E-CLIENTE-2');
    fake.reset();
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: 'Sobre isso: já foi despachado.', respondeAId: citada.id });
    expect(resposta.status).toBe(201);
    await aguardarStatus(resposta.body.id as string, 'enviada');
    expect(fake.sentMessages()).toEqual([
      expect.objectContaining({
        to: cliente,
        context: { message_id: 'wamid.E2E-CLIENTE-2' },
        text: { body: 'Sobre isso: já foi despachado.', preview_url: false },
      }),
    ]);
  });

  it('uploads an attached file, then sends it by media id with its caption', async () => {
    const cliente = '5511987650003';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-3');
    fake.reset();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .field('conteudo', 'Segue a nota')
      .attach('arquivo', png, { filename: 'nota.png', contentType: 'image/png' });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    await aguardarStatus(resposta.body.id as string, 'enviada');
    const upload = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/media'));
    const arquivo = upload?.parts?.find((p) => p.name === 'file');
    expect(arquivo?.data.equals(png)).toBe(true);
    const [enviada] = fake.sentMessages();
    expect(enviada).toMatchObject({ to: cliente, type: 'image', image: { id: expect.any(String), caption: 'Segue a nota' } });
    expect(fake.getMedia((enviada.image as { id: string }).id)?.data.equals(png)).toBe(true);
  });

  it('marks the customer message read on WhatsApp when an agent opens the ticket', async () => {
    const cliente = '5511987650004';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-4');
    fake.reset();
    const resposta = await t.http().post(`/api/atendimento/tickets/${ticketId}/ler`).set('Authorization', `Bearer ${token}`);
    expect(resposta.status).toBeLessThan(300);
    await aguardar('confirmação de leitura no Graph', async () => fake.readReceipts().length === 1);
    expect(fake.readReceipts()).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.E2E-CLIENTE-4' }]);
  });

  it('refuses free text outside the 24 h window with 422 saying a template is needed, and sends nothing', async () => {
    const cliente = '5511987650005';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-5', 'mensagem antiga');
    // 25 hours go by without the customer writing again.
    await sql(t, `UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = now() - interval '25 hours' WHERE id = $1`, [
      ticketId,
    ]);
    fake.reset();
    const antes = await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId]);
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: 'Oi, ainda precisa de ajuda?' });
    expect(resposta.status).toBe(422);
    expect(resposta.body.code).toBe('JANELA_FECHADA');
    expect(resposta.body.message).toMatch(/template/);
    expect(await contar(t, 'atendimento_mensagens', 'ticket_id = $1', [ticketId])).toBe(antes);
    expect(fake.sentMessages()).toEqual([]);
  });

  it('sends an approved template outside the window, with its components and variables', async () => {
    fake.templates = [
      {
        id: '594425479261596',
        name: 'pedido_atualizado',
        language: 'pt_BR',
        status: 'APPROVED',
        category: 'UTILITY',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
          { type: 'BODY', text: 'Olá {{1}}, o pedido {{2}} foi atualizado.' },
        ],
      },
    ];
    const sincronizar = await t
      .http()
      .post(`/api/atendimento/canais/${canal.id}/sincronizar`)
      .set('Authorization', `Bearer ${token}`);
    expect(sincronizar.status, JSON.stringify(sincronizar.body)).toBeLessThan(300);
    const [template] = await sql<{ id: string }>(
      t,
      `SELECT id FROM atendimento_templates WHERE whatsapp_nome = 'pedido_atualizado'`,
    );
    const cliente = '5511987650006';
    const ticketId = await clienteEscreve(cliente, 'wamid.E2E-CLIENTE-6', 'antiga');
    await sql(t, `UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = now() - interval '48 hours' WHERE id = $1`, [
      ticketId,
    ]);
    fake.reset();
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ templateId: template.id, variaveis: { '1': 'Ana', '2': '#1042' } });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    await aguardarStatus(resposta.body.id as string, 'enviada');
    expect(fake.sentMessages()).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: cliente,
        type: 'template',
        template: {
          name: 'pedido_atualizado',
          language: { code: 'pt_BR' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: 'Ana' }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: '#1042' },
              ],
            },
          ],
        },
      },
    ]);
  });
});
