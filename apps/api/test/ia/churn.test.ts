import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventosDominio } from '../../src/eventos/eventos-dominio.js';
import { consultar, criarTicket, entrar, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
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

  describe('GET /contatos/risco-churn (lista para supervisores)', () => {
    type ItemRisco = {
      contatoId: string;
      nome: string | null;
      score: number;
      motivos: { sinal: string; peso: number; descricao: string }[];
      calculadoEm: string;
      ultimoTicket: { id: string; numero: number; status: string } | null;
    };
    type PaginaRisco = { items: ItemRisco[]; nextCursor: string | null; minimo: number };

    const motivo = (sinal: string, peso: number) => [{ sinal, peso, descricao: `motivo ${sinal}` }];
    const listar = (s: Sessao, query = '') => t.http().get(`/api/atendimento/contatos/risco-churn${query}`).set(auth(s));
    let supervisor: Sessao;
    const ids: Record<'alto' | 'limite' | 'abaixo' | 'mesclado' | 'daOutra', string> = {
      alto: '',
      limite: '',
      abaixo: '',
      mesclado: '',
      daOutra: '',
    };
    let ticketRecente = '';
    const gravadoEm = new Date('2026-11-28T12:34:56.000Z');

    async function contatoComScore(s: Sessao, nome: string, score: number, sinal: string): Promise<string> {
      const id = (await t.http().post('/api/atendimento/contatos').set(auth(s)).send({ nome })).body.id as string;
      await consultar(
        t,
        `UPDATE atendimento_contatos SET churn_score = $2, churn_motivos = $3::jsonb, churn_calculado_em = $4 WHERE id = $1`,
        [id, score / 100, JSON.stringify(motivo(sinal, score)), gravadoEm],
      );
      return id;
    }

    /** Only the contatos this block created, in the order the API gave them. */
    const meus = (pagina: PaginaRisco) => pagina.items.filter((i) => Object.values(ids).includes(i.contatoId));

    beforeAll(async () => {
      // The previous test turned the feature off.
      await t
        .http()
        .put('/api/atendimento/ia/config')
        .set(auth(admin))
        .send({ recursos: { churn: true } })
        .expect(200);
      const criado = await t
        .http()
        .post('/api/usuarios')
        .set(auth(admin))
        .send({ nome: 'Sara Supervisora', email: 'sara@demo.test', senha: 'senha-da-sara-123', papel: 'supervisor' });
      expect(criado.status).toBe(201);
      supervisor = await entrar(t, 'sara@demo.test', 'senha-da-sara-123');

      ids.alto = await contatoComScore(admin, 'Risco Alto', 92, 'intencao_cancelar');
      ids.limite = await contatoComScore(admin, 'No Limiar', 70, 'csat_baixo');
      ids.abaixo = await contatoComScore(admin, 'Quase', 69, 'esperas_longas');
      ids.mesclado = await contatoComScore(admin, 'Mesclado', 95, 'reaberturas');
      await consultar(t, `UPDATE atendimento_contatos SET mesclado_para_id = $2, mesclado_em = now() WHERE id = $1`, [
        ids.mesclado,
        ids.alto,
      ]);
      ids.daOutra = await contatoComScore(outra, 'Cliente da Outra', 99, 'intencao_cancelar');

      const antigo = await criarTicket(t, admin.empresaId, ids.alto, { status: 'resolvido' });
      await consultar(t, `UPDATE atendimento_tickets SET criado_em = now() - interval '3 days' WHERE id = $1`, [antigo.id]);
      ticketRecente = (await criarTicket(t, admin.empresaId, ids.alto)).id;
      const removido = await criarTicket(t, admin.empresaId, ids.alto, { status: 'fechado' });
      await consultar(t, `UPDATE atendimento_tickets SET removido_em = now() WHERE id = $1`, [removido.id]);
    });

    it('lists the stored scores at or above the alert threshold, highest first, with the latest ticket', async () => {
      const r = await listar(supervisor);
      expect(r.status).toBe(200);
      const pagina = r.body as PaginaRisco;
      expect(pagina.minimo).toBe(70);
      const scores = pagina.items.map((i) => i.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((score) => score >= 70)).toBe(true);
      expect(meus(pagina).map((i) => i.contatoId)).toEqual([ids.alto, ids.limite]);
      const [alto, limite] = meus(pagina);
      // As stored, not recomputed: the signals alone would give Risco Alto 7 points (2 tickets this week).
      expect(alto).toEqual({
        contatoId: ids.alto,
        nome: 'Risco Alto',
        score: 92,
        motivos: motivo('intencao_cancelar', 92),
        calculadoEm: gravadoEm.toISOString(),
        ultimoTicket: { id: ticketRecente, numero: expect.any(Number), status: 'aberto' },
      });
      expect(limite).toMatchObject({ nome: 'No Limiar', score: 70, ultimoTicket: null });
      const guardado = await calculadoEm(ids.alto);
      expect(guardado.churn_calculado_em?.toISOString()).toBe(gravadoEm.toISOString());
      expect(guardado.churn_score).toBeCloseTo(0.92, 5);
    });

    it('follows the empresa threshold, or minimo; pages with a cursor without repeating or skipping', async () => {
      await consultar(t, `UPDATE atendimento_ia_configs SET churn_alerta_limiar = 0.9 WHERE empresa_id = $1`, [admin.empresaId]);
      try {
        const padrao = (await listar(admin)).body as PaginaRisco;
        expect(padrao.minimo).toBe(90);
        expect(meus(padrao).map((i) => i.contatoId)).toEqual([ids.alto]);
      } finally {
        await consultar(t, `UPDATE atendimento_ia_configs SET churn_alerta_limiar = 0.7 WHERE empresa_id = $1`, [
          admin.empresaId,
        ]);
      }

      const tudo = (await listar(admin, '?minimo=69&limite=100')).body as PaginaRisco;
      expect(meus(tudo).map((i) => i.contatoId)).toEqual([ids.alto, ids.limite, ids.abaixo]);
      expect(meus((await listar(admin, '?minimo=93')).body as PaginaRisco)).toEqual([]);

      const vistos: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await listar(admin, `?minimo=69&limite=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        const pagina = r.body as PaginaRisco;
        expect(pagina.items.length).toBeLessThanOrEqual(1);
        vistos.push(...pagina.items.map((i) => i.contatoId));
        cursor = pagina.nextCursor;
      } while (cursor);
      expect(vistos).toEqual(tudo.items.map((i) => i.contatoId));
    });

    it('is per empresa: the other empresa sees only its own contatos', async () => {
      const daOutra = (await listar(outra, '?minimo=0')).body as PaginaRisco;
      expect(daOutra.items.map((i) => i.contatoId)).toEqual([ids.daOutra]);
      const daDemo = (await listar(admin, '?minimo=0&limite=100')).body as PaginaRisco;
      expect(daDemo.items.map((i) => i.contatoId)).not.toContain(ids.daOutra);
      expect(daDemo.items.map((i) => i.contatoId)).not.toContain(ids.mesclado);
    });

    it('refuses atendentes (403), a bad minimo or cursor (400), and answers 409 when the feature is off', async () => {
      expect((await listar(atendente)).status).toBe(403);
      const ruim = await listar(admin, '?minimo=101');
      expect(ruim.status).toBe(400);
      expect(ruim.body.message).toContain('minimo');
      expect((await listar(admin, '?cursor=nao-e-um-cursor')).status).toBe(400);
      await t
        .http()
        .put('/api/atendimento/ia/config')
        .set(auth(admin))
        .send({ recursos: { churn: false } })
        .expect(200);
      const desligado = await listar(supervisor);
      expect(desligado.status).toBe(409);
      expect(desligado.body.code).toBe('IA_RECURSO_DESLIGADO');
    });
  });
});
