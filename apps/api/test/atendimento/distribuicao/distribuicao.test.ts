import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { ate, conectar } from '../../realtime/realtime-support.js';
import { type AtendenteDeTeste, Cenario, SENHA } from './cenario.js';

// Scripted days make dozens of requests, each waiting for the distribution to settle: room for a loaded machine.
describe('distribuição automática', { timeout: 120_000 }, () => {
  let t: TestApp;
  let c: Cenario;
  let canal: string;

  /** No atendente holds more open tickets than its global maximum, nor more of a fila than its capacity there. */
  async function capacidadeRespeitada(): Promise<void> {
    const acima = await c.sql(
      `SELECT a.id FROM atendimento_atendentes a
        WHERE (SELECT count(*) FROM atendimento_tickets t WHERE t.atendente_id = a.id
                 AND t.status IN ('aberto', 'em_atendimento', 'pendente')) > a.max_tickets_simultaneos
       UNION ALL
       SELECT af.atendente_id FROM atendimento_atendentes_filas af
        WHERE af.capacidade IS NOT NULL AND (SELECT count(*) FROM atendimento_tickets t
                WHERE t.atendente_id = af.atendente_id AND t.fila_id = af.fila_id
                  AND t.status IN ('aberto', 'em_atendimento', 'pendente')) > af.capacidade`,
    );
    expect(acima).toEqual([]);
  }

  beforeAll(async () => {
    // Atendentes go online by PATCH, without a socket: presence must not expire them mid-test.
    t = await createTestApp({ env: { ATENDE_PRESENCE_GRACE: '3600000ms' }, listen: true });
    c = await Cenario.iniciar(t);
    canal = await c.canal();
  });

  afterAll(() => t.close());

  it('round_robin over a scripted day: rotation, capacity, backlog with urgente first, pickup when freed', async () => {
    const fila = await c.fila('Vendas', { estrategia: 'round_robin' });
    const ana = await c.atendente('Ana', { max: 2, filas: [{ filaId: fila }] });
    const bruno = await c.atendente('Bruno', { max: 2, filas: [{ filaId: fila }] });
    const carla = await c.atendente('Carla', { max: 2, filas: [{ filaId: fila }] });
    const inicio = c.atribuicoes.length;
    await c.status(ana, 'online');
    await c.status(bruno, 'online');

    const t1 = await c.ticket(fila, canal);
    const t2 = await c.ticket(fila, canal);
    const t3 = await c.ticket(fila, canal); // Carla offline: skipped
    await c.status(carla, 'online');
    const t4 = await c.ticket(fila, canal);
    const t5 = await c.ticket(fila, canal);
    const t6 = await c.ticket(fila, canal); // Ana and Bruno full: Carla again
    await capacidadeRespeitada();

    const t7 = await c.ticket(fila, canal);
    const t8 = await c.ticket(fila, canal, { prioridade: 'urgente' });
    expect(await c.dono(t7)).toBeNull();
    expect(await c.dono(t8)).toBeNull();

    await c.resolver(t2); // Bruno has room: the urgente one goes at once, before the older t7
    expect(await c.dono(t8)).toBe(bruno.id);
    expect(await c.dono(t7)).toBeNull();

    await c.status(ana, 'ausente');
    await c.resolver(t1); // Ana has room but is ausente: t7 keeps waiting
    expect(await c.dono(t7)).toBeNull();
    await c.resolver(t5); // Carla has room
    await capacidadeRespeitada();

    expect(c.desde(inicio)).toEqual([
      [t1, ana.id],
      [t2, bruno.id],
      [t3, ana.id],
      [t4, bruno.id],
      [t5, carla.id],
      [t6, carla.id],
      [t8, bruno.id],
      [t7, carla.id],
    ]);
    const [evento] = await c.sql<{ ator: string; motivo: string; dados: { automatico?: boolean } }>(
      `SELECT ator, motivo, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'atribuido'`,
      [t7],
    );
    expect(evento).toMatchObject({ ator: 'sistema', motivo: 'distribuição: round_robin', dados: { automatico: true } });
  });

  it('menos_ocupado over a scripted day: fewest open tickets, ties by longest idle, per-fila capacity raised', async () => {
    const fila = await c.fila('Suporte', { estrategia: 'menos_ocupado' });
    const davi = await c.atendente('Davi', { max: 3, filas: [{ filaId: fila }] });
    const eva = await c.atendente('Eva', { max: 3, filas: [{ filaId: fila }] });
    const fabio = await c.atendente('Fabio', { max: 3, filas: [{ filaId: fila, capacidade: 1 }] });
    const inicio = c.atribuicoes.length;
    await c.status(davi, 'online');
    await c.status(eva, 'online');

    const s1 = await c.ticket(fila, canal); // 0 × 0, both never served: by name
    const s2 = await c.ticket(fila, canal);
    const s3 = await c.ticket(fila, canal); // 1 × 1: Davi idle longer
    const s4 = await c.ticket(fila, canal);
    await c.status(fabio, 'online');
    const s5 = await c.ticket(fila, canal); // Fabio has 0
    const s6 = await c.ticket(fila, canal); // Fabio at its fila capacity (1): Davi and Eva tie at 2, Davi idle longer
    const s7 = await c.ticket(fila, canal);
    const s8 = await c.ticket(fila, canal); // everybody full
    expect(await c.dono(s8)).toBeNull();
    await capacidadeRespeitada();

    const membros = await t
      .http()
      .put(`/api/atendimento/filas/${fila}/atendentes`)
      .set(c.auth())
      .send([{ atendenteId: davi.id }, { atendenteId: eva.id }, { atendenteId: fabio.id, capacidade: 2 }]);
    expect(membros.status).toBe(200);
    await c.estabilizar();
    expect(await c.dono(s8)).toBe(fabio.id);

    await c.resolver(s2);
    const s9 = await c.ticket(fila, canal); // Eva 2, Fabio at capacity, Davi full
    await capacidadeRespeitada();

    expect(c.desde(inicio)).toEqual([
      [s1, davi.id],
      [s2, eva.id],
      [s3, davi.id],
      [s4, eva.id],
      [s5, fabio.id],
      [s6, davi.id],
      [s7, eva.id],
      [s8, fabio.id],
      [s9, eva.id],
    ]);
  });

  it('manual: tickets wait for an atendente to pick them', async () => {
    const fila = await c.fila('Balcão', { estrategia: 'manual' });
    const gil = await c.atendente('Gil', { filas: [{ filaId: fila }] });
    await c.status(gil, 'online');
    const m1 = await c.ticket(fila, canal);
    expect(await c.dono(m1)).toBeNull();
    const token = await t.login(gil.email, SENHA);
    const pegou = await t.http().post(`/api/atendimento/tickets/${m1}/atribuir`).set(c.auth(token)).send({});
    expect(pegou.status).toBe(200);
    expect(await c.dono(m1)).toBe(gil.id);
  });

  it('keeps FIFO with urgente first when an atendente comes online, and tells each customer its position', async () => {
    const fila = await c.fila('Fifo', { estrategia: 'round_robin', mensagemPosicao: 'Você está na posição {{posicao}} da fila' });
    const hugo = await c.atendente('Hugo', { max: 10, filas: [{ filaId: fila }] });
    const f1 = await c.ticket(fila, canal);
    const f2 = await c.ticket(fila, canal);
    const f3 = await c.ticket(fila, canal, { prioridade: 'urgente' });
    const f4 = await c.ticket(fila, canal);
    const f5 = await c.ticket(fila, canal, { prioridade: 'urgente' });
    const mensagens = await c.sql<{ ticket_id: string; conteudo: string; direcao: string; status: string }>(
      `SELECT ticket_id, conteudo, direcao, status FROM atendimento_mensagens WHERE ticket_id = ANY($1::uuid[])`,
      [[f1, f2, f3, f4, f5]],
    );
    const posicoes = new Map(mensagens.map((m) => [m.ticket_id, m.conteudo]));
    expect(mensagens).toHaveLength(5);
    expect(mensagens.every((m) => m.direcao === 'enviada')).toBe(true);
    expect(posicoes.get(f1)).toBe('Você está na posição 1 da fila');
    expect(posicoes.get(f2)).toBe('Você está na posição 2 da fila');
    expect(posicoes.get(f3)).toBe('Você está na posição 1 da fila');
    expect(posicoes.get(f4)).toBe('Você está na posição 4 da fila');
    expect(posicoes.get(f5)).toBe('Você está na posição 2 da fila');

    const inicio = c.atribuicoes.length;
    await c.status(hugo, 'online');
    expect(c.desde(inicio)).toEqual([f3, f5, f1, f2, f4].map((id) => [id, hugo.id]));
  });

  it('assigns a waiting ticket as soon as its atendente opens the app (socket presence), not on the sweep', async () => {
    const fila = await c.fila('Chegada', { estrategia: 'round_robin' });
    const iris = await c.atendente('Iris', { filas: [{ filaId: fila }] });
    const espera = await c.ticket(fila, canal);
    expect(await c.dono(espera)).toBeNull();
    if (!t.url) throw new Error('app sem URL');
    const { socket } = await conectar(t.url, await t.login(iris.email, SENHA));
    try {
      // Well before the 15 s sweep: the connection itself made Iris eligible and woke the distribution.
      await ate(async () => (await c.dono(espera)) === iris.id, 'ticket atribuído ao conectar', 10_000);
    } finally {
      socket.disconnect();
    }
  });

  it('routes a returning customer to the atendente who last served it, when eligible (sticky)', async () => {
    const fila = await c.fila('Fiel', { estrategia: 'round_robin', fidelizacaoJanelaMinutos: 60 });
    const ivo = await c.atendente('Ivo', { filas: [{ filaId: fila }] });
    const joana = await c.atendente('Joana', { filas: [{ filaId: fila }] });
    await c.status(ivo, 'online');
    await c.status(joana, 'online');
    const cliente = await c.contato('Cliente Fiel');
    const c1 = await c.ticket(fila, canal, { contatoId: cliente });
    const c2 = await c.ticket(fila, canal);
    const c3 = await c.ticket(fila, canal);
    expect([await c.dono(c1), await c.dono(c2), await c.dono(c3)]).toEqual([ivo.id, joana.id, ivo.id]);
    await c.resolver(c1);

    // The rotation would give Joana; the customer's last atendente is Ivo.
    const c4 = await c.ticket(fila, await c.canal(), { contatoId: cliente });
    expect(await c.dono(c4)).toBe(ivo.id);
    const [evento] = await c.sql<{ motivo: string }>(
      `SELECT motivo FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'atribuido'`,
      [c4],
    );
    expect(evento?.motivo).toBe('distribuição: atendente anterior do contato');

    await c.status(ivo, 'ausente');
    const c5 = await c.ticket(fila, await c.canal(), { contatoId: cliente });
    expect(await c.dono(c5)).toBe(joana.id);
  });

  it('returns an offline atendente’s tickets after the grace period when the fila says so; else keeps them', async () => {
    const devolve = await c.fila('Devolve', {
      estrategia: 'round_robin',
      devolverAoFicarOffline: true,
      carenciaOfflineSegundos: 0,
    });
    const mantem = await c.fila('Mantém', { estrategia: 'round_robin' });
    const kai = await c.atendente('Kai', { filas: [{ filaId: devolve }, { filaId: mantem }] });
    const lia = await c.atendente('Lia', { filas: [{ filaId: devolve }] });
    await c.status(kai, 'online');
    const d1 = await c.ticket(devolve, canal);
    const m1 = await c.ticket(mantem, canal);
    expect([await c.dono(d1), await c.dono(m1)]).toEqual([kai.id, kai.id]);
    await c.status(lia, 'online');
    await c.status(kai, 'offline');

    await vi.waitFor(async () => expect(await c.dono(d1)).toBe(lia.id), { timeout: 15_000, interval: 200 });
    expect(await c.dono(m1)).toBe(kai.id);
    const eventos = await c.sql<{ tipo: string; motivo: string | null }>(
      `SELECT tipo, motivo FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo IN ('desatribuido', 'atribuido')
        ORDER BY ocorrido_em, criado_em`,
      [d1],
    );
    expect(eventos.map((e) => e.tipo)).toEqual(['atribuido', 'desatribuido', 'atribuido']);
    expect(eventos[1]?.motivo).toBe('atendente offline além da carência da fila');
  });

  it('transfers: to an offline atendente only when a supervisor forces it; to a fila through its distribution', async () => {
    const origem = await c.fila('Origem', { estrategia: 'manual' });
    const destino = await c.fila('Destino', { estrategia: 'round_robin' });
    const nina = await c.atendente('Nina', { filas: [{ filaId: origem }] });
    const otto = await c.atendente('Otto', { filas: [{ filaId: origem }] });
    const pia = await c.atendente('Pia', { filas: [{ filaId: destino }] });
    await c.status(nina, 'online');
    await c.status(pia, 'online');
    const ticket = await c.ticket(origem, canal);
    const tokenNina = await t.login(nina.email, SENHA);
    expect((await t.http().post(`/api/atendimento/tickets/${ticket}/atribuir`).set(c.auth(tokenNina)).send({})).status).toBe(200);

    const recusada = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket}/transferir`)
      .set(c.auth(tokenNina))
      .send({ atendenteId: otto.id, motivo: 'fim do turno', forcar: true });
    expect(recusada.status).toBe(422);
    expect(recusada.body).toMatchObject({ code: 'TICKET_ATENDENTE_OFFLINE' });
    expect(recusada.body.message).toContain('Otto está offline');

    const forcada = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket}/transferir`)
      .set(c.auth())
      .send({ atendenteId: otto.id, motivo: 'ele retoma amanhã', forcar: true });
    expect(forcada.status).toBe(200);
    expect(await c.dono(ticket)).toBe(otto.id);

    const invalida = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket}/transferir`)
      .set(c.auth())
      .send({ filaId: destino, motivo: 'é de outro setor', forcar: 'sim' });
    expect(invalida.status).toBe(400);
    expect(JSON.stringify(invalida.body)).toContain('forcar');

    const paraFila = await t
      .http()
      .post(`/api/atendimento/tickets/${ticket}/transferir`)
      .set(c.auth())
      .send({ filaId: destino, motivo: 'é de outro setor' });
    expect(paraFila.status).toBe(200);
    await c.estabilizar();
    expect(await c.dono(ticket)).toBe(pia.id);
    const [transferido] = await c.sql<{ motivo: string }>(
      `SELECT motivo FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'transferido' AND para_fila_id = $2`,
      [ticket, destino],
    );
    expect(transferido?.motivo).toBe('é de outro setor');
  });

  describe('GET /filas/:id/painel', () => {
    let fila: string;
    let rui: AtendenteDeTeste;

    beforeAll(async () => {
      fila = await c.fila('Painel', { estrategia: 'round_robin' });
      rui = await c.atendente('Rui', { max: 1, filas: [{ filaId: fila, capacidade: 1 }] });
      await c.status(rui, 'online');
      await c.ticket(fila, canal);
      await c.ticket(fila, canal, { prioridade: 'urgente' });
      await c.ticket(fila, canal);
    });

    it('shows the backlog with waits, the atendentes with load, capacity and status, and today’s throughput', async () => {
      const resposta = await t.http().get(`/api/atendimento/filas/${fila}/painel`).set(c.auth());
      expect(resposta.status).toBe(200);
      expect(resposta.body).toMatchObject({ filaId: fila, nome: 'Painel', estrategia: 'round_robin', totalEsperando: 2 });
      expect(resposta.body.backlog.map((b: { posicao: number; prioridade: string }) => [b.posicao, b.prioridade])).toEqual([
        [1, 'urgente'],
        [2, 'normal'],
      ]);
      expect(resposta.body.backlog[0].esperaSegundos).toBeGreaterThanOrEqual(0);
      expect(resposta.body.atendentes).toEqual([
        expect.objectContaining({
          atendenteId: rui.id,
          status: 'online',
          elegivel: false,
          ticketsNaFila: 1,
          ticketsTotal: 1,
          capacidadeNaFila: 1,
          maxTicketsSimultaneos: 1,
        }),
      ]);
      expect(resposta.body.hoje).toMatchObject({ atribuidos: 1, entradas: 3, resolvidos: 0 });
    });

    it('is 404 for another empresa, 400 for a bad id, 403 for an atendente', async () => {
      await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra-dist.test', 'senha-outra-123');
      const outra = await t.login('admin@outra-dist.test', 'senha-outra-123');
      const alheia = await t.http().get(`/api/atendimento/filas/${fila}/painel`).set(c.auth(outra));
      expect(alheia.status).toBe(404);
      expect(alheia.body.code).toBe('DISTRIBUICAO_FILA_NAO_ENCONTRADA');
      const invalida = await t.http().get('/api/atendimento/filas/nao-e-uuid/painel').set(c.auth());
      expect(invalida.status).toBe(400);
      expect(invalida.body.message).toContain('id');
      const token = await t.login(rui.email, SENHA);
      expect((await t.http().get(`/api/atendimento/filas/${fila}/painel`).set(c.auth(token))).status).toBe(403);
    });
  });
});
