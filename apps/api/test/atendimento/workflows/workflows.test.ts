import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/auth/auth.service.js';
import { aguardar, criarCanalWhatsApp, sql } from '../../canais/inbound-helpers.js';
import { FakeGraphApi } from '../../support/fake-graph-api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { Cenario, type AtendenteDeTeste } from '../distribuicao/cenario.js';
import { clienteEnvia, enviadas, enviadasAoWhatsApp } from './apoio.js';

/**
 * Workflows end to end over the WhatsApp fake: the "menu + collect data + handoff" bot (buttons, free text with
 * validation, a private note, distribution after the handoff), the hold while it runs, invalid answers, the
 * precedence over the canal's fila menu, versions, manual start/cancel, 400s and tenant isolation.
 */
describe('workflows', { timeout: 180_000 }, () => {
  let t: TestApp;
  let fake: FakeGraphApi;
  let c: Cenario;
  let outra: string;
  let vendas: string;
  let suporte: string;
  let geral: string;
  let bia: AtendenteDeTeste;
  let canalId: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  function menuColetaHandoff(filaSuporte: string, filaVendas: string) {
    return {
      inicio: 'boas_vindas',
      passos: {
        boas_vindas: { tipo: 'mensagem', texto: 'Olá! Sou o assistente virtual.', proximo: 'menu' },
        menu: {
          tipo: 'pergunta',
          texto: 'Sobre o que você quer falar?',
          variavel: 'assunto',
          opcoes: [
            { valor: 'vendas', rotulo: 'Comprar', proximo: 'para_vendas' },
            { valor: 'suporte', rotulo: 'Suporte técnico' },
          ],
          proximo: 'nome',
          maxTentativas: 2,
          mensagemInvalida: 'Opção inválida.',
        },
        nome: { tipo: 'pergunta', texto: 'Qual é o seu nome?', variavel: 'nome', proximo: 'email' },
        email: {
          tipo: 'pergunta',
          texto: 'Obrigado, {{nome}}! Qual é o seu e-mail?',
          variavel: 'email',
          validacao: 'email',
          proximo: 'handoff',
          mensagemInvalida: 'E-mail inválido.',
        },
        handoff: { tipo: 'transferir', filaId: filaSuporte, texto: 'Vou te passar para um especialista.' },
        para_vendas: { tipo: 'transferir', filaId: filaVendas, notaComVariaveis: false },
      },
    };
  }

  async function criarWorkflow(body: Record<string, unknown>, token = c.admin): Promise<string> {
    const resposta = await t.http().post('/api/atendimento/workflows').set(auth(token)).send(body);
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body.id as string;
  }

  const estados = (ticketId: string) =>
    sql<{ status: string; passo_atual: string; variaveis: Record<string, string>; erro: string | null; workflow_versao: number }>(
      t,
      `SELECT status, passo_atual, variaveis, erro, workflow_versao FROM atendimento_workflow_estados
        WHERE ticket_id = $1 ORDER BY iniciado_em`,
      [ticketId],
    );
  const ticket = async (id: string) =>
    (
      await sql<{ fila_id: string | null; atendente_id: string | null; status: string }>(
        t,
        'SELECT fila_id, atendente_id, status FROM atendimento_tickets WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    t = await createTestApp({ env: { WHATSAPP_API_URL: fake.baseUrl } });
    c = await Cenario.iniciar(t);
    vendas = await c.fila('Vendas');
    suporte = await c.fila('Suporte');
    geral = await c.fila('Geral');
    bia = await c.atendente('Bia', { filas: [{ filaId: suporte }, { filaId: geral }] });
    await c.status(bia, 'online');
    canalId = (await criarCanalWhatsApp(t, c.admin, fake)).id;
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    outra = await t.login('admin@outra.test', 'senha-outra-123');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('runs the menu + collect data + handoff bot with buttons, then distributes the ticket', async () => {
    const workflowId = await criarWorkflow({
      nome: 'Triagem',
      gatilho: 'mensagem_recebida',
      gatilhoConfig: { canalIds: [canalId] },
      definicao: menuColetaHandoff(suporte, vendas),
    });
    const cliente = '5511988880001';
    const ticketId = await clienteEnvia(t, cliente, 'Oi, boa tarde');

    const [boasVindas, menu] = await enviadas(t, ticketId, 2);
    expect(boasVindas).toMatchObject({ conteudo: 'Olá! Sou o assistente virtual.', tipo: 'texto', bot: true });
    expect(menu).toMatchObject({ conteudo: 'Sobre o que você quer falar?', tipo: 'interativa', bot: true });
    // Two choices: WhatsApp reply buttons carrying the option ids.
    const interativa = await aguardar('menu enviado como botões', async () =>
      enviadasAoWhatsApp(fake.sentMessages(), cliente).find((m) => m.type === 'interactive'),
    );
    expect(interativa.interactive).toEqual({
      type: 'button',
      body: { text: 'Sobre o que você quer falar?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'wf:menu:0', title: '1 - Comprar' } },
          { type: 'reply', reply: { id: 'wf:menu:1', title: '2 - Suporte técnico' } },
        ],
      },
    });
    expect(await estados(ticketId)).toMatchObject([{ status: 'aguardando_resposta', passo_atual: 'menu' }]);

    await clienteEnvia(t, cliente, { id: 'wf:menu:1', titulo: '2 - Suporte técnico' });
    expect((await enviadas(t, ticketId, 3))[2]?.conteudo).toBe('Qual é o seu nome?');
    await clienteEnvia(t, cliente, 'João Silva');
    expect((await enviadas(t, ticketId, 4))[3]?.conteudo).toBe('Obrigado, João Silva! Qual é o seu e-mail?');
    await clienteEnvia(t, cliente, 'joao@');
    expect((await enviadas(t, ticketId, 5))[4]?.conteudo).toBe('E-mail inválido.\n\nObrigado, João Silva! Qual é o seu e-mail?');
    expect((await ticket(ticketId))?.fila_id).toBeNull();

    await clienteEnvia(t, cliente, 'Joao@Exemplo.com');
    const todas = await enviadas(t, ticketId, 7);
    expect(todas[5]).toMatchObject({ conteudo: 'Vou te passar para um especialista.', bot: true, privada: false });
    expect(todas[6]).toMatchObject({
      privada: true,
      bot: true,
      conteudo: 'Dados coletados pelo workflow "Triagem":\n- assunto: suporte\n- email: joao@exemplo.com\n- nome: João Silva',
    });
    expect(await estados(ticketId)).toMatchObject([
      { status: 'concluido', variaveis: { assunto: 'suporte', nome: 'João Silva', email: 'joao@exemplo.com' } },
    ]);
    await aguardar('ticket distribuído à Bia na fila Suporte', async () => {
      const linha = await ticket(ticketId);
      return linha?.fila_id === suporte && linha.atendente_id === bia.id;
    });
    const eventos = await sql<{ tipo: string; ator: string }>(
      t,
      `SELECT tipo, ator FROM atendimento_ticket_eventos
        WHERE ticket_id = $1 AND tipo IN ('workflow_iniciado', 'workflow_concluido', 'bot_handoff') ORDER BY ocorrido_em, criado_em`,
      [ticketId],
    );
    expect(eventos.map((e) => e.tipo)).toEqual(['workflow_iniciado', 'workflow_concluido', 'bot_handoff']);
    expect(eventos.every((e) => e.ator === 'bot')).toBe(true);

    // The conversation is the agent's now: more customer mensagens do not restart the bot.
    await clienteEnvia(t, cliente, 'alô?');
    expect(await estados(ticketId)).toHaveLength(1);
    await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(c.admin)).send({ ativo: false }).expect(200);
  });

  it('holds a ticket of a fila from distribution while its workflow runs, releases it at the end', async () => {
    // New conversations of the canal start in the Geral fila, where Bia is online.
    await sql(t, `UPDATE atendimento_canais SET fila_padrao_id = $2 WHERE id = $1`, [canalId, geral]);
    const workflowId = await criarWorkflow({
      nome: 'Pesquisa rápida',
      gatilho: 'ticket_criado',
      definicao: {
        inicio: 'pergunta',
        passos: {
          pergunta: { tipo: 'pergunta', texto: 'Qual o número do pedido?', variavel: 'pedido', validacao: 'numero', proximo: 'fim' },
          fim: { tipo: 'fim', texto: 'Obrigado! Já vamos te atender.' },
        },
      },
    });
    const cliente = '5511988880002';
    const ticketId = await clienteEnvia(t, cliente, 'Olá');
    await enviadas(t, ticketId, 1);
    await c.estabilizar();
    // In the Geral fila with Bia online, but the workflow holds it.
    expect(await ticket(ticketId)).toMatchObject({ fila_id: geral, atendente_id: null, status: 'aberto' });

    await clienteEnvia(t, cliente, 'não sei');
    await clienteEnvia(t, cliente, ' 1042 ');
    expect((await enviadas(t, ticketId, 3)).map((m) => m.conteudo)).toEqual([
      'Qual o número do pedido?',
      'Não entendi sua resposta.\n\nQual o número do pedido?',
      'Obrigado! Já vamos te atender.',
    ]);
    expect(await estados(ticketId)).toMatchObject([{ status: 'concluido', variaveis: { pedido: '1042' } }]);
    await aguardar('distribuído ao fim do workflow', async () => (await ticket(ticketId))?.atendente_id === bia.id);
    await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(c.admin)).send({ ativo: false }).expect(200);
    await sql(t, `UPDATE atendimento_canais SET fila_padrao_id = NULL WHERE id = $1`, [canalId]);
  });

  it('gives up after the invalid answers allowed and hands the ticket to people', async () => {
    const workflowId = await criarWorkflow({
      nome: 'Menu curto',
      gatilho: 'mensagem_recebida',
      gatilhoConfig: { canalIds: [canalId] },
      definicao: {
        inicio: 'menu',
        passos: {
          menu: {
            tipo: 'pergunta',
            texto: 'Escolha:',
            opcoes: [
              { valor: 'a', rotulo: 'Alfa' },
              { valor: 'b', rotulo: 'Beta' },
            ],
            proximo: 'fim',
            maxTentativas: 2,
          },
          fim: { tipo: 'fim' },
        },
      },
    });
    const cliente = '5511988880003';
    const ticketId = await clienteEnvia(t, cliente, 'oi');
    await enviadas(t, ticketId, 1);
    await clienteEnvia(t, cliente, 'banana');
    expect((await enviadas(t, ticketId, 2))[1]?.conteudo).toBe('Não entendi sua resposta.\n\nEscolha:');
    await clienteEnvia(t, cliente, 'gamma');
    await aguardar('workflow falhou', async () => (await estados(ticketId))[0]?.status === 'falhou');
    expect((await estados(ticketId))[0]?.erro).toBe('tentativas esgotadas');
    // A choice typed by its label still works for others: "beta" picks option b.
    const outro = '5511988880004';
    const outroTicket = await clienteEnvia(t, outro, 'oi');
    await enviadas(t, outroTicket, 1);
    await clienteEnvia(t, outro, 'BETA');
    await aguardar('concluído pelo rótulo', async () => (await estados(outroTicket))[0]?.status === 'concluido');
    await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(c.admin)).send({ ativo: false }).expect(200);
  });

  it('takes precedence over the canal fila menu: the menu never answers a conversation the workflow handled', async () => {
    await t
      .http()
      .patch(`/api/atendimento/canais/${canalId}`)
      .set(auth(c.admin))
      .send({ menu: { texto: 'Menu do canal', opcoes: [{ chave: '1', rotulo: 'Vendas', filaId: vendas }] } })
      .expect(200);
    const workflowId = await criarWorkflow({
      nome: 'Boas-vindas',
      gatilho: 'mensagem_recebida',
      gatilhoConfig: { canalIds: [canalId] },
      definicao: {
        inicio: 'nome',
        passos: {
          nome: { tipo: 'pergunta', texto: 'Como você se chama?', variavel: 'nome', proximo: 'fim' },
          fim: { tipo: 'transferir', filaId: vendas },
        },
      },
    });
    const cliente = '5511988880005';
    const ticketId = await clienteEnvia(t, cliente, 'Oi');
    await clienteEnvia(t, cliente, 'Maria');
    await aguardar('na fila Vendas', async () => (await ticket(ticketId))?.fila_id === vendas);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const textos = (await enviadas(t, ticketId, 1)).map((m) => m.conteudo);
    expect(textos).not.toContain('Menu do canal\n1 - Vendas');
    expect(textos[0]).toBe('Como você se chama?');
    await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(c.admin)).send({ ativo: false }).expect(200);
    await t.http().patch(`/api/atendimento/canais/${canalId}`).set(auth(c.admin)).send({ menu: null }).expect(200);
  });

  it('starts and cancels manually, keeps the snapshot of a running conversation after an edit', async () => {
    const workflowId = await criarWorkflow({
      nome: 'Manual',
      definicao: {
        inicio: 'p1',
        passos: {
          p1: { tipo: 'pergunta', texto: 'Versão 1: seu CPF?', variavel: 'cpf', validacao: 'cpf', proximo: 'fim' },
          fim: { tipo: 'fim', texto: 'CPF {{cpf}} anotado.' },
        },
      },
    });
    const cliente = '5511988880006';
    const ticketId = await clienteEnvia(t, cliente, 'Preciso de ajuda');
    const iniciado = await t.http().post(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin)).send({ workflowId });
    expect(iniciado.status, JSON.stringify(iniciado.body)).toBe(201);
    expect(iniciado.body).toMatchObject({ workflowId, status: 'aguardando_resposta', passoAtual: 'p1', workflowVersao: 1 });
    const denovo = await t.http().post(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin)).send({ workflowId });
    expect(denovo.status).toBe(409);
    expect(denovo.body.code).toBe('WORKFLOW_JA_EM_ANDAMENTO');

    const editado = await t
      .http()
      .patch(`/api/atendimento/workflows/${workflowId}`)
      .set(auth(c.admin))
      .send({
        definicao: {
          inicio: 'p1',
          passos: {
            p1: { tipo: 'pergunta', texto: 'Versão 2: seu CPF?', variavel: 'cpf', validacao: 'cpf', proximo: 'fim' },
            fim: { tipo: 'fim', texto: 'v2' },
          },
        },
      });
    expect(editado.status).toBe(200);
    expect(editado.body.versao).toBe(2);

    await clienteEnvia(t, cliente, '111.111.111-11');
    await clienteEnvia(t, cliente, '529.982.247-25');
    const textos = (await enviadas(t, ticketId, 3)).map((m) => m.conteudo);
    expect(textos).toEqual([
      'Versão 1: seu CPF?',
      'Não entendi sua resposta.\n\nVersão 1: seu CPF?',
      'CPF 52998224725 anotado.',
    ]);
    expect(await estados(ticketId)).toMatchObject([{ status: 'concluido', workflow_versao: 1 }]);

    // A new run uses version 2; cancelling it hands the ticket back.
    const segundo = await t.http().post(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin)).send({ workflowId });
    expect(segundo.body).toMatchObject({ workflowVersao: 2, status: 'aguardando_resposta' });
    const cancelado = await t.http().delete(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin));
    expect(cancelado.status).toBe(200);
    expect(cancelado.body.status).toBe('cancelado');
    expect((await t.http().delete(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin))).status).toBe(404);
    const historico = await t.http().get(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin));
    expect(historico.body.map((e: { status: string }) => e.status)).toEqual(['cancelado', 'concluido']);
  });

  it('keeps the customer mensagem when the workflow fails on it (its handoff fila was deactivated)', async () => {
    const temporaria = await c.fila('Temporária');
    const workflowId = await criarWorkflow({
      nome: 'Frágil',
      gatilho: 'mensagem_recebida',
      gatilhoConfig: { canalIds: [canalId] },
      definicao: {
        inicio: 'p',
        passos: {
          p: { tipo: 'pergunta', texto: 'Nome?', variavel: 'nome', proximo: 'h' },
          h: { tipo: 'transferir', filaId: temporaria },
        },
      },
    });
    const cliente = '5511988880008';
    const ticketId = await clienteEnvia(t, cliente, 'oi');
    await enviadas(t, ticketId, 1);
    await sql(t, 'UPDATE atendimento_filas SET ativo = false WHERE id = $1', [temporaria]);
    await clienteEnvia(t, cliente, 'Ana');
    // The handoff failed and was rolled back to the savepoint: the state still waits, the mensagem is stored.
    expect(await estados(ticketId)).toMatchObject([{ status: 'aguardando_resposta', passo_atual: 'p', variaveis: {} }]);
    const [recebidas] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'recebida'`,
      [ticketId],
    );
    expect(recebidas?.n).toBe(2);
    expect((await enviadas(t, ticketId, 1)).filter((m) => m.privada)).toEqual([]);
    await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(c.admin)).send({ ativo: false }).expect(200);
  });

  it('answers 400 naming the step for a bad graph, 403 to an atendente', async () => {
    const base = { nome: 'Ruim', gatilho: 'manual' };
    const semProximo = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({ ...base, definicao: { inicio: 'a', passos: { a: { tipo: 'mensagem', texto: 'x', proximo: 'b' } } } });
    expect(semProximo.status).toBe(400);
    expect(semProximo.body.issues).toContainEqual({
      path: 'definicao.passos.a.proximo',
      message: 'passo "a": o próximo passo "b" não existe',
    });

    const inalcancavel = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({ ...base, definicao: { inicio: 'a', passos: { a: { tipo: 'fim' }, solto: { tipo: 'fim' } } } });
    expect(inalcancavel.status).toBe(400);
    expect(inalcancavel.body.issues[0]).toEqual({
      path: 'definicao.passos.solto',
      message: 'passo "solto" não é alcançável a partir do início "a"',
    });

    const semInicio = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({ ...base, definicao: { inicio: 'x', passos: { a: { tipo: 'fim' } } } });
    expect(semInicio.status).toBe(400);
    expect(semInicio.body.issues.map((i: { path: string }) => i.path)).toContain('definicao.inicio');

    const ciclo = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({
        ...base,
        definicao: {
          inicio: 'a',
          passos: { a: { tipo: 'mensagem', texto: 'x', proximo: 'b' }, b: { tipo: 'mensagem', texto: 'y', proximo: 'a' } },
        },
      });
    expect(ciclo.status).toBe(400);
    expect(ciclo.body.issues[0].message).toMatch(/ciclo sem pergunta nem espera/);

    const filaDeOutra = await t.http().post('/api/atendimento/filas').set(auth(outra)).send({ nome: 'Fila da outra' });
    const filaAlheia = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({ ...base, definicao: { inicio: 'h', passos: { h: { tipo: 'transferir', filaId: filaDeOutra.body.id } } } });
    expect(filaAlheia.status).toBe(400);
    expect(filaAlheia.body.issues[0].path).toBe('definicao.passos.h.filaId');

    const livreSemVariavel = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(c.admin))
      .send({ ...base, definicao: { inicio: 'p', passos: { p: { tipo: 'pergunta', texto: '?', proximo: 'f' }, f: { tipo: 'fim' } } } });
    expect(livreSemVariavel.status).toBe(400);
    expect(livreSemVariavel.body.issues[0].path).toBe('definicao.passos.p.variavel');

    const agente = await c.atendente('Caio', { filas: [] });
    const token = await t.login(agente.email, 'senha-do-agente-123');
    const proibido = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(token))
      .send({ ...base, definicao: { inicio: 'a', passos: { a: { tipo: 'fim' } } } });
    expect(proibido.status).toBe(403);
  });

  it('isolates empresas: another one sees none of these workflows, tickets or states', async () => {
    const workflowId = await criarWorkflow({ nome: 'Só da Demo', definicao: { inicio: 'a', passos: { a: { tipo: 'fim' } } } });
    const lista = await t.http().get('/api/atendimento/workflows').set(auth(outra));
    expect(lista.status).toBe(200);
    expect(lista.body).toEqual([]);
    expect((await t.http().get(`/api/atendimento/workflows/${workflowId}`).set(auth(outra))).status).toBe(404);
    expect((await t.http().patch(`/api/atendimento/workflows/${workflowId}`).set(auth(outra)).send({ ativo: false })).status).toBe(404);
    expect((await t.http().delete(`/api/atendimento/workflows/${workflowId}`).set(auth(outra))).status).toBe(404);

    const ticketId = await clienteEnvia(t, '5511988880007', 'oi');
    expect((await t.http().get(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(outra))).status).toBe(404);
    expect(
      (await t.http().post(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(outra)).send({ workflowId })).status,
    ).toBe(404);
    // Its own workflow on our ticket, our workflow on its own: not found either way.
    const deOutra = await t
      .http()
      .post('/api/atendimento/workflows')
      .set(auth(outra))
      .send({ nome: 'Da outra', definicao: { inicio: 'a', passos: { a: { tipo: 'fim' } } } });
    expect(deOutra.status).toBe(201);
    const alheio = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/workflow`)
      .set(auth(c.admin))
      .send({ workflowId: deOutra.body.id });
    expect(alheio.status).toBe(404);
    expect(alheio.body.code).toBe('WORKFLOW_NAO_ENCONTRADO');
    const invalido = await t.http().post(`/api/atendimento/tickets/${ticketId}/workflow`).set(auth(c.admin)).send({ workflowId: 'x' });
    expect(invalido.status).toBe(400);
    expect(invalido.body.issues[0].path).toBe('workflowId');
  });
});
