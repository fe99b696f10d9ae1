import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MensagemService } from '../../src/atendimento/mensagens/mensagem.service.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { hashSenha } from '../../src/auth/senha.js';
import { ProcessadorDeEntrada } from '../../src/canais/inbound/processador-de-entrada.service.js';
import { RequestContext } from '../../src/common/request-context.js';
import { UsuarioRepository } from '../../src/usuarios/usuario.repository.js';
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
  postarWebhookWhatsApp,
  sql,
  webhookDeStatus,
  webhookDeTexto,
  type Json,
} from './inbound-helpers.js';

/**
 * The receiving side of the shared inbound pipeline: handshake, signature, durable store, unknown and
 * malformed requests, URL-routed channels (Telegram), the admin view of parked events and their replay.
 */

const TELEGRAM = new URL('../fixtures/channels/telegram/', import.meta.url);
const TELEGRAM_SEGREDO = 's3cr3t_T0ken-abc';

describe('inbound webhooks', () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  let token: string;
  let canal: { id: string; empresaId: string };

  const linhasGravadas = async () => ({
    eventos: await contar(t, 'atendimento_eventos_entrada'),
    mensagens: await contar(t, 'atendimento_mensagens'),
    contatos: await contar(t, 'atendimento_contatos'),
  });

  const trocarAppSecret = (appSecret: string) =>
    t
      .http()
      .patch(`/api/atendimento/canais/${canal.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ configuracao: { appSecret } });

  const cifraDoCanal = async () =>
    (
      await sql<{ credenciais_cifradas: string }>(t, `SELECT credenciais_cifradas FROM atendimento_canais WHERE id = $1`, [
        canal.id,
      ])
    )[0].credenciais_cifradas;

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

  describe('Meta handshake', () => {
    it('echoes hub.challenge as plain text when the verify token is an active canal one', async () => {
      const resposta = await t
        .http()
        .get('/api/atendimento/webhooks/whatsapp')
        .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'my-verify-token' });
      expect(resposta.status).toBe(200);
      expect(resposta.headers['content-type']).toMatch(/^text\/plain/);
      expect(resposta.text).toBe('1158201444');
    });

    it('answers 403 to a wrong token or mode', async () => {
      const errado = await t
        .http()
        .get('/api/atendimento/webhooks/whatsapp')
        .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'outro' });
      expect(errado.status).toBe(403);
      expect(errado.body.code).toBe('WEBHOOK_HANDSHAKE_RECUSADO');
      const modo = await t
        .http()
        .get('/api/atendimento/webhooks/whatsapp')
        .query({ 'hub.mode': 'unsubscribe', 'hub.challenge': '1', 'hub.verify_token': 'my-verify-token' });
      expect(modo.status).toBe(403);
      expect((await t.http().get('/api/atendimento/webhooks/whatsapp')).status).toBe(403);
    });
  });

  describe('refusals store nothing', () => {
    const corpo = () => webhookDeTexto({ wamid: 'wamid.RECUSADO', de: '5511999990000', texto: 'oi' });

    it('answers 401 to unsigned, forged and stale-secret requests, with zero rows', async () => {
      const antes = await linhasGravadas();
      const semAssinatura = await postarWebhookWhatsApp(t, corpo(), { assinatura: null });
      expect(semAssinatura.status).toBe(401);
      expect(semAssinatura.body.code).toBe('WEBHOOK_ASSINATURA_INVALIDA');
      const forjada = await postarWebhookWhatsApp(t, corpo(), { assinatura: `sha256=${'0'.repeat(64)}` });
      expect(forjada.status).toBe(401);
      const outroSegredo = await postarWebhookWhatsApp(t, corpo(), { segredo: 'not_the_app_secret' });
      expect(outroSegredo.status).toBe(401);
      const malFormada = await postarWebhookWhatsApp(t, corpo(), { assinatura: 'sha1=abc' });
      expect(malFormada.status).toBe(401);

      // The app secret is rotated: Meta's requests signed with the old one are refused from then on.
      const rotacao = await trocarAppSecret('rotated_app_secret');
      expect(rotacao.status).toBe(200);
      const velho = await postarWebhookWhatsApp(t, corpo(), { segredo: 'test_app_secret' });
      expect(velho.status).toBe(401);
      expect(await linhasGravadas()).toEqual(antes);
      const novo = await postarWebhookWhatsApp(t, corpo(), { segredo: 'rotated_app_secret' });
      expect(novo.status).toBe(200);
      await aguardarEventosProcessados(t);
      expect(await contar(t, 'atendimento_mensagens', `external_id = 'wamid.RECUSADO'`)).toBe(1);
      await trocarAppSecret('test_app_secret').expect(200);
    });

    it('follows a canal changed behind its back (another instance): new secret at once, old one refused, deactivated drops', async () => {
      const corpoDe = (wamid: string) => webhookDeTexto({ wamid, de: '5511999990009', texto: 'oi' });
      // Known to this process (and its canal cache) with the current secret.
      expect((await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.1'))).status).toBe(200);
      const cifraOriginal = await cifraDoCanal();
      // Another instance rotates the app secret: written straight to the row, nothing here is told.
      await trocarAppSecret('rotated_elsewhere').expect(200);
      const cifraNova = await cifraDoCanal();
      await sql(t, `UPDATE atendimento_canais SET credenciais_cifradas = $2 WHERE id = $1`, [canal.id, cifraOriginal]);
      expect((await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.2'))).status).toBe(200);
      await sql(t, `UPDATE atendimento_canais SET credenciais_cifradas = $2 WHERE id = $1`, [canal.id, cifraNova]);

      // The first request after the rotation is signed with the new secret: accepted and stored.
      const novo = await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.3'), { segredo: 'rotated_elsewhere' });
      expect(novo.status).toBe(200);
      expect(novo.body).toEqual({ recebido: true, eventos: 1, novos: 1 });
      // Back to a cached old secret, then the row changes: the old signature is refused, nothing stored.
      await sql(t, `UPDATE atendimento_canais SET credenciais_cifradas = $2 WHERE id = $1`, [canal.id, cifraOriginal]);
      expect((await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.4'))).status).toBe(200);
      await sql(t, `UPDATE atendimento_canais SET credenciais_cifradas = $2 WHERE id = $1`, [canal.id, cifraNova]);
      const velho = await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.5'));
      expect(velho.status).toBe(401);
      expect(await contar(t, 'atendimento_eventos_entrada', `external_id = 'wamid.CACHE.5'`)).toBe(0);

      // Deactivated elsewhere: the next webhook stores nothing, even though this process had the canal cached.
      await sql(t, `UPDATE atendimento_canais SET ativo = false WHERE id = $1`, [canal.id]);
      const inativo = await postarWebhookWhatsApp(t, corpoDe('wamid.CACHE.6'), { segredo: 'rotated_elsewhere' });
      expect(inativo.status).toBe(200);
      expect(inativo.body).toEqual({ recebido: true, eventos: 0, novos: 0 });
      expect(await contar(t, 'atendimento_eventos_entrada', `external_id = 'wamid.CACHE.6'`)).toBe(0);
      await sql(t, `UPDATE atendimento_canais SET ativo = true WHERE id = $1`, [canal.id]);

      await trocarAppSecret('test_app_secret').expect(200);
      await aguardarEventosProcessados(t);
      for (const wamid of ['wamid.CACHE.1', 'wamid.CACHE.2', 'wamid.CACHE.3', 'wamid.CACHE.4']) {
        expect(await contar(t, 'atendimento_mensagens', `external_id = '${wamid}'`), wamid).toBe(1);
      }
    });

    it('drops an unknown phone_number_id with a 200 (Meta would retry for days) and stores nothing', async () => {
      const antes = await linhasGravadas();
      const resposta = await postarWebhookWhatsApp(
        t,
        webhookDeTexto({ wamid: 'wamid.DESCONHECIDO', de: '5511999990001', texto: 'oi', phoneNumberId: '999999999' }),
      );
      expect(resposta.status).toBe(200);
      expect(resposta.body).toEqual({ recebido: true, eventos: 0, novos: 0 });
      expect(await linhasGravadas()).toEqual(antes);
    });

    it('answers 404 with the JSON error shape to an unknown kind, even a malformed escape in the path', async () => {
      for (const caminho of ['/api/atendimento/webhooks/fax', '/api/atendimento/webhooks/%E0%A4%A']) {
        const resposta = await t.http().post(caminho).set('Content-Type', 'application/json').send('{}');
        expect(resposta.status, caminho).toBe(404);
        expect(resposta.body, caminho).toMatchObject({ statusCode: 404, code: 'WEBHOOK_TIPO_DESCONHECIDO' });
      }
    });

    it('answers 413 to a body over ATENDE_BODY_LIMIT, signed or not, and stores nothing', async () => {
      const antes = await linhasGravadas();
      const enorme = webhookDeTexto({ wamid: 'wamid.ENORME', de: '5511999990002', texto: 'x'.repeat(1_100_000) });
      const resposta = await postarWebhookWhatsApp(t, enorme);
      expect(resposta.status).toBe(413);
      expect(resposta.body).toMatchObject({ statusCode: 413, code: 'WEBHOOK_CORPO_GRANDE_DEMAIS' });
      expect(resposta.body.message).toMatch(/ATENDE_BODY_LIMIT/);
      expect(await linhasGravadas()).toEqual(antes);
      // The connection stays usable: the next webhook is acknowledged normally.
      const seguinte = await postarWebhookWhatsApp(
        t,
        webhookDeTexto({ wamid: 'wamid.DEPOIS_DO_ENORME', de: '5511999990002', texto: 'oi' }),
      );
      expect(seguinte.status).toBe(200);
    });

    it('answers 400 to malformed JSON, to JSON that is not a WhatsApp webhook and to an empty body', async () => {
      const antes = await linhasGravadas();
      const quebrado = await postarWebhookWhatsApp(t, '{"object": "whatsapp_business_account", "entry": [');
      expect(quebrado.status).toBe(400);
      expect(quebrado.body.code).toBe('CANAL_PAYLOAD_INVALIDO');
      const outro = await postarWebhookWhatsApp(t, { object: 'page', entry: [] });
      expect(outro.status).toBe(400);
      expect(outro.body.code).toBe('CANAL_PAYLOAD_INVALIDO');
      const vazio = await t.http().post('/api/atendimento/webhooks/whatsapp');
      expect(vazio.status).toBe(400);
      expect(await linhasGravadas()).toEqual(antes);
    });

    it('answers 404 to unknown kinds and to the wrong route form for a kind', async () => {
      const desconhecido = await t.http().post('/api/atendimento/webhooks/pombo-correio').send({});
      expect(desconhecido.status).toBe(404);
      expect(desconhecido.body.code).toBe('WEBHOOK_TIPO_DESCONHECIDO');
      const comId = await t.http().post(`/api/atendimento/webhooks/whatsapp/${canal.id}`).send({});
      expect(comId.status).toBe(404);
      expect(comId.body.code).toBe('WEBHOOK_ROTA_DO_CANAL');
      const semId = await t.http().post('/api/atendimento/webhooks/telegram').send({});
      expect(semId.status).toBe(404);
      expect(semId.body.message).toMatch(/webhooks\/telegram\/<canalId>/);
    });
  });

  it('processes every entry × change × message/status item of one request, for each canal it names', async () => {
    const cliente = '5511987654321';
    const outroCliente = '5511987654322';
    const texto = (wamid: string, de: string) => (webhookDeTexto({ wamid, de, texto: wamid }).entry as Json[])[0];
    const status = (fixtureWhatsApp('status-delivered.json').entry as Json[])[0];
    const desconhecido = (
      webhookDeTexto({ wamid: 'wamid.LOTE-OUTRO-NUMERO', de: cliente, texto: 'x', phoneNumberId: '888888888' }).entry as Json[]
    )[0];
    const duasMensagens = structuredClone(texto('wamid.LOTE-1', cliente));
    const valor = (duasMensagens.changes as Json[])[0].value as { messages: Json[] };
    valor.messages.push({ ...valor.messages[0], id: 'wamid.LOTE-2', text: { body: 'wamid.LOTE-2' } });
    const corpo = {
      object: 'whatsapp_business_account',
      entry: [duasMensagens, texto('wamid.LOTE-3', outroCliente), status, desconhecido],
    };
    const resposta = await postarWebhookWhatsApp(t, corpo);
    expect(resposta.status).toBe(200);
    // 3 messages + 1 status for this canal; the other number's item is dropped.
    expect(resposta.body).toEqual({ recebido: true, eventos: 4, novos: 4 });
    await aguardar(
      'as três mensagens',
      async () =>
        (await contar(t, 'atendimento_mensagens', `external_id IN ('wamid.LOTE-1', 'wamid.LOTE-2', 'wamid.LOTE-3')`)) === 3,
    );
    expect(await contar(t, 'atendimento_mensagens', `external_id = 'wamid.LOTE-OUTRO-NUMERO'`)).toBe(0);
    const eventos = await sql<{ external_id: string; status: string }>(
      t,
      `SELECT external_id, status FROM atendimento_eventos_entrada WHERE external_id LIKE 'wamid.LOTE%' ORDER BY external_id`,
    );
    expect(eventos).toEqual([
      { external_id: 'wamid.LOTE-1', status: 'processado' },
      { external_id: 'wamid.LOTE-2', status: 'processado' },
      { external_id: 'wamid.LOTE-3', status: 'processado' },
    ]);
    // The status item was stored too; its mensagem was never sent from here, so it ends ignored.
    const [statusDoLote] = await sql<{ id: string }>(
      t,
      `SELECT id FROM atendimento_eventos_entrada WHERE external_id = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:delivered'`,
    );
    await t.app.get(ProcessadorDeEntrada).executar({ empresaId: canal.empresaId, eventoIds: [statusDoLote.id] }, true);
    await aguardarEventosProcessados(t);
  });

  it('ignores a status for a mensagem that was not sent from here, once the retries are spent', async () => {
    const processador = t.app.get(ProcessadorDeEntrada);
    const resposta = await postarWebhookWhatsApp(
      t,
      webhookDeStatus({ wamid: 'wamid.DE-OUTRO-APP', status: 'read', para: '5511900000000' }),
    );
    expect(resposta.body.novos).toBe(1);
    const [evento] = await sql<{ id: string }>(
      t,
      `SELECT id FROM atendimento_eventos_entrada WHERE external_id = 'wamid.DE-OUTRO-APP:read'`,
    );
    // The first attempt waits for our own send to commit its provider id (retry with backoff)…
    await aguardar('primeira tentativa do status', async () => {
      const [linha] = await sql<{ tentativas: number; erro: string | null }>(
        t,
        'SELECT tentativas, erro FROM atendimento_eventos_entrada WHERE id = $1',
        [evento.id],
      );
      return linha.tentativas >= 1 ? linha : null;
    });
    // …and the last one gives up without parking it as a failure.
    await processador.executar({ empresaId: canal.empresaId, eventoIds: [evento.id] }, true);
    const [final] = await sql<{ status: string; erro: string }>(
      t,
      'SELECT status, erro FROM atendimento_eventos_entrada WHERE id = $1',
      [evento.id],
    );
    expect(final.status).toBe('ignorado');
    expect(final.erro).toMatch(/não foi enviada por aqui/);
  });

  it('surfaces value.errors on the canal status', async () => {
    const resposta = await postarWebhookWhatsApp(t, fixtureWhatsApp('webhook-value-errors-130429.json'));
    expect(resposta.status).toBe(200);
    expect(resposta.body.novos).toBe(1);
    await aguardarEventosProcessados(t);
    const detalhe = await t.http().get(`/api/atendimento/canais/${canal.id}`).set('Authorization', `Bearer ${token}`);
    expect(detalhe.body.ultimoErro).toMatchObject({ codigo: '130429', mensagem: expect.stringContaining('throughput') });
  });

  describe('Telegram, routed by the canal id in the URL', () => {
    let telegram: { id: string };
    const update = () => readFileSync(new URL('update-message-text.json', TELEGRAM), 'utf8');

    beforeAll(async () => {
      const criado = await t
        .http()
        .post('/api/atendimento/canais')
        .set('Authorization', `Bearer ${token}`)
        .send({
          tipo: 'telegram',
          nome: 'Bot',
          configuracao: { botToken: '7000000001:AAF-test-token-0123456789abcdef', webhookSecret: TELEGRAM_SEGREDO },
        });
      expect(criado.status, JSON.stringify(criado.body)).toBe(201);
      telegram = criado.body as { id: string };
    });

    it('stores an update with the right secret token, and makes it a mensagem', async () => {
      const resposta = await t
        .http()
        .post(`/api/atendimento/webhooks/telegram/${telegram.id}`)
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', TELEGRAM_SEGREDO)
        .send(update());
      expect(resposta.status).toBe(200);
      expect(resposta.body).toEqual({ recebido: true, eventos: 1, novos: 1 });
      await aguardarEventosProcessados(t);
      const [mensagem] = await sql<{ conteudo: string; tipo: string; canal_id: string }>(
        t,
        'SELECT conteudo, tipo, canal_id FROM atendimento_mensagens WHERE canal_id = $1',
        [telegram.id],
      );
      expect(mensagem).toEqual({ conteudo: 'Oi, meu pedido #1042 não chegou', tipo: 'texto', canal_id: telegram.id });
      const [identidade] = await sql<{ valor: string }>(
        t,
        `SELECT valor FROM atendimento_contato_identidades WHERE tipo = 'telegram'`,
      );
      expect(identidade.valor).toBe('123456789');
      // The secret token never lands in the stored headers.
      const [evento] = await sql<{ headers: Record<string, string> }>(
        t,
        'SELECT headers FROM atendimento_eventos_entrada WHERE canal_id = $1',
        [telegram.id],
      );
      expect(Object.keys(evento.headers)).not.toContain('x-telegram-bot-api-secret-token');
    });

    it('flags the contato identity when the customer blocks the bot', async () => {
      const bloqueio = readFileSync(new URL('update-my-chat-member-blocked.json', TELEGRAM), 'utf8');
      const resposta = await t
        .http()
        .post(`/api/atendimento/webhooks/telegram/${telegram.id}`)
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', TELEGRAM_SEGREDO)
        .send(bloqueio);
      expect(resposta.status).toBe(200);
      await aguardarEventosProcessados(t);
      const [identidade] = await sql<{ bloqueado_pelo_contato_em: Date | null }>(
        t,
        `SELECT bloqueado_pelo_contato_em FROM atendimento_contato_identidades WHERE tipo = 'telegram' AND valor = '123456789'`,
      );
      expect(identidade.bloqueado_pelo_contato_em).not.toBeNull();
    });

    it('answers 401 to a wrong or missing secret token and 404 to an unknown canal, storing nothing', async () => {
      const antes = await linhasGravadas();
      const errado = await t
        .http()
        .post(`/api/atendimento/webhooks/telegram/${telegram.id}`)
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', 'outro')
        .send(update());
      expect(errado.status).toBe(401);
      const ausente = await t
        .http()
        .post(`/api/atendimento/webhooks/telegram/${telegram.id}`)
        .set('Content-Type', 'application/json')
        .send(update());
      expect(ausente.status).toBe(401);
      const desconhecido = await t
        .http()
        .post('/api/atendimento/webhooks/telegram/00000000-0000-4000-8000-000000000000')
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', TELEGRAM_SEGREDO)
        .send(update());
      expect(desconhecido.status).toBe(404);
      expect(desconhecido.body.code).toBe('WEBHOOK_CANAL_NAO_ENCONTRADO');
      expect(
        (
          await t
            .http()
            .post('/api/atendimento/webhooks/telegram/nao-e-uuid')
            .set('Content-Type', 'application/json')
            .send(update())
        ).status,
      ).toBe(404);
      // A WhatsApp canal id under the telegram route is not a telegram canal.
      const outroTipo = await t
        .http()
        .post(`/api/atendimento/webhooks/telegram/${canal.id}`)
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', TELEGRAM_SEGREDO)
        .send(update());
      expect(outroTipo.status).toBe(404);
      expect(await linhasGravadas()).toEqual(antes);
    });
  });

  describe('parked events', () => {
    it('parks an event as falhou after its last attempt, lists it for admins, and replays it', async () => {
      const processador = t.app.get(ProcessadorDeEntrada);
      const mensagens = t.app.get(MensagemService);
      const falha = vi.spyOn(mensagens, 'salvarMensagem').mockRejectedValue(new Error('banco de mensagens indisponível'));
      try {
        const resposta = await postarWebhookWhatsApp(
          t,
          webhookDeTexto({ wamid: 'wamid.VENENO', de: '5511977770000', texto: 'oi' }),
        );
        expect(resposta.body.novos).toBe(1);
        const [evento] = await sql<{ id: string }>(
          t,
          `SELECT id FROM atendimento_eventos_entrada WHERE external_id = 'wamid.VENENO'`,
        );
        await aguardar('primeira tentativa falhou', async () => {
          const [linha] = await sql<{ tentativas: number; status: string; erro: string | null }>(
            t,
            'SELECT tentativas, status, erro FROM atendimento_eventos_entrada WHERE id = $1',
            [evento.id],
          );
          return linha.tentativas >= 1 ? linha : null;
        });
        // The queue's last attempt (run here rather than after minutes of backoff).
        await expect(processador.executar({ empresaId: canal.empresaId, eventoIds: [evento.id] }, true)).rejects.toThrow(
          'indisponível',
        );
        const lista = await t
          .http()
          .get('/api/atendimento/eventos-entrada')
          .query({ status: 'falhou' })
          .set('Authorization', `Bearer ${token}`);
        expect(lista.status).toBe(200);
        expect(lista.body.items).toEqual([
          expect.objectContaining({
            id: evento.id,
            canalId: canal.id,
            tipo: 'whatsapp',
            externalId: 'wamid.VENENO',
            status: 'falhou',
            erro: expect.stringContaining('banco de mensagens indisponível'),
            corpo: expect.objectContaining({ object: 'whatsapp_business_account' }),
          }),
        ]);
        expect(lista.body.items[0].tentativas).toBeGreaterThanOrEqual(2);
        expect(await contar(t, 'atendimento_mensagens', `external_id = 'wamid.VENENO'`)).toBe(0);

        // Other events keep flowing while this one is parked.
        falha.mockRestore();
        expect(
          (await postarWebhookWhatsApp(t, webhookDeTexto({ wamid: 'wamid.SAUDAVEL', de: '5511977770000', texto: 'oi de novo' })))
            .status,
        ).toBe(200);
        await aguardar(
          'mensagem saudável',
          async () => (await contar(t, 'atendimento_mensagens', `external_id = 'wamid.SAUDAVEL'`)) === 1,
        );
        // A leftover attempt of the original job (the queue still retries it with backoff) leaves the parked
        // event to the admin: otherwise it could process it just before the replay, which then answered 409.
        await processador.executar({ empresaId: canal.empresaId, eventoIds: [evento.id] }, false);
        const [parado] = await sql<{ status: string }>(t, 'SELECT status FROM atendimento_eventos_entrada WHERE id = $1', [
          evento.id,
        ]);
        expect(parado.status).toBe('falhou');
        expect(await contar(t, 'atendimento_mensagens', `external_id = 'wamid.VENENO'`)).toBe(0);

        const replay = await t
          .http()
          .post(`/api/atendimento/eventos-entrada/${evento.id}/reprocessar`)
          .set('Authorization', `Bearer ${token}`);
        expect(replay.status).toBe(202);
        expect(replay.body).toMatchObject({ id: evento.id, status: 'recebido', erro: null });
        await aguardar('evento reprocessado', async () => {
          const [linha] = await sql<{ status: string }>(t, 'SELECT status FROM atendimento_eventos_entrada WHERE id = $1', [
            evento.id,
          ]);
          return linha.status === 'processado';
        });
        expect(await contar(t, 'atendimento_mensagens', `external_id = 'wamid.VENENO'`)).toBe(1);
        const deNovo = await t
          .http()
          .post(`/api/atendimento/eventos-entrada/${evento.id}/reprocessar`)
          .set('Authorization', `Bearer ${token}`);
        expect(deNovo.status).toBe(409);
        expect(deNovo.body.code).toBe('EVENTO_ENTRADA_NAO_REPROCESSAVEL');
      } finally {
        falha.mockRestore();
      }
    }, 30_000);

    it('pages the list by an opaque cursor and refuses a forged one', async () => {
      for (let i = 0; i < 3; i++) {
        await postarWebhookWhatsApp(
          t,
          webhookDeTexto({ wamid: `wamid.PAGINA-${i}`, de: '5511966660000', texto: `p${i}`, timestamp: agoraEmSegundos() }),
        );
      }
      await aguardarEventosProcessados(t);
      const vistos: string[] = [];
      let cursor: string | undefined;
      do {
        const pagina = await t
          .http()
          .get('/api/atendimento/eventos-entrada')
          .query({ limite: 2, status: 'processado', ...(cursor ? { cursor } : {}) })
          .set('Authorization', `Bearer ${token}`);
        expect(pagina.status).toBe(200);
        expect(pagina.body.items.length).toBeLessThanOrEqual(2);
        vistos.push(...(pagina.body.items as { id: string }[]).map((item) => item.id));
        cursor = pagina.body.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(vistos).size).toBe(vistos.length);
      expect(vistos.length).toBe(await contar(t, 'atendimento_eventos_entrada', `status = 'processado'`));
      const forjado = await t
        .http()
        .get('/api/atendimento/eventos-entrada')
        .query({ cursor: 'bm9wZQ' })
        .set('Authorization', `Bearer ${token}`);
      expect(forjado.status).toBe(400);
      const invalido = await t
        .http()
        .get('/api/atendimento/eventos-entrada')
        .query({ status: 'quebrado' })
        .set('Authorization', `Bearer ${token}`);
      expect(invalido.status).toBe(400);
      expect(invalido.body.message).toMatch(/status/);
    });

    it('is for admins of the same empresa only', async () => {
      const [evento] = await sql<{ id: string }>(t, 'SELECT id FROM atendimento_eventos_entrada LIMIT 1');
      await RequestContext.runForEmpresa(canal.empresaId, async () =>
        t.app.get(UsuarioRepository).create({
          nome: 'Ana',
          email: 'ana@demo.test',
          senhaHash: await hashSenha('senha-da-ana-123'),
          papel: 'atendente',
          ativo: true,
        }),
      );
      const atendente = await t.login('ana@demo.test', 'senha-da-ana-123');
      expect((await t.http().get('/api/atendimento/eventos-entrada').set('Authorization', `Bearer ${atendente}`)).status).toBe(
        403,
      );
      expect((await t.http().get('/api/atendimento/eventos-entrada')).status).toBe(401);

      await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-da-outra-123');
      const outra = await t.login('admin@outra.test', 'senha-da-outra-123');
      const lista = await t.http().get('/api/atendimento/eventos-entrada').set('Authorization', `Bearer ${outra}`);
      expect(lista.body).toEqual({ items: [], nextCursor: null });
      expect(
        (await t.http().get(`/api/atendimento/eventos-entrada/${evento.id}`).set('Authorization', `Bearer ${outra}`)).status,
      ).toBe(404);
      expect(
        (await t.http().post(`/api/atendimento/eventos-entrada/${evento.id}/reprocessar`).set('Authorization', `Bearer ${outra}`))
          .status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/atendimento/eventos-entrada/${evento.id}`).set('Authorization', `Bearer ${token}`)).status,
      ).toBe(200);
    });
  });

  it('signs with the canal secret over the exact bytes received', () => {
    expect(assinaturaMeta('test', 'secret')).toBe('sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914');
  });
});
