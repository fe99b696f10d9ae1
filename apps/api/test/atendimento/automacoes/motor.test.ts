import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AutomacaoMotorService,
  type VerificacaoDeOcio,
} from '../../../src/atendimento/automacoes/automacao-motor.service.js';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { SlaCronometroService, type VerificacaoSla } from '../../../src/atendimento/sla/sla-cronometro.service.js';
import { FakeWebhookServer } from '../../support/fake-webhook-server.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type Sessao, sessoesPadrao } from '../contatos/apoio.js';
import { RelogioDeTeste } from '../sla/relogio-de-teste.js';
import { Fixtures } from '../tickets/fixtures.js';

interface Execucao {
  automacao_id: string;
  gatilho: string;
  cadeia_id: string;
  resultado: string;
  acoes_executadas: { tipo: string; ok: boolean; detalhe?: string }[];
  erro: string | null;
  duracao_ms: number | null;
  executada_em: Date;
}

describe('motor de automações', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: Sessao;
  let canalId: string;
  const relogio = new RelogioDeTeste(new Date());
  const auth = () => ({ Authorization: `Bearer ${admin.token}` });

  const esperar = async <T>(ler: () => Promise<T>, pronto: (valor: T) => boolean, ms = 15_000): Promise<T> => {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await ler();
      if (pronto(valor) || Date.now() > limite) return valor;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const regra = async (corpo: Record<string, unknown>): Promise<string> => {
    const r = await t.http().post('/api/atendimento/automacoes').set(auth()).send(corpo);
    if (r.status !== 201) throw new Error(`criar automação: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const execucoes = (ticketId: string) =>
    f.sql<Execucao>(
      `SELECT automacao_id, gatilho, cadeia_id, resultado, acoes_executadas, erro, duracao_ms, executada_em
         FROM atendimento_automacao_execucoes WHERE ticket_id = $1 ORDER BY executada_em, criado_em`,
      [ticketId],
    );
  const esperarExecucoes = (ticketId: string, n: number, ms?: number) =>
    esperar(
      () => execucoes(ticketId),
      (l) => l.length >= n,
      ms,
    );
  const tagsDo = async (ticketId: string) =>
    (
      await f.sql<{ tag_id: string }>(`SELECT tag_id FROM atendimento_tickets_tags WHERE ticket_id = $1 ORDER BY tag_id`, [ticketId])
    ).map((l) => l.tag_id);
  const ticket = async (id: string) =>
    (
      await f.sql<{ status: string; prioridade: string; fila_id: string | null; atendente_id: string | null }>(
        `SELECT status, prioridade, fila_id, atendente_id FROM atendimento_tickets WHERE id = $1`,
        [id],
      )
    )[0];
  const eventosDo = (ticketId: string, tipo: string) =>
    f.sql<{ ator: string; dados: Record<string, unknown> }>(
      `SELECT ator, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = $2 ORDER BY ocorrido_em, criado_em`,
      [ticketId, tipo],
    );
  /** Gives queued jobs (other rules, a stale chain) time to run, for the "nothing more happened" checks. */
  const assentar = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  beforeAll(async () => {
    // Outbound sends of the template action fail fast against a closed local port instead of the internet.
    t = await createTestApp({ env: { TELEGRAM_API_URL: 'http://127.0.0.1:9' }, overrides: [{ provide: Relogio, useValue: relogio }] });
    ({ admin } = await sessoesPadrao(t));
    f = new Fixtures(t, admin.empresaId);
    canalId = await f.canal('telegram');
  });

  afterEach(async () => {
    relogio.definir(new Date());
    await f.sql(`DELETE FROM atendimento_automacoes WHERE empresa_id = $1`, [admin.empresaId]);
  });

  afterAll(() => t.close());

  it('ticket_criado: AND/OR conditions choose the tickets; tag, priority and note are done by the automacao actor', async () => {
    const [filaA, filaB] = [await f.fila(), await f.fila()];
    const vip = await f.tag('vip');
    const id = await regra({
      nome: 'VIP da fila A',
      gatilho: 'ticket_criado',
      condicoes: {
        tipo: 'e',
        condicoes: [
          { tipo: 'canal', canalTipos: ['telegram'] },
          { tipo: 'ou', condicoes: [{ tipo: 'fila', filaIds: [filaA] }, { tipo: 'prioridade', prioridades: ['urgente'] }] },
        ],
      },
      acoes: [
        { tipo: 'adicionar_tag', tagId: vip },
        { tipo: 'definir_prioridade', prioridade: 'alta' },
        { tipo: 'nota_interna', texto: 'Cliente VIP: atender primeiro' },
      ],
    });
    const sim = await f.ticket(await f.contato(), canalId, filaA);
    const nao = await f.ticket(await f.contato(), canalId, filaB);
    const [execSim] = await esperarExecucoes(sim, 1);
    const [execNao] = await esperarExecucoes(nao, 1);

    expect(execSim).toMatchObject({ automacao_id: id, gatilho: 'ticket_criado', resultado: 'executada', erro: null });
    expect(execSim.acoes_executadas.map((a) => [a.tipo, a.ok])).toEqual([
      ['adicionar_tag', true],
      ['definir_prioridade', true],
      ['nota_interna', true],
    ]);
    expect(execSim.duracao_ms).toBeGreaterThanOrEqual(0);
    expect(execNao).toMatchObject({ resultado: 'condicoes_falsas', acoes_executadas: [] });

    expect(await tagsDo(sim)).toEqual([vip]);
    expect(await tagsDo(nao)).toEqual([]);
    expect((await ticket(sim)).prioridade).toBe('alta');
    expect((await ticket(nao)).prioridade).toBe('normal');
    expect((await eventosDo(sim, 'tag_adicionada')).map((e) => e.ator)).toEqual(['automacao']);
    expect((await eventosDo(sim, 'prioridade_alterada')).map((e) => e.ator)).toEqual(['automacao']);
    const [executada] = await eventosDo(sim, 'automacao_executada');
    expect(executada).toMatchObject({ ator: 'automacao', dados: { automacaoId: id, nome: 'VIP da fila A' } });
    const notas = await f.sql<{ conteudo: string; privada: boolean }>(
      `SELECT conteudo, privada FROM atendimento_mensagens WHERE ticket_id = $1`,
      [sim],
    );
    expect(notas).toEqual([{ conteudo: 'Cliente VIP: atender primeiro', privada: true }]);
  });

  it('mensagem_recebida: text contains and regex conditions; assign to a fila and to an atendente', async () => {
    const [filaOrigem, filaCancelamento] = [await f.fila(), await f.fila()];
    const { atendenteId } = await f.atendente({ filas: [filaCancelamento] });
    await regra({
      nome: 'Cancelamentos',
      gatilho: 'mensagem_recebida',
      condicoes: {
        tipo: 'ou',
        condicoes: [
          { tipo: 'texto', campo: 'mensagem', modo: 'contem', valor: 'nao quero mais' },
          { tipo: 'texto', campo: 'mensagem', modo: 'regex', valor: '^cancel(ar|amento)\\b' },
        ],
      },
      acoes: [{ tipo: 'atribuir_fila', filaId: filaCancelamento }],
    });
    await regra({
      nome: 'Pedido com número vai para o atendente',
      gatilho: 'mensagem_recebida',
      condicoes: { tipo: 'texto', campo: 'mensagem', modo: 'regex', valor: 'pedido #?\\d{4,8}' },
      acoes: [{ tipo: 'atribuir_atendente', atendenteId }],
    });
    const ticketId = await f.ticket(await f.contato(), canalId, filaOrigem);
    await f.mensagemDoCliente(ticketId, 'Olá, bom dia');
    let log = await esperarExecucoes(ticketId, 2);
    expect(log.map((e) => e.resultado)).toEqual(['condicoes_falsas', 'condicoes_falsas']);
    expect((await ticket(ticketId)).fila_id).toBe(filaOrigem);

    await f.mensagemDoCliente(ticketId, 'Não quero mais, CANCELAR tudo');
    log = await esperarExecucoes(ticketId, 4);
    expect(log.slice(2).map((e) => e.resultado)).toEqual(['executada', 'condicoes_falsas']);
    expect((await ticket(ticketId)).fila_id).toBe(filaCancelamento);
    const [transferido] = await eventosDo(ticketId, 'transferido');
    expect(transferido.ator).toBe('automacao');

    await f.mensagemDoCliente(ticketId, 'cancelamento do pedido 123456');
    log = await esperarExecucoes(ticketId, 6);
    // Already in the fila: the first rule runs without change; the second assigns.
    expect(log.slice(4).map((e) => [e.resultado, e.acoes_executadas[0]?.detalhe ?? null])).toEqual([
      ['executada', 'sem mudança'],
      ['executada', null],
    ]);
    expect(await ticket(ticketId)).toMatchObject({ atendente_id: atendenteId, status: 'em_atendimento' });
    expect((await eventosDo(ticketId, 'atribuido')).map((e) => e.ator)).toEqual(['automacao']);
  });

  it('status_alterado with paraStatus, and avaliacao_recebida', async () => {
    const resolvida = await f.tag('resolvida');
    const avaliada = await f.tag('avaliada');
    await regra({
      nome: 'Marca resolvidos',
      gatilho: 'status_alterado',
      gatilhoConfig: { paraStatus: ['resolvido'] },
      acoes: [{ tipo: 'adicionar_tag', tagId: resolvida }],
    });
    await regra({ nome: 'Marca avaliados', gatilho: 'avaliacao_recebida', acoes: [{ tipo: 'adicionar_tag', tagId: avaliada }] });
    const ticketId = await f.ticket(await f.contato(), canalId);
    expect((await t.http().post(`/api/atendimento/tickets/${ticketId}/resolver`).set(auth()).send({})).status).toBe(200);
    await esperar(() => tagsDo(ticketId), (tags) => tags.length === 1);
    expect(await tagsDo(ticketId)).toEqual([resolvida]);
    expect((await t.http().post(`/api/atendimento/tickets/${ticketId}/avaliar`).set(auth()).send({ nota: 5 })).status).toBe(200);
    await esperar(() => tagsDo(ticketId), (tags) => tags.length === 2);
    expect(new Set(await tagsDo(ticketId))).toEqual(new Set([resolvida, avaliada]));
    const log = await execucoes(ticketId);
    expect(log.map((e) => [e.gatilho, e.resultado])).toEqual([
      ['status_alterado', 'executada'],
      ['avaliacao_recebida', 'executada'],
    ]);
  });

  it('runs rules in ordem, stops the chain, and follows a reorder', async () => {
    const [a, b, c] = [await f.tag('ordem-a'), await f.tag('ordem-b'), await f.tag('ordem-c')];
    const r1 = await regra({ nome: 'R1', gatilho: 'ticket_criado', acoes: [{ tipo: 'adicionar_tag', tagId: a }] });
    const r2 = await regra({
      nome: 'R2',
      gatilho: 'ticket_criado',
      pararAposExecutar: true,
      acoes: [{ tipo: 'adicionar_tag', tagId: b }],
    });
    const r3 = await regra({ nome: 'R3', gatilho: 'ticket_criado', acoes: [{ tipo: 'adicionar_tag', tagId: c }] });
    const primeiro = await f.ticket(await f.contato(), canalId);
    await esperarExecucoes(primeiro, 2);
    await assentar();
    expect((await execucoes(primeiro)).map((e) => e.automacao_id)).toEqual([r1, r2]);
    expect(new Set(await tagsDo(primeiro))).toEqual(new Set([a, b]));

    const reordenado = await t.http().put('/api/atendimento/automacoes/ordem').set(auth()).send({ ids: [r3, r2, r1] });
    expect(reordenado.status).toBe(200);
    expect(reordenado.body.map((r: { id: string; ordem: number }) => [r.id, r.ordem])).toEqual([
      [r3, 0],
      [r2, 1],
      [r1, 2],
    ]);
    const segundo = await f.ticket(await f.contato(), canalId);
    await esperarExecucoes(segundo, 2);
    await assentar();
    expect((await execucoes(segundo)).map((e) => e.automacao_id)).toEqual([r3, r2]);
    expect(new Set(await tagsDo(segundo))).toEqual(new Set([c, b]));
  });

  it('loop prevention: an action that re-triggers its own rule runs it once per cadeia', async () => {
    const marcada = await f.tag('fechada-pela-regra');
    const a = await regra({
      nome: 'Fecha ao mudar de status',
      gatilho: 'status_alterado',
      acoes: [
        { tipo: 'adicionar_tag', tagId: marcada },
        { tipo: 'fechar', motivo: 'Encerrado pela automação' },
      ],
    });
    const ticketId = await f.ticket(await f.contato(), canalId);
    expect((await t.http().post(`/api/atendimento/tickets/${ticketId}/resolver`).set(auth()).send({})).status).toBe(200);
    // resolvido (by a person) → rule closes it → fechado (caused by the rule, same cadeia) → skipped.
    const log = await esperarExecucoes(ticketId, 2);
    await assentar();
    const final = await execucoes(ticketId);
    expect(final.map((e) => [e.automacao_id, e.resultado])).toEqual([
      [a, 'executada'],
      [a, 'ignorada_loop'],
    ]);
    expect(log[0].cadeia_id).toBe(log[1].cadeia_id);
    expect((await ticket(ticketId)).status).toBe('fechado');
    expect(await tagsDo(ticketId)).toEqual([marcada]);
    const status = await f.sql<{ ator: string; para_status: string; motivo: string | null }>(
      `SELECT ator, para_status, motivo FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'status_alterado' ORDER BY ocorrido_em`,
      [ticketId],
    );
    expect(status).toEqual([
      { ator: 'usuario', para_status: 'resolvido', motivo: null },
      { ator: 'automacao', para_status: 'fechado', motivo: 'Encerrado pela automação' },
    ]);
  });

  it('a failing action rolls the whole rule back and is logged', async () => {
    const tag = await f.tag('desfeita');
    const { atendenteId } = await f.atendente();
    await regra({
      nome: 'Atribui a quem saiu',
      gatilho: 'ticket_criado',
      acoes: [
        { tipo: 'adicionar_tag', tagId: tag },
        { tipo: 'atribuir_atendente', atendenteId },
      ],
    });
    await f.sql(`UPDATE atendimento_atendentes SET ativo = false WHERE id = $1`, [atendenteId]);
    const ticketId = await f.ticket(await f.contato(), canalId);
    const [exec] = await esperarExecucoes(ticketId, 1);
    expect(exec.resultado).toBe('falhou');
    expect(exec.erro).toBeTruthy();
    expect(exec.acoes_executadas).toEqual([
      { tipo: 'adicionar_tag', ok: false, detalhe: 'desfeita: a regra falhou' },
      { tipo: 'atribuir_atendente', ok: false, detalhe: exec.erro },
    ]);
    expect(await tagsDo(ticketId)).toEqual([]);
  });

  it('sends a template through the outbound pipeline, resolves, and sends the CSAT survey', async () => {
    const template = await t
      .http()
      .post('/api/atendimento/templates')
      .set(auth())
      .send({ nome: 'Boas-vindas automação', conteudo: 'Olá {{contato.nome}}, recebemos o ticket #{{ticket.numero}}.' });
    expect(template.status).toBe(201);
    await regra({
      nome: 'Boas-vindas',
      gatilho: 'ticket_criado',
      acoes: [{ tipo: 'enviar_template', templateId: template.body.id }],
    });
    const contatoId = await f.contato({ nome: 'Joana' });
    const ticketId = await f.ticket(contatoId, canalId);
    await esperarExecucoes(ticketId, 1);
    const [numero] = await f.sql<{ numero: number }>(`SELECT numero FROM atendimento_tickets WHERE id = $1`, [ticketId]);
    const [enviada] = await f.sql<{ conteudo: string; direcao: string; privada: boolean; template_id: string }>(
      `SELECT conteudo, direcao, privada, template_id FROM atendimento_mensagens WHERE ticket_id = $1`,
      [ticketId],
    );
    expect(enviada).toEqual({
      conteudo: `Olá Joana, recebemos o ticket #${numero.numero}.`,
      direcao: 'enviada',
      privada: false,
      template_id: template.body.id,
    });
    const [job] = await f.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbound.enviar' AND data->>'mensagemId' = (
         SELECT id::text FROM atendimento_mensagens WHERE ticket_id = $1)`,
      [ticketId],
    );
    expect(job.n).toBe(1);

    await f.sql(`DELETE FROM atendimento_automacoes WHERE empresa_id = $1`, [admin.empresaId]);
    await regra({
      nome: 'Resolve e pergunta',
      gatilho: 'ticket_criado',
      acoes: [{ tipo: 'resolver' }, { tipo: 'enviar_csat' }],
    });
    const outro = await f.ticket(await f.contato(), canalId);
    const [exec] = await esperarExecucoes(outro, 1);
    expect(exec.resultado).toBe('executada');
    expect((await ticket(outro)).status).toBe('resolvido');
    const [pesquisa] = await f.sql<{ tipo: string }>(
      `SELECT tipo FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'enviada'`,
      [outro],
    );
    expect(pesquisa.tipo).toBe('interativa');
    expect(exec.acoes_executadas[1]?.detalhe).toMatch(/^mensagem /);
    expect((await eventosDo(outro, 'status_alterado'))[0].ator).toBe('automacao');
  });

  it('webhook: signed with the rule secret, retried with backoff after a failure', async () => {
    const segredo = 'segredo-do-webhook-123456';
    const servidor = await FakeWebhookServer.start(segredo);
    servidor.falharPrimeiras = 1;
    try {
      const id = await regra({
        nome: 'Avisa o ERP',
        gatilho: 'ticket_criado',
        acoes: [{ tipo: 'webhook', url: servidor.url }],
        webhookSegredo: segredo,
      });
      const lida = await t.http().get(`/api/atendimento/automacoes/${id}`).set(auth());
      expect(lida.body.webhookSegredoDefinido).toBe(true);
      expect(JSON.stringify(lida.body)).not.toContain(segredo);
      const [cifrado] = await f.sql<{ segredos_cifrados: string }>(
        `SELECT segredos_cifrados FROM atendimento_automacoes WHERE id = $1`,
        [id],
      );
      expect(cifrado.segredos_cifrados).not.toContain(segredo);

      const ticketId = await f.ticket(await f.contato(), canalId);
      await esperar(
        async () => servidor.recebidos.length,
        (n) => n >= 2,
        20_000,
      );
      const [primeira, segunda] = servidor.recebidos;
      expect([primeira.status, segunda.status]).toEqual([500, 200]);
      expect(primeira.assinaturaValida && segunda.assinaturaValida).toBe(true);
      expect(segunda.corpo).toBe(primeira.corpo);
      expect(segunda.em - primeira.em).toBeGreaterThanOrEqual(900);
      const corpo = JSON.parse(segunda.corpo) as Record<string, unknown>;
      expect(corpo).toMatchObject({ evento: 'ticket_criado', automacao: { id, nome: 'Avisa o ERP' }, ticket: { id: ticketId } });
      expect(segunda.headers['x-atende-entrega']).toBe(corpo.entregaId);
      const envios = await esperar(
        () =>
          f.sql<{ tentativa: number; status: string; http_status: number }>(
            `SELECT tentativa, status, http_status FROM atendimento_envios WHERE operacao = 'webhook' AND external_id = $1 ORDER BY tentativa`,
            [corpo.entregaId],
          ),
        (l) => l.length >= 2,
      );
      expect(envios).toEqual([
        { tentativa: 1, status: 'erro_transitorio', http_status: 500 },
        { tentativa: 2, status: 'sucesso', http_status: 200 },
      ]);

      // A wrong secret is refused by the receiver (401): permanent, not retried.
      await t.http().patch(`/api/atendimento/automacoes/${id}`).set(auth()).send({ webhookSegredo: 'outro-segredo-qualquer-1' });
      await f.ticket(await f.contato(), canalId);
      await esperar(
        async () => servidor.recebidos.length,
        (n) => n >= 3,
      );
      await assentar();
      expect(servidor.recebidos.slice(2).map((r) => [r.status, r.assinaturaValida])).toEqual([[401, false]]);
    } finally {
      await servidor.close();
    }
  });

  it('ticket_ocioso: a durable job per idle period, decided by the clock', async () => {
    const parado = await f.tag('parado');
    const id = await regra({
      nome: 'Ocioso 30 min',
      gatilho: 'ticket_ocioso',
      gatilhoConfig: { minutos: 30 },
      acoes: [{ tipo: 'adicionar_tag', tagId: parado }],
    });
    const ticketId = await f.ticket(await f.contato(), canalId);
    const jobs = () =>
      f.sql<{ data: VerificacaoDeOcio; start_after: Date }>(
        `SELECT data, start_after FROM pgboss.job WHERE name = 'automacoes.ocioso' AND data->>'ticketId' = $1 ORDER BY start_after`,
        [ticketId],
      );
    const [job] = await esperar(jobs, (l) => l.length >= 1);
    expect(job.data.automacaoId).toBe(id);
    const desde = Date.parse(job.data.desde);
    expect(Math.abs(+new Date(job.start_after) - (desde + 30 * 60_000))).toBeLessThan(5_000);
    const motor = t.app.get(AutomacaoMotorService);

    relogio.definir(new Date(desde + 29 * 60_000));
    await motor.verificarOcio(job.data);
    expect(await execucoes(ticketId)).toHaveLength(0);

    relogio.definir(new Date(desde + 31 * 60_000));
    await motor.verificarOcio(job.data);
    await motor.verificarOcio(job.data);
    const log = await execucoes(ticketId);
    expect(log.map((e) => [e.gatilho, e.resultado])).toEqual([
      ['ticket_ocioso', 'executada'],
      ['ticket_ocioso', 'ignorada_loop'],
    ]);
    expect(await tagsDo(ticketId)).toEqual([parado]);

    // New activity (back to the present): a new idle period with its own job; the old job is stale.
    relogio.definir(new Date());
    await f.mensagemDoCliente(ticketId, 'ainda estou aqui');
    const novos = await esperar(jobs, (l) => l.some((j) => j.data.desde !== job.data.desde));
    const novo = novos.find((j) => j.data.desde !== job.data.desde);
    expect(Date.parse(novo?.data.desde ?? '')).toBeGreaterThan(desde);
    await motor.verificarOcio(job.data);
    expect(await execucoes(ticketId)).toHaveLength(2);
  });

  it('SLA warn/breach triggers and the executar_automacao escalation', async () => {
    const alertada = await f.tag('sla-alerta');
    await regra({ nome: 'Alerta de SLA', gatilho: 'sla_alerta', acoes: [{ tipo: 'adicionar_tag', tagId: alertada }] });
    // Runs only as the escalation (its own trigger never fires here).
    const escalar = await regra({
      nome: 'Escalar violação',
      gatilho: 'avaliacao_recebida',
      acoes: [{ tipo: 'definir_prioridade', prioridade: 'urgente' }],
    });
    const semAlvo = await t
      .http()
      .post('/api/atendimento/sla-politicas')
      .set(auth())
      .send({ nome: 'Sem alvo', primeiraRespostaSegundos: 60, acaoViolacao: 'executar_automacao' });
    expect(semAlvo.status).toBe(400);
    expect(semAlvo.body.issues[0].path).toBe('acaoConfig');
    const politica = await t.http().post('/api/atendimento/sla-politicas').set(auth()).send({
      nome: 'Escala por automação',
      primeiraRespostaSegundos: 600,
      apenasHorarioComercial: false,
      alertaPercentual: 50,
      acaoViolacao: 'executar_automacao',
      acaoConfig: { automacaoId: escalar },
    });
    expect(politica.status).toBe(201);
    expect(politica.body.acaoConfig).toEqual({ automacaoId: escalar });
    const filaId = await f.fila();
    await f.sql(`UPDATE atendimento_filas SET sla_politica_id = $1 WHERE id = $2`, [politica.body.id, filaId]);
    const ticketId = await f.ticket(await f.contato(), canalId, filaId);
    const jobs = await esperar(
      () =>
        f.sql<{ data: VerificacaoSla }>(
          `SELECT data FROM pgboss.job WHERE name = 'sla.verificar' AND data->>'ticketId' = $1 ORDER BY start_after`,
          [ticketId],
        ),
      (l) => l.length >= 2,
    );
    const [alerta, violacao] = jobs;
    const cronometro = t.app.get(SlaCronometroService);
    relogio.definir(alerta.data.instante);
    await cronometro.verificar(alerta.data);
    await esperar(() => tagsDo(ticketId), (tags) => tags.length === 1);
    expect(await tagsDo(ticketId)).toEqual([alertada]);

    relogio.definir(violacao.data.instante);
    await cronometro.verificar(violacao.data);
    await esperar(
      async () => (await ticket(ticketId)).prioridade,
      (p) => p === 'urgente',
    );
    const log = await execucoes(ticketId);
    expect(log.map((e) => [e.gatilho, e.resultado])).toEqual([
      ['sla_alerta', 'executada'],
      ['sla_violado', 'executada'],
    ]);
    expect(log[1].automacao_id).toBe(escalar);
    await f.sql(`UPDATE atendimento_filas SET sla_politica_id = NULL WHERE id = $1`, [filaId]);
    await t.http().delete(`/api/atendimento/sla-politicas/${politica.body.id}`).set(auth());
  });
});
