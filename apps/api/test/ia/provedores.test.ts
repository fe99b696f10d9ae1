import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestContext } from '../../src/common/request-context.js';
import { IaExecutor } from '../../src/ia/ia-executor.service.js';
import { TAREFA_RESUMO, TAREFA_SENTIMENTO } from '../../src/ia/tarefas.js';
import { consultar, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi } from './fake-llm-api.js';

interface LogLinha {
  recurso: string;
  provedor: string;
  modelo: string | null;
  resultado: string;
  tentativa: number;
  tokens_entrada: number;
  tokens_saida: number;
  custo_estimado: string;
  latencia_ms: number | null;
  ticket_id: string | null;
}

describe('IA: provedores, novas tentativas, fallback, logs, LGPD e orçamento', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  let ticketId: string;
  const fake = new FakeLlmApi();
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });
  const executor = () => t.app.get(IaExecutor);
  const comoDemo = <T>(fn: () => Promise<T>) => RequestContext.runForEmpresa(admin.empresaId, fn);
  const logs = () =>
    consultar<LogLinha>(t, `SELECT * FROM atendimento_ia_logs WHERE empresa_id = $1 ORDER BY criado_em, tentativa`, [
      admin.empresaId,
    ]);
  const configurar = async (corpo: Record<string, unknown>) => {
    const r = await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send(corpo);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Record<string, unknown>;
  };
  const sentimento = { score: -0.9, rotulo: 'negativo', confianca: 0.9 };

  beforeAll(async () => {
    await fake.iniciar();
    t = await createTestApp({
      env: { ATENDE_IA_TIMEOUT: '1500ms', ATENDE_IA_TENTATIVAS: '3', ATENDE_IA_ESPERA_MAXIMA: '1500ms' },
    });
    ({ admin, outra, atendente } = await sessoesPadrao(t));
    const contato = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente IA' });
    ticketId = (await criarTicket(t, admin.empresaId, contato.body.id as string)).id;
  });

  afterAll(async () => {
    await t.close();
    await fake.parar();
  });

  beforeEach(async () => {
    fake.pedidos.length = 0;
    fake.fila.length = 0;
    fake.conteudo = sentimento;
    await consultar(t, `DELETE FROM atendimento_ia_logs`, []);
  });

  describe('configuração', () => {
    it('starts on the local provider, masks the key and keeps it encrypted', async () => {
      const inicial = await t.http().get('/api/atendimento/ia/config').set(auth(admin));
      expect(inicial.status).toBe(200);
      expect(inicial.body).toMatchObject({ provedor: 'local', chave: null, redacaoLgpd: true, autoRespostaModo: 'desligado' });
      expect((inicial.body.intencoes as { nome: string }[]).map((i) => i.nome)).toEqual([
        'comprar',
        'cancelar',
        'reclamar',
        'suporte',
        'financeiro',
        'falar_com_humano',
      ]);

      const salvo = await configurar({ provedor: 'openai', chave: 'sk-teste-segredo-1234', modelo: 'gpt-4o-mini' });
      expect(salvo).toMatchObject({ provedor: 'openai', chave: '••••1234', modelo: 'gpt-4o-mini' });
      const [linha] = await consultar<{ chave_cifrada: string }>(
        t,
        `SELECT chave_cifrada FROM atendimento_ia_configs WHERE empresa_id = $1`,
        [admin.empresaId],
      );
      expect(linha!.chave_cifrada).toMatch(/^v1\./);
      expect(linha!.chave_cifrada).not.toContain('segredo');
      // Changing another field keeps the key.
      expect(await configurar({ limiarConfianca: 0.5 })).toMatchObject({ chave: '••••1234', limiarConfianca: 0.5 });
    });

    it('rejects bad input with the field named, and an external provider without a key', async () => {
      const ruim = await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ limiarConfianca: 2 });
      expect(ruim.status).toBe(400);
      expect(JSON.stringify(ruim.body)).toContain('limiarConfianca');
      const vazio = await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({});
      expect(vazio.status).toBe(400);
      const provedor = await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ provedor: 'gemini' });
      expect(provedor.status).toBe(400);
      expect(provedor.body.message).toContain('provedor');
      const semChave = await t
        .http()
        .put('/api/atendimento/ia/config')
        .set(auth(admin))
        .send({ provedor: 'anthropic', chave: null });
      expect(semChave.status).toBe(400);
      expect(semChave.body.code).toBe('IA_CHAVE_OBRIGATORIA');
    });

    it('stores a custom intent list and goes back to the defaults with null', async () => {
      const intencoes = [{ nome: 'agendar', exemplos: ['quero marcar uma consulta'] }];
      expect(await configurar({ intencoes })).toMatchObject({ intencoes });
      expect((await t.http().get('/api/atendimento/ia/config').set(auth(admin))).body.intencoes).toEqual(intencoes);
      const repetida = await t
        .http()
        .put('/api/atendimento/ia/config')
        .set(auth(admin))
        .send({ intencoes: [...intencoes, ...intencoes] });
      expect(repetida.status).toBe(400);
      const padrao = (await configurar({ intencoes: null })).intencoes as { nome: string }[];
      expect(padrao).toHaveLength(6);
    });

    it('is admin-only and per empresa', async () => {
      expect((await t.http().get('/api/atendimento/ia/config').set(auth(atendente))).status).toBe(403);
      expect((await t.http().put('/api/atendimento/ia/config').set(auth(atendente)).send({ limiarConfianca: 0.1 })).status).toBe(
        403,
      );
      const daOutra = await t.http().get('/api/atendimento/ia/config').set(auth(outra));
      expect(daOutra.status).toBe(200);
      expect(daOutra.body).toMatchObject({ provedor: 'local', chave: null });
    });
  });

  describe('OpenAI (chat completions com response_format json_schema)', () => {
    beforeAll(async () => {
      await configurar({
        provedor: 'openai',
        baseUrl: `${fake.url}/v1`,
        chave: 'sk-teste-segredo-1234',
        modelo: 'gpt-4o-mini',
        orcamentoMensalTokens: null,
        redacaoLgpd: true,
      });
    });

    it('answers, sends the real wire format and logs tokens, cost, latency and ticket', async () => {
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'péssimo, nada chegou' }, { ticketId }));
      expect(r).toMatchObject({ provedor: 'openai', fallback: false, saida: sentimento });
      const pedido = fake.pedidos[0]!;
      expect(pedido.caminho).toBe('/v1/chat/completions');
      expect(pedido.headers.authorization).toBe('Bearer sk-teste-segredo-1234');
      expect(pedido.body).toMatchObject({
        model: 'gpt-4o-mini',
        response_format: { type: 'json_schema', json_schema: { name: 'sentimento', strict: true } },
      });
      const [log] = await logs();
      expect(log).toMatchObject({
        recurso: 'sentimento',
        provedor: 'openai',
        resultado: 'sucesso',
        tokens_entrada: 100,
        tokens_saida: 20,
        ticket_id: ticketId,
      });
      expect(Number(log!.custo_estimado)).toBeCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, 8);
      expect(log!.latencia_ms).toBeGreaterThanOrEqual(0);
    });

    it('redacts CPF, e-mail, phone and card before sending and restores them in the answer', async () => {
      fake.conteudo = { resumo: 'Cliente [CPF_1] ([EMAIL_1]) pediu retorno no [TELEFONE_1].' };
      const texto = 'Meu CPF é 123.456.789-09, e-mail ana.souza@exemplo.com.br, cel (11) 98765-4321, cartão 4111 1111 1111 1111';
      const r = await comoDemo(() => executor().executar(TAREFA_RESUMO, { turnos: [{ autor: 'cliente', texto }] }, { ticketId }));
      const enviado = JSON.stringify(fake.pedidos[0]!.body);
      for (const dado of ['123.456.789-09', 'ana.souza@exemplo.com.br', '98765-4321', '4111 1111 1111 1111'])
        expect(enviado).not.toContain(dado);
      expect(enviado).toContain('[CPF_1]');
      expect(enviado).toContain('[CARTAO_1]');
      expect(r.saida.resumo).toBe('Cliente 123.456.789-09 (ana.souza@exemplo.com.br) pediu retorno no (11) 98765-4321.');
    });

    it('malformed JSON: retries, then the local provider answers, every attempt logged', async () => {
      fake.fila.push({ tipo: 'malformado' }, { tipo: 'malformado' }, { tipo: 'ok', conteudo: { score: 7, rotulo: 'talvez' } });
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'não gostei nada, péssimo' }, { ticketId }));
      expect(r).toMatchObject({ provedor: 'local', fallback: true, saida: { rotulo: 'negativo' } });
      expect(fake.pedidos).toHaveLength(3);
      expect((await logs()).map((l) => [l.provedor, l.resultado, l.tentativa])).toEqual([
        ['openai', 'resposta_invalida', 1],
        ['openai', 'resposta_invalida', 2],
        ['openai', 'resposta_invalida', 3],
        ['local', 'fallback', 1],
      ]);
    });

    it('429 with retry-after: waits that long, then succeeds', async () => {
      fake.fila.push({ tipo: 'limite', retryAfter: '1' });
      const inicio = Date.now();
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'oi' }));
      expect(Date.now() - inicio).toBeGreaterThanOrEqual(950);
      expect(r).toMatchObject({ provedor: 'openai', fallback: false });
      expect((await logs()).map((l) => l.resultado)).toEqual(['limite_taxa', 'sucesso']);
    });

    it('429 asking for longer than we wait: falls back at once', async () => {
      fake.fila.push({ tipo: 'limite', retryAfter: '120' });
      const inicio = Date.now();
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'adorei!' }));
      expect(Date.now() - inicio).toBeLessThan(1000);
      expect(r).toMatchObject({ provedor: 'local', fallback: true, saida: { rotulo: 'positivo' } });
      expect((await logs()).map((l) => l.resultado)).toEqual(['limite_taxa', 'fallback']);
    });

    it('500s: retries with backoff, then falls back', async () => {
      fake.fila.push({ tipo: 'erro500' }, { tipo: 'erro500' }, { tipo: 'erro500' });
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'ok' }, { ticketId }));
      expect(r.fallback).toBe(true);
      expect(fake.pedidos).toHaveLength(3);
      expect((await logs()).map((l) => l.resultado)).toEqual(['erro', 'erro', 'erro', 'fallback']);
    });

    it('timeouts: each attempt is cut at the timeout, then falls back', async () => {
      fake.fila.push({ tipo: 'pendurar' }, { tipo: 'pendurar' }, { tipo: 'pendurar' });
      const inicio = Date.now();
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'ok' }));
      expect(Date.now() - inicio).toBeLessThan(12_000);
      expect(r.fallback).toBe(true);
      expect((await logs()).map((l) => l.resultado)).toEqual(['timeout', 'timeout', 'timeout', 'fallback']);
    });

    it('enforces the monthly token budget: over it, no call leaves and the local provider answers', async () => {
      await configurar({ orcamentoMensalTokens: 100 });
      await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'primeira' }));
      expect(fake.pedidos).toHaveLength(1);
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'amei o atendimento' }));
      expect(r).toMatchObject({ provedor: 'local', fallback: true, saida: { rotulo: 'positivo' } });
      expect(fake.pedidos).toHaveLength(1);
      expect((await logs()).map((l) => l.resultado)).toEqual(['sucesso', 'orcamento_excedido', 'fallback']);
      const config = await t.http().get('/api/atendimento/ia/config').set(auth(admin));
      expect(config.body.consumoMes.tokens).toBe(120);
      await configurar({ orcamentoMensalTokens: null });
    });
  });

  describe('Anthropic (Messages API com tool use)', () => {
    beforeAll(async () => {
      await configurar({ provedor: 'anthropic', baseUrl: fake.url, chave: 'sk-ant-teste-5678', modelo: 'claude-haiku-4-5' });
    });

    it('forces the tool, reads its input and logs tokens', async () => {
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'horrível' }, { ticketId }));
      expect(r).toMatchObject({ provedor: 'anthropic', fallback: false, saida: sentimento });
      const pedido = fake.pedidos[0]!;
      expect(pedido.caminho).toBe('/v1/messages');
      // This SDK version sends the key as a bearer token; older ones used x-api-key.
      expect([pedido.headers['x-api-key'], pedido.headers.authorization]).toContain(
        pedido.headers['x-api-key'] ? 'sk-ant-teste-5678' : 'Bearer sk-ant-teste-5678',
      );
      expect(pedido.headers['anthropic-version']).toBeDefined();
      expect(pedido.body).toMatchObject({
        model: 'claude-haiku-4-5',
        tool_choice: { type: 'tool', name: 'sentimento' },
        tools: [{ name: 'sentimento', input_schema: { type: 'object', required: ['score', 'rotulo', 'confianca'] } }],
      });
      const [log] = await logs();
      expect(log).toMatchObject({ provedor: 'anthropic', resultado: 'sucesso', tokens_entrada: 120, tokens_saida: 30 });
      expect(Number(log!.custo_estimado)).toBeGreaterThan(0);
    });

    it('a text block instead of the tool call is invalid; 500 and 429 are retried; then it succeeds', async () => {
      fake.fila.push({ tipo: 'malformado' }, { tipo: 'erro500' });
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'horrível' }));
      expect(r).toMatchObject({ provedor: 'anthropic', fallback: false });
      expect((await logs()).map((l) => l.resultado)).toEqual(['resposta_invalida', 'erro', 'sucesso']);
    });

    it('timeouts and 429s until the attempts run out: the local provider answers', async () => {
      fake.fila.push({ tipo: 'pendurar' }, { tipo: 'limite', retryAfter: '0' }, { tipo: 'erro500' });
      const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'muito obrigado, resolveu!' }));
      expect(r).toMatchObject({ provedor: 'local', fallback: true, saida: { rotulo: 'positivo' } });
      expect((await logs()).map((l) => l.resultado)).toEqual(['timeout', 'limite_taxa', 'erro', 'fallback']);
    });
  });

  it('the local provider is logged too, with no network', async () => {
    await configurar({ provedor: 'local' });
    const r = await comoDemo(() => executor().executar(TAREFA_SENTIMENTO, { texto: 'não funciona de novo' }, { ticketId }));
    expect(r).toMatchObject({ provedor: 'local', fallback: false, saida: { rotulo: 'negativo' } });
    expect(fake.pedidos).toHaveLength(0);
    expect(await logs()).toMatchObject([
      { provedor: 'local', resultado: 'sucesso', modelo: 'lexico-ptbr-en-v1', ticket_id: ticketId },
    ]);
  });
});
