import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type AtendenteDeTeste, Cenario } from '../distribuicao/cenario.js';
import { RelogioDeTeste } from '../sla/relogio-de-teste.js';

/** Monday to Friday, 08:00–12:00 and 13:00–18:00 (São Paulo). */
const COMERCIAL = [1, 2, 3, 4, 5].flatMap((diaSemana) => [
  { diaSemana, inicio: '08:00', fim: '12:00' },
  { diaSemana, inicio: '13:00', fim: '18:00' },
]);
/** The schedule from 2026-04-07 on: 10:00–16:00 without a lunch break. */
const REDUZIDO = [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '10:00', fim: '16:00' }));

/** A São Paulo wall-clock time (UTC-3 all year in 2026) as an ISO instant. */
const sp = (local: string) => new Date(`${local}:00-03:00`).toISOString();

/**
 * Business-hours report variants and tracked recomputation, on scripted event rows with a fake clock for the
 * expediente versions: exact seconds for a weekend + holiday, a pending pause, a schedule change.
 */
describe('relatórios: horas comerciais e recálculo com progresso', () => {
  const relogio = new RelogioDeTeste('2026-01-05T12:00:00Z');
  let t: TestApp;
  let c: Cenario;
  let fila: string;
  let canal: string;
  let ana: AtendenteDeTeste;
  let expedienteId: string;
  let tokenOutra: string;
  const tickets: string[] = [];

  async function evento(ticketId: string, tipo: string, em: string, campos: Record<string, unknown> = {}): Promise<void> {
    await c.sql(
      `INSERT INTO atendimento_ticket_eventos
         (empresa_id, ticket_id, tipo, ator, usuario_id, de_status, para_status, para_atendente_id, para_fila_id, dados, ocorrido_em)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
      [
        c.empresaId,
        ticketId,
        tipo,
        campos.ator ?? 'sistema',
        campos.usuarioId ?? null,
        campos.de ?? null,
        campos.para ?? null,
        campos.atendenteId ?? null,
        campos.filaId ?? null,
        JSON.stringify(campos.dados ?? {}),
        em,
      ],
    );
  }

  async function get(caminho: string, token = c.admin) {
    return t.http().get(`/api/atendimento/relatorios/${caminho}`).set('Authorization', `Bearer ${token}`);
  }

  async function recalcular(de: string, ate: string, token = c.admin) {
    return t.http().post('/api/atendimento/relatorios/recalcular').set('Authorization', `Bearer ${token}`).send({ de, ate });
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'error' }, overrides: [{ provide: Relogio, useValue: relogio }] });
    c = await Cenario.iniciar(t);
    fila = await c.fila('Comercial', { estrategia: 'manual' });
    canal = await c.canal();
    ana = await c.atendente('Ana', { filas: [{ filaId: fila }], max: 4 });
    for (let i = 0; i < 3; i++) tickets.push(await c.ticket(fila, canal));

    // The expediente exists from January (its first version), with 2026's national holidays preloaded.
    const expediente = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set(c.auth())
      .send({ nome: 'Comercial', intervalos: COMERCIAL });
    expect(expediente.status, JSON.stringify(expediente.body)).toBe(201);
    expedienteId = expediente.body.id as string;

    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra-relc.test', 'senha-outra-123');
    tokenOutra = await t.login('admin@outra-relc.test', 'senha-outra-123');
  });

  afterAll(() => t.close());

  it('across a weekend and the Good Friday holiday, with the schedule then in force', async () => {
    const [t1] = tickets;
    const humano = { ator: 'usuario', usuarioId: ana.usuarioId };
    // Thursday 17:30 → Friday (Sexta-feira Santa) → weekend → Monday 08:45.
    await evento(t1, 'criado', sp('2026-04-02T17:30'), { para: 'aberto', filaId: fila, dados: { canalId: canal } });
    await evento(t1, 'fila_entrada', sp('2026-04-02T17:30'), { filaId: fila });
    await evento(t1, 'atribuido', sp('2026-04-06T08:40'), { atendenteId: ana.id, filaId: fila });
    await evento(t1, 'mensagem_enviada', sp('2026-04-06T08:45'), humano);
    await evento(t1, 'status_alterado', sp('2026-04-06T09:45'), { ...humano, de: 'em_atendimento', para: 'resolvido' });

    const r = await recalcular('2026-04-01', '2026-04-10');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ estado: 'concluido', dias: 10, diasConcluidos: 10, tickets: 1, eventos: 5, erro: null });

    const resumo = await get('resumo?de=2026-04-06&ate=2026-04-06');
    expect(resumo.status, JSON.stringify(resumo.body)).toBe(200);
    expect(resumo.body).toMatchObject({
      expedienteConfigurado: true,
      primeiraResposta: { quantidade: 1, mediaSegundos: 314_100 },
      // 30 min on Thursday + 45 on Monday.
      primeiraRespostaComercial: { quantidade: 1, mediaSegundos: 4_500, minimoSegundos: 4_500, maximoSegundos: 4_500 },
      esperaNaFilaComercial: { quantidade: 1, mediaSegundos: 70 * 60 },
      resolucaoComercial: { quantidade: 1, mediaSegundos: 135 * 60 },
    });
  });

  it('a schedule change applies by recomputation to later events only; a pending pause is skipped', async () => {
    const [, t2, t3] = tickets;
    const humano = { ator: 'usuario', usuarioId: ana.usuarioId };
    // The hours change at midnight of Tuesday 2026-04-07.
    relogio.definir(sp('2026-04-07T00:00'));
    const patch = await t
      .http()
      .patch(`/api/atendimento/expedientes/${expedienteId}`)
      .set(c.auth())
      .send({ intervalos: REDUZIDO });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);

    // Wednesday 09:00 → 11:00: one business hour under the new schedule (two under the old one).
    await evento(t2, 'criado', sp('2026-04-08T09:00'), { para: 'aberto', filaId: fila, dados: { canalId: canal } });
    await evento(t2, 'mensagem_enviada', sp('2026-04-08T11:00'), humano);
    // Thursday: pendente 10:20–14:00, resolved 14:30; an SLA breach in the cycle.
    await evento(t3, 'criado', sp('2026-04-09T10:00'), { para: 'aberto', filaId: fila, dados: { canalId: canal } });
    await evento(t3, 'atribuido', sp('2026-04-09T10:00'), { atendenteId: ana.id, filaId: fila });
    await evento(t3, 'mensagem_enviada', sp('2026-04-09T10:10'), humano);
    await evento(t3, 'status_alterado', sp('2026-04-09T10:20'), { ...humano, de: 'em_atendimento', para: 'pendente' });
    await evento(t3, 'mensagem_recebida', sp('2026-04-09T14:00'), { ator: 'cliente' });
    await evento(t3, 'status_alterado', sp('2026-04-09T14:00'), { de: 'pendente', para: 'em_atendimento' });
    await evento(t3, 'sla_violado', sp('2026-04-09T14:01'), { dados: { meta: 'resolucao' } });
    await evento(t3, 'mensagem_enviada', sp('2026-04-09T14:05'), humano);
    await evento(t3, 'status_alterado', sp('2026-04-09T14:30'), { ...humano, de: 'em_atendimento', para: 'resolvido' });

    expect((await recalcular('2026-04-01', '2026-04-10')).status).toBe(200);

    // Monday's figure kept the schedule in force then.
    expect((await get('resumo?de=2026-04-06&ate=2026-04-06')).body.primeiraRespostaComercial).toMatchObject({ mediaSegundos: 4_500 });
    const quarta = (await get('resumo?de=2026-04-08&ate=2026-04-08')).body;
    expect(quarta.primeiraResposta).toMatchObject({ quantidade: 1, mediaSegundos: 7_200 });
    expect(quarta.primeiraRespostaComercial).toMatchObject({ quantidade: 1, mediaSegundos: 3_600 });
    const quinta = (await get('resumo?de=2026-04-09&ate=2026-04-09')).body;
    expect(quinta.resolucao).toMatchObject({ quantidade: 1, mediaSegundos: 4.5 * 3600 });
    // 10:00–10:20 and 14:00–14:30.
    expect(quinta.resolucaoComercial).toMatchObject({ quantidade: 1, mediaSegundos: 50 * 60 });
    expect(quinta.proximaRespostaComercial).toMatchObject({ quantidade: 1, mediaSegundos: 300 });

    const tempos = await get('tempos?de=2026-04-06&ate=2026-04-08');
    expect(tempos.body.dias).toEqual([
      expect.objectContaining({ dia: '2026-04-06', primeiraRespostaComercialMediaSegundos: 4_500, resolucaoComercialMediaSegundos: 8_100 }),
      expect.objectContaining({ dia: '2026-04-07', primeiraRespostaComercialMediaSegundos: null }),
      expect.objectContaining({ dia: '2026-04-08', primeiraRespostaComercialMediaSegundos: 3_600, primeiraRespostaMediaSegundos: 7_200 }),
    ]);
    const csv = await get('tempos?de=2026-04-06&ate=2026-04-06&formato=csv');
    const [cabecalho, linha] = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    const colunas = cabecalho.split(',');
    expect(linha.split(',')[colunas.indexOf('primeiraRespostaComercialMediaSegundos')]).toBe('4500');

    const atendentes = await get(`atendentes?de=2026-04-06&ate=2026-04-09&atendenteId=${ana.id}`);
    expect(atendentes.body.atendentes[0]).toMatchObject({
      primeiraRespostaComercial: { quantidade: 3, minimoSegundos: 600, maximoSegundos: 4_500 },
      resolucaoComercial: { quantidade: 2, minimoSegundos: 3_000, maximoSegundos: 8_100 },
    });
    const filas = await get(`filas?de=2026-04-06&ate=2026-04-09&filaId=${fila}`);
    expect(filas.body.filas[0]).toMatchObject({ esperaNaFilaComercial: { quantidade: 1, mediaSegundos: 4_200 } });
  });

  it('SLA compliance, aggregated sentiment, backlog and occupation', async () => {
    const periodo = 'de=2026-04-06&ate=2026-04-09';
    expect((await get(`resumo?${periodo}`)).body).toMatchObject({ resolvidos: 2, slaCumprimentoPct: null });
    const politica = await t.http().post('/api/atendimento/sla-politicas').set(c.auth()).send({ nome: 'Padrão', resolucaoSegundos: 7200 });
    expect(politica.status, JSON.stringify(politica.body)).toBe(201);
    expect((await get(`resumo?${periodo}`)).body.slaCumprimentoPct).toBe(50);

    // Two analysed customer mensagens of ticket 3 on Thursday, one on the next day (outside the period).
    const [, , t3] = tickets;
    for (const [score, rotulo, em] of [
      [0.8, 'positivo', sp('2026-04-09T10:05')],
      [-0.4, 'negativo', sp('2026-04-09T14:00')],
      [-0.9, 'negativo', sp('2026-04-10T09:00')],
    ] as const) {
      const [mensagem] = await c.sql<{ id: string }>(
        `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, direcao, status, conteudo, criado_em)
         VALUES ($1, $2, 'recebida', 'recebida', 'oi', $3) RETURNING id`,
        [c.empresaId, t3, em],
      );
      await c.sql(
        `INSERT INTO atendimento_sentimento (empresa_id, ticket_id, mensagem_id, score, rotulo, provedor, criado_em)
         VALUES ($1, $2, $3, $4, $5, 'local', $6)`,
        [c.empresaId, t3, mensagem.id, score, rotulo, em],
      );
    }
    expect((await get(`resumo?${periodo}`)).body.sentimento).toEqual({
      analisadas: 2,
      positivas: 1,
      neutras: 0,
      negativas: 1,
      scoreMedio: 0.2,
      positivasPct: 50,
      negativasPct: 50,
    });
    expect((await get(`resumo?${periodo}&filaId=${fila}`)).body.sentimento).toMatchObject({ analisadas: 2 });
    const outraFila = await c.fila('Vazia');
    expect((await get(`resumo?${periodo}&filaId=${outraFila}`)).body.sentimento).toMatchObject({ analisadas: 0, scoreMedio: null });

    // Live figures: ticket 3 held by Ana now; the other two still wait in the fila's backlog.
    await c.sql(`UPDATE atendimento_tickets SET atendente_id = $2, status = 'em_atendimento' WHERE id = $1`, [t3, ana.id]);
    const filas = await get(`filas?${periodo}&filaId=${fila}`);
    expect(filas.body.filas[0]).toMatchObject({ aguardando: 2 });
    expect(filas.body.filas[0].maiorEsperaSegundos).toBeGreaterThanOrEqual(0);
    const atendentes = await get(`atendentes?${periodo}&atendenteId=${ana.id}`);
    expect(atendentes.body.atendentes[0]).toMatchObject({ ticketsAtuais: 1, maxTicketsSimultaneos: 4, ocupacaoPct: 25 });
  });

  it('a long period recomputes as a job whose progress is readable, and only by its empresa', async () => {
    const pedido = await recalcular('2026-01-01', '2026-04-10');
    expect(pedido.status, JSON.stringify(pedido.body)).toBe(202);
    expect(pedido.body).toMatchObject({ estado: 'pendente', dias: 100, diasConcluidos: 0, duracaoMs: null, concluidoEm: null });
    const id = pedido.body.id as string;

    const vistos: number[] = [];
    let status = pedido.body as { estado: string; diasConcluidos: number };
    for (let i = 0; i < 400 && status.estado !== 'concluido' && status.estado !== 'erro'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const r = await t.http().get(`/api/atendimento/relatorios/recalcular/${id}`).set(c.auth());
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      status = r.body;
      vistos.push(status.diasConcluidos);
    }
    expect(status).toMatchObject({ estado: 'concluido', dias: 100, diasConcluidos: 100, erro: null });
    expect((status as unknown as { duracaoMs: number }).duracaoMs).toBeGreaterThanOrEqual(0);
    // Progress only moves forward, in steps of whole weeks.
    expect([...vistos].sort((a, b) => a - b)).toEqual(vistos);
    for (const dias of vistos) expect(dias === 100 || dias % 7 === 0, String(dias)).toBe(true);
    // Same figures as the synchronous recomputation.
    expect((await get('resumo?de=2026-04-06&ate=2026-04-06')).body.primeiraRespostaComercial).toMatchObject({ mediaSegundos: 4_500 });

    const alheio = await t.http().get(`/api/atendimento/relatorios/recalcular/${id}`).set('Authorization', `Bearer ${tokenOutra}`);
    expect(alheio.status).toBe(404);
    expect(alheio.body.code).toBe('RELATORIO_RECALCULO_NAO_ENCONTRADO');
    const invalido = await t.http().get('/api/atendimento/relatorios/recalcular/nao-e-uuid').set(c.auth());
    expect(invalido.status).toBe(400);
    expect(invalido.body).toMatchObject({ code: 'RELATORIO_ID_INVALIDO', campo: 'id' });
    const documento = await t.http().get('/api/docs/openapi.json');
    expect(Object.keys(documento.body.paths as Record<string, unknown>)).toContain('/api/atendimento/relatorios/recalcular/{id}');
    const longo = await recalcular('2024-01-01', '2026-04-10');
    expect(longo.status).toBe(400);
    expect(JSON.stringify(longo.body)).toContain('ate');
  }, 120_000);
});
