import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio } from '../../src/eventos/eventos-dominio.js';
import { consultar, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { conectar, type ClienteRealtime, esperar as esperarEvento, gravar, sincronizar } from '../realtime/realtime-support.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('IA: risco de churn por contato', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const sockets: ClienteRealtime[] = [];
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  async function esperar<T>(fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await fn();
      if (valor) return valor;
      if (Date.now() > limite) throw new Error('tempo esgotado esperando o job de churn');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const calculadoEm = async (contatoId: string) =>
    (await consultar<{ churn_calculado_em: Date | null; churn_score: number | null }>(
      t,
      `SELECT churn_calculado_em, churn_score FROM atendimento_contatos WHERE id = $1`,
      [contatoId],
    ))[0]!;

  /** A ticket change as TicketService/AnaliseService publish it (after commit). */
  function publicarMudanca(ticketId: string, mudancas: string[]): void {
    t.app.get(EventosDominio).publicar({
      tipo: 'ticket.atualizado',
      empresaId: admin.empresaId,
      ticketId,
      filaId: null,
      atendenteId: null,
      mudancas,
    });
  }

  async function recalculado(contatoId: string, depoisDe: Date | null, ticketId: string, mudancas: string[]) {
    publicarMudanca(ticketId, mudancas);
    return esperar(async () => {
      const c = await calculadoEm(contatoId);
      return c.churn_calculado_em && (!depoisDe || c.churn_calculado_em > depoisDe) ? c : null;
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  it('scores a contato from its signals with the reasons, after a relevant ticket event, and shows it on the contato', async () => {
    const contato = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente Em Risco' })).body
      .id as string;
    const [t1, t2] = [await criarTicket(t, admin.empresaId, contato), await criarTicket(t, admin.empresaId, contato, { status: 'resolvido' })];
    await criarTicket(t, admin.empresaId, contato, { status: 'resolvido' });
    await consultar(t, `UPDATE atendimento_tickets SET intencao = 'cancelar' WHERE id = $1`, [t1.id]);
    await consultar(t, `UPDATE atendimento_tickets SET avaliacao_nota = 2, avaliado_em = now() WHERE id = $1`, [t2.id]);

    await recalculado(contato, null, t1.id, ['intencao']);
    const r = await t.http().get(`/api/atendimento/contatos/${contato}/churn`).set(auth(atendente));
    expect(r.status).toBe(200);
    expect(r.body.score).toBe(30 + 20 + 15);
    expect((r.body.motivos as { sinal: string; peso: number }[]).map((m) => [m.sinal, m.peso])).toEqual([
      ['intencao_cancelar', 30],
      ['csat_baixo', 20],
      ['contatos_repetidos', 15],
    ]);
    expect(r.body.motivos[1].descricao).toBe('avaliou um atendimento com nota 2 de 5');
    const detalhe = await t.http().get(`/api/atendimento/contatos/${contato}`).set(auth(admin));
    expect(detalhe.body.churn).toMatchObject({ score: 65, calculadoEm: r.body.calculadoEm });
  });

  it('alerts supervisors once when the score crosses the threshold (not atendentes, not the other empresa)', async () => {
    const contato = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente Alerta' })).body
      .id as string;
    const t1 = await criarTicket(t, admin.empresaId, contato);
    await consultar(t, `UPDATE atendimento_tickets SET intencao = 'cancelar', avaliacao_nota = 1, avaliado_em = now() WHERE id = $1`, [t1.id]);
    const primeiro = await recalculado(contato, null, t1.id, ['intencao']);
    expect(primeiro.churn_score).toBeCloseTo(0.5, 5);

    const { socket: doAdmin } = await conectar(t.url!, admin.token);
    const { socket: doAtendente } = await conectar(t.url!, atendente.token);
    const { socket: daOutra } = await conectar(t.url!, outra.token);
    sockets.push(doAdmin, doAtendente, daOutra);
    const doAtendenteRecebidos = gravar(doAtendente, 'contato:churn');
    const daOutraRecebidos = gravar(daOutra, 'contato:churn');
    const todosDoAdmin = gravar(doAdmin, 'contato:churn');
    const alerta = esperarEvento(doAdmin, 'contato:churn', (e) => e.contatoId === contato);

    // Two more tickets this week and two reopenings: 30 + 20 + 15 + 10 = 75 ≥ 70.
    const t2 = await criarTicket(t, admin.empresaId, contato, { status: 'resolvido' });
    await criarTicket(t, admin.empresaId, contato, { status: 'resolvido' });
    await consultar(t, `UPDATE atendimento_tickets SET reaberturas = 2 WHERE id = $1`, [t2.id]);
    const segundo = await recalculado(contato, primeiro.churn_calculado_em, t2.id, ['status']);
    expect(segundo.churn_score).toBeCloseTo(0.75, 5);
    expect(await alerta).toMatchObject({ contatoId: contato, nome: 'Cliente Alerta', score: 75, limiar: 70 });
    expect((await alerta).motivos[0]).toBe('pediu para cancelar nos últimos 30 dias');

    // Still above: recomputing does not alert again.
    await recalculado(contato, segundo.churn_calculado_em, t2.id, ['avaliacao']);
    await Promise.all([sincronizar(doAdmin), sincronizar(doAtendente), sincronizar(daOutra)]);
    expect(todosDoAdmin.filter((e) => e.contatoId === contato)).toHaveLength(1);
    expect(doAtendenteRecebidos).toEqual([]);
    expect(daOutraRecebidos).toEqual([]);
  });

  it('computes on first read; 404 for another empresa, 400 for a bad id; 409 when the feature is off', async () => {
    const contato = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente Novo' })).body
      .id as string;
    expect((await t.http().get(`/api/atendimento/contatos/${contato}`).set(auth(admin))).body.churn).toBeNull();
    const r = await t.http().get(`/api/atendimento/contatos/${contato}/churn`).set(auth(admin));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ score: 0, motivos: [] });
    expect((await t.http().get(`/api/atendimento/contatos/${contato}/churn`).set(auth(outra))).status).toBe(404);
    expect((await t.http().get('/api/atendimento/contatos/xyz/churn').set(auth(admin))).status).toBe(400);
    await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ recursos: { churn: false } }).expect(200);
    const desligado = await t.http().get(`/api/atendimento/contatos/${contato}/churn`).set(auth(admin));
    expect(desligado.status).toBe(409);
    expect(desligado.body.code).toBe('IA_RECURSO_DESLIGADO');
  });
});
