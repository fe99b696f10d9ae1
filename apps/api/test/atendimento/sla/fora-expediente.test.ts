import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForaExpedienteService } from '../../../src/atendimento/sla/fora-expediente.service.js';
import { Relogio } from '../../../src/atendimento/sla/relogio.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { type Sessao, entrar } from '../contatos/apoio.js';
import { Fixtures } from '../tickets/fixtures.js';
import { RelogioDeTeste } from './relogio-de-teste.js';

describe('resposta fora do expediente', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: Sessao;
  // Saturday 14 November 2026, 12:00 in São Paulo.
  const relogio = new RelogioDeTeste('2026-11-14T15:00:00Z');

  const enviadas = (ticketId: string) =>
    f.sql<{ conteudo: string; status: string }>(
      `SELECT conteudo, status FROM atendimento_mensagens WHERE ticket_id = $1 AND direcao = 'enviada' ORDER BY criado_em`,
      [ticketId],
    );
  const esperar = async <T>(ler: () => Promise<T[]>, n: number): Promise<T[]> => {
    const limite = Date.now() + 15_000;
    for (;;) {
      const valor = await ler();
      if (valor.length >= n || Date.now() > limite) return valor;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Relogio, useValue: relogio }] });
    admin = await entrar(t);
    f = new Fixtures(t, admin.empresaId);
    const expediente = await t
      .http()
      .post('/api/atendimento/expedientes')
      .set({ Authorization: `Bearer ${admin.token}` })
      .send({
        nome: 'Comercial',
        intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '18:00' })),
        mensagemForaExpediente: 'Estamos fechados. Voltamos {{proxima_abertura}}.',
      });
    expect(expediente.status).toBe(201);
  });

  afterAll(() => t.close());

  it('replies once per conversation with the next opening, and not during business hours', async () => {
    const ticketId = await f.ticket(await f.contato(), await f.canal('telegram'));
    await f.mensagemDoCliente(ticketId, 'alguém aí?');
    const [resposta] = await esperar(() => enviadas(ticketId), 1);
    expect(resposta?.conteudo).toBe('Estamos fechados. Voltamos segunda-feira, 16/11 às 08:00.');
    const [evento] = await f.sql<{ dados: Record<string, unknown> }>(
      `SELECT dados FROM atendimento_ticket_eventos WHERE ticket_id = $1 AND tipo = 'fora_expediente'`,
      [ticketId],
    );
    expect(evento.dados.proximaAbertura).toBe('2026-11-16T11:00:00.000Z');

    // A second mensagem of the same conversation gets nothing more.
    const { mensagem } = await f.mensagemDoCliente(ticketId, 'oi??');
    const servico = t.app.get(ForaExpedienteService);
    expect(await RequestContext.runForEmpresa(admin.empresaId, () => servico.responderSeFechado(mensagem.id))).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await enviadas(ticketId)).toHaveLength(1);

    // Monday 09:00 local: open, no reply for a new conversation.
    relogio.definir('2026-11-16T12:00:00Z');
    const outro = await f.ticket(await f.contato(), await f.canal('telegram'));
    const { mensagem: dentro } = await f.mensagemDoCliente(outro, 'bom dia');
    expect(await RequestContext.runForEmpresa(admin.empresaId, () => servico.responderSeFechado(dentro.id))).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await enviadas(outro)).toHaveLength(0);
  });
});
