import { HttpException } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLITICA_DE_ENVIO, type PoliticaDeEnvio } from '../../src/atendimento/mensagens/politica-de-envio.js';
import { Ticket } from '../../src/atendimento/tickets/ticket.entity.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { AppException } from '../../src/common/app.exception.js';
import { RequestContext } from '../../src/common/request-context.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HORA = 3_600_000;

/**
 * The outbound policy port, called directly (the mensagens route calls it before storing a non-private
 * mensagem): reply window, canal capabilities, inactive/removed canais.
 */
describe('canais: política de envio (POLITICA_DE_ENVIO)', () => {
  let t: TestApp;
  // Outbound jobs of the route test go to local fakes, never to the real providers.
  let graph: FakeGraphApi;
  let telegram: FakeTelegramApi;
  let politica: PoliticaDeEnvio;
  let admin: string;
  let empresaId: string;
  let whatsappId: string;
  let telegramId: string;
  let canalOutraEmpresa: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  function ticket(canalId: string | null, ultimaMensagemClienteEm: Date | null): Ticket {
    return Object.assign(new Ticket(), { id: crypto.randomUUID(), empresaId, canalId, ultimaMensagemClienteEm });
  }

  function verificar(input: { ticket: Ticket; tipo: string; templateNome?: string | null }): Promise<void> {
    return RequestContext.runForEmpresa(empresaId, () => politica.verificar(input));
  }

  async function recusa(promessa: Promise<void>): Promise<AppException & { details: Record<string, unknown> }> {
    try {
      await promessa;
    } catch (error) {
      expect(error).toBeInstanceOf(AppException);
      expect((error as HttpException).getStatus()).toBe(422);
      return error as AppException & { details: Record<string, unknown> };
    }
    throw new Error('a política deveria ter recusado o envio');
  }

  async function sqlLinhas<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const tx = t.app.get(TransactionHost);
    return tx.run(() => tx.query<T>(query, params));
  }

  async function sql(query: string, params: unknown[] = []): Promise<void> {
    await sqlLinhas(query, params);
  }

  async function criarCanal(token: string, body: Record<string, unknown>): Promise<string> {
    const response = await t.http().post('/api/atendimento/canais').set(auth(token)).send(body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    telegram = await FakeTelegramApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: graph.baseUrl, TELEGRAM_API_URL: telegram.baseUrl } });
    politica = t.app.get<PoliticaDeEnvio>(POLITICA_DE_ENVIO);
    admin = await t.login();
    empresaId = (await t.http().get('/api/auth/me').set(auth(admin))).body.usuario.empresaId as string;
    const whatsapp = {
      phoneNumberId: '1065',
      businessAccountId: '1022',
      accessToken: 'EAAG-token',
      appSecret: 'segredo',
      verifyToken: 'verificar',
    };
    whatsappId = await criarCanal(admin, { tipo: 'whatsapp', nome: 'WhatsApp', configuracao: whatsapp });
    telegramId = await criarCanal(admin, {
      tipo: 'telegram',
      nome: 'Telegram',
      configuracao: { botToken: '7000000001:AAH-fake-telegram-token_0123456789' },
    });
    const template = `INSERT INTO atendimento_templates (empresa_id, canal_id, nome, conteudo, idioma, whatsapp_nome, whatsapp_status, ativo)
                      VALUES ($1, $2, $3, 'Olá', 'pt_BR', $3, $4, $5)`;
    await sql(template, [empresaId, whatsappId, 'boas_vindas', 'aprovado', true]);
    await sql(template, [empresaId, whatsappId, 'promocao', 'pendente', true]);
    await sql(template, [empresaId, whatsappId, 'antigo', 'aprovado', false]);
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    const outra = await t.login('admin@outra.test', 'senha-outra-123');
    canalOutraEmpresa = await criarCanal(outra, {
      tipo: 'whatsapp',
      nome: 'WA Outra',
      configuracao: { ...whatsapp, phoneNumberId: '2077' },
    });
  });

  afterAll(async () => {
    await t.close();
    await graph.close();
    await telegram.close();
  });

  it('WhatsApp inside the 24 h window: text, media, location, reaction and local templates go', async () => {
    const aberto = ticket(whatsappId, new Date(Date.now() - 23 * HORA));
    for (const tipo of ['texto', 'imagem', 'audio', 'video', 'documento', 'sticker', 'localizacao', 'reacao', 'template']) {
      await expect(verificar({ ticket: aberto, tipo })).resolves.toBeUndefined();
    }
  });

  it('WhatsApp outside the window: free-form content is refused with JANELA_FECHADA (422)', async () => {
    const fechado = ticket(whatsappId, new Date(Date.now() - 25 * HORA));
    const erro = await recusa(verificar({ ticket: fechado, tipo: 'texto' }));
    expect(erro.code).toBe('JANELA_FECHADA');
    expect(erro.message).toBe('A janela de 24 horas do WhatsApp fechou: envie um template aprovado.');
    expect(erro.details).toMatchObject({
      janelaHoras: 24,
      canalId: whatsappId,
      ultimaMensagemClienteEm: fechado.ultimaMensagemClienteEm?.toISOString(),
    });
    expect((await recusa(verificar({ ticket: fechado, tipo: 'imagem' }))).code).toBe('JANELA_FECHADA');
    // A template without a provider name is a local text template: the window applies too.
    expect((await recusa(verificar({ ticket: fechado, tipo: 'template', templateNome: null }))).code).toBe('JANELA_FECHADA');

    const nunca = await recusa(verificar({ ticket: ticket(whatsappId, null), tipo: 'texto' }));
    expect(nunca.code).toBe('JANELA_FECHADA');
    expect(nunca.message).toMatch(/ainda não escreveu.*envie um template aprovado/);
  });

  it('approved provider templates go outside the window; pending, inactive or unknown ones are refused', async () => {
    const fechado = ticket(whatsappId, new Date(Date.now() - 72 * HORA));
    await expect(verificar({ ticket: fechado, tipo: 'template', templateNome: 'boas_vindas' })).resolves.toBeUndefined();
    await expect(
      verificar({ ticket: ticket(whatsappId, null), tipo: 'template', templateNome: 'boas_vindas' }),
    ).resolves.toBeUndefined();
    for (const nome of ['promocao', 'antigo', 'nao_existe']) {
      const erro = await recusa(verificar({ ticket: fechado, tipo: 'template', templateNome: nome }));
      expect(erro.code).toBe('CANAL_TEMPLATE_NAO_APROVADO');
      expect(erro.message).toMatch(new RegExp(`"${nome}" não está aprovado.*sincronize os templates`));
    }
    // Another canal's templates do not count.
    const doTelegram = await recusa(
      verificar({ ticket: ticket(telegramId, null), tipo: 'template', templateNome: 'boas_vindas' }),
    );
    expect(doTelegram.code).toBe('CANAL_CONTEUDO_NAO_SUPORTADO');
  });

  it('Telegram has no reply window; it sends text even to an old conversation', async () => {
    await expect(verificar({ ticket: ticket(telegramId, null), tipo: 'texto' })).resolves.toBeUndefined();
    await expect(
      verificar({ ticket: ticket(telegramId, new Date(Date.now() - 30 * 24 * HORA)), tipo: 'documento' }),
    ).resolves.toBeUndefined();
  });

  it('is enforced by POST /tickets/:id/mensagens: 422 outside the window, private notes and open windows go', async () => {
    const [contato] = await sqlLinhas<{ id: string }>(
      `INSERT INTO atendimento_contatos (empresa_id, nome, telefone) VALUES ($1, 'Cliente', '+5511987654321') RETURNING id`,
      [empresaId],
    );
    const [ticketRow] = await sqlLinhas<{ id: string }>(
      `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, canal_id, status, ultima_mensagem_cliente_em)
       VALUES ($1, 9001, $2, $3, 'em_atendimento', now() - interval '25 hours') RETURNING id`,
      [empresaId, contato.id, whatsappId],
    );
    const url = `/api/atendimento/tickets/${ticketRow.id}/mensagens`;
    const fechada = await t.http().post(url).set(auth(admin)).send({ conteudo: 'Olá, ainda precisa de ajuda?' });
    expect(fechada.status).toBe(422);
    expect(fechada.body).toMatchObject({
      code: 'JANELA_FECHADA',
      message: 'A janela de 24 horas do WhatsApp fechou: envie um template aprovado.',
    });
    const nota = await t.http().post(url).set(auth(admin)).send({ conteudo: 'Cliente sumiu', privada: true });
    expect(nota.status).toBe(201);

    await sql(`UPDATE atendimento_tickets SET ultima_mensagem_cliente_em = now() - interval '1 hour' WHERE id = $1`, [
      ticketRow.id,
    ]);
    const aberta = await t.http().post(url).set(auth(admin)).send({ conteudo: 'Claro, vou verificar.' });
    expect(aberta.status).toBe(201);
  });

  it('refuses content types that cannot be sent to a customer', async () => {
    const aberto = ticket(whatsappId, new Date());
    for (const tipo of ['contato', 'interativa', 'sistema', 'desconhecido', 'fax']) {
      const erro = await recusa(verificar({ ticket: aberto, tipo }));
      expect(erro.code).toBe('CANAL_CONTEUDO_NAO_SUPORTADO');
      expect(erro.message).toMatch(new RegExp(`"${tipo}" não podem ser enviadas`));
    }
  });

  it('refuses when the ticket has no canal, or its canal is inactive, removed or from another empresa', async () => {
    const semCanal = await recusa(verificar({ ticket: ticket(null, new Date()), tipo: 'texto' }));
    expect(semCanal.code).toBe('CANAL_INATIVO');

    const alheio = await recusa(verificar({ ticket: ticket(canalOutraEmpresa, new Date()), tipo: 'texto' }));
    expect(alheio.code).toBe('CANAL_INATIVO');
    expect(alheio.message).not.toContain('WA Outra');

    await t.http().patch(`/api/atendimento/canais/${telegramId}`).set(auth(admin)).send({ ativo: false });
    const inativo = await recusa(verificar({ ticket: ticket(telegramId, new Date()), tipo: 'texto' }));
    expect(inativo.code).toBe('CANAL_INATIVO');
    expect(inativo.message).toMatch(/"Telegram" deste ticket está desativado: reative-o/);

    await t.http().delete(`/api/atendimento/canais/${whatsappId}`).set(auth(admin));
    const removido = await recusa(verificar({ ticket: ticket(whatsappId, new Date()), tipo: 'texto' }));
    expect(removido.code).toBe('CANAL_INATIVO');
    expect(removido.message).toMatch(/removido/);
  });
});
