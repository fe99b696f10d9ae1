import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type AtendenteDeTeste, Cenario, SENHA } from '../distribuicao/cenario.js';

/** A scripted day (2026-03-02 in São Paulo) written as event rows, so every figure has an exact expected value. */
describe('relatórios', () => {
  let t: TestApp;
  let c: Cenario;
  let fila: string;
  let canal: string;
  let ana: AtendenteDeTeste;
  let tokenOutra: string;
  const PERIODO = 'de=2026-03-02&ate=2026-03-02';

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

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'error' } });
    c = await Cenario.iniciar(t);
    fila = await c.fila('Suporte', { estrategia: 'manual' });
    canal = await c.canal();
    ana = await c.atendente('Ana', { filas: [{ filaId: fila }] });
    const humano = { ator: 'usuario', usuarioId: ana.usuarioId };

    // Ticket 1: waits 4 min, first reply at 10 min, resolved at 30 min; reopened at 14:00 UTC, replied in
    // 3 min, resolved in 20 min; rated 5.
    const t1 = await c.ticket(fila, canal);
    await evento(t1, 'criado', '2026-03-02T12:00:00Z', { para: 'aberto', filaId: fila, dados: { canalId: canal } });
    await evento(t1, 'fila_entrada', '2026-03-02T12:00:00Z', { filaId: fila });
    await evento(t1, 'atribuido', '2026-03-02T12:04:00Z', { atendenteId: ana.id, filaId: fila });
    await evento(t1, 'mensagem_enviada', '2026-03-02T12:10:00Z', humano);
    await evento(t1, 'status_alterado', '2026-03-02T12:30:00Z', { ...humano, de: 'em_atendimento', para: 'resolvido' });
    await evento(t1, 'status_alterado', '2026-03-02T14:00:00Z', {
      ...humano,
      de: 'resolvido',
      para: 'em_atendimento',
      atendenteId: ana.id,
    });
    await evento(t1, 'mensagem_enviada', '2026-03-02T14:03:00Z', humano);
    await evento(t1, 'status_alterado', '2026-03-02T14:20:00Z', { ...humano, de: 'em_atendimento', para: 'resolvido' });
    await evento(t1, 'avaliado', '2026-03-02T14:25:00Z', { ator: 'cliente', dados: { nota: 5 } });
    // Ticket 2: arrives at 23:30 in São Paulo (02:30 UTC of the next day) and is still waiting.
    const t2 = await c.ticket(fila, canal);
    await evento(t2, 'criado', '2026-03-03T02:30:00Z', { para: 'aberto', filaId: fila, dados: { canalId: canal } });

    const recalculo = await t
      .http()
      .post('/api/atendimento/relatorios/recalcular')
      .set(c.auth())
      .send({ de: '2026-03-01', ate: '2026-03-03' });
    expect(recalculo.status, JSON.stringify(recalculo.body)).toBe(200);
    expect(recalculo.body).toMatchObject({ de: '2026-03-01', ate: '2026-03-03', dias: 3, tickets: 2, eventos: 10 });

    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra-rel.test', 'senha-outra-123');
    tokenOutra = await t.login('admin@outra-rel.test', 'senha-outra-123');
  });

  afterAll(() => t.close());

  it('resumo: exact figures of the scripted day, in the empresa time zone', async () => {
    const r = await get(`resumo?${PERIODO}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      fusoHorario: 'America/Sao_Paulo',
      recebidos: 2,
      resolvidos: 2,
      reabertos: 1,
      primeiraResposta: { quantidade: 2, mediaSegundos: 390, minimoSegundos: 180, maximoSegundos: 600 },
      resolucao: { quantidade: 2, mediaSegundos: 1500, minimoSegundos: 1200, maximoSegundos: 1800 },
      esperaNaFila: { quantidade: 1, mediaSegundos: 240 },
      proximaResposta: { quantidade: 0, mediaSegundos: null },
      csat: { respostas: 1, media: 5, satisfeitosPct: 100, taxaRespostaPct: 50 },
      slaCumprimentoPct: null,
    });
    // The 3rd (UTC) holds nothing in São Paulo time.
    const dia3 = await get('resumo?de=2026-03-03&ate=2026-03-03');
    expect(dia3.body).toMatchObject({ recebidos: 0, resolvidos: 0 });
  });

  it('volume, tempos, csat, filas and atendentes by day and dimension', async () => {
    const volume = await get('volume?de=2026-03-01&ate=2026-03-02');
    expect(volume.body.dias).toEqual([
      { dia: '2026-03-01', recebidos: 0, resolvidos: 0 },
      { dia: '2026-03-02', recebidos: 2, resolvidos: 2 },
    ]);
    expect(volume.body.porCanal).toEqual([{ dia: '2026-03-02', canalId: canal, canalNome: expect.any(String), recebidos: 2 }]);

    const tempos = await get(`tempos?${PERIODO}&filaId=${fila}`);
    expect(tempos.body.dias).toEqual([
      {
        dia: '2026-03-02',
        primeiraRespostaMediaSegundos: 390,
        proximaRespostaMediaSegundos: null,
        resolucaoMediaSegundos: 1500,
        // No expediente in this empresa: no business-hours variant.
        primeiraRespostaComercialMediaSegundos: null,
        proximaRespostaComercialMediaSegundos: null,
        resolucaoComercialMediaSegundos: null,
      },
    ]);

    const csat = await get(`csat?${PERIODO}&atendenteId=${ana.id}`);
    expect(csat.body.resumo).toMatchObject({ respostas: 1, media: 5 });
    expect(csat.body.distribuicao).toContainEqual({ nota: 5, respostas: 1 });

    const filas = await get(`filas?${PERIODO}`);
    const suporte = filas.body.filas.find((f: { filaId: string }) => f.filaId === fila);
    expect(suporte).toMatchObject({
      nome: 'Suporte',
      recebidos: 2,
      resolvidos: 2,
      esperaNaFila: { quantidade: 1, mediaSegundos: 240 },
    });

    const atendentes = await get(`atendentes?${PERIODO}`);
    const linhaAna = atendentes.body.atendentes.find((a: { atendenteId: string }) => a.atendenteId === ana.id);
    expect(linhaAna).toMatchObject({ nome: 'Ana', resolvidos: 2, csatMedia: 5, resolucao: { mediaSegundos: 1500 } });
  });

  it('exports CSV and recomputes idempotently', async () => {
    const csv = await get(`atendentes?${PERIODO}&atendenteId=${ana.id}&formato=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('relatorio-atendentes-2026-03-02-2026-03-02.csv');
    const linhas = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(linhas[0]).toContain('atendenteId,nome,ticketsAtuais');
    expect(linhas[0]).toContain('resolucao_mediaSegundos');
    expect(linhas).toHaveLength(2);
    expect(linhas[1]).toContain(`${ana.id},Ana,`);

    const antes = await c.sql(
      `SELECT dia, dimensao, dimensao_id, metrica, contagem, soma FROM atendimento_metricas ORDER BY 1, 2, 3, 4`,
    );
    await t
      .http()
      .post('/api/atendimento/relatorios/recalcular')
      .set(c.auth())
      .send({ de: '2026-03-01', ate: '2026-03-03' })
      .expect(200);
    const depois = await c.sql(
      `SELECT dia, dimensao, dimensao_id, metrica, contagem, soma FROM atendimento_metricas ORDER BY 1, 2, 3, 4`,
    );
    expect(depois).toEqual(antes);
  });

  it('is for supervisors and admins only, and never shows another empresa data', async () => {
    const tokenAna = await t.login(ana.email, SENHA);
    expect((await get(`resumo?${PERIODO}`, tokenAna)).status).toBe(403);

    const outra = await get(`resumo?${PERIODO}`, tokenOutra);
    expect(outra.status).toBe(200);
    expect(outra.body).toMatchObject({ recebidos: 0, resolvidos: 0, primeiraResposta: { quantidade: 0 } });
    expect((await get(`atendentes?${PERIODO}`, tokenOutra)).body.atendentes).toEqual([]);
    for (const filtro of [`filaId=${fila}`, `canalId=${canal}`, `atendenteId=${ana.id}`]) {
      const r = await get(`volume?${PERIODO}&${filtro}`, tokenOutra);
      expect(r.status, filtro).toBe(404);
      expect(r.body.code).toBe('RELATORIO_FILTRO_NAO_ENCONTRADO');
    }
    // Recomputing the other empresa leaves this one's aggregates alone.
    await t
      .http()
      .post('/api/atendimento/relatorios/recalcular')
      .set('Authorization', `Bearer ${tokenOutra}`)
      .send({ de: '2026-03-02', ate: '2026-03-02' })
      .expect(200);
    expect((await get(`resumo?${PERIODO}`)).body.recebidos).toBe(2);
  });

  it('rejects bad dates and filters with a 400 naming the field', async () => {
    const casos: [string, string][] = [
      ['resumo?de=2026-02-30&ate=2026-03-02', 'de'],
      ['resumo?de=02/03/2026&ate=2026-03-02', 'de'],
      ['resumo?de=2026-03-05&ate=2026-03-02', 'ate'],
      ['resumo?ate=2026-03-02', 'de'],
      ['resumo?de=2024-01-01&ate=2026-03-02', 'ate'],
      [`resumo?${PERIODO}&filaId=${fila}&canalId=${canal}`, 'filaId'],
      [`resumo?${PERIODO}&filaId=x`, 'filaId'],
      [`resumo?${PERIODO}&formato=xml`, 'formato'],
    ];
    for (const [caminho, campo] of casos) {
      const r = await get(caminho);
      expect(r.status, caminho).toBe(400);
      expect(JSON.stringify(r.body), caminho).toContain(campo);
    }
    const corpo = await t.http().post('/api/atendimento/relatorios/recalcular').set(c.auth()).send({ de: '2026-03-02' });
    expect(corpo.status).toBe(400);
    expect(JSON.stringify(corpo.body)).toContain('ate');
  });

  it('documents every route in the OpenAPI document', async () => {
    const documento = await t.http().get('/api/docs/openapi.json');
    const caminhos = Object.keys(documento.body.paths as Record<string, unknown>);
    for (const nome of ['resumo', 'volume', 'tempos', 'csat', 'filas', 'atendentes', 'recalcular'])
      expect(caminhos, nome).toContain(`/api/atendimento/relatorios/${nome}`);
  });

  it('a durable job refreshes today after ticket activity through the API', async () => {
    const fuso = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Sao_Paulo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const hoje = fuso.format(new Date());
    const antes = (await get(`resumo?de=${hoje}&ate=${hoje}`)).body as { recebidos: number; resolvidos: number };
    const ticket = await c.ticket(fila, canal);
    await c.resolver(ticket);
    let agora = antes;
    for (let i = 0; i < 100 && agora.resolvidos <= antes.resolvidos; i++) {
      await new Promise((r) => setTimeout(r, 200));
      agora = (await get(`resumo?de=${hoje}&ate=${hoje}`)).body as typeof antes;
    }
    expect(agora.resolvidos).toBe(antes.resolvidos + 1);
    expect(agora.recebidos).toBeGreaterThan(antes.recebidos);
  });
});
