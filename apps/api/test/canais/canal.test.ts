import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import type { Canal } from '../../src/canais/canal.entity.js';
import { CanalService } from '../../src/canais/canal.service.js';
import { CredenciaisCipher } from '../../src/common/crypto/credenciais-cipher.js';
import { RequestContext } from '../../src/common/request-context.js';
import { Secrets } from '../../src/config/secrets.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { FakeGraphApi, type FakeTemplate } from '../support/fake-graph-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://atende.example.test';

const TEMPLATES: FakeTemplate[] = [
  {
    id: '1001',
    name: 'boas_vindas',
    language: 'pt_BR',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Olá {{1}}, tudo bem?' }],
  },
  {
    id: '1002',
    name: 'promocao',
    language: 'pt_BR',
    status: 'PENDING',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Oferta!' }],
  },
  {
    id: '1003',
    name: 'pedido_enviado',
    language: 'en_US',
    status: 'REJECTED',
    components: [{ type: 'BODY', text: 'Order {{1}} shipped' }],
  },
];

describe('canais', () => {
  let t: TestApp;
  let graph: FakeGraphApi;
  let telegram: FakeTelegramApi;
  let admin: string;
  let atendente: string;
  let outraAdmin: string;
  let empresaId: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Every secret a response must never show in clear. */
  const segredos = () => [graph.accessToken, 'test_app_secret', telegram.botToken];

  function semSegredos(body: unknown): void {
    const texto = JSON.stringify(body);
    for (const segredo of segredos()) expect(texto).not.toContain(segredo);
  }

  async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const tx = t.app.get(TransactionHost);
    return tx.run(() => tx.query<T>(query, params));
  }

  async function criarWhatsApp(token = admin, overrides: Record<string, string> = {}) {
    return t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(token))
      .send({ tipo: 'whatsapp', nome: 'WhatsApp Vendas', configuracao: { ...graph.credentials(), ...overrides } });
  }

  async function removerTodos(): Promise<void> {
    await sql(`UPDATE atendimento_canais SET removido_em = now(), ativo = false WHERE removido_em IS NULL`);
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start({ templates: TEMPLATES, templatePageSize: 2 });
    telegram = await FakeTelegramApi.start();
    t = await createTestApp({
      env: { WHATSAPP_API_URL: graph.baseUrl, TELEGRAM_API_URL: telegram.baseUrl, ATENDE_PUBLIC_URL: PUBLIC_URL },
    });
    admin = await t.login();
    empresaId = (await t.http().get('/api/auth/me').set(auth(admin))).body.usuario.empresaId as string;
    await t
      .http()
      .post('/api/usuarios')
      .set(auth(admin))
      .send({ nome: 'Ana', email: 'ana@demo.test', senha: 'senha-segura-123', papel: 'atendente' });
    atendente = await t.login('ana@demo.test', 'senha-segura-123');
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outraAdmin = await t.login('admin@outra.test', 'senha-outra-123');
  });

  beforeEach(async () => {
    graph.reset();
    telegram.reset();
    await removerTodos();
  });

  afterAll(async () => {
    await t.close();
    await graph.close();
    await telegram.close();
  });

  it('creates a WhatsApp canal: credentials encrypted at rest, masked in the response, webhook URL and verify token shown once', async () => {
    const response = await criarWhatsApp();
    expect(response.status).toBe(201);
    semSegredos(response.body);
    expect(response.body).toMatchObject({
      tipo: 'whatsapp',
      provedor: null,
      nome: 'WhatsApp Vendas',
      status: 'pendente',
      ativo: true,
      chaveRoteamento: graph.phoneNumberId,
      configuracao: {
        phoneNumberId: graph.phoneNumberId,
        businessAccountId: graph.businessAccountId,
        accessToken: `••••${graph.accessToken.slice(-4)}`,
        appSecret: '••••cret',
        verifyToken: '••••oken',
      },
      webhook: { url: `${PUBLIC_URL}/api/atendimento/webhooks/whatsapp`, verifyToken: 'my-verify-token' },
      ultimoEventoEm: null,
      ultimoErro: null,
    });

    const [linha] = await sql<{
      credenciais_cifradas: string;
      configuracao: Record<string, unknown>;
      token_verificacao_hash: string;
    }>(`SELECT credenciais_cifradas, configuracao, token_verificacao_hash FROM atendimento_canais WHERE id = $1`, [
      response.body.id,
    ]);
    expect(linha.credenciais_cifradas).toMatch(/^v1\./);
    for (const segredo of [...segredos(), 'my-verify-token']) {
      expect(linha.credenciais_cifradas).not.toContain(segredo);
      expect(JSON.stringify(linha.configuracao)).not.toContain(segredo);
    }
    expect(linha.configuracao).toEqual({ phoneNumberId: graph.phoneNumberId, businessAccountId: graph.businessAccountId });
    expect(linha.token_verificacao_hash).toBe(createHash('sha256').update('my-verify-token').digest('hex'));

    // Read back: list and get stay masked, and the verify token is masked from now on.
    const lido = await t.http().get(`/api/atendimento/canais/${response.body.id}`).set(auth(admin));
    expect(lido.status).toBe(200);
    semSegredos(lido.body);
    expect(JSON.stringify(lido.body)).not.toContain('my-verify-token');
    expect(lido.body.webhook).toEqual({ url: `${PUBLIC_URL}/api/atendimento/webhooks/whatsapp`, verifyToken: '••••oken' });
    const lista = await t.http().get('/api/atendimento/canais').set(auth(admin));
    expect(lista.status).toBe(200);
    expect(lista.body.items.map((c: { id: string }) => c.id)).toEqual([response.body.id]);
    expect(lista.body.nextCursor).toBeNull();
    semSegredos(lista.body);
    expect(JSON.stringify(lista.body)).not.toContain('my-verify-token');
  });

  it('refuses a second canal with the same phoneNumberId (409), in any empresa, until the first is removed', async () => {
    const primeiro = await criarWhatsApp();
    expect(primeiro.status).toBe(201);
    const segundo = await criarWhatsApp();
    expect(segundo.status).toBe(409);
    expect(segundo.body.code).toBe('CANAL_CHAVE_ROTEAMENTO_EM_USO');
    expect(segundo.body.message).toMatch(new RegExp(graph.phoneNumberId));
    const outraEmpresa = await criarWhatsApp(outraAdmin);
    expect(outraEmpresa.status).toBe(409);
    semSegredos(outraEmpresa.body);

    expect((await t.http().delete(`/api/atendimento/canais/${primeiro.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/canais/${primeiro.body.id}`).set(auth(admin))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/canais').set(auth(admin))).body.items).toEqual([]);
    const [removido] = await sql<{ removido_em: Date | null; ativo: boolean }>(
      `SELECT removido_em, ativo FROM atendimento_canais WHERE id = $1`,
      [primeiro.body.id],
    );
    expect(removido.removido_em).not.toBeNull();
    expect(removido.ativo).toBe(false);
    // The routing key is free again.
    expect((await criarWhatsApp()).status).toBe(201);
  });

  it('answers 400 naming the field for bad bodies and configuracao, and for unsupported kinds', async () => {
    const semToken = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({
        tipo: 'whatsapp',
        nome: 'X',
        configuracao: { ...graph.credentials(), accessToken: undefined, phoneNumberId: 'abc' },
      });
    expect(semToken.status).toBe(400);
    expect(semToken.body.code).toBe('CANAL_CREDENCIAIS_INVALIDAS');
    expect(semToken.body.campos).toEqual(['configuracao.phoneNumberId', 'configuracao.accessToken']);
    expect(semToken.body.message).toMatch(/configuracao\.accessToken: accessToken é obrigatório/);
    expect(semToken.body.message).toMatch(/configuracao\.phoneNumberId: phoneNumberId deve conter apenas dígitos/);

    const corpo = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({ tipo: 'fax', nome: '', configuracao: 'x' });
    expect(corpo.status).toBe(400);
    expect(corpo.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['configuracao', 'nome', 'tipo']);
    expect(corpo.body.message).toMatch(/tipo deve ser um de: whatsapp, telegram/);

    // Every kind has an adapter now; the WebChat's configuration names its missing allowed origins.
    const semOrigens = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({ tipo: 'webchat', nome: 'Chat do site', configuracao: {} });
    expect(semOrigens.status).toBe(400);
    expect(semOrigens.body).toMatchObject({ code: 'CANAL_CREDENCIAIS_INVALIDAS', campo: 'configuracao.origensPermitidas' });

    const fila = await t.http().post('/api/atendimento/canais').set(auth(admin)).send({
      tipo: 'whatsapp',
      nome: 'Com fila',
      configuracao: graph.credentials(),
      filaPadraoId: crypto.randomUUID(),
    });
    expect(fila.status).toBe(422);
    expect(fila.body).toMatchObject({ code: 'CANAL_REFERENCIA_INVALIDA', campo: 'filaPadraoId' });

    const menu = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({
        tipo: 'whatsapp',
        nome: 'Com menu',
        configuracao: graph.credentials(),
        menu: {
          texto: 'Escolha',
          opcoes: [
            { chave: '1', rotulo: 'A', filaId: crypto.randomUUID() },
            { chave: '1', rotulo: 'B', filaId: 'x' },
          ],
        },
      });
    expect(menu.status).toBe(400);
    expect(menu.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['menu.opcoes.1.chave', 'menu.opcoes.1.filaId']);
    expect((await t.http().get('/api/atendimento/canais?tipo=pombo').set(auth(admin))).status).toBe(400);
    const idRuim = await t.http().get('/api/atendimento/canais/123/status').set(auth(admin));
    expect(idRuim.status).toBe(400);
    expect(idRuim.body).toMatchObject({ code: 'CANAL_ID_INVALIDO', campo: 'id' });
  });

  it('PATCH: masked secrets sent back keep the stored value; new ones replace it; fila, menu and flags change', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const canais = t.app.get(CanalService);
    const credenciais = async () =>
      RequestContext.runForEmpresa(empresaId, async () => {
        const canal = (await canais.buscarPorId(id)) as Canal;
        return canais.credenciais<Record<string, string>>(canal);
      });

    const mascarado = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ nome: 'Renomeado', configuracao: criado.body.configuracao });
    expect(mascarado.status).toBe(200);
    semSegredos(mascarado.body);
    expect(mascarado.body).toMatchObject({ nome: 'Renomeado', configuracao: criado.body.configuracao });
    expect(await credenciais()).toEqual(graph.credentials());

    const errado = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ configuracao: { accessToken: '••••zzzz' } });
    expect(errado.status).toBe(400);
    expect(errado.body.campo).toBe('configuracao.accessToken');

    const novo = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ configuracao: { accessToken: 'EAAG-novo-token-9876' } });
    expect(novo.status).toBe(200);
    expect(JSON.stringify(novo.body)).not.toContain('EAAG-novo-token-9876');
    expect(novo.body.configuracao.accessToken).toBe('••••9876');
    expect(novo.body.status).toBe('pendente');
    expect(await credenciais()).toEqual({ ...graph.credentials(), accessToken: 'EAAG-novo-token-9876' });
    const [linha] = await sql<{ credenciais_cifradas: string }>(
      `SELECT credenciais_cifradas FROM atendimento_canais WHERE id = $1`,
      [id],
    );
    expect(linha.credenciais_cifradas).not.toContain('EAAG-novo-token-9876');

    const invalida = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ configuracao: { businessAccountId: '' } });
    expect(invalida.status).toBe(400);
    expect(invalida.body.campo).toBe('configuracao.businessAccountId');

    const fila = await t
      .http()
      .post('/api/atendimento/filas')
      .set(auth(admin))
      .send({ nome: `Fila ${id.slice(0, 8)}` });
    const menu = {
      texto: 'Digite 1 para vendas',
      opcoes: [{ chave: '1', rotulo: 'Vendas', filaId: fila.body.id }],
      textoOpcaoInvalida: 'Opção inválida',
    };
    const filaMenu = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ filaPadraoId: fila.body.id, menu, ativo: false, limiteEnviosPorSegundo: 20 });
    expect(filaMenu.status).toBe(200);
    expect(filaMenu.body).toMatchObject({ filaPadraoId: fila.body.id, menu, ativo: false, limiteEnviosPorSegundo: 20 });

    const filaAlheia = await t.http().post('/api/atendimento/filas').set(auth(outraAdmin)).send({ nome: 'Alheia' });
    const cruzada = await t
      .http()
      .patch(`/api/atendimento/canais/${id}`)
      .set(auth(admin))
      .send({ menu: { texto: 'x', opcoes: [{ chave: '1', rotulo: 'x', filaId: filaAlheia.body.id }] } });
    expect(cruzada.status).toBe(422);
    expect(cruzada.body.campo).toBe('menu.opcoes.0.filaId');
    expect((await t.http().patch(`/api/atendimento/canais/${id}`).set(auth(admin)).send({})).status).toBe(400);
  });

  it('GET /status checks the token with the Graph API: ok → conectado; error 190 → token expirado with what to do', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const ok = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      canalId: id,
      ok: true,
      codigo: 'ok',
      status: 'conectado',
      detalhes: { displayPhoneNumber: '+1 555-078-3881', verifiedName: 'Acme Support', businessAccountName: 'Acme WABA' },
      ultimoErro: null,
      webhook: { url: `${PUBLIC_URL}/api/atendimento/webhooks/whatsapp` },
    });
    expect(ok.body.verificadoEm).not.toBeNull();
    expect(graph.requests.every((r) => r.headers.authorization === `Bearer ${graph.accessToken}`)).toBe(true);
    semSegredos(ok.body);

    graph.failNext('token_expired_190');
    const expirado = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(expirado.status).toBe(200);
    expect(expirado.body).toMatchObject({ ok: false, codigo: 'token_expirado', status: 'erro', erroProvedor: { code: '190' } });
    expect(expirado.body.mensagem).toMatch(/expirado/);
    expect(expirado.body.acao).toMatch(/Gere um novo token de acesso/);
    expect(expirado.body.ultimoErro).toMatchObject({ codigo: '190' });
    semSegredos(expirado.body);
    const lido = await t.http().get(`/api/atendimento/canais/${id}`).set(auth(admin));
    expect(lido.body).toMatchObject({ status: 'erro', ultimoErro: { codigo: '190' } });

    // Fixed: the next check clears the error it wrote.
    const denovo = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(denovo.body).toMatchObject({ ok: true, status: 'conectado', ultimoErro: null });

    // The webhook pipeline's own records show up on the status.
    const canais = t.app.get(CanalService);
    const em = new Date('2030-01-02T03:04:05.000Z');
    await canais.registrarEvento(id, em);
    await canais.registrarErro(id, { codigo: '130429', mensagem: 'Rate limit hit', em });
    const comEvento = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(comEvento.body).toMatchObject({
      ok: true,
      ultimoEventoEm: em.toISOString(),
      ultimoErro: { codigo: '130429', mensagem: 'Rate limit hit' },
    });
    await canais.registrarErro(id, null);
    expect((await t.http().get(`/api/atendimento/canais/${id}`).set(auth(admin))).body.ultimoErro).toBeNull();
  });

  it('POST /sincronizar pulls every WhatsApp template page into atendimento_templates', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const response = await t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(admin));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      canalId: id,
      templates: { total: 3, criados: 3, atualizados: 0, removidos: 0 },
      webhook: null,
    });
    expect(graph.requests.filter((r) => r.path === `/${graph.businessAccountId}/message_templates`)).toHaveLength(2);
    const linhas = await sql<{ whatsapp_nome: string; idioma: string; whatsapp_status: string; ativo: boolean }>(
      `SELECT whatsapp_nome, idioma, whatsapp_status, ativo FROM atendimento_templates WHERE canal_id = $1 ORDER BY whatsapp_nome`,
      [id],
    );
    expect(linhas).toEqual([
      { whatsapp_nome: 'boas_vindas', idioma: 'pt_BR', whatsapp_status: 'aprovado', ativo: true },
      { whatsapp_nome: 'pedido_enviado', idioma: 'en_US', whatsapp_status: 'rejeitado', ativo: true },
      { whatsapp_nome: 'promocao', idioma: 'pt_BR', whatsapp_status: 'pendente', ativo: true },
    ]);

    const antes = graph.templates;
    graph.templates = [{ ...TEMPLATES[0] }, { ...TEMPLATES[1], status: 'APPROVED' }];
    try {
      const segunda = await t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(admin));
      expect(segunda.status).toBe(200);
      expect(segunda.body.templates).toMatchObject({ total: 2, criados: 0, removidos: 1 });
      const depois = await sql<{ whatsapp_nome: string; whatsapp_status: string; ativo: boolean }>(
        `SELECT whatsapp_nome, whatsapp_status, ativo FROM atendimento_templates WHERE canal_id = $1 ORDER BY whatsapp_nome`,
        [id],
      );
      expect(depois).toEqual([
        { whatsapp_nome: 'boas_vindas', whatsapp_status: 'aprovado', ativo: true },
        { whatsapp_nome: 'pedido_enviado', whatsapp_status: 'rejeitado', ativo: false },
        { whatsapp_nome: 'promocao', whatsapp_status: 'aprovado', ativo: true },
      ]);
    } finally {
      graph.templates = antes;
    }

    graph.failNext('token_expired_190');
    const falha = await t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(admin));
    expect(falha.status).toBe(422);
    expect(falha.body).toMatchObject({ code: 'CANAL_PROVEDOR_RECUSOU', codigoProvedor: '190', categoria: 'autenticacao' });
    semSegredos(falha.body);
  });

  it('POST /testar-mensagem sends through the Graph API, and maps provider errors (131009 → 422, 5xx → 502)', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const ok = await t
      .http()
      .post(`/api/atendimento/canais/${id}/testar-mensagem`)
      .set(auth(admin))
      .send({ para: '5511987654321', texto: 'Teste do Atende' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      enviada: true,
      externalId: expect.stringMatching(/^wamid\./),
      destinatarioId: '5511987654321',
    });
    expect(graph.sentMessages()).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '5511987654321',
        type: 'text',
        text: { body: 'Teste do Atende', preview_url: false },
      },
    ]);

    graph.failNext('invalid_param_value_131009');
    const recusada = await t
      .http()
      .post(`/api/atendimento/canais/${id}/testar-mensagem`)
      .set(auth(admin))
      .send({ para: '5511987654321', texto: 'Oi' });
    expect(recusada.status).toBe(422);
    expect(recusada.body).toMatchObject({ code: 'CANAL_PROVEDOR_RECUSOU', codigoProvedor: '131009', transitorio: false });
    expect(recusada.body.message).toMatch(/131009/);

    graph.failNext('server_error_500');
    const fora = await t
      .http()
      .post(`/api/atendimento/canais/${id}/testar-mensagem`)
      .set(auth(admin))
      .send({ para: '5511987654321', texto: 'Oi' });
    expect(fora.status).toBe(502);
    expect(fora.body).toMatchObject({ code: 'CANAL_PROVEDOR_ERRO', transitorio: true });

    const semPara = await t.http().post(`/api/atendimento/canais/${id}/testar-mensagem`).set(auth(admin)).send({ texto: 'Oi' });
    expect(semPara.status).toBe(400);
    expect(semPara.body.issues[0].path).toBe('para');
  });

  it('Telegram: creates with botToken, sincronizar registers the webhook with a secret stored encrypted', async () => {
    const criado = await t
      .http()
      .post('/api/atendimento/canais')
      .set(auth(admin))
      .send({ tipo: 'telegram', nome: 'Bot', configuracao: { botToken: telegram.botToken } });
    expect(criado.status).toBe(201);
    semSegredos(criado.body);
    const id = criado.body.id as string;
    expect(criado.body).toMatchObject({
      chaveRoteamento: String(telegram.botId),
      configuracao: { botToken: `••••${telegram.botToken.slice(-4)}` },
      webhook: { url: `${PUBLIC_URL}/api/atendimento/webhooks/telegram/${id}` },
    });
    expect(criado.body.webhook.verifyToken).toBeUndefined();

    const sync = await t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(admin));
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({
      canalId: id,
      templates: null,
      webhook: { url: `${PUBLIC_URL}/api/atendimento/webhooks/telegram/${id}`, registrado: true },
    });
    expect(telegram.webhook.url).toBe(`${PUBLIC_URL}/api/atendimento/webhooks/telegram/${id}`);
    const segredo = telegram.webhook.secretToken as string;
    expect(segredo).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const lido = await t.http().get(`/api/atendimento/canais/${id}`).set(auth(admin));
    expect(JSON.stringify(lido.body)).not.toContain(segredo);
    expect(lido.body.configuracao.webhookSecret).toBe(`••••${segredo.slice(-4)}`);
    const [linha] = await sql<{ credenciais_cifradas: string }>(
      `SELECT credenciais_cifradas FROM atendimento_canais WHERE id = $1`,
      [id],
    );
    expect(linha.credenciais_cifradas).not.toContain(segredo);
    const canais = t.app.get(CanalService);
    const canal = (await RequestContext.runForEmpresa(empresaId, () => canais.buscarPorId(id))) as Canal;
    expect(canais.credenciais(canal)).toEqual({ botToken: telegram.botToken, webhookSecret: segredo });

    const status = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(status.body).toMatchObject({
      ok: true,
      status: 'conectado',
      detalhes: { botUsername: 'acme_support_bot', webhookConfigured: true },
    });
  });

  it('serves the webhook pipeline: cross-tenant lookups by routing key and kind, scoped lookup by id', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const canais = t.app.get(CanalService);
    // Outside any empresa context, as a webhook arrives.
    const porChave = await canais.buscarAtivoPorChaveRoteamento('whatsapp', graph.phoneNumberId);
    expect(porChave?.id).toBe(id);
    expect(porChave?.empresaId).toBe(empresaId);
    expect(canais.credenciais(porChave as Canal)).toEqual(graph.credentials());
    expect((await canais.listarAtivosPorTipo('whatsapp')).map((c) => c.id)).toEqual([id]);
    expect(await canais.buscarAtivoPorChaveRoteamento('whatsapp', '999')).toBeNull();
    expect(await canais.buscarAtivoPorChaveRoteamento('telegram', graph.phoneNumberId)).toBeNull();

    // Tenant-scoped by id: the other empresa cannot load it.
    const outraEmpresaId = (await t.http().get('/api/auth/me').set(auth(outraAdmin))).body.usuario.empresaId as string;
    expect(await RequestContext.runForEmpresa(outraEmpresaId, () => canais.buscarPorId(id))).toBeNull();
    expect((await RequestContext.runForEmpresa(empresaId, () => canais.buscarPorId(id)))?.id).toBe(id);

    // Inactive canais receive nothing.
    await t.http().patch(`/api/atendimento/canais/${id}`).set(auth(admin)).send({ ativo: false });
    expect(await canais.buscarAtivoPorChaveRoteamento('whatsapp', graph.phoneNumberId)).toBeNull();
    expect(await canais.listarAtivosPorTipo('whatsapp')).toEqual([]);

    // registrarEvento moves forward only and at most every few seconds.
    const t0 = new Date('2031-05-05T10:00:00.000Z');
    await canais.registrarEvento(id, t0);
    await canais.registrarEvento(id, new Date(t0.getTime() + 1_000));
    await canais.registrarEvento(id, new Date(t0.getTime() - 60_000));
    const [linha] = await sql<{ ultimo_evento_em: Date }>(`SELECT ultimo_evento_em FROM atendimento_canais WHERE id = $1`, [id]);
    expect(new Date(linha.ultimo_evento_em).toISOString()).toBe(t0.toISOString());
  });

  it('unreadable credentials (another ATENDE_SECRET_KEY) are a clear 409, never a leak', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    // As if ATENDE_SECRET_KEY had changed since the canal was saved.
    const outraChave = new CredenciaisCipher(Secrets.fromString('outra-chave-secreta-com-mais-de-32-caracteres'));
    await sql(`UPDATE atendimento_canais SET credenciais_cifradas = $2 WHERE id = $1`, [
      id,
      outraChave.encrypt(graph.credentials(), id),
    ]);
    const status = await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin));
    expect(status.status).toBe(409);
    expect(status.body.code).toBe('CANAL_CREDENCIAIS_ILEGIVEIS');
    expect(status.body.message).toMatch(/ATENDE_SECRET_KEY/);
    const lido = await t.http().get(`/api/atendimento/canais/${id}`).set(auth(admin));
    expect(lido.status).toBe(200);
    expect(lido.body.configuracao.accessToken).toBeUndefined();
    // Re-entering the secrets fixes it.
    const { phoneNumberId: _p, businessAccountId: _b, ...segredosNovos } = graph.credentials();
    const conserto = await t.http().patch(`/api/atendimento/canais/${id}`).set(auth(admin)).send({ configuracao: segredosNovos });
    expect(conserto.status).toBe(200);
    expect((await t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(admin))).body.ok).toBe(true);
  });

  it('only admins manage canais: atendente and supervisor → 403 on every route', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    await t
      .http()
      .post('/api/usuarios')
      .set(auth(admin))
      .send({ nome: 'Sol', email: 'sol@demo.test', senha: 'senha-segura-123', papel: 'supervisor' });
    const supervisor = await t.login('sol@demo.test', 'senha-segura-123');
    for (const token of [atendente, supervisor]) {
      const respostas = await Promise.all([
        t.http().get('/api/atendimento/canais').set(auth(token)),
        t.http().get(`/api/atendimento/canais/${id}`).set(auth(token)),
        t
          .http()
          .post('/api/atendimento/canais')
          .set(auth(token))
          .send({ tipo: 'whatsapp', nome: 'x', configuracao: graph.credentials() }),
        t.http().patch(`/api/atendimento/canais/${id}`).set(auth(token)).send({ nome: 'x' }),
        t.http().delete(`/api/atendimento/canais/${id}`).set(auth(token)),
        t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(token)),
        t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(token)),
        t
          .http()
          .post(`/api/atendimento/canais/${id}/testar-mensagem`)
          .set(auth(token))
          .send({ para: '5511999999999', texto: 'x' }),
      ]);
      for (const response of respostas) {
        expect(response.status).toBe(403);
        semSegredos(response.body);
      }
    }
    expect(graph.requests).toEqual([]);
  });

  it('isolates tenants: every canal route with another empresa token answers 404, calls no provider, changes nothing', async () => {
    const criado = await criarWhatsApp();
    const id = criado.body.id as string;
    const rotas: [string, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
      ['GET /canais/:id', () => t.http().get(`/api/atendimento/canais/${id}`).set(auth(outraAdmin))],
      [
        'PATCH /canais/:id',
        () => t.http().patch(`/api/atendimento/canais/${id}`).set(auth(outraAdmin)).send({ nome: 'Roubado', ativo: false }),
      ],
      ['DELETE /canais/:id', () => t.http().delete(`/api/atendimento/canais/${id}`).set(auth(outraAdmin))],
      ['GET /canais/:id/status', () => t.http().get(`/api/atendimento/canais/${id}/status`).set(auth(outraAdmin))],
      ['POST /canais/:id/sincronizar', () => t.http().post(`/api/atendimento/canais/${id}/sincronizar`).set(auth(outraAdmin))],
      [
        'POST /canais/:id/testar-mensagem',
        () =>
          t
            .http()
            .post(`/api/atendimento/canais/${id}/testar-mensagem`)
            .set(auth(outraAdmin))
            .send({ para: '5511999999999', texto: 'x' }),
      ],
    ];
    for (const [rota, chamar] of rotas) {
      const response = await chamar();
      expect({ rota, status: response.status, code: response.body.code }).toEqual({
        rota,
        status: 404,
        code: 'CANAL_NAO_ENCONTRADO',
      });
      expect(JSON.stringify(response.body)).not.toContain('WhatsApp Vendas');
      semSegredos(response.body);
    }
    expect(graph.requests).toEqual([]);
    expect((await t.http().get('/api/atendimento/canais').set(auth(outraAdmin))).body.items).toEqual([]);
    const intacto = await t.http().get(`/api/atendimento/canais/${id}`).set(auth(admin));
    expect(intacto.body).toMatchObject({ nome: 'WhatsApp Vendas', ativo: true });
  });

  it('lists with keyset pagination by name (case and accents included)', async () => {
    const nomes = ['bot b', 'Ágata', 'Bot C', 'zeta', 'Érica', 'Bot A'];
    const bots: string[] = [];
    for (let i = 0; i < nomes.length; i++) {
      const token = `70000000${10 + i}:AAH-fake-telegram-token_${String(i).padStart(10, '0')}`;
      const response = await t
        .http()
        .post('/api/atendimento/canais')
        .set(auth(admin))
        .send({ tipo: 'telegram', nome: nomes[i], configuracao: { botToken: token } });
      expect(response.status).toBe(201);
      bots.push(response.body.id as string);
    }
    const vistos: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t
        .http()
        .get(`/api/atendimento/canais?limite=2&tipo=telegram${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth(admin));
      expect(page.status).toBe(200);
      vistos.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null && vistos.length < 20);
    const inteira = await t.http().get('/api/atendimento/canais?limite=100&tipo=telegram').set(auth(admin));
    expect(vistos).toEqual(inteira.body.items.map((c: { id: string }) => c.id));
    expect([...vistos].sort()).toEqual([...bots].sort());
    const ordem = inteira.body.items.map((c: { nome: string }) => c.nome);
    expect(ordem.indexOf('Bot A')).toBeLessThan(ordem.indexOf('bot b'));
    expect(ordem.indexOf('bot b')).toBeLessThan(ordem.indexOf('Bot C'));
    expect((await t.http().get('/api/atendimento/canais?tipo=whatsapp').set(auth(admin))).body.items).toEqual([]);
  });
});

describe('canais without ATENDE_PUBLIC_URL', () => {
  it('shows the webhook URL from the request origin', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.login();
      const response = await t
        .http()
        .post('/api/atendimento/canais')
        .set({ Authorization: `Bearer ${admin}`, Host: 'atende.local:8080' })
        .send({
          tipo: 'whatsapp',
          nome: 'WA',
          configuracao: {
            phoneNumberId: '1',
            businessAccountId: '2',
            accessToken: 'tok-123456',
            appSecret: 'sec-123456',
            verifyToken: 'ver-123456',
          },
        });
      expect(response.status).toBe(201);
      expect(response.body.webhook).toEqual({
        url: 'http://atende.local:8080/api/atendimento/webhooks/whatsapp',
        verifyToken: 'ver-123456',
      });
    } finally {
      await t.close();
    }
  });
});
