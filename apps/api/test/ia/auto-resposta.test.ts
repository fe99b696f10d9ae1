import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { AutoRespostaService } from '../../src/ia/auto-resposta/auto-resposta.service.js';
import { criarMensagem, criarTicket } from '../atendimento/contatos/apoio.js';
import { type AtendenteDeTeste, Cenario } from '../atendimento/distribuicao/cenario.js';
import { aguardar, clienteEscreve, criarCanalWhatsApp, sql } from '../canais/inbound-helpers.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi, vetorDeConceitos } from './fake-llm-api.js';

interface Enviada {
  id: string;
  conteudo: string;
  bot: boolean;
  privada: boolean;
  payload: { ia?: { tipo: string; citacoes: { id: string; titulo: string }[]; confianca: number | null; provedor: string; motivo: string | null } };
}

interface EstadoTicket {
  bot_ativo: boolean;
  bot_turnos: number;
  atendente_id: string | null;
  fila_id: string | null;
  resumo: string | null;
  primeira_resposta_em: Date | null;
}

/**
 * The AI auto-reply end to end on WhatsApp (fake Graph API) with the local provider and a fake OpenAI server:
 * grounded answers sent through the canal, and every handoff trigger (low confidence, a request for a person,
 * strong negativity, max turns, provider failure or timeout), with the polite message, the summary note and
 * distribution; the budget, the fila menu's precedence, the `desligado` mode and tenant isolation.
 */
describe('IA: resposta automática do bot com passagem para pessoas', { timeout: 240_000 }, () => {
  let t: TestApp;
  let graph: FakeGraphApi;
  const llm = new FakeLlmApi();
  let c: Cenario;
  let filaId: string;
  let canalId: string;
  let artigoId: string;
  let agente: AtendenteDeTeste;
  let seq = 0;
  const PERGUNTA = 'Oi! Como faço a troca de tamanho?';

  async function configurar(campos: Record<string, unknown>): Promise<void> {
    const r = await t.http().put('/api/atendimento/ia/config').set(c.auth()).send(campos);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  async function escreve(waId: string, texto: string): Promise<string> {
    seq += 1;
    return clienteEscreve(t, waId, `wamid.IA-AUTO-${seq}`, texto);
  }

  async function enviadas(ticketId: string): Promise<Enviada[]> {
    return sql<Enviada>(
      t,
      `SELECT id, conteudo, bot, privada, payload FROM atendimento_mensagens
        WHERE ticket_id = $1 AND direcao = 'enviada' ORDER BY criado_em, id`,
      [ticketId],
    );
  }

  async function estado(ticketId: string): Promise<EstadoTicket> {
    const [linha] = await sql<EstadoTicket>(
      t,
      `SELECT bot_ativo, bot_turnos, atendente_id, fila_id, resumo, primeira_resposta_em FROM atendimento_tickets WHERE id = $1`,
      [ticketId],
    );
    return linha!;
  }

  /** The bot's public reply (waits for it). */
  function respostaDoBot(ticketId: string, quantas = 1): Promise<Enviada[]> {
    return aguardar(`${quantas} resposta(s) do bot`, async () => {
      const bot = (await enviadas(ticketId)).filter((m) => m.bot && !m.privada);
      return bot.length >= quantas ? bot : null;
    });
  }

  /** Waits for the handoff; returns its `bot_handoff` event, the mensagens we wrote and the ticket. */
  async function aguardarHandoff(ticketId: string) {
    const [evento] = await aguardar('bot_handoff', () =>
      sql<{ ator: string; motivo: string; dados: { motivo: string } }>(
        t,
        `SELECT ator, motivo, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'bot_handoff'`,
        [ticketId],
      ).then((linhas) => (linhas.length > 0 ? linhas : null)),
    );
    return { evento: evento!, mensagens: await enviadas(ticketId), ticket: await estado(ticketId) };
  }

  /** Through the API, as admins do: the bot finds it once the indexing job has chunked it. */
  async function criarArtigo(titulo: string, conteudo: string): Promise<string> {
    const r = await t.http().post('/api/atendimento/artigos').set(c.auth()).send({ titulo, conteudo });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as string;
    await aguardar(`artigo "${titulo}" indexado`, async () => {
      const [linha] = await sql<{ indexacao_status: string }>(
        t,
        'SELECT indexacao_status FROM atendimento_artigos WHERE id = $1',
        [id],
      );
      return linha?.indexacao_status === 'indexado';
    });
    return id;
  }

  function saiuPeloWhatsApp(trecho: string): Promise<boolean> {
    return aguardar(`"${trecho}" enviado à Graph API`, async () =>
      graph.sentMessages().some((m) => JSON.stringify(m).includes(trecho)),
    );
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    await llm.iniciar();
    t = await createTestApp({
      // The agent is online by PATCH, with no socket: a long grace keeps it online for the whole file.
      env: { WHATSAPP_API_URL: graph.baseUrl, ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '1', ATENDE_PRESENCE_GRACE: '1h' },
    });
    c = await Cenario.iniciar(t);
    filaId = await c.fila('Suporte', { estrategia: 'round_robin' });
    canalId = (await criarCanalWhatsApp(t, c.admin, graph, { filaPadraoId: filaId })).id;
    artigoId = await criarArtigo(
      'Política de trocas',
      'Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.\n\n' +
        'Pagamentos por boleto compensam em até 2 dias úteis.',
    );
    // An online agent of the fila: bot tickets must not reach it before the handoff.
    agente = await c.atendente('Bia', { filas: [{ filaId }], max: 50 });
    await c.status(agente, 'online');
    await configurar({ autoRespostaModo: 'automatico', limiarConfianca: 0.6, maxTurnosBot: 2 });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await graph?.close();
    await llm.parar();
  });

  it('local provider: answers from the KB article through WhatsApp, cites it, and keeps the ticket with the bot', async () => {
    const ticketId = await escreve('5511900000001', PERGUNTA);
    const [resposta] = await respostaDoBot(ticketId);
    expect(resposta!.conteudo).toBe('Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.');
    expect(resposta!.payload.ia).toMatchObject({
      tipo: 'resposta',
      provedor: 'local',
      citacoes: [{ id: `artigo:${artigoId}`, titulo: 'Política de trocas' }],
    });
    await saiuPeloWhatsApp('gratuitas em até 30 dias');
    const ticket = await estado(ticketId);
    expect(ticket).toMatchObject({ bot_ativo: true, bot_turnos: 1, atendente_id: null, primeira_resposta_em: null });
    // Reports: a bot mensagem, never the first human reply.
    const eventos = await sql<{ ator: string }>(
      t,
      `SELECT ator FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'mensagem_enviada'`,
      [ticketId],
    );
    expect(eventos.map((e) => e.ator)).toEqual(['bot']);
    // Agents see the citations with the mensagem.
    const lista = await t.http().get(`/api/atendimento/tickets/${ticketId}/mensagens`).set(c.auth());
    const doBot = (lista.body.items as { remetente: { bot: boolean }; payload: Record<string, unknown> }[]).find((m) => m.remetente.bot);
    expect(doBot?.payload.ia).toMatchObject({ citacoes: [{ id: `artigo:${artigoId}` }] });
  });

  it('the safety sweep answers a bot ticket whose wake-up was lost', async () => {
    const [contato] = await sql<{ id: string }>(
      t,
      `INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, 'Cliente perdido') RETURNING id`,
      [c.empresaId],
    );
    const { id: ticketId } = await criarTicket(t, c.empresaId, contato!.id, { canalId });
    await criarMensagem(t, c.empresaId, ticketId, contato!.id, PERGUNTA);
    await sql(
      t,
      `UPDATE atendimento_tickets SET bot_ativo = true, fila_id = $2,
              ultima_mensagem_cliente_em = now() - interval '5 minutes', ultima_mensagem_em = now() - interval '5 minutes'
        WHERE id = $1`,
      [ticketId, filaId],
    );
    await t.app.get(AutoRespostaService).varrer();
    const [resposta] = await respostaDoBot(ticketId);
    expect(resposta!.conteudo).toContain('30 dias');
  });

  it('max turns reached: the next customer mensagem goes to a person', async () => {
    const ticketId = await escreve('5511900000002', PERGUNTA);
    await respostaDoBot(ticketId, 1);
    await escreve('5511900000002', 'E para trocar o tamanho?');
    await respostaDoBot(ticketId, 2);
    await escreve('5511900000002', 'Certo, e a troca do tamanho é de graça?');
    const { evento, mensagens, ticket } = await aguardarHandoff(ticketId);
    expect(evento.dados.motivo).toBe('max_turnos');
    expect(mensagens.filter((m) => m.bot && !m.privada)).toHaveLength(3);
    expect(ticket.bot_turnos).toBe(2);
  });

  it('the customer asks for a person: polite handoff, summary note, distribution to the online agent', async () => {
    const ticketId = await escreve('5511900000003', 'Quero falar com um atendente, por favor');
    const { evento, mensagens, ticket } = await aguardarHandoff(ticketId);
    expect(evento).toMatchObject({ ator: 'bot', dados: { motivo: 'pedido_humano' } });
    const [educada, nota] = mensagens;
    expect(educada).toMatchObject({ bot: true, privada: false, conteudo: expect.stringContaining('atendentes') });
    expect(nota).toMatchObject({ bot: true, privada: true, conteudo: expect.stringContaining('Resumo: ') });
    expect(nota!.conteudo).toContain('pediu para falar com uma pessoa');
    await saiuPeloWhatsApp('Vou passar você para um dos nossos atendentes');
    expect(ticket.resumo).toContain('atendente');
    await aguardar('ticket distribuído ao agente online', async () => (await estado(ticketId)).atendente_id === agente.id);
    expect((await estado(ticketId)).bot_ativo).toBe(false);
  });

  it('a strongly negative mensagem goes to a person', async () => {
    const ticketId = await escreve('5511900000004', 'Que absurdo, péssimo serviço, estou furioso, horrível!');
    const { evento } = await aguardarHandoff(ticketId);
    expect(evento.dados.motivo).toBe('sentimento_negativo');
  });

  it('nothing in the KB answers it: handoff instead of an invented answer', async () => {
    const ticketId = await escreve('5511900000005', 'Vocês vendem geladeira frost free?');
    const { evento, mensagens } = await aguardarHandoff(ticketId);
    expect(evento.dados.motivo).toBe('sem_fontes');
    expect(mensagens.filter((m) => m.bot && !m.privada && m.payload.ia?.tipo === 'resposta')).toHaveLength(0);
  });

  it("tenant isolation: another empresa's article is never used", async () => {
    const outra = await t.app
      .get(AuthService)
      .criarEmpresaComAdmin('Outra Loja', 'Admin Outra', 'admin@outra-loja.test', 'senha-outra-123');
    expect(outra.empresaId).not.toBe(c.empresaId);
    await sql(t, `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, $2, $3)`, [
      outra.empresaId,
      'Garantia estendida',
      'A garantia estendida cobre a geladeira por 3 anos.',
    ]);
    const ticketId = await escreve('5511900000006', 'Como funciona a garantia estendida da geladeira?');
    const { evento } = await aguardarHandoff(ticketId);
    expect(evento.dados.motivo).toBe('sem_fontes');
    expect(JSON.stringify(await enviadas(ticketId))).not.toContain('3 anos');
  });

  it('fila menu first, then the bot: it answers the question asked before the menu once a fila is picked', async () => {
    const menu = await t
      .http()
      .patch(`/api/atendimento/canais/${canalId}`)
      .set(c.auth())
      .send({ menu: { texto: 'Com quem quer falar?', opcoes: [{ chave: '1', rotulo: 'Suporte', filaId }] } });
    expect(menu.status, JSON.stringify(menu.body)).toBe(200);
    try {
      const ticketId = await escreve('5511900000007', PERGUNTA);
      await aguardar('menu enviado', async () => (await enviadas(ticketId)).length === 1);
      // The bot stays silent while the menu waits for the answer.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await enviadas(ticketId)).map((m) => m.bot)).toEqual([false]);
      expect(await estado(ticketId)).toMatchObject({ bot_ativo: true, fila_id: null });
      await escreve('5511900000007', '1');
      const [resposta] = await respostaDoBot(ticketId);
      expect(resposta!.conteudo).toContain('30 dias');
      const todas = await enviadas(ticketId);
      expect(todas.map((m) => (m.bot ? 'bot' : 'menu'))).toEqual(['menu', 'bot']);
      expect(await estado(ticketId)).toMatchObject({ fila_id: filaId, atendente_id: null, bot_ativo: true });
    } finally {
      await t.http().patch(`/api/atendimento/canais/${canalId}`).set(c.auth()).send({ menu: null });
    }
  });

  describe('with an LLM (fake OpenAI server)', () => {
    beforeAll(async () => {
      // Only the auto-reply and the summary call the model here, so the queued answers stay in order.
      await configurar({
        provedor: 'openai',
        baseUrl: `${llm.url}/v1`,
        chave: 'sk-teste-0000',
        recursos: { sentimento: false, intencao: false, classificacao: false, resumo: true },
      });
    });

    it('a grounded answer with its sources is sent through WhatsApp', async () => {
      llm.fila.push({
        tipo: 'ok',
        conteudo: { resposta: 'Pode trocar o tamanho em até 30 dias, sem custo!', confianca: 0.92, fontes: [`artigo:${artigoId}`] },
      });
      const antes = llm.pedidos.length;
      const ticketId = await escreve('5511900000010', PERGUNTA);
      const [resposta] = await respostaDoBot(ticketId);
      expect(resposta!.conteudo).toBe('Pode trocar o tamanho em até 30 dias, sem custo!');
      expect(resposta!.payload.ia).toMatchObject({ provedor: 'openai', confianca: 0.92 });
      await saiuPeloWhatsApp('sem custo!');
      const pedido = JSON.stringify(llm.pedidos[antes]!.body);
      expect(pedido).toContain('Política de trocas');
      expect(pedido).toContain('não invente');
    });

    it('low confidence: handoff with the LLM summary as a private note, then distribution', async () => {
      llm.fila.push(
        { tipo: 'ok', conteudo: { resposta: 'Acho que sim.', confianca: 0.3, fontes: [`artigo:${artigoId}`] } },
        { tipo: 'ok', conteudo: { resumo: 'Cliente quer trocar o tamanho de uma compra.' } },
      );
      const ticketId = await escreve('5511900000011', PERGUNTA);
      const { evento, mensagens, ticket } = await aguardarHandoff(ticketId);
      expect(evento.dados).toMatchObject({ motivo: 'baixa_confianca', confianca: 0.3 });
      expect(mensagens.some((m) => m.conteudo === 'Acho que sim.')).toBe(false);
      expect(mensagens.find((m) => m.privada)?.conteudo).toContain('Resumo: Cliente quer trocar o tamanho de uma compra.');
      expect(ticket.resumo).toBe('Cliente quer trocar o tamanho de uma compra.');
      await aguardar('distribuído', async () => (await estado(ticketId)).atendente_id === agente.id);
    });

    it('a cited source the model was not given counts as no source', async () => {
      llm.fila.push({ tipo: 'ok', conteudo: { resposta: 'Trocas em 90 dias.', confianca: 0.99, fontes: ['artigo:inventado'] } });
      const ticketId = await escreve('5511900000012', PERGUNTA);
      const { evento, mensagens } = await aguardarHandoff(ticketId);
      expect(evento.dados.motivo).toBe('sem_fontes');
      expect(mensagens.some((m) => m.conteudo.includes('90 dias'))).toBe(false);
    });

    it('provider 500: handoff (local summary), the mensagem and the canal keep flowing', async () => {
      llm.fila.push({ tipo: 'erro500' });
      const ticketId = await escreve('5511900000013', PERGUNTA);
      const { evento, mensagens } = await aguardarHandoff(ticketId);
      expect(evento.dados.motivo).toBe('falha_provedor');
      expect(mensagens.find((m) => m.privada)?.conteudo).toContain('Resumo: ');
      await saiuPeloWhatsApp('Obrigado pela paciência');
    });

    it('provider timeout: handoff within seconds, nothing hangs', async () => {
      llm.fila.push({ tipo: 'pendurar' });
      const inicio = Date.now();
      const ticketId = await escreve('5511900000014', PERGUNTA);
      const { evento } = await aguardarHandoff(ticketId);
      expect(evento.dados.motivo).toBe('falha_provedor');
      expect(Date.now() - inicio).toBeLessThan(15_000);
    });

    it('budget spent: the local baseline answers instead', async () => {
      await configurar({ orcamentoMensalTokens: 1 });
      try {
        const antes = llm.pedidos.length;
        const ticketId = await escreve('5511900000015', PERGUNTA);
        const [resposta] = await respostaDoBot(ticketId);
        expect(resposta!.payload.ia).toMatchObject({ provedor: 'local' });
        expect(resposta!.conteudo).toContain('30 dias');
        expect(llm.pedidos.length).toBe(antes);
        const [log] = await sql<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM atendimento_ia_logs WHERE ticket_id = $1 AND resultado = 'orcamento_excedido'`,
          [ticketId],
        );
        expect(log!.n).toBeGreaterThan(0);
      } finally {
        await configurar({ orcamentoMensalTokens: null });
      }
    });

    it('with embeddings: answers from an article only the vector ranking finds (no word in common), citing it', async () => {
      llm.vetorDe = vetorDeConceitos;
      await configurar({ provedorEmbeddings: 'openai', modeloEmbeddings: 'emb-teste' });
      try {
        const estornos = await criarArtigo('Estornos', 'O estorno cai na fatura do cartão em até duas faturas.');
        // Not queued: the question's embedding is requested before the answer, and would take it.
        llm.conteudo = {
          resposta: 'O estorno aparece em até duas faturas do cartão.',
          confianca: 0.9,
          fontes: [`artigo:${estornos}`],
        };
        const antes = llm.pedidos.length;
        const ticketId = await escreve('5511900000016', 'Preciso do dinheiro de volta');
        const [resposta] = await respostaDoBot(ticketId);
        expect(resposta!.conteudo).toBe('O estorno aparece em até duas faturas do cartão.');
        expect(resposta!.payload.ia).toMatchObject({
          tipo: 'resposta',
          provedor: 'openai',
          citacoes: [{ id: `artigo:${estornos}`, titulo: 'Estornos' }],
        });
        const pedidos = llm.pedidos.slice(antes);
        const embeddings = pedidos.filter((p) => p.caminho === '/v1/embeddings');
        expect(embeddings.some((p) => JSON.stringify(p.body).includes('dinheiro de volta'))).toBe(true);
        const chat = pedidos.find((p) => p.caminho === '/v1/chat/completions');
        expect(JSON.stringify(chat?.body)).toContain('O estorno cai na fatura do cartão');
      } finally {
        llm.conteudo = {};
        await configurar({ provedorEmbeddings: null, modeloEmbeddings: null });
      }
    });
  });

  it('desligado: no bot, the ticket goes straight to distribution', async () => {
    await configurar({ provedor: 'local', autoRespostaModo: 'desligado' });
    const ticketId = await escreve('5511900000020', PERGUNTA);
    await aguardar('distribuído', async () => (await estado(ticketId)).atendente_id === agente.id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await enviadas(ticketId)).toEqual([]);
    expect((await estado(ticketId)).bot_ativo).toBe(false);
  });

  it('out of hours: the bot answers without the closed notice, which goes out only at the handoff', async () => {
    // Open one hour on a weekday three days from today: closed now, whatever the day.
    const diaSemana = (new Date().getUTCDay() + 3) % 7;
    const expediente = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(c.auth())
      .send({
        nome: 'Comercial',
        intervalos: [{ diaSemana, inicio: '08:00', fim: '09:00' }],
        mensagemForaExpediente: 'Estamos fechados. Voltamos {{proxima_abertura}}.',
      });
    expect(expediente.status, JSON.stringify(expediente.body)).toBe(201);
    await configurar({ autoRespostaModo: 'automatico' });
    const ticketId = await escreve('5511900000030', PERGUNTA);
    await respostaDoBot(ticketId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await enviadas(ticketId)).map((m) => m.conteudo)).toEqual([
      'Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.',
    ]);

    await escreve('5511900000030', 'Quero falar com um atendente');
    await aguardarHandoff(ticketId);
    const publicas = await aguardar('aviso de fora do expediente', async () => {
      const lista = (await enviadas(ticketId)).filter((m) => !m.privada);
      return lista.length >= 3 ? lista : null;
    });
    expect(publicas.map((m) => (m.bot ? 'bot' : m.conteudo.slice(0, 16)))).toEqual(['bot', 'bot', 'Estamos fechados']);
  });
});
