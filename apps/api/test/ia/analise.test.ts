import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio, type EventoDominio } from '../../src/eventos/eventos-dominio.js';
import { consultar, criarMensagem, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi } from './fake-llm-api.js';

interface SentimentoLinha {
  mensagem_id: string | null;
  score: number;
  rotulo: string;
  provedor: string;
}

interface TicketLinha {
  sentimento_score: number | null;
  sentimento_rotulo: string | null;
  intencao: string | null;
  categoria: string | null;
  flags: Record<string, unknown>;
}

describe('IA: sentimento, intenção e classificação como jobs', () => {
  let t: TestApp;
  let admin: Sessao;
  let contatoId: string;
  const eventos: EventoDominio[] = [];
  const fake = new FakeLlmApi();
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  async function esperar<T>(fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await fn();
      if (valor) return valor;
      if (Date.now() > limite) throw new Error('tempo esgotado esperando o job de IA');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const ticket = async (id: string) =>
    (
      await consultar<TicketLinha>(
        t,
        `SELECT sentimento_score, sentimento_rotulo, intencao, categoria, flags FROM atendimento_tickets WHERE id = $1`,
        [id],
      )
    )[0]!;
  const sentimentos = (ticketId: string) =>
    consultar<SentimentoLinha>(
      t,
      `SELECT mensagem_id, score, rotulo, provedor FROM atendimento_sentimento WHERE ticket_id = $1 ORDER BY criado_em`,
      [ticketId],
    );

  /** A customer mensagem as the inbound pipeline leaves it: the row, then `mensagem.criada` after commit. */
  async function receber(ticketId: string, texto: string): Promise<string> {
    const mensagemId = await criarMensagem(t, admin.empresaId, ticketId, contatoId, texto);
    t.app
      .get(EventosDominio)
      .publicar({ tipo: 'mensagem.criada', empresaId: admin.empresaId, ticketId, filaId: null, atendenteId: null, mensagemId });
    return mensagemId;
  }

  beforeAll(async () => {
    await fake.iniciar();
    t = await createTestApp({ env: { ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '2', ATENDE_IA_ESPERA_MAXIMA: '100ms' } });
    ({ admin } = await sessoesPadrao(t));
    contatoId = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente Bravo' })).body
      .id as string;
    t.app.get(EventosDominio).assinar((evento) => {
      eventos.push(evento);
    });
  });

  afterAll(async () => {
    await t.close();
    await fake.parar();
  });

  it('scores each customer mensagem and the ticket, flags a strongly negative turn and records the intent', async () => {
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    const primeira = await receber(id, 'Quero cancelar minha assinatura, o serviço é PÉSSIMO e ninguém me responde!!!');
    const linhas = await esperar(async () => ((await sentimentos(id)).length >= 2 ? sentimentos(id) : null));
    expect(linhas.find((l) => l.mensagem_id === primeira)).toMatchObject({ rotulo: 'negativo', provedor: 'local' });
    expect(linhas.find((l) => l.mensagem_id === null)).toMatchObject({ rotulo: 'negativo' });
    const depois = await esperar(async () => {
      const linha = await ticket(id);
      return linha.intencao ? linha : null;
    });
    expect(depois).toMatchObject({
      sentimento_rotulo: 'negativo',
      intencao: 'cancelar',
      flags: { sentimentoNegativo: true, sentimentoNegativoMensagemId: primeira },
    });
    expect(depois.sentimento_score!).toBeLessThanOrEqual(-0.6);
    const evento = await esperar(async () =>
      eventos.find((e) => e.tipo === 'ticket.atualizado' && e.ticketId === id && e.mudancas.includes('sentimentoNegativo')),
    );
    expect(evento).toMatchObject({
      empresaId: admin.empresaId,
      mudancas: expect.arrayContaining(['sentimento', 'intencao', 'sentimentoNegativo']),
    });
    const logs = await consultar<{ recurso: string }>(
      t,
      `SELECT recurso FROM atendimento_ia_logs WHERE mensagem_id = $1 ORDER BY recurso`,
      [primeira],
    );
    expect(logs.map((l) => l.recurso)).toEqual(['intencao', 'sentimento']);

    // A happier turn lifts the ticket's mood; the supervisors' flag is raised once and stays.
    const segunda = await receber(id, 'Ah, agora resolveram, muito obrigado! Atendimento excelente 😍');
    const atualizado = await esperar(async () => {
      const s = (await sentimentos(id)).find((l) => l.mensagem_id === segunda);
      return s ? ticket(id) : null;
    });
    expect((await sentimentos(id)).find((l) => l.mensagem_id === segunda)).toMatchObject({ rotulo: 'positivo' });
    expect(atualizado.sentimento_score!).toBeGreaterThan(depois.sentimento_score!);
    expect(atualizado.flags).toMatchObject({ sentimentoNegativo: true });
    expect(
      eventos.filter((e) => e.tipo === 'ticket.atualizado' && e.ticketId === id && e.mudancas.includes('sentimentoNegativo')),
    ).toHaveLength(1);
  });

  it('ignores outbound mensagens and internal notes', async () => {
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    const [enviada] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, direcao, status, conteudo) VALUES ($1, $2, 'enviada', 'enviada', 'Que péssimo, desculpe!') RETURNING id`,
      [admin.empresaId, id],
    );
    t.app.get(EventosDominio).publicar({
      tipo: 'mensagem.criada',
      empresaId: admin.empresaId,
      ticketId: id,
      filaId: null,
      atendenteId: null,
      mensagemId: enviada!.id,
    });
    // A later customer mensagem is analysed; the agent's never is.
    const cliente = await receber(id, 'ok');
    await esperar(async () => (await sentimentos(id)).some((l) => l.mensagem_id === cliente));
    expect((await sentimentos(id)).some((l) => l.mensagem_id === enviada!.id)).toBe(false);
  });

  it('when the configured provider fails, the local provider still analyses and nothing is blocked', async () => {
    const r = await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ provedor: 'openai', baseUrl: `${fake.url}/v1`, chave: 'sk-teste-9999' });
    expect(r.status).toBe(200);
    for (let i = 0; i < 8; i++) fake.fila.push({ tipo: 'erro500' });
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    const mensagemId = await receber(id, 'o produto veio quebrado, que absurdo');
    const linha = await esperar(async () => (await sentimentos(id)).find((l) => l.mensagem_id === mensagemId));
    expect(linha).toMatchObject({ provedor: 'local', rotulo: 'negativo' });
    expect(fake.pedidos.length).toBeGreaterThanOrEqual(2);
    const resultados = await consultar<{ provedor: string; resultado: string }>(
      t,
      `SELECT provedor, resultado FROM atendimento_ia_logs WHERE mensagem_id = $1 AND recurso = 'sentimento' ORDER BY criado_em, tentativa`,
      [mensagemId],
    );
    expect(resultados).toEqual([
      { provedor: 'openai', resultado: 'erro' },
      { provedor: 'openai', resultado: 'erro' },
      { provedor: 'local', resultado: 'fallback' },
    ]);
    await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ provedor: 'local' });
  });

  it('classifies a new ticket: category, suggested priority, fila and tags', async () => {
    const [fila] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_filas (empresa_id, nome, descricao) VALUES ($1, 'Financeiro', 'boletos e cobranças') RETURNING id`,
      [admin.empresaId],
    );
    await consultar(t, `INSERT INTO atendimento_tags (empresa_id, nome) VALUES ($1, 'boleto')`, [admin.empresaId]);
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    await criarMensagem(t, admin.empresaId, id, contatoId, 'Preciso da segunda via do boleto, a cobrança veio errada');
    t.app
      .get(EventosDominio)
      .publicar({ tipo: 'ticket.criado', empresaId: admin.empresaId, ticketId: id, filaId: null, atendenteId: null });
    const linha = await esperar(async () => {
      const l = await ticket(id);
      return l.categoria ? l : null;
    });
    expect(linha).toMatchObject({
      categoria: 'financeiro',
      flags: { iaFilaSugeridaId: fila!.id, iaTagsSugeridas: 'boleto', iaPrioridadeSugerida: 'normal' },
    });
    await esperar(async () =>
      eventos.find((e) => e.tipo === 'ticket.atualizado' && e.ticketId === id && e.mudancas.includes('classificacao')),
    );
  });

  it('turning a feature off stops it', async () => {
    await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ recursos: { sentimento: false, intencao: false } });
    const { id } = await criarTicket(t, admin.empresaId, contatoId);
    await receber(id, 'horrível!!!');
    const controle = await criarTicket(t, admin.empresaId, contatoId);
    await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ recursos: { sentimento: true } });
    const m = await receber(controle.id, 'horrível!!!');
    await esperar(async () => (await sentimentos(controle.id)).some((l) => l.mensagem_id === m));
    expect(await sentimentos(id)).toHaveLength(0);
  });
});
