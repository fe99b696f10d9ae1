import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MensagemDto, TicketDto, TicketEventoDto } from '@atende/shared';
import { MensagemService } from '../../../src/atendimento/mensagens/mensagem.service.js';
import { Template } from '../../../src/atendimento/templates/template.entity.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { contarConsultasDoUsuario } from '../../support/contador-de-consultas.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { auth, Fixtures } from '../tickets/fixtures.js';

describe('mensagens', () => {
  let t: TestApp;
  let f: Fixtures;
  let token: string;
  let canal: string;

  const get = (url: string) =>
    t
      .http()
      .get(url)
      .set(...auth(token));
  const post = (url: string, body: object = {}) =>
    t
      .http()
      .post(url)
      .set(...auth(token))
      .send(body);
  const servico = () => t.app.get(MensagemService);
  const emEmpresa = <T>(fn: () => Promise<T>) => RequestContext.runForEmpresa(f.empresaId, fn);
  const ticketDto = async (id: string) => (await get(`/api/atendimento/tickets/${id}`)).body as TicketDto;
  const jobs = (fila: string, mensagemId: string) =>
    f.sql<{ data: { empresaId: string; mensagemId: string } }>(
      `SELECT data FROM pgboss.job WHERE name = $1 AND data->>'mensagemId' = $2`,
      [fila, mensagemId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: f, token } = await Fixtures.demo(t));
    canal = await f.canal('telegram');
  }, 120_000);
  afterAll(() => t?.close());

  it('salvarMensagem is idempotent on (canal, external id): a redelivery returns the stored one and counts nothing', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    const entrada = { externalId: 'wamid.REPETIDO-1' };
    const primeira = await f.mensagemDoCliente(ticketId, 'olá', entrada);
    const segunda = await f.mensagemDoCliente(ticketId, 'olá', entrada);
    const terceira = await f.mensagemDoCliente(ticketId, 'olá (reenvio)', entrada);
    expect(primeira.duplicada).toBe(false);
    expect([segunda.duplicada, terceira.duplicada]).toEqual([true, true]);
    expect(segunda.mensagem.id).toBe(primeira.mensagem.id);
    expect(terceira.mensagem.conteudo).toBe('olá');
    const [{ total }] = (await f.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_mensagens WHERE external_id = $1`,
      ['wamid.REPETIDO-1'],
    )) as [{ total: number }];
    expect(total).toBe(1);
    expect((await ticketDto(ticketId)).naoLidas).toBe(1);

    // The same provider id on another canal is another mensagem.
    const outroCanal = await f.canal('telegram');
    const outroTicket = await f.ticket(await f.contato(), outroCanal);
    expect((await f.mensagemDoCliente(outroTicket, 'olá', entrada)).duplicada).toBe(false);
  });

  it('links a quoted reply by the provider id and shows its summary', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    const original = await f.mensagemDoCliente(ticketId, 'Qual o prazo de entrega?', { externalId: 'ext-original-1' });
    const resposta = await f.mensagemDoCliente(ticketId, 'E o frete?', {
      externalId: 'ext-resposta-1',
      respondeAExternalId: 'ext-original-1',
    });
    expect(resposta.mensagem.respondeAId).toBe(original.mensagem.id);
    const orfa = await f.mensagemDoCliente(ticketId, 'sobre aquilo', { respondeAExternalId: 'ext-que-nao-existe' });
    expect(orfa.mensagem).toMatchObject({ respondeAId: null, respondeAExternalId: 'ext-que-nao-existe' });

    const pagina = (await get(`/api/atendimento/tickets/${ticketId}/mensagens`)).body.items as MensagemDto[];
    expect(pagina.find((m) => m.id === resposta.mensagem.id)?.respondeA).toEqual({
      id: original.mensagem.id,
      direcao: 'recebida',
      tipo: 'texto',
      conteudo: 'Qual o prazo de entrega?',
      remetenteNome: null,
      removida: false,
    });
  });

  it('delivery status never moves backwards: lida stays lida after a late entregue; a late falhou applies only over enviada', async () => {
    const contatoId = await f.contato();
    const ticketId = await f.ticket(contatoId, canal);
    const saida = (externalId: string | null) =>
      emEmpresa(() =>
        servico().salvarMensagem({
          ticketId,
          canalId: canal,
          contatoId,
          direcao: 'enviada',
          tipo: 'texto',
          conteudo: 'resposta',
          externalId,
        }),
      );
    const { mensagem } = await saida(null);
    expect(mensagem.status).toBe('pendente');

    const enviada = await emEmpresa(() => servico().atualizarStatusPorId(mensagem.id, 'enviada', { externalId: 'out-1' }));
    expect(enviada).toMatchObject({ status: 'enviada', externalId: 'out-1' });
    expect(enviada?.enviadaEm).toBeInstanceOf(Date);
    const status = (s: 'enviada' | 'entregue' | 'lida' | 'falhou', erro?: { codigo: string; mensagem: string }) =>
      emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'out-1', s, erro));
    expect((await status('lida'))?.status).toBe('lida');
    const tardia = await status('entregue');
    expect(tardia).toMatchObject({ status: 'lida' });
    expect(tardia?.entregueEm).toBeInstanceOf(Date);
    expect((await status('enviada'))?.status).toBe('lida');
    expect((await status('falhou', { codigo: '131026', mensagem: 'Message undeliverable' }))?.status).toBe('lida');

    const outra = (await saida('out-2')).mensagem;
    expect(outra.status).toBe('pendente');
    await emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'out-2', 'enviada'));
    const falhou = await emEmpresa(() =>
      servico().atualizarStatusPorExternalId(canal, 'out-2', 'falhou', { codigo: '131047', mensagem: 'Re-engagement message' }),
    );
    expect(falhou).toMatchObject({ status: 'falhou', erroCodigo: '131047', erroMensagem: 'Re-engagement message' });
    expect((await emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'out-2', 'entregue')))?.status).toBe('falhou');

    const terceira = (await saida('out-3')).mensagem;
    await emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'out-3', 'entregue'));
    expect(
      (await emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'out-3', 'falhou', { codigo: '1', mensagem: 'x' })))
        ?.status,
    ).toBe('entregue');
    expect(terceira.id).toBeDefined();
    expect(await emEmpresa(() => servico().atualizarStatusPorExternalId(canal, 'nao-existe', 'lida'))).toBeNull();

    const dto = ((await get(`/api/atendimento/tickets/${ticketId}/mensagens`)).body.items as MensagemDto[]).find(
      (m) => m.id === outra.id,
    );
    expect(dto).toMatchObject({ status: 'falhou', erro: { codigo: '131047', mensagem: 'Re-engagement message' } });
  });

  it('keyset pagination stays stable while new mensagens arrive: every old one exactly once, newest first', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    const antigas: string[] = [];
    for (let i = 0; i < 7; i++) antigas.push((await f.mensagemDoCliente(ticketId, `antiga ${i}`)).mensagem.id);

    const primeira = await get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=3`);
    expect((primeira.body.items as MensagemDto[]).map((m) => m.id)).toEqual(antigas.slice(4).reverse());
    const novas = [
      (await f.mensagemDoCliente(ticketId, 'nova 1')).mensagem.id,
      (await f.mensagemDoCliente(ticketId, 'nova 2')).mensagem.id,
    ];
    const vistas = (primeira.body.items as MensagemDto[]).map((m) => m.id);
    let cursor = primeira.body.nextCursor as string | null;
    while (cursor) {
      const pagina = await get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=3&cursor=${cursor}`);
      vistas.push(...(pagina.body.items as MensagemDto[]).map((m) => m.id));
      cursor = pagina.body.nextCursor as string | null;
      if (cursor) await f.mensagemDoCliente(ticketId, 'mais uma durante a paginação');
    }
    expect(vistas).toEqual([...antigas].reverse());
    const topo = await get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=2`);
    expect((topo.body.items as MensagemDto[]).map((m) => m.conteudo)).toEqual(['mais uma durante a paginação', 'nova 2']);
    expect(novas).toHaveLength(2);

    expect((await get(`/api/atendimento/tickets/${ticketId}/mensagens?cursor=abc`)).body.code).toBe('CURSOR_INVALIDO');
    const limite = await get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=500`);
    expect(limite.status).toBe(400);
    expect(limite.body.message).toMatch(/limite deve ser um número inteiro de 1 a 200/);
  });

  it('lists a page with a fixed number of queries whatever its size, quotes and anexos included (no N+1)', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    for (let i = 0; i < 10; i++) {
      await f.mensagemDoCliente(ticketId, `pergunta ${i}`, {
        externalId: `n1-${ticketId}-${i}`,
        ...(i > 0 ? { respondeAExternalId: `n1-${ticketId}-${i - 1}` } : {}),
      });
    }
    for (let i = 0; i < 2; i++) {
      const nota = await t
        .http()
        .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
        .set(...auth(token))
        .field('conteudo', `anexo ${i}`)
        .field('privada', 'true')
        .attach('arquivo', Buffer.from(`%PDF-1.4 ${i}`), { filename: `doc-${i}.pdf`, contentType: 'application/pdf' });
      expect(nota.status).toBe(201);
    }
    const consultas = contarConsultasDoUsuario();
    const contar = async (limite: number) => {
      consultas.zerar();
      const resposta = await get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=${limite}`);
      expect(resposta.body.items).toHaveLength(limite);
      return { consultas: consultas.total, itens: resposta.body.items as MensagemDto[] };
    };
    try {
      // Work the uploads started after their commit (in their requests' context) settles before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await contar(1);
      const pequena = await contar(2);
      const grande = await contar(12);
      expect(grande.itens.filter((m) => m.anexos.length > 0)).toHaveLength(2);
      expect(grande.itens.filter((m) => m.respondeA !== null)).toHaveLength(9);
      expect(grande.consultas).toBe(pequena.consultas);
      expect(grande.consultas).toBeLessThanOrEqual(1);
    } finally {
      consultas.restaurar();
    }
  });

  it('POST text: 201 pendente + the outbound job in the same transaction; the ticket preview and first response follow', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    await f.mensagemDoCliente(ticketId, 'preciso de ajuda');
    const resposta = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, {
      conteudo: 'Claro! Qual o número do pedido?',
    });
    expect(resposta.status).toBe(201);
    const mensagem = resposta.body as MensagemDto;
    expect(mensagem).toMatchObject({
      ticketId,
      canalId: canal,
      direcao: 'enviada',
      privada: false,
      tipo: 'texto',
      status: 'pendente',
      conteudo: 'Claro! Qual o número do pedido?',
      remetente: { nome: 'Administrador', bot: false },
    });
    const [job] = await jobs('outbound.enviar', mensagem.id);
    expect(job?.data).toEqual({ empresaId: f.empresaId, mensagemId: mensagem.id });
    const ticket = await ticketDto(ticketId);
    expect(ticket.ultimaMensagem).toMatchObject({
      id: mensagem.id,
      direcao: 'enviada',
      resumo: 'Claro! Qual o número do pedido?',
    });
    expect(ticket.primeiraRespostaEm).toBe(mensagem.criadoEm);
  });

  it('POST a private note: stored enviada, never queued, not the ticket preview; quoted replies; clear 400/409/422', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    const cliente = await f.mensagemDoCliente(ticketId, 'meu CPF é 123');
    const nota = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, {
      conteudo: 'cliente VIP, tratar com prioridade',
      privada: true,
      respondeAId: cliente.mensagem.id,
    });
    expect(nota.status).toBe(201);
    expect(nota.body).toMatchObject({
      privada: true,
      status: 'enviada',
      respondeA: { id: cliente.mensagem.id, conteudo: 'meu CPF é 123' },
    });
    expect(await jobs('outbound.enviar', nota.body.id as string)).toEqual([]);
    const ticket = await ticketDto(ticketId);
    expect(ticket.ultimaMensagem?.id).toBe(cliente.mensagem.id);
    expect(ticket.primeiraRespostaEm).toBeNull();
    const historia = (await get(`/api/atendimento/tickets/${ticketId}/eventos`)).body.items as TicketEventoDto[];
    expect(historia.find((e) => e.tipo === 'nota_interna')).toMatchObject({ mensagemId: nota.body.id });

    const vazio = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: '   ' });
    expect(vazio.status).toBe(400);
    expect(vazio.body.issues.map((i: { path: string }) => i.path)).toEqual(['conteudo']);
    const misturado = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'x', atalho: '/oi' });
    expect(misturado.status).toBe(400);
    expect(misturado.body.message).toMatch(/com um template, o texto vem do template/);
    const outroTicket = await f.ticket(await f.contato(), canal);
    const citacaoDeOutro = await post(`/api/atendimento/tickets/${outroTicket}/mensagens`, {
      conteudo: 'x',
      respondeAId: cliente.mensagem.id,
    });
    expect(citacaoDeOutro.status).toBe(422);
    expect(citacaoDeOutro.body.code).toBe('MENSAGEM_CITADA_NAO_ENCONTRADA');

    await post(`/api/atendimento/tickets/${ticketId}/resolver`);
    const aoResolvido = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'mais alguma coisa?' });
    expect(aoResolvido.status).toBe(409);
    expect(aoResolvido.body.message).toMatch(/Reabra o ticket antes/);
    expect(
      (await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'encerrado ok', privada: true })).status,
    ).toBe(201);
  });

  it('POST a template by atalho or id: rendered with the ticket context and variables; 422 listing unfilled variables', async () => {
    const contato = await f.contato({ nome: 'Bruna' });
    const ticketId = await f.ticket(contato, canal);
    const numero = (await ticketDto(ticketId)).numero;
    const templateId = await f.em(async (tx) => {
      const repo = tx.manager.getRepository(Template);
      const salvo = await repo.save(
        repo.create({
          empresaId: f.empresaId,
          nome: 'Confirmação de pedido',
          atalho: 'pedido',
          conteudo:
            'Olá {{contato.nome}}, o pedido {{pedido}} do ticket #{{ticket.numero}} foi confirmado pela {{empresa.nome}}.',
        }),
      );
      return salvo.id;
    });
    const porAtalho = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, {
      atalho: '/pedido',
      variaveis: { pedido: 'A-77' },
    });
    expect(porAtalho.status).toBe(201);
    expect(porAtalho.body).toMatchObject({
      tipo: 'texto',
      templateId,
      conteudo: `Olá Bruna, o pedido A-77 do ticket #${numero} foi confirmado pela Demo.`,
      status: 'pendente',
    });
    const porId = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { templateId, variaveis: { pedido: 'B-1' } });
    expect(porId.status).toBe(201);
    const faltando = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { templateId });
    expect(faltando.status).toBe(422);
    expect(faltando.body.message).toContain('pedido');
  });

  it('the canal policy is checked before storing: WhatsApp outside the 24 h window refuses free text with 422', async () => {
    const whatsapp = await f.canal('whatsapp');
    const ticketId = await f.ticket(await f.contato(), whatsapp);
    const antes = await f.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_mensagens WHERE ticket_id = $1`,
      [ticketId],
    );
    const recusada = await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'oi?' });
    expect(recusada.status).toBe(422);
    expect(recusada.body.message).toMatch(/template/);
    const depois = await f.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_mensagens WHERE ticket_id = $1`,
      [ticketId],
    );
    expect(depois).toEqual(antes);
    expect((await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'nota ok', privada: true })).status).toBe(
      201,
    );

    await f.mensagemDoCliente(ticketId, 'oi, tudo bem?');
    expect(
      (await post(`/api/atendimento/tickets/${ticketId}/mensagens`, { conteudo: 'Tudo! Em que posso ajudar?' })).status,
    ).toBe(201);
  });

  it('reading: PATCH /mensagens/:id/ler reads up to that mensagem, POST /tickets/:id/ler reads all; each enqueues the canal read receipt', async () => {
    const ticketId = await f.ticket(await f.contato(), canal);
    const recebidas = [];
    for (const texto of ['um', 'dois', 'três']) recebidas.push((await f.mensagemDoCliente(ticketId, texto)).mensagem);
    expect((await ticketDto(ticketId)).naoLidas).toBe(3);
    // Listing does not mark anything read.
    await get(`/api/atendimento/tickets/${ticketId}/mensagens`);
    expect((await ticketDto(ticketId)).naoLidas).toBe(3);

    const lida = await t
      .http()
      .patch(`/api/atendimento/mensagens/${recebidas[1]!.id}/ler`)
      .set(...auth(token));
    expect(lida.status).toBe(200);
    expect(lida.body.lidaEm).not.toBeNull();
    expect((await ticketDto(ticketId)).naoLidas).toBe(1);
    expect(await jobs('outbound.marcar-lida', recebidas[1]!.id)).toHaveLength(1);

    const ticket = await post(`/api/atendimento/tickets/${ticketId}/ler`);
    expect(ticket.status).toBe(200);
    expect((ticket.body as TicketDto).naoLidas).toBe(0);
    expect(await jobs('outbound.marcar-lida', recebidas[2]!.id)).toHaveLength(1);
    const denovo = await post(`/api/atendimento/tickets/${ticketId}/ler`);
    expect(denovo.body.naoLidas).toBe(0);
    expect(await jobs('outbound.marcar-lida', recebidas[2]!.id)).toHaveLength(1);

    const pagina = (await get(`/api/atendimento/tickets/${ticketId}/mensagens`)).body.items as MensagemDto[];
    expect(pagina.every((m) => m.lidaEm !== null)).toBe(true);
    const desconhecida = await t
      .http()
      .patch('/api/atendimento/mensagens/00000000-0000-4000-8000-000000000000/ler')
      .set(...auth(token));
    expect(desconhecida.status).toBe(404);
    expect(desconhecida.body.code).toBe('MENSAGEM_NAO_ENCONTRADA');
  });
});
