import type { IaSugestoesEvento } from '@atende/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { type AtendenteDeTeste, Cenario, SENHA } from '../atendimento/distribuicao/cenario.js';
import { aguardar, clienteEscreve, criarCanalWhatsApp, sql } from '../canais/inbound-helpers.js';
import { type ClienteRealtime, conectar, esperar, gravar, sincronizar } from '../realtime/realtime-support.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Reply drafts pushed to agents (`ia:sugestoes`): computed in a job after a customer mensagem on a ticket
 * people hold (mode `sugerir`, or `automatico` after the bot's handoff), received by the agent's socket,
 * never sent to the customer, never seen by another empresa.
 */
describe('IA: sugestões empurradas ao agente pelo socket', { timeout: 180_000 }, () => {
  let t: TestApp;
  let graph: FakeGraphApi;
  let c: Cenario;
  let artigoId: string;
  let agente: AtendenteDeTeste;
  let socketAgente: ClienteRealtime;
  let socketOutra: ClienteRealtime;
  let seq = 0;
  const PERGUNTA = 'Como faço a troca de tamanho?';

  async function configurar(campos: Record<string, unknown>): Promise<void> {
    const r = await t.http().put('/api/atendimento/ia/config').set(c.auth()).send(campos);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  async function escreve(waId: string, texto: string): Promise<{ ticketId: string; mensagemId: string }> {
    seq += 1;
    const wamid = `wamid.IA-SUG-${seq}`;
    const ticketId = await clienteEscreve(t, waId, wamid, texto);
    const [linha] = await sql<{ id: string }>(t, 'SELECT id FROM atendimento_mensagens WHERE external_id = $1', [wamid]);
    return { ticketId, mensagemId: linha!.id };
  }

  async function atribuidoAoAgente(ticketId: string): Promise<void> {
    await aguardar('ticket com o agente', async () => {
      const [linha] = await sql<{ atendente_id: string | null }>(t, 'SELECT atendente_id FROM atendimento_tickets WHERE id = $1', [
        ticketId,
      ]);
      return linha?.atendente_id === agente.id;
    });
  }

  async function publicasEnviadas(ticketId: string): Promise<number> {
    const [linha] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'enviada' AND NOT privada`,
      [ticketId],
    );
    return linha!.n;
  }

  beforeAll(async () => {
    graph = await FakeGraphApi.start();
    t = await createTestApp({ listen: true, env: { WHATSAPP_API_URL: graph.baseUrl } });
    c = await Cenario.iniciar(t);
    const filaId = await c.fila('Atendimento', { estrategia: 'round_robin' });
    await criarCanalWhatsApp(t, c.admin, graph, { filaPadraoId: filaId });
    const [artigo] = await sql<{ id: string }>(
      t,
      `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, 'Política de trocas', $2) RETURNING id`,
      [c.empresaId, 'Trocas de tamanho são gratuitas em até 30 dias após o recebimento, com a etiqueta.'],
    );
    artigoId = artigo!.id;
    agente = await c.atendente('Caio', { filas: [{ filaId }], max: 20 });
    // The agent's socket makes it online: distribution gives it the tickets people hold.
    ({ socket: socketAgente } = await conectar(t.url ?? '', await t.login(agente.email, SENHA)));
    await t.app.get(AuthService).criarEmpresaComAdmin('Loja Vizinha', 'Admin Vizinha', 'admin@vizinha.test', 'senha-vizinha-123');
    ({ socket: socketOutra } = await conectar(t.url ?? '', await t.login('admin@vizinha.test', 'senha-vizinha-123')));
  }, 120_000);

  afterAll(async () => {
    socketAgente?.disconnect();
    socketOutra?.disconnect();
    await t?.close();
    await graph?.close();
  });

  it('sugerir: the agent holding the ticket receives grounded drafts with citations; nothing is sent', async () => {
    await configurar({ autoRespostaModo: 'sugerir' });
    const daOutra = gravar(socketOutra, 'ia:sugestoes');
    const { ticketId } = await escreve('5511922220001', 'Oi, boa tarde');
    await atribuidoAoAgente(ticketId);
    const chegou = esperar(socketAgente, 'ia:sugestoes', (e) => e.ticketId === ticketId && e.sugestoes.length > 0);
    const { mensagemId } = await escreve('5511922220001', PERGUNTA);
    const evento: IaSugestoesEvento = await chegou;
    expect(evento).toMatchObject({ ticketId, mensagemId, provedor: 'local' });
    expect(evento.sugestoes[0]).toEqual({ texto: expect.stringContaining('30 dias'), fontes: [`artigo:${artigoId}`] });
    expect(evento.citacoes).toEqual([{ id: `artigo:${artigoId}`, titulo: 'Política de trocas' }]);
    expect(await publicasEnviadas(ticketId)).toBe(0);
    await sincronizar(socketOutra);
    expect(daOutra).toEqual([]);
  });

  it('automatico: after the bot hands off, the agent gets drafts for the next customer mensagem', async () => {
    await configurar({ autoRespostaModo: 'automatico' });
    const { ticketId } = await escreve('5511922220002', 'Quero falar com um atendente');
    await atribuidoAoAgente(ticketId);
    const chegou = esperar(socketAgente, 'ia:sugestoes', (e) => e.ticketId === ticketId && e.sugestoes.length > 0);
    await escreve('5511922220002', PERGUNTA);
    expect((await chegou).sugestoes[0]?.texto).toContain('30 dias');
    // Only the bot's polite handoff message went out: the drafts are never sent by themselves.
    expect(await publicasEnviadas(ticketId)).toBe(1);
  });

  it('desligado: no drafts are pushed', async () => {
    await configurar({ autoRespostaModo: 'desligado' });
    const recebidos = gravar(socketAgente, 'ia:sugestoes');
    const { ticketId } = await escreve('5511922220003', PERGUNTA);
    await atribuidoAoAgente(ticketId);
    await escreve('5511922220003', PERGUNTA);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await sincronizar(socketAgente);
    expect(recebidos.filter((e) => e.ticketId === ticketId)).toEqual([]);
  });
});
