import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultar, criarMensagem, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi } from './fake-llm-api.js';

interface Trecho {
  chunkId: string;
  fonte: string;
  artigoId: string | null;
  ticketId: string | null;
  titulo: string | null;
  texto: string;
  por: string[];
}

interface ChunkLinha {
  fonte: string;
  texto: string;
  embedding: number[] | null;
  embedding_modelo: string | null;
}

/** Concepts as axes, so that a question with no word in common with an article can still be near it. */
function vetorDeConceitos(texto: string): number[] {
  const t = texto.toLowerCase();
  return [
    /reembolso|estorno|dinheiro de volta/.test(t) ? 3 : 0,
    /entrega|frete|transportadora/.test(t) ? 3 : 0,
    1,
  ];
}

describe('IA: RAG (indexação em jobs, busca híbrida, reindexação com progresso)', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const fake = new FakeLlmApi();
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  async function esperar<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await fn();
      if (valor) return valor;
      if (Date.now() > limite) throw new Error('tempo esgotado esperando o job de indexação');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const chunksDoArtigo = (artigoId: string) =>
    consultar<ChunkLinha>(
      t,
      `SELECT fonte, texto, embedding, embedding_modelo FROM atendimento_chunks WHERE artigo_id = $1 ORDER BY ordem`,
      [artigoId],
    );
  const statusDoArtigo = async (artigoId: string) =>
    (await consultar<{ indexacao_status: string; indexacao_erro: string | null }>(
      t,
      `SELECT indexacao_status, indexacao_erro FROM atendimento_artigos WHERE id = $1`,
      [artigoId],
    ))[0];

  async function criarArtigo(s: Sessao, titulo: string, conteudo: string): Promise<string> {
    const r = await t.http().post('/api/atendimento/artigos').set(auth(s)).send({ titulo, conteudo });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    await esperar(async () => (await statusDoArtigo(id))?.indexacao_status === 'indexado');
    return id;
  }

  const buscar = async (s: Sessao, q: string) => {
    const r = await t.http().get('/api/atendimento/ia/trechos').query({ q, limite: 5 }).set(auth(s));
    expect(r.status).toBe(200);
    return r.body as Trecho[];
  };

  beforeAll(async () => {
    await fake.iniciar();
    fake.vetorDe = vetorDeConceitos;
    t = await createTestApp({ env: { ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '2', ATENDE_IA_ESPERA_MAXIMA: '100ms' } });
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(async () => {
    await t.close();
    await fake.parar();
  });

  it('without an embeddings provider, chunks articles by job and retrieves by full text alone, per empresa', async () => {
    const longo = Array.from({ length: 30 }, (_, i) => `Regra ${i}: o reembolso é feito no mesmo meio de pagamento.`).join(' ');
    const id = await criarArtigo(admin, 'Política de reembolso', `Pedimos reembolso em até 7 dias.\n\n${longo}`);
    const chunks = await chunksDoArtigo(id);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.embedding === null && c.embedding_modelo === null && c.texto.length <= 1200)).toBe(true);

    const trechos = await buscar(atendente, 'como peço meu REEMBOLSO?');
    expect(trechos[0]).toMatchObject({ fonte: 'artigo', artigoId: id, titulo: 'Política de reembolso', por: ['texto'] });
    // Accents and stems: "políticas" finds "Política".
    expect((await buscar(admin, 'politicas')).map((x) => x.artigoId)).toContain(id);
    // Another empresa sees nothing of it.
    expect(await buscar(outra, 'reembolso')).toEqual([]);
    // No external call was made.
    expect(fake.pedidos).toHaveLength(0);
  });

  it('answers 400 for a bad query and 401 without a token', async () => {
    const vazio = await t.http().get('/api/atendimento/ia/trechos').query({ q: ' ' }).set(auth(admin));
    expect(vazio.status).toBe(400);
    expect(vazio.body.message).toContain('q');
    const limite = await t.http().get('/api/atendimento/ia/trechos').query({ q: 'x', limite: 99 }).set(auth(admin));
    expect(limite.status).toBe(400);
    expect((await t.http().get('/api/atendimento/ia/trechos').query({ q: 'x' })).status).toBe(401);
  });

  it('removes the chunks of an unpublished article and of a deleted one', async () => {
    const id = await criarArtigo(admin, 'Cupom de desconto', 'O cupom BEMVINDO dá 10% na primeira compra.');
    expect(await chunksDoArtigo(id)).toHaveLength(1);
    await t.http().patch(`/api/atendimento/artigos/${id}`).set(auth(admin)).send({ publicado: false }).expect(200);
    await esperar(async () => (await chunksDoArtigo(id)).length === 0);
    await t.http().patch(`/api/atendimento/artigos/${id}`).set(auth(admin)).send({ publicado: true }).expect(200);
    await esperar(async () => (await chunksDoArtigo(id)).length === 1);
    await t.http().delete(`/api/atendimento/artigos/${id}`).set(auth(admin)).expect(204);
    expect(await chunksDoArtigo(id)).toHaveLength(0);
  });

  it('indexes a resolved ticket conversation (transcripts included) on resolve', async () => {
    const contato = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente RAG' })).body
      .id as string;
    const ticket = await criarTicket(t, admin.empresaId, contato);
    await criarMensagem(t, admin.empresaId, ticket.id, contato, 'A transportadora perdeu minha encomenda');
    await consultar(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, direcao, status, conteudo)
       VALUES ($1, $2, 'enviada', 'enviada', 'Abrimos o chamado de extravio e reenviamos o pedido.')`,
      [admin.empresaId, ticket.id],
    );
    expect((await t.http().post(`/api/atendimento/tickets/${ticket.id}/resolver`).set(auth(admin)).send({})).status).toBe(200);
    const chunks = await esperar(async () => {
      const linhas = await consultar<{ titulo: string; texto: string }>(
        t,
        `SELECT titulo, texto FROM atendimento_chunks WHERE ticket_id = $1`,
        [ticket.id],
      );
      return linhas.length > 0 ? linhas : null;
    });
    expect(chunks[0]!.titulo).toBe(`Ticket #${ticket.numero}`);
    expect(chunks[0]!.texto).toBe(
      'Cliente: A transportadora perdeu minha encomenda\n\nAtendente: Abrimos o chamado de extravio e reenviamos o pedido.',
    );
    const trechos = await buscar(admin, 'encomenda extraviada');
    expect(trechos.find((x) => x.fonte === 'ticket')).toMatchObject({ ticketId: ticket.id, por: ['texto'] });
  });

  it('with OpenAI-compatible embeddings, stores L2-normalised vectors and fuses cosine and full text (RRF)', async () => {
    const config = await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ provedor: 'openai', baseUrl: `${fake.url}/v1`, chave: 'sk-teste-rag1', provedorEmbeddings: 'openai', modeloEmbeddings: 'emb-teste' });
    expect(config.status).toBe(200);
    const reembolso = await criarArtigo(admin, 'Estornos', 'O estorno cai na fatura do cartão em até duas faturas.');
    const frete = await criarArtigo(admin, 'Frete', 'O frete é grátis acima de R$ 200 para todo o Brasil.');
    const [chunk] = await chunksDoArtigo(reembolso);
    expect(chunk!.embedding_modelo).toBe('emb-teste');
    const norma = Math.sqrt(chunk!.embedding!.reduce((s, x) => s + x * x, 0));
    expect(norma).toBeCloseTo(1, 5);
    expect(chunk!.embedding![0]).toBeCloseTo(3 / Math.sqrt(10), 5);
    const pedido = fake.pedidos.find((p) => p.caminho === '/v1/embeddings');
    expect(pedido?.body).toMatchObject({ model: 'emb-teste', input: ['Estornos\nO estorno cai na fatura do cartão em até duas faturas.'] });

    // No word in common with "Estornos": only the vector ranking can find it.
    const semPalavras = await buscar(admin, 'quero meu dinheiro de volta');
    expect(semPalavras[0]).toMatchObject({ artigoId: reembolso, por: ['vetor'] });
    // Both rankings agree on "frete": it comes first, found by both.
    const ambos = await buscar(admin, 'qual o valor do frete?');
    expect(ambos[0]).toMatchObject({ artigoId: frete, por: ['texto', 'vetor'] });
    const logs = await consultar<{ recurso: string; resultado: string }>(
      t,
      `SELECT recurso, resultado FROM atendimento_ia_logs WHERE empresa_id = $1 AND recurso = 'embeddings'`,
      [admin.empresaId],
    );
    expect(logs.length).toBeGreaterThanOrEqual(4);
    expect(logs.every((l) => l.resultado === 'sucesso')).toBe(true);
  });

  it('falls back to full text when the embeddings provider fails, and logs every attempt', async () => {
    fake.fila.push({ tipo: 'erro500' }, { tipo: 'erro500' });
    const trechos = await buscar(admin, 'frete grátis');
    expect(trechos.length).toBeGreaterThan(0);
    expect(trechos.every((x) => x.por.length === 1 && x.por[0] === 'texto')).toBe(true);
    const falhas = await consultar<{ resultado: string; tentativa: number }>(
      t,
      `SELECT resultado, tentativa FROM atendimento_ia_logs WHERE empresa_id = $1 AND recurso = 'embeddings' AND resultado <> 'sucesso'
        ORDER BY criado_em`,
      [admin.empresaId],
    );
    expect(falhas).toEqual([
      { resultado: 'erro', tentativa: 1 },
      { resultado: 'erro', tentativa: 2 },
    ]);

    // Indexing too: the article is written for full text, and says why it has no vectors.
    fake.fila.push({ tipo: 'erro500' }, { tipo: 'erro500' });
    const r = await t.http().post('/api/atendimento/artigos').set(auth(admin)).send({ titulo: 'Garantia', conteudo: 'Garantia de 90 dias.' });
    const status = await esperar(async () => {
      const s = await statusDoArtigo(r.body.id as string);
      return s?.indexacao_status === 'indexado' ? s : null;
    });
    expect(status.indexacao_erro).toContain('embeddings indisponíveis');
    expect((await chunksDoArtigo(r.body.id as string))[0]).toMatchObject({ embedding: null, embedding_modelo: null });
    // Found by its words alone (it has no vector to rank by).
    expect((await buscar(admin, 'garantia')).find((x) => x.artigoId === r.body.id)).toMatchObject({ por: ['texto'] });
  });

  it('re-indexes as a job with persisted progress; admin only; 404 for another empresa', async () => {
    expect((await t.http().post('/api/atendimento/ia/reindexar').set(auth(atendente))).status).toBe(403);
    const inicio = await t.http().post('/api/atendimento/ia/reindexar').set(auth(admin));
    expect(inicio.status).toBe(202);
    expect(inicio.body).toMatchObject({ status: 'pendente', feitos: 0, comEmbeddings: true });
    const id = inicio.body.id as string;
    const fim = await esperar(async () => {
      const r = await t.http().get(`/api/atendimento/ia/reindexar/${id}`).set(auth(admin));
      return r.body.status === 'concluida' ? (r.body as { total: number; feitos: number; falhas: number; percentual: number }) : null;
    });
    const [fontes] = await consultar<{ n: number }>(
      t,
      `SELECT ((SELECT count(*) FROM atendimento_artigos WHERE empresa_id = $1)
             + (SELECT count(*) FROM atendimento_tickets WHERE empresa_id = $1 AND status IN ('resolvido', 'fechado')))::int AS n`,
      [admin.empresaId],
    );
    expect(fim).toMatchObject({ total: fontes!.n, feitos: fontes!.n, falhas: 0, percentual: 100 });
    // The article indexed without vectors during the outage got them now.
    const semVetor = await consultar<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM atendimento_chunks WHERE empresa_id = $1 AND embedding IS NULL`,
      [admin.empresaId],
    );
    expect(semVetor[0]!.n).toBe(0);
    expect((await t.http().get('/api/atendimento/ia/reindexar').set(auth(admin))).body.id).toBe(id);
    expect((await t.http().get(`/api/atendimento/ia/reindexar/${id}`).set(auth(outra))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/ia/reindexar').set(auth(outra))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/ia/reindexar/nao-e-uuid').set(auth(admin))).status).toBe(400);
  });
});
