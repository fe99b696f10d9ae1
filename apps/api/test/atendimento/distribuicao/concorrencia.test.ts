import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DistribuicaoService } from '../../../src/atendimento/distribuicao/distribuicao.service.js';
import { TicketService } from '../../../src/atendimento/tickets/ticket.service.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { openTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TEST_DB_MODE } from '../../support/test-env.js';
import { type AtendenteDeTeste, Cenario } from './cenario.js';

const TICKETS = 500;
/** The atendentes are put online by PATCH, with no socket: presence must not expire them during the test. */
const SEM_SOCKET = { ATENDE_PRESENCE_GRACE: '3600000ms' };
const ATENDENTES = 20;

/** Runs fn over the items with at most `limite` in flight. */
async function emParalelo<T>(itens: T[], limite: number, fn: (item: T) => Promise<void>): Promise<void> {
  const fila = [...itens];
  await Promise.all(
    Array.from({ length: limite }, async () => {
      for (let item = fila.shift(); item !== undefined; item = fila.shift()) await fn(item);
    }),
  );
}

/**
 * Two app instances (each with its own distribution loop) on one PostgreSQL database, 500 tickets arriving at
 * once through both: no ticket is assigned twice and no atendente goes past its capacity. Needs a real
 * PostgreSQL (two PGlite instances cannot share a database).
 */
describe.runIf(TEST_DB_MODE === 'postgres')('distribuição concorrente em duas instâncias', () => {
  let banco: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let c: Cenario;
  let filaRodizio: string;
  let filaMenosOcupado: string;
  let atendentes: AtendenteDeTeste[];

  async function assentar(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([a, b].map((app) => app.app.get(DistribuicaoService).ocioso()));
    }
  }

  async function semViolacoes(maximo: number, porFila: number | null): Promise<number> {
    const cargas = await c.sql<{ atendente_id: string; fila_id: string; total: number }>(
      `SELECT atendente_id, fila_id, count(*)::int AS total FROM atendimento_tickets
        WHERE atendente_id IS NOT NULL AND status IN ('aberto', 'em_atendimento', 'pendente')
        GROUP BY atendente_id, fila_id`,
    );
    const porAtendente = new Map<string, number>();
    for (const carga of cargas) {
      porAtendente.set(carga.atendente_id, (porAtendente.get(carga.atendente_id) ?? 0) + carga.total);
      if (porFila !== null) expect(carga.total).toBeLessThanOrEqual(porFila);
    }
    for (const total of porAtendente.values()) expect(total).toBeLessThanOrEqual(maximo);
    const duplicadas = await c.sql(
      `SELECT ticket_id FROM atendimento_ticket_eventos WHERE tipo = 'atribuido' GROUP BY ticket_id HAVING count(*) > 1`,
    );
    expect(duplicadas).toEqual([]);
    return [...porAtendente.values()].reduce((soma, total) => soma + total, 0);
  }

  beforeAll(async () => {
    banco = await openTestDatabase();
    a = await createTestApp({ database: banco, env: SEM_SOCKET });
    b = await createTestApp({ database: banco, env: SEM_SOCKET });
    c = await Cenario.iniciar(a, b);
    filaRodizio = await c.fila('Rodízio', { estrategia: 'round_robin' });
    filaMenosOcupado = await c.fila('Menos ocupado', { estrategia: 'menos_ocupado' });
    atendentes = [];
    for (let i = 0; i < ATENDENTES; i++) {
      atendentes.push(
        await c.atendente(`Agente ${String(i).padStart(2, '0')}`, {
          max: 5,
          filas: [
            { filaId: filaRodizio, capacidade: 3 },
            { filaId: filaMenosOcupado, capacidade: 3 },
          ],
        }),
      );
    }
    for (const atendente of atendentes) await c.status(atendente, 'online');
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await banco?.close();
  });

  it('500 tickets at once through two instances: no double assignment, no capacity breach', async () => {
    const canal = await c.canal();
    const contatos = await c.sql<{ id: string }>(
      `INSERT INTO atendimento_contatos (empresa_id, nome)
       SELECT $1, 'Rajada ' || n FROM generate_series(1, $2::int) AS n RETURNING id`,
      [c.empresaId, TICKETS],
    );
    const pedidos = contatos.map((contato, i) => ({
      contatoId: contato.id,
      app: i % 2 === 0 ? a : b,
      filaId: i % 3 === 0 ? filaMenosOcupado : filaRodizio,
    }));
    await emParalelo(pedidos, 16, async (pedido) => {
      await RequestContext.runForEmpresa(c.empresaId, () =>
        pedido.app.app
          .get(TicketService)
          .buscarOuCriarTicket({ contatoId: pedido.contatoId, canalId: canal, filaId: pedido.filaId }),
      );
    });
    await assentar();

    // 20 atendentes × 5 simultaneous tickets: exactly 100 assigned, the other 400 wait.
    await vi.waitFor(async () => expect(await semViolacoes(5, 3)).toBe(ATENDENTES * 5), { timeout: 30_000, interval: 250 });
    const [esperando] = await c.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_tickets WHERE status = 'aberto' AND atendente_id IS NULL`,
    );
    expect(esperando?.total).toBe(TICKETS - ATENDENTES * 5);

    // Capacity raised on both instances at once (5 → 8, per-fila limits lifted): 60 more are picked up through
    // both loops, still never twice and never past the new maximum.
    await emParalelo(atendentes, 8, async (atendente) => {
      const app = atendentes.indexOf(atendente) % 2 === 0 ? a : b;
      const resposta = await app
        .http()
        .patch(`/api/atendimento/atendentes/${atendente.id}`)
        .set(c.auth())
        .send({ maxTicketsSimultaneos: 8, filas: [{ filaId: filaRodizio }, { filaId: filaMenosOcupado }] });
      expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
    });
    await vi.waitFor(async () => expect(await semViolacoes(8, null)).toBe(ATENDENTES * 8), { timeout: 120_000, interval: 1_000 });
    const [eventos] = await c.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_ticket_eventos WHERE tipo = 'atribuido'`,
    );
    expect(eventos?.total).toBe(ATENDENTES * 8);
  }, 420_000);
});
