import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EnviadorDeMensagens } from '../../src/canais/outbound/enviador-de-mensagens.service.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aguardar, aguardarStatusDaMensagem, clienteEscreve, criarCanalWhatsApp, sql } from './inbound-helpers.js';

/**
 * The shared outbound pipeline against the fake Graph API: transient provider errors retry (with the
 * queue's backoff, or the provider's Retry-After) and then succeed; permanent ones end as `falhou` with the
 * provider's code; the per-canal token bucket spaces a burst.
 */

interface Envio {
  status: string;
  provedor_codigo: string | null;
  tentativa: number;
  criado_em: Date;
}

describe('outbound pipeline', () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  let token: string;
  let canal: { id: string; empresaId: string };
  let sequencia = 0;

  /** A fresh customer who just wrote (window open) and an agent reply to them; returns the mensagem id. */
  async function responder(texto = 'Resposta do atendente'): Promise<{ mensagemId: string; cliente: string }> {
    sequencia += 1;
    const cliente = `55119876${String(sequencia).padStart(5, '0')}`;
    const ticketId = await clienteEscreve(t, cliente, `wamid.SAIDA-CLIENTE-${sequencia}`);
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: texto });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return { mensagemId: resposta.body.id as string, cliente };
  }

  async function envios(mensagemId: string): Promise<Envio[]> {
    return sql<Envio>(
      t,
      'SELECT status, provedor_codigo, tentativa, criado_em FROM atendimento_envios WHERE mensagem_id = $1 ORDER BY criado_em, tentativa',
      [mensagemId],
    );
  }

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: fake.baseUrl } });
    token = await t.login();
    canal = await criarCanalWhatsApp(t, token, fake);
  }, 120_000);

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('retries a 130429 rate-limit error, then delivers', async () => {
    fake.failNext('rate_limit_130429', { match: `POST /${fake.phoneNumberId}/messages` });
    const { mensagemId } = await responder();
    const enviada = await aguardarStatusDaMensagem(t, mensagemId, 'enviada');
    expect(enviada.external_id).toMatch(/^wamid\./);
    expect(fake.sentMessages()).toHaveLength(2);
    expect((await envios(mensagemId)).map((e) => [e.status, e.provedor_codigo])).toEqual([
      ['erro_transitorio', '130429'],
      ['sucesso', null],
    ]);
  });

  it('retries 5xx answers and dropped connections, then delivers', async () => {
    fake.failNext('server_error_500', { match: `POST /${fake.phoneNumberId}/messages` });
    fake.failNext('bad_gateway_502', { match: `POST /${fake.phoneNumberId}/messages` });
    fake.failNext('network_drop', { match: `POST /${fake.phoneNumberId}/messages` });
    const { mensagemId } = await responder();
    await aguardarStatusDaMensagem(t, mensagemId, 'enviada', 45_000);
    const registros = await envios(mensagemId);
    expect(registros.map((e) => e.status)).toEqual(['erro_transitorio', 'erro_transitorio', 'erro_transitorio', 'sucesso']);
    expect(registros.map((e) => e.provedor_codigo).slice(0, 2)).toEqual(['1', '502']);
    expect(registros.map((e) => e.tentativa)).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it('waits as long as the provider asks (Retry-After) before trying again', async () => {
    fake.failNext(
      { status: 429, body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } } },
      {
        match: `POST /${fake.phoneNumberId}/messages`,
        headers: { 'retry-after': '3' },
      },
    );
    const { mensagemId } = await responder();
    await aguardarStatusDaMensagem(t, mensagemId, 'enviada');
    const [falha, sucesso] = await envios(mensagemId);
    expect(falha.status).toBe('erro_transitorio');
    expect(sucesso.status).toBe('sucesso');
    expect(new Date(sucesso.criado_em).getTime() - new Date(falha.criado_em).getTime()).toBeGreaterThanOrEqual(2_900);
  });

  it.each([
    ['invalid_param_value_131009', '131009'],
    ['invalid_parameter_100', '100'],
  ] as const)('ends a permanent %s error as falhou with the provider code, without retrying', async (falha, codigo) => {
    fake.failNext(falha, { match: `POST /${fake.phoneNumberId}/messages` });
    const { mensagemId } = await responder();
    const falhou = await aguardarStatusDaMensagem(t, mensagemId, 'falhou');
    expect(falhou.erro_codigo).toBe(codigo);
    expect(falhou.erro_mensagem).toMatch(/\w/);
    expect(fake.sentMessages()).toHaveLength(1);
    expect((await envios(mensagemId)).map((e) => e.status)).toEqual(['erro_permanente']);
    const api = await t
      .http()
      .get(
        `/api/atendimento/tickets/${(await sql<{ ticket_id: string }>(t, 'SELECT ticket_id FROM atendimento_mensagens WHERE id = $1', [mensagemId]))[0].ticket_id}/mensagens`,
      )
      .set('Authorization', `Bearer ${token}`);
    const dto = (api.body.items as { id: string; status: string; erro: { codigo: string } | null }[]).find(
      (m) => m.id === mensagemId,
    );
    expect(dto).toMatchObject({ status: 'falhou', erro: { codigo } });
  });

  it('fails on an expired token and shows it on the canal status', async () => {
    fake.failNext('token_expired_190', { match: `POST /${fake.phoneNumberId}/messages` });
    const { mensagemId } = await responder();
    expect((await aguardarStatusDaMensagem(t, mensagemId, 'falhou')).erro_codigo).toBe('190');
    const detalhe = await t.http().get(`/api/atendimento/canais/${canal.id}`).set('Authorization', `Bearer ${token}`);
    expect(detalhe.body.ultimoErro).toMatchObject({ codigo: '190' });
  });

  it('marks a transient failure falhou on the last attempt, with the provider code', async () => {
    fake.failNext('rate_limit_130429', { match: `POST /${fake.phoneNumberId}/messages`, times: 1_000 });
    const { mensagemId } = await responder();
    await aguardar('primeira tentativa', async () => (await envios(mensagemId)).length >= 1);
    // The queue's last attempt, run now instead of after minutes of backoff.
    await t.app.get(EnviadorDeMensagens).enviar({ empresaId: canal.empresaId, mensagemId }, 9, true);
    const falhou = await aguardarStatusDaMensagem(t, mensagemId, 'falhou');
    expect(falhou.erro_codigo).toBe('130429');
    fake.reset();
  });

  it('spaces a burst by the canal token bucket', async () => {
    const atualizar = await t
      .http()
      .patch(`/api/atendimento/canais/${canal.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ limiteEnviosPorSegundo: 4 });
    expect(atualizar.status).toBe(200);
    try {
      sequencia += 1;
      const cliente = `55119876${String(sequencia).padStart(5, '0')}`;
      const ticketId = await clienteEscreve(t, cliente, `wamid.RAJADA-${sequencia}`);
      // Let the bucket refill from the replies above.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      fake.reset();
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const resposta = await t
          .http()
          .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
          .set('Authorization', `Bearer ${token}`)
          .send({ conteudo: `rajada ${i}` });
        expect(resposta.status).toBe(201);
        ids.push(resposta.body.id as string);
      }
      for (const id of ids) await aguardarStatusDaMensagem(t, id, 'enviada', 30_000);
      const horarios = (
        await sql<{ criado_em: Date }>(
          t,
          `SELECT criado_em FROM atendimento_envios WHERE mensagem_id = ANY($1) AND status = 'sucesso' ORDER BY criado_em`,
          [ids],
        )
      ).map((linha) => new Date(linha.criado_em).getTime());
      expect(horarios).toHaveLength(10);
      // 4 at once (one second of tokens), then one every 250 ms: the last goes out 1.5 s after the first.
      expect(horarios[9] - horarios[0]).toBeGreaterThanOrEqual(1_300);
      expect(fake.sentMessages()).toHaveLength(10);
    } finally {
      await t
        .http()
        .patch(`/api/atendimento/canais/${canal.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ limiteEnviosPorSegundo: null });
    }
  }, 60_000);

  it('never sends an internal note', async () => {
    sequencia += 1;
    const ticketId = await clienteEscreve(t, `55119876${String(sequencia).padStart(5, '0')}`, `wamid.NOTA-${sequencia}`);
    fake.reset();
    const nota = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: 'cliente pediu desconto', privada: true });
    expect(nota.status).toBe(201);
    await t.app.get(EnviadorDeMensagens).enviar({ empresaId: canal.empresaId, mensagemId: nota.body.id as string }, 1, false);
    expect(fake.sentMessages()).toEqual([]);
    expect(await envios(nota.body.id as string)).toEqual([]);
  });
});
