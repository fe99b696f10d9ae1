import type { IaSugestoesDto } from '@atende/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio, type EventoDominio } from '../../src/eventos/eventos-dominio.js';
import { consultar, criarMensagem, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { aguardar } from '../canais/inbound-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi, vetorDeConceitos } from './fake-llm-api.js';

describe('IA: sugestões de resposta e resumo sob demanda', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let ticketId: string;
  let artigoId: string;
  let antigo: { id: string; numero: number };
  let contatoId: string;
  const fake = new FakeLlmApi();
  const eventos: EventoDominio[] = [];
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  /** Through the API, as admins do: the article is chunked by the indexing job, which we wait for. */
  async function criarArtigo(titulo: string, conteudo: string): Promise<string> {
    const r = await t.http().post('/api/atendimento/artigos').set(auth(admin)).send({ titulo, conteudo });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    await aguardar(`artigo "${titulo}" indexado`, async () => {
      const [linha] = await consultar<{ indexacao_status: string }>(
        t,
        `SELECT indexacao_status FROM atendimento_artigos WHERE id = $1`,
        [id],
      );
      return linha?.indexacao_status === 'indexado';
    });
    return id;
  }

  const chunks = async (coluna: 'artigo_id' | 'ticket_id', id: string) =>
    (await consultar<{ n: number }>(t, `SELECT count(*)::int AS n FROM atendimento_chunks WHERE ${coluna} = $1`, [id]))[0]!.n;

  /** A ticket whose agent already answered the customer, resolved through the API and indexed by the job. */
  async function ticketResolvido(pergunta: string, resposta: string): Promise<{ id: string; numero: number }> {
    const ticket = await criarTicket(t, admin.empresaId, contatoId);
    await criarMensagem(t, admin.empresaId, ticket.id, contatoId, pergunta);
    await consultar(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, direcao, status, conteudo, remetente_usuario_id)
       VALUES ($1, $2, 'enviada', 'enviada', $3, $4)`,
      [admin.empresaId, ticket.id, resposta, admin.usuarioId],
    );
    expect((await t.http().post(`/api/atendimento/tickets/${ticket.id}/resolver`).set(auth(admin)).send({})).status).toBe(200);
    await aguardar('ticket resolvido indexado', async () => (await chunks('ticket_id', ticket.id)) > 0);
    return ticket;
  }

  async function perguntar(texto: string): Promise<string> {
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    await criarMensagem(t, admin.empresaId, id, contatoId, texto);
    return id;
  }

  async function sugestoes(id: string): Promise<IaSugestoesDto> {
    const r = await t.http().get(`/api/atendimento/tickets/${id}/sugestoes`).set(auth(admin));
    expect(r.status).toBe(200);
    return r.body as IaSugestoesDto;
  }

  beforeAll(async () => {
    await fake.iniciar();
    t = await createTestApp({ env: { ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '1' } });
    ({ admin, outra } = await sessoesPadrao(t));
    t.app.get(EventosDominio).assinar((evento) => {
      eventos.push(evento);
    });
    contatoId = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Maria' })).body.id as string;
    artigoId = await criarArtigo(
      'Política de trocas',
      'A troca de tamanho é gratuita em até 30 dias após o recebimento, com a etiqueta.',
    );
    await criarArtigo('Horário', 'Atendemos de segunda a sexta.');
    // A resolved ticket where an agent already answered a similar question.
    antigo = await ticketResolvido(
      'Posso trocar o tamanho?',
      'Para a troca de tamanho, envie o pedido pelos Correios com o código reverso.',
    );
    ticketId = await perguntar('Oi, comprei o tamanho errado. Como faço a troca do tamanho?');
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
    // From the resolved ticket's indexed conversation, only what the agent answered is quoted.
    expect(sugestoes).toContainEqual({
      texto: 'Para a troca de tamanho, envie o pedido pelos Correios com o código reverso.',
      fontes: [`ticket:${antigo.numero}`],
    });
    expect(sugestoes.some((s) => s.texto.includes('segunda a sexta'))).toBe(false);
    expect(r.body.citacoes).toEqual([
      { id: `artigo:${artigoId}`, titulo: 'Política de trocas' },
      { id: `ticket:${antigo.numero}`, titulo: `Ticket #${antigo.numero}` },
    ]);
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

  it('a published article the indexer has not reached yet is matched on its own text', async () => {
    // Written straight to the table: no indexing job, no chunks (as for an article saved a moment ago).
    const [garantia] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, 'Garantia', $2) RETURNING id`,
      [admin.empresaId, 'A garantia dos produtos é de 90 dias contra defeito de fabricação.'],
    );
    expect(await chunks('artigo_id', garantia!.id)).toBe(0);
    const r = await sugestoes(await perguntar('Qual é a garantia?'));
    expect(r.sugestoes).toEqual([{ texto: expect.stringContaining('90 dias'), fontes: [`artigo:${garantia!.id}`] }]);
  });

  it('never grounds on an unpublished article, even while its chunks are still there', async () => {
    const cupom = await criarArtigo('Cupom', 'O cupom BEMVINDO dá 10% de desconto na primeira compra.');
    const pergunta = await perguntar('Tem cupom de desconto?');
    expect((await sugestoes(pergunta)).citacoes).toEqual([{ id: `artigo:${cupom}`, titulo: 'Cupom' }]);
    // Unpublished behind the indexer's back: its chunks stay until a job removes them.
    await consultar(t, `UPDATE atendimento_artigos SET publicado = false WHERE id = $1`, [cupom]);
    expect(await chunks('artigo_id', cupom)).toBe(1);
    expect(await sugestoes(pergunta)).toEqual({ sugestoes: [], provedor: 'local', citacoes: [] });
  });

  it('similar resolved tickets never include the ticket itself, nor one that is no longer resolved', async () => {
    const extravio = await ticketResolvido(
      'A transportadora perdeu minha encomenda',
      'Abrimos o chamado de extravio e reenviamos o pedido.',
    );
    const outro = await perguntar('Minha encomenda sumiu na transportadora');
    expect(await sugestoes(outro)).toEqual({
      provedor: 'local',
      sugestoes: [{ texto: 'Abrimos o chamado de extravio e reenviamos o pedido.', fontes: [`ticket:${extravio.numero}`] }],
      citacoes: [{ id: `ticket:${extravio.numero}`, titulo: `Ticket #${extravio.numero}` }],
    });
    // The resolved ticket's own conversation matches its question best, and is left out.
    expect(await sugestoes(extravio.id)).toEqual({ sugestoes: [], provedor: 'local', citacoes: [] });
    await consultar(t, `UPDATE atendimento_tickets SET status = 'aberto' WHERE id = $1`, [extravio.id]);
    expect(await sugestoes(outro)).toEqual({ sugestoes: [], provedor: 'local', citacoes: [] });
  });

  it('with embeddings, cites an article only the vector ranking finds (no word in common)', async () => {
    fake.vetorDe = vetorDeConceitos;
    const config = await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({
        provedor: 'openai',
        baseUrl: `${fake.url}/v1`,
        chave: 'sk-teste-0000',
        provedorEmbeddings: 'openai',
        modeloEmbeddings: 'emb-teste',
      });
    expect(config.status).toBe(200);
    try {
      const estornos = await criarArtigo('Estornos', 'O estorno cai na fatura do cartão em até duas faturas.');
      const [chunk] = await consultar<{ embedding_modelo: string | null }>(
        t,
        `SELECT embedding_modelo FROM atendimento_chunks WHERE artigo_id = $1`,
        [estornos],
      );
      expect(chunk?.embedding_modelo).toBe('emb-teste');
      const pergunta = await perguntar('Preciso do dinheiro de volta');
      fake.conteudo = { sugestoes: [{ texto: 'O estorno aparece em até duas faturas.', fontes: [`artigo:${estornos}`] }] };
      expect(await sugestoes(pergunta)).toEqual({
        provedor: 'openai',
        sugestoes: [{ texto: 'O estorno aparece em até duas faturas.', fontes: [`artigo:${estornos}`] }],
        citacoes: [{ id: `artigo:${estornos}`, titulo: 'Estornos' }],
      });
      // The question was embedded, and the model was given the passage to ground on.
      expect(
        fake.pedidos.some((p) => p.caminho === '/v1/embeddings' && JSON.stringify(p.body).includes('dinheiro de volta')),
      ).toBe(true);
      const chat = fake.pedidos.filter((p) => p.caminho === '/v1/chat/completions').at(-1);
      expect(JSON.stringify(chat?.body)).toContain('O estorno cai na fatura do cartão');

      // Full text alone (the local provider) has nothing to ground the same question on.
      await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ provedor: 'local' }).expect(200);
      expect(await sugestoes(pergunta)).toEqual({ sugestoes: [], provedor: 'local', citacoes: [] });
    } finally {
      fake.conteudo = {};
      await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ provedor: 'local' });
    }
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
