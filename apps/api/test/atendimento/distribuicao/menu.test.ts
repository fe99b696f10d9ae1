import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import {
  aguardar,
  aguardarEventosProcessados,
  postarWebhookWhatsApp,
  sql,
  webhookDeTexto,
} from '../../canais/inbound-helpers.js';

/**
 * The canal's fila menu, end to end on WhatsApp: the first customer mensagem gets the menu (sent through the
 * fake Graph API), the answer moves the ticket to the chosen fila; an invalid answer repeats the menu once, a
 * second one falls back to the canal's default fila.
 */
describe('menu de filas do canal', { timeout: 120_000 }, () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  let admin: string;
  let vendas: string;
  let suporte: string;
  let geral: string;
  let mensagemSeq = 0;

  async function fila(nome: string): Promise<string> {
    const resposta = await t
      .http()
      .post('/api/atendimento/filas')
      .set('Authorization', `Bearer ${admin}`)
      .send({ nome, estrategia: 'manual' });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body.id as string;
  }

  /** The customer writes; resolves with the ticket once the inbound event and its menu reaction settled. */
  async function escreve(waId: string, texto: string): Promise<string> {
    mensagemSeq += 1;
    const wamid = `wamid.MENU-${mensagemSeq}`;
    const resposta = await postarWebhookWhatsApp(t, webhookDeTexto({ wamid, de: waId, texto, nome: `Cliente ${waId}` }));
    expect(resposta.status).toBe(200);
    await aguardarEventosProcessados(t);
    return aguardar(`ticket de ${wamid}`, async () => {
      const [linha] = await sql<{ ticket_id: string }>(t, 'SELECT ticket_id FROM atendimento_mensagens WHERE external_id = $1', [
        wamid,
      ]);
      return linha?.ticket_id;
    });
  }

  async function filaDo(ticketId: string): Promise<string | null> {
    const [linha] = await sql<{ fila_id: string | null }>(t, 'SELECT fila_id FROM atendimento_tickets WHERE id = $1', [ticketId]);
    return linha?.fila_id ?? null;
  }

  /** Texts we sent on the ticket, oldest first, once `quantas` of them exist. */
  function enviadas(ticketId: string, quantas: number): Promise<string[]> {
    return aguardar(`${quantas} mensagem(ns) enviada(s) no ticket`, async () => {
      const linhas = await sql<{ conteudo: string }>(
        t,
        `SELECT conteudo FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'enviada' ORDER BY criado_em, id`,
        [ticketId],
      );
      return linhas.length >= quantas ? linhas.map((linha) => linha.conteudo) : null;
    });
  }

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: fake.baseUrl } });
    admin = await t.login();
    vendas = await fila('Vendas');
    suporte = await fila('Suporte');
    geral = await fila('Geral');
    const canal = await t
      .http()
      .post('/api/atendimento/canais')
      .set('Authorization', `Bearer ${admin}`)
      .send({ tipo: 'whatsapp', nome: 'WhatsApp com menu', configuracao: fake.credentials(), filaPadraoId: geral });
    expect(canal.status, JSON.stringify(canal.body)).toBe(201);
    const menu = await t
      .http()
      .patch(`/api/atendimento/canais/${canal.body.id as string}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({
        menu: {
          texto: 'Olá! Com quem quer falar?',
          opcoes: [
            { chave: '1', rotulo: 'Vendas', filaId: vendas },
            { chave: '2', rotulo: 'Suporte', filaId: suporte },
          ],
          textoOpcaoInvalida: 'Opção inválida.',
        },
      });
    expect(menu.status, JSON.stringify(menu.body)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('sends the menu to a new conversation and moves the ticket to the fila the customer picks', async () => {
    const ticket = await escreve('5511911110001', 'Oi, boa tarde');
    expect(await filaDo(ticket)).toBeNull();
    expect(await enviadas(ticket, 1)).toEqual(['Olá! Com quem quer falar?\n1 - Vendas\n2 - Suporte']);
    await aguardar('o menu chegou à Graph API', async () =>
      fake.sentMessages().some((m) => JSON.stringify(m).includes('1 - Vendas')),
    );

    expect(await escreve('5511911110001', '2')).toBe(ticket);
    await aguardar('ticket na fila Suporte', async () => (await filaDo(ticket)) === suporte);
    const [evento] = await sql<{ motivo: string }>(
      t,
      `SELECT motivo FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'transferido'`,
      [ticket],
    );
    expect(evento?.motivo).toBe('menu: Suporte');

    // Once in a fila, the customer's messages are a conversation again: no menu, no move.
    await escreve('5511911110001', '1');
    expect(await filaDo(ticket)).toBe(suporte);
    expect(await enviadas(ticket, 1)).toHaveLength(1);
  });

  it('repeats the menu once after an invalid answer, then falls back to the canal default fila', async () => {
    const ticket = await escreve('5511911110002', 'Olá');
    await enviadas(ticket, 1);
    await escreve('5511911110002', 'quero saber do meu pedido');
    const textos = await enviadas(ticket, 2);
    expect(textos[1]).toBe('Opção inválida.\n\nOlá! Com quem quer falar?\n1 - Vendas\n2 - Suporte');
    expect(await filaDo(ticket)).toBeNull();

    await escreve('5511911110002', 'banana');
    await aguardar('ticket na fila padrão', async () => (await filaDo(ticket)) === geral);
    expect(await enviadas(ticket, 2)).toHaveLength(2);
  });

  it('accepts the option label as an answer', async () => {
    const ticket = await escreve('5511911110003', 'Bom dia');
    await enviadas(ticket, 1);
    await escreve('5511911110003', 'vendas');
    await aguardar('ticket na fila Vendas', async () => (await filaDo(ticket)) === vendas);
  });
});
