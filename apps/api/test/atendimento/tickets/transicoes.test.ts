import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDto, TicketEventoDto } from '@atende/shared';
import { TicketService } from '../../../src/atendimento/tickets/ticket.service.js';
import { TRANSICOES_TICKET } from '../../../src/atendimento/tickets/ticket-transicoes.js';
import { TICKET_STATUS, type TicketStatus } from '../../../src/atendimento/tickets/ticket.entity.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { auth, Fixtures } from './fixtures.js';

describe('tickets: status machine, assignment, transfer, CSAT, reopening', () => {
  let t: TestApp;
  let f: Fixtures;
  let token: string;
  let canal: string;
  let fila: string;
  let meuAtendente: string;

  const post = (url: string, body: object = {}, comToken = token) =>
    t
      .http()
      .post(url)
      .set(...auth(comToken))
      .send(body);
  const get = (url: string) =>
    t
      .http()
      .get(url)
      .set(...auth(token));
  const eventos = async (id: string) => (await get(`/api/atendimento/tickets/${id}/eventos`)).body.items as TicketEventoDto[];

  /** A fresh ticket brought to `status` through the API. */
  async function ticketEm(status: TicketStatus): Promise<string> {
    const id = await f.ticket(await f.contato(), canal, fila);
    if (status === 'aberto') return id;
    expect((await post(`/api/atendimento/tickets/${id}/atribuir`)).status).toBe(200);
    if (status === 'pendente')
      expect((await post(`/api/atendimento/tickets/${id}/status`, { status: 'pendente' })).status).toBe(200);
    if (status === 'resolvido' || status === 'fechado')
      expect((await post(`/api/atendimento/tickets/${id}/resolver`)).status).toBe(200);
    if (status === 'fechado') expect((await post(`/api/atendimento/tickets/${id}/fechar`)).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: f, token } = await Fixtures.demo(t));
    canal = await f.canal('telegram');
    fila = await f.fila();
    const me = await get('/api/auth/me');
    meuAtendente = await f.atendenteDoUsuario(me.body.usuario.id as string);
  }, 120_000);
  afterAll(() => t?.close());

  describe('every (from, to) pair through POST /tickets/:id/status', () => {
    const casos = TICKET_STATUS.flatMap((de) => TICKET_STATUS.map((para) => ({ de, para })));
    it.each(casos)('$de → $para', async ({ de, para }) => {
      const id = await ticketEm(de);
      const resposta = await post(`/api/atendimento/tickets/${id}/status`, { status: para, motivo: 'teste' });
      if (de === para) {
        expect(resposta.status).toBe(409);
        expect(resposta.body.code).toBe('TICKET_MESMO_STATUS');
      } else if (TRANSICOES_TICKET[de].includes(para)) {
        expect(resposta.status).toBe(200);
        expect((resposta.body as TicketDto).status).toBe(para);
        const ultimo = (await eventos(id)).filter((e) => e.tipo === 'status_alterado').at(-1);
        expect(ultimo).toMatchObject({ deStatus: de, paraStatus: para, ator: 'usuario', motivo: 'teste' });
      } else {
        expect(resposta.status).toBe(409);
        expect(resposta.body.code).toBe('TICKET_TRANSICAO_INVALIDA');
        expect(resposta.body.message).toContain(`está "${de}" e não pode passar para "${para}"`);
        expect(resposta.body).toMatchObject({ de, para });
        const atual = (await get(`/api/atendimento/tickets/${id}`)).body as TicketDto;
        expect(atual.status).toBe(de);
      }
    });
  });

  it('the named routes refuse illegal transitions too (fechar an open ticket, resolver a fechado, reabrir an open one)', async () => {
    const aberto = await ticketEm('aberto');
    const fechar = await post(`/api/atendimento/tickets/${aberto}/fechar`);
    expect(fechar.status).toBe(409);
    expect(fechar.body.message).toMatch(/"aberto" e não pode passar para "fechado"/);
    const fechado = await ticketEm('fechado');
    expect((await post(`/api/atendimento/tickets/${fechado}/resolver`)).body.code).toBe('TICKET_TRANSICAO_INVALIDA');
    const reabrirFechado = await post(`/api/atendimento/tickets/${fechado}/reabrir`);
    expect(reabrirFechado.status).toBe(409);
    expect(reabrirFechado.body.message).toMatch(/status final/);
    const reabrirAberto = await post(`/api/atendimento/tickets/${aberto}/reabrir`);
    expect(reabrirAberto.status).toBe(409);
    expect(reabrirAberto.body.code).toBe('TICKET_NAO_RESOLVIDO');
    expect((await post(`/api/atendimento/tickets/${fechado}/atribuir`)).body.code).toBe('TICKET_ENCERRADO');
    const ruim = await post(`/api/atendimento/tickets/${aberto}/status`, { status: 'arquivado' });
    expect(ruim.status).toBe(400);
    expect(ruim.body.message).toMatch(/status deve ser um de/);
  });

  it('CSAT once per resolution: 409 the second time, again allowed after reopen + resolve', async () => {
    const id = await ticketEm('em_atendimento');
    const cedo = await post(`/api/atendimento/tickets/${id}/avaliar`, { nota: 4 });
    expect(cedo.status).toBe(409);
    expect(cedo.body.code).toBe('TICKET_NAO_AVALIAVEL');

    await post(`/api/atendimento/tickets/${id}/resolver`, { motivo: 'resolvido por telefone' });
    const primeira = await post(`/api/atendimento/tickets/${id}/avaliar`, { nota: 5, comentario: 'Ótimo' });
    expect(primeira.status).toBe(200);
    expect((primeira.body as TicketDto).avaliacao).toMatchObject({ nota: 5, comentario: 'Ótimo' });
    const segunda = await post(`/api/atendimento/tickets/${id}/avaliar`, { nota: 1 });
    expect(segunda.status).toBe(409);
    expect(segunda.body.code).toBe('TICKET_JA_AVALIADO');
    expect(segunda.body.message).toMatch(/uma vez por resolução/);

    const reaberto = await post(`/api/atendimento/tickets/${id}/reabrir`, { motivo: 'cliente voltou' });
    expect(reaberto.status).toBe(200);
    expect(reaberto.body).toMatchObject({ status: 'em_atendimento', avaliacao: null, reaberturas: 1, resolvidoEm: null });
    expect((reaberto.body as TicketDto).reabertoEm).not.toBeNull();
    const resolvido = await post(`/api/atendimento/tickets/${id}/resolver`);
    expect(resolvido.body.status).toBe('resolvido');
    expect((await post(`/api/atendimento/tickets/${id}/avaliar`, { nota: 3 })).status).toBe(200);

    const historia = await eventos(id);
    expect(historia.filter((e) => e.tipo === 'avaliado').map((e) => e.dados.nota)).toEqual([5, 3]);
    const reabertura = historia.find((e) => e.tipo === 'status_alterado' && e.dados.acao === 'reabrir');
    expect(reabertura).toMatchObject({ deStatus: 'resolvido', paraStatus: 'em_atendimento', motivo: 'cliente voltou' });
    expect(historia.filter((e) => e.tipo === 'status_alterado' && e.paraStatus === 'resolvido')).toHaveLength(2);

    const foraDaEscala = await post(`/api/atendimento/tickets/${id}/avaliar`, { nota: 6 });
    expect(foraDaEscala.status).toBe(400);
    expect(foraDaEscala.body.message).toMatch(/nota: nota máxima: 5/);
  });

  it('reopening a ticket without atendente puts it back in its fila; 409 when the contato already has another open one', async () => {
    const contato = await f.contato();
    const id = await f.ticket(contato, canal, fila);
    await post(`/api/atendimento/tickets/${id}/resolver`);
    const reaberto = await post(`/api/atendimento/tickets/${id}/reabrir`);
    expect(reaberto.body).toMatchObject({ status: 'aberto', fila: { id: fila } });
    expect(reaberto.body.entrouNaFilaEm).not.toBeNull();

    await post(`/api/atendimento/tickets/${id}/resolver`);
    await RequestContext.runForEmpresa(f.empresaId, () =>
      f.sql(`UPDATE atendimento_tickets SET resolvido_em = now() - interval '3 days' WHERE id = $1`, [id]),
    );
    const novo = await f.ticket(contato, canal, fila);
    expect(novo).not.toBe(id);
    const conflito = await post(`/api/atendimento/tickets/${id}/reabrir`);
    expect(conflito.status).toBe(409);
    expect(conflito.body.code).toBe('TICKET_JA_EXISTE_ABERTO');
  });

  it('transferir to a fila with a reason: leaves the atendente, waits in the new fila, and writes the event rows', async () => {
    const filaDestino = await f.fila();
    const agente = await f.atendente({ filas: [fila] });
    const id = await f.ticket(await f.contato(), canal, fila);
    await post(`/api/atendimento/tickets/${id}/atribuir`, {}, agente.token);

    const transferido = await post(
      `/api/atendimento/tickets/${id}/transferir`,
      { filaId: filaDestino, motivo: 'assunto financeiro' },
      agente.token,
    );
    expect(transferido.status).toBe(200);
    expect(transferido.body).toMatchObject({ status: 'aberto', fila: { id: filaDestino }, atendente: null });
    const historia = await eventos(id);
    expect(historia.find((e) => e.tipo === 'transferido')).toMatchObject({
      ator: 'usuario',
      usuarioId: agente.usuarioId,
      deFilaId: fila,
      paraFilaId: filaDestino,
      deAtendenteId: agente.atendenteId,
      paraAtendenteId: null,
      motivo: 'assunto financeiro',
    });
    expect(historia.filter((e) => e.tipo === 'status_alterado').at(-1)).toMatchObject({
      deStatus: 'em_atendimento',
      paraStatus: 'aberto',
      dados: expect.objectContaining({ acao: 'transferir' }),
    });
    expect(historia.at(-1)).toMatchObject({ tipo: 'fila_entrada', paraFilaId: filaDestino });

    // The atendente is not in the destination fila: the ticket is no longer theirs to see.
    expect(
      (
        await t
          .http()
          .get(`/api/atendimento/tickets/${id}`)
          .set(...auth(agente.token))
      ).status,
    ).toBe(404);

    const outro = await f.atendente({ filas: [filaDestino] });
    const paraAtendente = await post(`/api/atendimento/tickets/${id}/transferir`, {
      atendenteId: outro.atendenteId,
      motivo: 'especialista',
      forcar: true,
    });
    expect(paraAtendente.body).toMatchObject({
      status: 'em_atendimento',
      atendente: { id: outro.atendenteId },
      fila: { id: filaDestino },
    });
    const mesma = await post(`/api/atendimento/tickets/${id}/transferir`, { atendenteId: outro.atendenteId, motivo: 'de novo' });
    expect(mesma.status).toBe(409);
    expect(mesma.body.code).toBe('TICKET_TRANSFERENCIA_SEM_MUDANCA');

    const semMotivo = await post(`/api/atendimento/tickets/${id}/transferir`, { filaId: fila });
    expect(semMotivo.status).toBe(400);
    expect(semMotivo.body.issues.map((i: { path: string }) => i.path)).toEqual(['motivo']);
    const semDestino = await post(`/api/atendimento/tickets/${id}/transferir`, { motivo: 'x' });
    expect(semDestino.status).toBe(400);
    expect(semDestino.body.message).toMatch(/informe o destino/);
    const filaInexistente = await post(`/api/atendimento/tickets/${id}/transferir`, {
      filaId: '00000000-0000-4000-8000-000000000000',
      motivo: 'x',
    });
    expect(filaInexistente.status).toBe(404);
    const filaInativa = await post(`/api/atendimento/tickets/${id}/transferir`, {
      filaId: await f.fila({ ativo: false }),
      motivo: 'x',
    });
    expect(filaInativa.status).toBe(422);
  });

  it('atribuir: to me by default; an atendente may only take tickets itself (403); 422 for a usuario without atendente; 404 unknown', async () => {
    const agente = await f.atendente({ filas: [fila] });
    const colega = await f.atendente({ filas: [fila] });
    const id = await f.ticket(await f.contato(), canal, fila);
    const paraColega = await post(`/api/atendimento/tickets/${id}/atribuir`, { atendenteId: colega.atendenteId }, agente.token);
    expect(paraColega.status).toBe(403);
    expect(paraColega.body.message).toMatch(/transferir/);
    const meu = await post(`/api/atendimento/tickets/${id}/atribuir`, {}, agente.token);
    expect(meu.body).toMatchObject({ status: 'em_atendimento', atendente: { id: agente.atendenteId } });
    expect(meu.body.atribuidoEm).not.toBeNull();
    expect(meu.body.entrouNaFilaEm).toBeNull();
    const repetido = await post(`/api/atendimento/tickets/${id}/atribuir`, {}, agente.token);
    expect(repetido.status).toBe(200);
    expect((await eventos(id)).filter((e) => e.tipo === 'atribuido')).toHaveLength(1);

    const supervisor = await f.atendente({ papel: 'supervisor', semAtendente: true });
    const semAtendente = await post(`/api/atendimento/tickets/${id}/atribuir`, {}, supervisor.token);
    expect(semAtendente.status).toBe(422);
    expect(semAtendente.body.code).toBe('TICKET_USUARIO_SEM_ATENDENTE');
    const reatribuido = await post(
      `/api/atendimento/tickets/${id}/atribuir`,
      { atendenteId: colega.atendenteId },
      supervisor.token,
    );
    expect(reatribuido.body.atendente.id).toBe(colega.atendenteId);
    expect((await eventos(id)).filter((e) => e.tipo === 'atribuido').at(-1)).toMatchObject({
      deAtendenteId: agente.atendenteId,
      paraAtendenteId: colega.atendenteId,
    });
    const desconhecido = await post(`/api/atendimento/tickets/${id}/atribuir`, {
      atendenteId: '00000000-0000-4000-8000-000000000000',
    });
    expect(desconhecido.status).toBe(404);
  });

  it('devolver à fila (em_atendimento → aberto) unassigns and writes desatribuido', async () => {
    const id = await ticketEm('em_atendimento');
    const devolvido = await post(`/api/atendimento/tickets/${id}/status`, { status: 'aberto', motivo: 'vou sair' });
    expect(devolvido.body).toMatchObject({ status: 'aberto', atendente: null });
    expect((await eventos(id)).find((e) => e.tipo === 'desatribuido')).toMatchObject({
      deAtendenteId: meuAtendente,
      motivo: 'vou sair',
    });
  });

  describe('buscarOuCriarTicket and the customer side', () => {
    const servico = () => t.app.get(TicketService);
    const emEmpresa = <T>(fn: () => Promise<T>) => RequestContext.runForEmpresa(f.empresaId, fn);

    it('returns the open ticket, reopens one resolved within the window, and opens a new one after it', async () => {
      const contato = await f.contato();
      const primeiro = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal, filaId: fila }));
      expect(primeiro).toMatchObject({ criado: true, reaberto: false });
      expect(primeiro.ticket).toMatchObject({ status: 'aberto', filaId: fila });
      const mesmo = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }));
      expect(mesmo).toMatchObject({ criado: false, reaberto: false, ticket: { id: primeiro.ticket.id } });

      await post(`/api/atendimento/tickets/${primeiro.ticket.id}/atribuir`);
      await post(`/api/atendimento/tickets/${primeiro.ticket.id}/resolver`);
      const reaberto = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }));
      expect(reaberto).toMatchObject({
        criado: false,
        reaberto: true,
        ticket: { id: primeiro.ticket.id, status: 'em_atendimento', reaberturas: 1 },
      });
      const reabertura = (await eventos(primeiro.ticket.id)).filter((e) => e.tipo === 'status_alterado').at(-1);
      expect(reabertura).toMatchObject({ ator: 'cliente', usuarioId: null, deStatus: 'resolvido', paraStatus: 'em_atendimento' });

      await post(`/api/atendimento/tickets/${primeiro.ticket.id}/resolver`);
      await f.sql(`UPDATE atendimento_tickets SET resolvido_em = now() - interval '25 hours' WHERE id = $1`, [
        primeiro.ticket.id,
      ]);
      const novo = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }));
      expect(novo).toMatchObject({ criado: true, reaberto: false });
      expect(novo.ticket.origemTicketId).toBe(primeiro.ticket.id);
      expect(novo.ticket.numero).toBeGreaterThan(primeiro.ticket.numero);
    });

    it('honours the empresa setting configuracoes.reaberturaJanelaHoras (0: never reopen), and never reopens a fechado ticket', async () => {
      const contato = await f.contato();
      const { ticket } = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }));
      await post(`/api/atendimento/tickets/${ticket.id}/resolver`);
      await f.sql(`UPDATE empresas SET configuracoes = configuracoes || '{"reaberturaJanelaHoras": 0}' WHERE id = $1`, [
        f.empresaId,
      ]);
      try {
        const novo = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }));
        expect(novo.criado).toBe(true);
        await post(`/api/atendimento/tickets/${novo.ticket.id}/resolver`);
        await post(`/api/atendimento/tickets/${novo.ticket.id}/fechar`);
      } finally {
        await f.sql(`UPDATE empresas SET configuracoes = configuracoes - 'reaberturaJanelaHoras' WHERE id = $1`, [f.empresaId]);
      }
      const outro = await f.contato();
      const { ticket: fechado } = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: outro, canalId: canal }));
      await post(`/api/atendimento/tickets/${fechado.id}/resolver`);
      await post(`/api/atendimento/tickets/${fechado.id}/fechar`);
      const depois = await emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: outro, canalId: canal }));
      expect(depois.criado).toBe(true);
    });

    it('concurrent callers for the same contato and canal get one ticket, and the números stay gapless', async () => {
      const contato = await f.contato();
      const [antes] = await f.sql<{ ticket_seq: number }>(`SELECT ticket_seq FROM empresas WHERE id = $1`, [f.empresaId]);
      const resultados = await Promise.all(
        Array.from({ length: 4 }, () => emEmpresa(() => servico().buscarOuCriarTicket({ contatoId: contato, canalId: canal }))),
      );
      expect(new Set(resultados.map((r) => r.ticket.id)).size).toBe(1);
      expect(resultados.filter((r) => r.criado)).toHaveLength(1);
      const [depois] = await f.sql<{ ticket_seq: number }>(`SELECT ticket_seq FROM empresas WHERE id = $1`, [f.empresaId]);
      expect(depois!.ticket_seq).toBe(antes!.ticket_seq + 1);
    });

    it('a customer answer moves pendente back to em_atendimento and lifts the SLA pause; counting it twice is harmless', async () => {
      const id = await ticketEm('pendente');
      const pendente = (await get(`/api/atendimento/tickets/${id}`)).body as TicketDto;
      expect(pendente.sla.pausadoEm).not.toBeNull();
      const { mensagem } = await f.mensagemDoCliente(id, 'voltei');
      // The inbound pipeline may register the same mensagem again: nothing changes.
      await emEmpresa(() => servico().registrarMensagemDoCliente(id, mensagem.criadoEm));
      const depois = (await get(`/api/atendimento/tickets/${id}`)).body as TicketDto;
      expect(depois).toMatchObject({
        status: 'em_atendimento',
        naoLidas: 1,
        ultimaMensagem: { id: mensagem.id, resumo: 'voltei', direcao: 'recebida' },
      });
      expect(depois.sla.pausadoEm).toBeNull();
      expect(depois.ultimaMensagemClienteEm).toBe(mensagem.criadoEm.toISOString());
      const historia = await eventos(id);
      expect(historia.filter((e) => e.tipo === 'mensagem_recebida')).toHaveLength(1);
      expect(historia.filter((e) => e.tipo === 'status_alterado').at(-1)).toMatchObject({
        ator: 'cliente',
        deStatus: 'pendente',
        paraStatus: 'em_atendimento',
        dados: { acao: 'cliente_respondeu' },
      });
    });

    it('the first human reply is recorded once; an atendente answering an unassigned ticket of its fila takes it', async () => {
      const agente = await f.atendente({ filas: [fila] });
      const id = await f.ticket(await f.contato(), canal, fila);
      await f.mensagemDoCliente(id, 'oi');
      const resposta = await post(
        `/api/atendimento/tickets/${id}/mensagens`,
        { conteudo: 'Olá, como posso ajudar?' },
        agente.token,
      );
      expect(resposta.status).toBe(201);
      await post(`/api/atendimento/tickets/${id}/mensagens`, { conteudo: 'Estou verificando.' }, agente.token);
      const ticket = (await get(`/api/atendimento/tickets/${id}`)).body as TicketDto;
      expect(ticket).toMatchObject({ status: 'em_atendimento', atendente: { id: agente.atendenteId } });
      expect(ticket.primeiraRespostaEm).toBe(resposta.body.criadoEm);
      const historia = await eventos(id);
      const enviadas = historia.filter((e) => e.tipo === 'mensagem_enviada');
      expect(enviadas).toHaveLength(1);
      expect(enviadas[0]).toMatchObject({
        usuarioId: agente.usuarioId,
        mensagemId: resposta.body.id,
        dados: { primeiraResposta: true },
      });
      expect(historia.find((e) => e.tipo === 'atribuido')).toMatchObject({
        paraAtendenteId: agente.atendenteId,
        dados: { automatico: true },
      });
    });
  });
});
