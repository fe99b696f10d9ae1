import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { type EventoDominio, EventosDominio } from '../../../src/eventos/eventos-dominio.js';
import { aguardar, aguardarEventosProcessados, criarCanalWhatsApp, sql } from '../../canais/inbound-helpers.js';
import { FakeGraphApi } from '../../support/fake-graph-api.js';
import { FakeTelegramApi } from '../../support/fake-telegram-api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { clienteEnvia, enviadas, enviadasAoWhatsApp } from '../workflows/apoio.js';

const TELEGRAM_SEGREDO = 's3cr3t_T0ken-abc';

/**
 * The CSAT survey after resolution: sent on the customer's canal (a WhatsApp list, a Telegram inline keyboard),
 * answered by a tap or a bare 1–5 within the window, recorded with `avaliar`'s rule without reopening the
 * ticket; anything else is an ordinary mensagem.
 */
describe('pesquisa de satisfação (CSAT)', { timeout: 180_000 }, () => {
  let t: TestApp;
  let graph: FakeGraphApi;
  let telegram: FakeTelegramApi;
  let admin: string;
  let outra: string;
  let telegramId: string;
  const eventos: EventoDominio[] = [];
  let updateId = 905100000;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const ticket = async (id: string) =>
    (
      await sql<{ status: string; avaliacao_nota: number | null; avaliacao_solicitada_em: Date | null }>(
        t,
        'SELECT status, avaliacao_nota, avaliacao_solicitada_em FROM atendimento_tickets WHERE id = $1',
        [id],
      )
    )[0];

  async function resolver(ticketId: string): Promise<void> {
    const resposta = await t.http().post(`/api/atendimento/tickets/${ticketId}/resolver`).set(auth(admin)).send({});
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
  }

  /** The survey mensagem of the ticket, once it was stored. */
  async function pesquisa(ticketId: string, antes: number) {
    const todas = await enviadas(t, ticketId, antes + 1);
    const ultima = todas[todas.length - 1];
    expect(ultima).toMatchObject({ tipo: 'interativa', bot: true });
    return ultima;
  }

  async function postarTelegram(update: Record<string, unknown>): Promise<void> {
    updateId += 1;
    const resposta = await t
      .http()
      .post(`/api/atendimento/webhooks/telegram/${telegramId}`)
      .set('Content-Type', 'application/json')
      .set('X-Telegram-Bot-Api-Secret-Token', TELEGRAM_SEGREDO)
      .send(JSON.stringify({ update_id: updateId, ...update }));
    expect(resposta.status).toBe(200);
    await aguardarEventosProcessados(t);
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    telegram = await FakeTelegramApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: graph.baseUrl, TELEGRAM_API_URL: telegram.baseUrl } });
    t.app.get(EventosDominio).assinar((evento) => {
      eventos.push(evento);
    });
    admin = await t.login();
    await criarCanalWhatsApp(t, admin, graph);
    const canalTelegram = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({ tipo: 'telegram', nome: 'Telegram', configuracao: { botToken: telegram.botToken, webhookSecret: TELEGRAM_SEGREDO } });
    expect(canalTelegram.status, JSON.stringify(canalTelegram.body)).toBe(201);
    telegramId = canalTelegram.body.id as string;
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outra = await t.login('admin@outra.test', 'senha-outra-123');
    const config = await t
      .http()
      .put('/api/atendimento/csat/configuracao')
      .set(auth(admin))
      .send({ ativo: true, mensagem: 'Como foi o atendimento?' });
    expect(config.status, JSON.stringify(config.body)).toBe(200);
    expect(config.body).toEqual({ ativo: true, mensagem: 'Como foi o atendimento?', atrasoMinutos: 0, janelaRespostaHoras: 24 });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await graph?.close();
    await telegram?.close();
  });

  it('sends a WhatsApp list after resolution; the tapped row rates the ticket, which stays resolved', async () => {
    const cliente = '5511977770001';
    const ticketId = await clienteEnvia(t, cliente, 'Meu pedido não chegou');
    await resolver(ticketId);
    const survey = await pesquisa(ticketId, 0);
    expect(survey?.conteudo).toBe('Como foi o atendimento?');
    const lista = await aguardar('lista enviada ao WhatsApp', async () =>
      enviadasAoWhatsApp(graph.sentMessages(), cliente).find((m) => m.type === 'interactive'),
    );
    expect(lista.interactive).toEqual({
      type: 'list',
      body: { text: 'Como foi o atendimento?' },
      action: {
        button: 'Avaliar',
        sections: [
          {
            rows: [
              { id: 'csat:1', title: '1 - Péssimo' },
              { id: 'csat:2', title: '2 - Ruim' },
              { id: 'csat:3', title: '3 - Regular' },
              { id: 'csat:4', title: '4 - Bom' },
              { id: 'csat:5', title: '5 - Excelente' },
            ],
          },
        ],
      },
    });
    expect((await ticket(ticketId))?.avaliacao_solicitada_em).not.toBeNull();

    const antes = eventos.length;
    expect(await clienteEnvia(t, cliente, { id: 'csat:5', titulo: '5 - Excelente', tipo: 'list_reply' })).toBe(ticketId);
    expect(await ticket(ticketId)).toMatchObject({ status: 'resolvido', avaliacao_nota: 5 });
    const [avaliado] = await sql<{ ator: string; dados: { nota: number }; mensagem_id: string | null }>(
      t,
      `SELECT ator, dados, mensagem_id FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'avaliado'`,
      [ticketId],
    );
    expect(avaliado).toMatchObject({ ator: 'cliente', dados: { nota: 5 } });
    expect(avaliado?.mensagem_id).not.toBeNull();
    // The same domain event `avaliar` publishes (automations read it as avaliacao_recebida).
    await aguardar('ticket.atualizado com avaliacao', async () =>
      eventos
        .slice(antes)
        .some((e) => e.tipo === 'ticket.atualizado' && e.ticketId === ticketId && e.mudancas.includes('avaliacao')),
    );
  });

  it('takes a typed number 1–5 as the answer; any other reply is an ordinary mensagem that reopens', async () => {
    const cliente = '5511977770002';
    const ticketId = await clienteEnvia(t, cliente, 'Oi');
    await resolver(ticketId);
    await pesquisa(ticketId, 0);
    expect(await clienteEnvia(t, cliente, ' 4 ')).toBe(ticketId);
    expect(await ticket(ticketId)).toMatchObject({ status: 'resolvido', avaliacao_nota: 4 });

    const outro = '5511977770003';
    const outroTicket = await clienteEnvia(t, outro, 'Oi');
    await resolver(outroTicket);
    await pesquisa(outroTicket, 0);
    expect(await clienteEnvia(t, outro, 'ainda não recebi')).toBe(outroTicket);
    expect(await ticket(outroTicket)).toMatchObject({ status: 'aberto', avaliacao_nota: null });
  });

  it('ignores a number sent after the answer window', async () => {
    const cliente = '5511977770004';
    const ticketId = await clienteEnvia(t, cliente, 'Oi');
    await resolver(ticketId);
    await pesquisa(ticketId, 0);
    await sql(t, `UPDATE atendimento_tickets SET avaliacao_solicitada_em = now() - interval '25 hours' WHERE id = $1`, [ticketId]);
    await clienteEnvia(t, cliente, '5');
    expect(await ticket(ticketId)).toMatchObject({ status: 'aberto', avaliacao_nota: null });
  });

  it('sends a Telegram inline keyboard and records the callback query', async () => {
    await postarTelegram({
      message: {
        message_id: 701,
        from: { id: 123456789, is_bot: false, first_name: 'Ana' },
        chat: { id: 123456789, first_name: 'Ana', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: 'Olá',
      },
    });
    const [linha] = await sql<{ ticket_id: string }>(
      t,
      `SELECT ticket_id FROM atendimento_mensagens WHERE canal_id = $1 AND direcao = 'recebida' ORDER BY criado_em DESC LIMIT 1`,
      [telegramId],
    );
    const ticketId = linha?.ticket_id ?? '';
    await resolver(ticketId);
    await pesquisa(ticketId, 0);
    const envio = await aguardar('teclado enviado ao Telegram', async () =>
      telegram.calls('sendMessage').find((r) => r.params.reply_markup !== undefined),
    );
    expect(envio.params.text).toBe('Como foi o atendimento?');
    expect(envio.params.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: '1 - Péssimo', callback_data: 'csat:1' }],
        [{ text: '2 - Ruim', callback_data: 'csat:2' }],
        [{ text: '3 - Regular', callback_data: 'csat:3' }],
        [{ text: '4 - Bom', callback_data: 'csat:4' }],
        [{ text: '5 - Excelente', callback_data: 'csat:5' }],
      ],
    });
    await postarTelegram({
      callback_query: {
        id: 'cb-csat-1',
        from: { id: 123456789, is_bot: false, first_name: 'Ana' },
        message: {
          message_id: 702,
          from: { id: telegram.botId, is_bot: true, first_name: 'Acme Support' },
          chat: { id: 123456789, first_name: 'Ana', type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text: 'Como foi o atendimento?',
          reply_markup: envio.params.reply_markup,
        },
        chat_instance: '-8214502174398611234',
        data: 'csat:3',
      },
    });
    await aguardar('avaliação 3', async () => (await ticket(ticketId))?.avaliacao_nota === 3);
    expect((await ticket(ticketId))?.status).toBe('resolvido');
    await aguardar('callback respondido', async () => telegram.answeredCallbacks.includes('cb-csat-1'));
  });

  it('settings: defaults per empresa, 400 naming the field, 403 for atendentes; the manual send', async () => {
    const daOutra = await t.http().get('/api/atendimento/csat/configuracao').set(auth(outra));
    expect(daOutra.status).toBe(200);
    expect(daOutra.body.ativo).toBe(false);
    const invalida = await t.http().put('/api/atendimento/csat/configuracao').set(auth(admin)).send({ atrasoMinutos: -1 });
    expect(invalida.status).toBe(400);
    expect(invalida.body.issues[0].path).toBe('atrasoMinutos');
    const vazia = await t.http().put('/api/atendimento/csat/configuracao').set(auth(admin)).send({});
    expect(vazia.status).toBe(400);
    const desconhecido = await t.http().put('/api/atendimento/csat/configuracao').set(auth(admin)).send({ cor: 'azul' });
    expect(desconhecido.status).toBe(400);

    const usuario = await t
      .http()
      .post('/api/usuarios')
      .set(auth(admin))
      .send({ nome: 'Ana', email: 'ana.csat@demo.test', senha: 'senha-da-ana-123', papel: 'atendente' });
    expect(usuario.status).toBe(201);
    const agente = await t.login('ana.csat@demo.test', 'senha-da-ana-123');
    expect((await t.http().put('/api/atendimento/csat/configuracao').set(auth(agente)).send({ ativo: false })).status).toBe(403);

    // Switched off: resolving sends nothing; the manual send still works, once per resolution.
    await t.http().put('/api/atendimento/csat/configuracao').set(auth(admin)).send({ ativo: false }).expect(200);
    const cliente = '5511977770005';
    const ticketId = await clienteEnvia(t, cliente, 'Oi');
    const aberto = await t.http().post(`/api/atendimento/csat/tickets/${ticketId}/enviar`).set(auth(admin));
    expect(aberto.status).toBe(409);
    await resolver(ticketId);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await ticket(ticketId))?.avaliacao_solicitada_em).toBeNull();
    expect((await t.http().post(`/api/atendimento/csat/tickets/${ticketId}/enviar`).set(auth(outra))).status).toBe(404);
    const manual = await t.http().post(`/api/atendimento/csat/tickets/${ticketId}/enviar`).set(auth(admin));
    expect(manual.status).toBe(202);
    expect(typeof manual.body.mensagemId).toBe('string');
    expect((await t.http().post(`/api/atendimento/csat/tickets/${ticketId}/enviar`).set(auth(admin))).status).toBe(409);
    await t.http().put('/api/atendimento/csat/configuracao').set(auth(admin)).send({ ativo: true }).expect(200);
  });
});
