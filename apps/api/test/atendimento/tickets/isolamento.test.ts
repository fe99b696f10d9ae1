import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDto } from '@atende/shared';
import { AuthService } from '../../../src/auth/auth.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { auth, Fixtures } from './fixtures.js';

type Metodo = 'get' | 'post' | 'patch' | 'delete';

interface Rota {
  nome: string;
  metodo: Metodo;
  url: () => string;
  corpo?: () => object;
}

describe('tickets, mensagens and anexos: tenant isolation and atendente visibility', () => {
  let t: TestApp;
  let f: Fixtures;
  let tokenDemo: string;
  let tokenOutra: string;
  let filaDemo: string;
  let contatoDemo: string;
  let canalDemo: string;
  let ticketDemo: string;
  let mensagemDemo: string;
  let anexoDemo: string;
  let atendenteDemo: string;
  let fOutra: Fixtures;
  let ticketOutra: string;

  const chamar = (metodo: Metodo, url: string, token: string, corpo?: object) => {
    const http = t.http();
    const requisicao = http[metodo](url).set(...auth(token));
    return corpo ? requisicao.send(corpo) : requisicao;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: f, token: tokenDemo } = await Fixtures.demo(t));
    filaDemo = await f.fila();
    contatoDemo = await f.contato({ nome: 'Cliente da Demo' });
    canalDemo = await f.canal('telegram');
    ticketDemo = await f.ticket(contatoDemo, canalDemo, filaDemo);
    mensagemDemo = (await f.mensagemDoCliente(ticketDemo, 'segredo da Demo')).mensagem.id;
    const upload = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketDemo}/mensagens`)
      .set(...auth(tokenDemo))
      .field('conteudo', 'comprovante')
      .attach('arquivo', Buffer.from('%PDF-1.4 demo'), { filename: 'comprovante.pdf', contentType: 'application/pdf' });
    expect(upload.status).toBe(201);
    anexoDemo = upload.body.anexos[0].id as string;
    atendenteDemo = (await f.atendente({ filas: [filaDemo] })).atendenteId ?? '';

    const admin = await t.app
      .get(AuthService)
      .criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    tokenOutra = await t.login('admin@outra.test', 'senha-outra-123');
    fOutra = new Fixtures(t, admin.empresaId);
    ticketOutra = await fOutra.ticket(await fOutra.contato(), await fOutra.canal('telegram'));
  }, 120_000);
  afterAll(() => t?.close());

  const rotas: Rota[] = [
    { nome: 'GET /tickets/:id', metodo: 'get', url: () => `/api/atendimento/tickets/${ticketDemo}` },
    {
      nome: 'PATCH /tickets/:id',
      metodo: 'patch',
      url: () => `/api/atendimento/tickets/${ticketDemo}`,
      corpo: () => ({ prioridade: 'alta' }),
    },
    { nome: 'GET /tickets/:id/eventos', metodo: 'get', url: () => `/api/atendimento/tickets/${ticketDemo}/eventos` },
    {
      nome: 'POST /tickets/:id/atribuir',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/atribuir`,
      corpo: () => ({}),
    },
    {
      nome: 'POST /tickets/:id/transferir',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/transferir`,
      corpo: () => ({ filaId: filaDemo, motivo: 'x' }),
    },
    {
      nome: 'POST /tickets/:id/status',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/status`,
      corpo: () => ({ status: 'pendente' }),
    },
    {
      nome: 'POST /tickets/:id/resolver',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/resolver`,
      corpo: () => ({}),
    },
    {
      nome: 'POST /tickets/:id/reabrir',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/reabrir`,
      corpo: () => ({}),
    },
    {
      nome: 'POST /tickets/:id/fechar',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/fechar`,
      corpo: () => ({}),
    },
    {
      nome: 'POST /tickets/:id/avaliar',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/avaliar`,
      corpo: () => ({ nota: 5 }),
    },
    { nome: 'DELETE /tickets/:id', metodo: 'delete', url: () => `/api/atendimento/tickets/${ticketDemo}` },
    { nome: 'GET /contatos/:id/tickets', metodo: 'get', url: () => `/api/atendimento/contatos/${contatoDemo}/tickets` },
    { nome: 'GET /tickets/:id/mensagens', metodo: 'get', url: () => `/api/atendimento/tickets/${ticketDemo}/mensagens` },
    {
      nome: 'POST /tickets/:id/mensagens (texto)',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/mensagens`,
      corpo: () => ({ conteudo: 'invasão' }),
    },
    {
      nome: 'POST /tickets/:id/mensagens (nota)',
      metodo: 'post',
      url: () => `/api/atendimento/tickets/${ticketDemo}/mensagens`,
      corpo: () => ({ conteudo: 'invasão', privada: true }),
    },
    { nome: 'POST /tickets/:id/ler', metodo: 'post', url: () => `/api/atendimento/tickets/${ticketDemo}/ler` },
    { nome: 'PATCH /mensagens/:id/ler', metodo: 'patch', url: () => `/api/atendimento/mensagens/${mensagemDemo}/ler` },
    { nome: 'GET /anexos/:id', metodo: 'get', url: () => `/api/atendimento/anexos/${anexoDemo}` },
    {
      nome: "POST /tickets with the other empresa's contato and canal",
      metodo: 'post',
      url: () => '/api/atendimento/tickets',
      corpo: () => ({ contatoId: contatoDemo, canalId: canalDemo }),
    },
  ];

  it.each(rotas.map((rota) => [rota.nome, rota] as const))(
    '%s with a token of another empresa → 404, no data',
    async (_nome, rota) => {
      const resposta = await chamar(rota.metodo, rota.url(), tokenOutra, rota.corpo?.());
      expect(resposta.status).toBe(404);
      const texto = JSON.stringify(resposta.body);
      expect(texto).not.toContain('segredo da Demo');
      expect(texto).not.toContain('Cliente da Demo');
      expect(texto).not.toContain(ticketDemo);
    },
  );

  it('nothing of the other empresa leaks into lists, and its ids in bodies are unknown (404), also when the ticket is mine', async () => {
    const lista = await chamar('get', '/api/atendimento/tickets?limite=100', tokenOutra);
    expect(lista.status).toBe(200);
    expect((lista.body.items as TicketDto[]).map((i) => i.id)).toEqual([ticketOutra]);
    const busca = await chamar('get', '/api/atendimento/tickets?q=segredo', tokenOutra);
    expect(busca.body.items).toEqual([]);
    const filaAlheia = await chamar('post', `/api/atendimento/tickets/${ticketOutra}/transferir`, tokenOutra, {
      filaId: filaDemo,
      motivo: 'x',
    });
    expect(filaAlheia.status).toBe(404);
    const atendenteAlheio = await chamar('post', `/api/atendimento/tickets/${ticketOutra}/transferir`, tokenOutra, {
      atendenteId: atendenteDemo,
      motivo: 'x',
    });
    expect(atendenteAlheio.status).toBe(404);
    const citacaoAlheia = await chamar('post', `/api/atendimento/tickets/${ticketOutra}/mensagens`, tokenOutra, {
      conteudo: 'oi',
      privada: true,
      respondeAId: mensagemDemo,
    });
    expect(citacaoAlheia.status).toBe(422);
    // The Demo data is intact.
    const demo = (await chamar('get', `/api/atendimento/tickets/${ticketDemo}`, tokenDemo)).body as TicketDto;
    expect(demo).toMatchObject({ status: 'aberto', prioridade: 'normal' });
  });

  describe('atendente visibility: the tickets of its filas and the ones assigned to it; supervisors see all', () => {
    it.each(
      rotas
        .filter((rota) => rota.metodo !== 'delete' && !rota.nome.startsWith('POST /tickets with'))
        .map((rota) => [rota.nome, rota] as const),
    )('%s by an atendente outside the fila → 404', async (_nome, rota) => {
      const alheio = await f.atendente({ filas: [await f.fila()] });
      const resposta = await chamar(rota.metodo, rota.url(), alheio.token, rota.corpo?.());
      if (rota.nome === 'GET /contatos/:id/tickets') {
        // The contato exists in the empresa; its history just holds nothing this atendente may see.
        expect(resposta.status).toBe(200);
        expect(resposta.body.items).toEqual([]);
      } else {
        expect(resposta.status).toBe(404);
      }
    });

    it('sees its fila tickets and its own, not the others, in lists and by id', async () => {
      const filaA = await f.fila();
      const filaB = await f.fila();
      const agente = await f.atendente({ filas: [filaA] });
      const supervisor = await f.atendente({ papel: 'supervisor', semAtendente: true });
      const canalV = await f.canal('telegram');
      const daFila = await f.ticket(await f.contato(), canalV, filaA);
      const deOutraFila = await f.ticket(await f.contato(), canalV, filaB);
      const semFila = await f.ticket(await f.contato(), canalV);
      const atribuidoAEle = await f.ticket(await f.contato(), canalV, filaB);
      await chamar('post', `/api/atendimento/tickets/${atribuidoAEle}/transferir`, tokenDemo, {
        atendenteId: agente.atendenteId,
        motivo: 'cobertura',
        forcar: true,
      });

      const doAgente = await chamar('get', `/api/atendimento/tickets?canalId=${canalV}`, agente.token);
      expect((doAgente.body.items as TicketDto[]).map((i) => i.id).sort()).toEqual([daFila, atribuidoAEle].sort());
      const doSupervisor = await chamar('get', `/api/atendimento/tickets?canalId=${canalV}`, supervisor.token);
      expect(doSupervisor.body.items).toHaveLength(4);

      expect((await chamar('get', `/api/atendimento/tickets/${daFila}`, agente.token)).status).toBe(200);
      expect((await chamar('get', `/api/atendimento/tickets/${atribuidoAEle}/mensagens`, agente.token)).status).toBe(200);
      expect((await chamar('get', `/api/atendimento/tickets/${deOutraFila}`, agente.token)).status).toBe(404);
      expect((await chamar('get', `/api/atendimento/tickets/${semFila}`, agente.token)).status).toBe(404);
      expect((await chamar('get', `/api/atendimento/tickets/${semFila}`, supervisor.token)).status).toBe(200);

      // The anexo of a ticket in the Demo fila: downloadable by a member of that fila, not by this atendente.
      expect((await chamar('get', `/api/atendimento/anexos/${anexoDemo}`, agente.token)).status).toBe(404);
      const membro = await f.atendente({ filas: [filaDemo] });
      expect((await chamar('get', `/api/atendimento/anexos/${anexoDemo}`, membro.token)).status).toBe(200);
    });
  });
});
