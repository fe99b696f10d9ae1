import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio, type EventoDominio } from '../../src/eventos/eventos-dominio.js';
import { consultar, criarMensagem, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi } from './fake-llm-api.js';

describe('IA: sugestões de resposta e resumo sob demanda', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let ticketId: string;
  let artigoId: string;
  const fake = new FakeLlmApi();
  const eventos: EventoDominio[] = [];
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  beforeAll(async () => {
    await fake.iniciar();
    t = await createTestApp({ env: { ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '1' } });
    ({ admin, outra } = await sessoesPadrao(t));
    t.app.get(EventosDominio).assinar((evento) => {
      eventos.push(evento);
    });
    const contatoId = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Maria' })).body
      .id as string;
    const [artigo] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, $2, $3) RETURNING id`,
      [admin.empresaId, 'Política de trocas', 'A troca de tamanho é gratuita em até 30 dias após o recebimento, com a etiqueta.'],
    );
    artigoId = artigo!.id;
    await consultar(
      t,
      `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, 'Horário', 'Atendemos de segunda a sexta.')`,
      [admin.empresaId],
    );
    // A resolved ticket where an agent already answered a similar question.
    const antigo = await criarTicket(t, admin.empresaId, contatoId, { status: 'resolvido' });
    await consultar(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, direcao, status, conteudo, remetente_usuario_id)
       VALUES ($1, $2, 'enviada', 'enviada', 'Para a troca de tamanho, envie o pedido pelos Correios com o código reverso.', $3)`,
      [admin.empresaId, antigo.id, admin.usuarioId],
    );
    ticketId = (await criarTicket(t, admin.empresaId, contatoId)).id;
    await criarMensagem(t, admin.empresaId, ticketId, contatoId, 'Oi, comprei o tamanho errado. Como faço a troca do tamanho?');
  });

  afterAll(async () => {
    await t.close();
    await fake.parar();
  });

  it('drafts replies from the KB article and past answers, citing them (local provider)', async () => {
    const r = await t.http().get(`/api/atendimento/tickets/${ticketId}/sugestoes`).set(auth(admin));
    expect(r.status).toBe(200);
    expect(r.body.provedor).toBe('local');
    const sugestoes = r.body.sugestoes as { texto: string; fontes: string[] }[];
    expect(sugestoes.length).toBeGreaterThanOrEqual(2);
    expect(sugestoes.length).toBeLessThanOrEqual(3);
    expect(sugestoes[0]).toEqual({ texto: expect.stringContaining('30 dias'), fontes: [`artigo:${artigoId}`] });
    expect(sugestoes.some((s) => s.texto.includes('código reverso') && s.fontes[0]!.startsWith('ticket:'))).toBe(true);
    expect(sugestoes.some((s) => s.texto.includes('segunda a sexta'))).toBe(false);
  });

  it('with an LLM: grounded drafts; sources it did not get are dropped', async () => {
    await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ provedor: 'openai', baseUrl: `${fake.url}/v1`, chave: 'sk-teste-0000' });
    fake.conteudo = { sugestoes: [{ texto: 'Pode trocar em até 30 dias!', fontes: [`artigo:${artigoId}`, 'artigo:inventado'] }] };
    const r = await t.http().get(`/api/atendimento/tickets/${ticketId}/sugestoes`).set(auth(admin));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      provedor: 'openai',
      sugestoes: [{ texto: 'Pode trocar em até 30 dias!', fontes: [`artigo:${artigoId}`] }],
      citacoes: [{ id: `artigo:${artigoId}`, titulo: 'Política de trocas' }],
    });
    const enviado = JSON.stringify(fake.pedidos.at(-1)!.body);
    expect(enviado).toContain('Política de trocas');
    expect(enviado).toContain('tamanho errado');
    await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ provedor: 'local' });
  });

  it('gives no draft when nothing in the KB or history matches', async () => {
    const contatoId = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'João' })).body
      .id as string;
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    await criarMensagem(t, admin.empresaId, id, contatoId, 'Vocês vendem geladeira?');
    const r = await t.http().get(`/api/atendimento/tickets/${id}/sugestoes`).set(auth(admin));
    expect(r.body).toEqual({ sugestoes: [], provedor: 'local', citacoes: [] });
  });

  it('summarises on demand, stores the summary on the ticket and tells the screens', async () => {
    const r = await t.http().post(`/api/atendimento/tickets/${ticketId}/resumo`).set(auth(admin));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ provedor: 'local', resumo: expect.stringContaining('Cliente: ') });
    expect(r.body.resumo).toContain('troca');
    const [linha] = await consultar<{ resumo: string; resumo_em: Date }>(
      t,
      `SELECT resumo, resumo_em FROM atendimento_tickets WHERE id = $1`,
      [ticketId],
    );
    expect(linha!.resumo).toBe(r.body.resumo);
    expect(linha!.resumo_em).not.toBeNull();
    expect(eventos.some((e) => e.tipo === 'ticket.atualizado' && e.ticketId === ticketId && e.mudancas.includes('resumo'))).toBe(
      true,
    );
  });

  it("404 for another empresa's ticket, 400 for a bad id, 409 when the feature is off", async () => {
    expect((await t.http().get(`/api/atendimento/tickets/${ticketId}/sugestoes`).set(auth(outra))).status).toBe(404);
    expect((await t.http().post(`/api/atendimento/tickets/${ticketId}/resumo`).set(auth(outra))).status).toBe(404);
    const ruim = await t.http().get('/api/atendimento/tickets/nao-e-uuid/sugestoes').set(auth(admin));
    expect(ruim.status).toBe(400);
    expect(ruim.body).toMatchObject({ code: 'IA_ID_INVALIDO', message: expect.stringContaining('id') });
    expect((await t.http().post('/api/atendimento/tickets/nao-e-uuid/resumo').set(auth(admin))).status).toBe(400);
    await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ recursos: { resumo: false } });
    const desligado = await t.http().post(`/api/atendimento/tickets/${ticketId}/resumo`).set(auth(admin));
    expect(desligado.status).toBe(409);
    expect(desligado.body.code).toBe('IA_RECURSO_DESLIGADO');
  });
});
