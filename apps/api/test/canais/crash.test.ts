import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ADMIN_EMAIL, ADMIN_SENHA, TEST_SECRET } from '../support/test-app.js';
import { assinaturaMeta, webhookDeTexto } from './inbound-helpers.js';

/**
 * Crash safety of the inbound pipeline, on the real built server (`node dist/main.js`): a few hundred signed
 * webhooks are sent concurrently, the process is killed with SIGKILL mid-run and started again on the same
 * database. Every webhook answered 200 must end up as exactly one mensagem; none lost, none doubled. Then
 * every webhook is delivered again, as Meta does with the ones it got no answer for, and all of them must
 * end up as exactly one mensagem.
 */

const API_DIR = fileURLToPath(new URL('../../', import.meta.url));
const RAIZ = fileURLToPath(new URL('../../../../', import.meta.url));
const TOTAL = 300;
const SIMULTANEOS = 24;
const MATAR_APOS = 110;
const SEGREDO = 'crash_app_secret';
const PHONE_NUMBER_ID = '106540352242922';

interface Processo {
  filho: ChildProcess;
  saida: string[];
}

async function portaLivre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const servidor = createServer();
    servidor.once('error', reject);
    servidor.listen(0, '127.0.0.1', () => {
      const endereco = servidor.address();
      const porta = typeof endereco === 'object' && endereco !== null ? endereco.port : 0;
      servidor.close(() => resolve(porta));
    });
  });
}

const esperar = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: SIGKILL while webhooks arrive', () => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let porta: number;
  let processo: Processo | undefined;
  let base: string;

  function iniciar(): Processo {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(porta),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ATENDE_SECRET_KEY: TEST_SECRET,
      ATENDE_ADMIN_EMAIL: ADMIN_EMAIL,
      ATENDE_ADMIN_SENHA: ADMIN_SENHA,
      ATENDE_DATA_DIR: dataDir,
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    };
    const filho = spawn(process.execPath, ['dist/main.js'], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const saida: string[] = [];
    filho.stdout?.on('data', (parte: Buffer) => saida.push(parte.toString()));
    filho.stderr?.on('data', (parte: Buffer) => saida.push(parte.toString()));
    return { filho, saida };
  }

  async function aguardarPronto(alvo: Processo): Promise<void> {
    const limite = Date.now() + 90_000;
    while (Date.now() < limite) {
      if (alvo.filho.exitCode !== null) throw new Error(`a API terminou ao iniciar:\n${alvo.saida.join('')}`);
      try {
        const resposta = await fetch(`${base}/api/health`);
        if (resposta.status === 200) return;
      } catch {
        // not listening yet
      }
      await esperar(200);
    }
    throw new Error(`a API não ficou pronta:\n${alvo.saida.join('')}`);
  }

  async function parar(alvo: Processo, sinal: NodeJS.Signals): Promise<void> {
    if (alvo.filho.exitCode !== null || alvo.filho.signalCode !== null) return;
    const fim = new Promise((resolve) => alvo.filho.once('exit', resolve));
    alvo.filho.kill(sinal);
    await fim;
  }

  function corpo(i: number): Buffer {
    return Buffer.from(
      JSON.stringify(
        webhookDeTexto({
          wamid: `wamid.CRASH${String(i).padStart(5, '0')}`,
          // Ten customers, so contatos and tickets are created under concurrency too.
          de: `55119870000${String(i % 10).padStart(2, '0')}`,
          texto: `mensagem ${i}`,
          nome: `Cliente ${i % 10}`,
        }),
      ),
    );
  }

  async function postar(i: number): Promise<number> {
    const bruto = corpo(i);
    const resposta = await fetch(`${base}/api/atendimento/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': assinaturaMeta(bruto, SEGREDO) },
      body: bruto,
      signal: AbortSignal.timeout(60_000),
    });
    await resposta.arrayBuffer();
    return resposta.status;
  }

  /** The test's own view of the database: a pg client, or the PGlite data dir once the server is stopped. */
  async function consultar<T extends pg.QueryResultRow>(sql: string, parametros: unknown[] = []): Promise<T[]> {
    if (database?.url) {
      const cliente = new pg.Client({ connectionString: database.url });
      await cliente.connect();
      try {
        return (await cliente.query<T>(sql, parametros)).rows;
      } finally {
        await cliente.end();
      }
    }
    const embutido = await EmbeddedPostgres.open({ dataDir });
    try {
      return (await embutido.pool.query<T>(sql, parametros)).rows;
    } finally {
      await embutido.close();
    }
  }

  beforeAll(async () => {
    // The child runs the compiled server: build it (and the shared package it imports) first.
    execFileSync('npm', ['run', 'build', '-w', 'packages/shared'], { cwd: RAIZ, stdio: 'pipe' });
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: API_DIR, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'atende-crash-'));
    if (process.env.ATENDE_TEST_DB === 'postgres') database = await openTestDatabase();
    porta = await portaLivre();
    base = `http://127.0.0.1:${porta}`;
    processo = iniciar();
    await aguardarPronto(processo);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, senha: ADMIN_SENHA }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const canal = await fetch(`${base}/api/atendimento/canais`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        tipo: 'whatsapp',
        nome: 'WhatsApp',
        configuracao: {
          phoneNumberId: PHONE_NUMBER_ID,
          businessAccountId: '102290129340398',
          accessToken: 'EAAG-crash',
          appSecret: SEGREDO,
          verifyToken: 'crash-verify',
        },
      }),
    });
    if (canal.status !== 201) throw new Error(`criar canal: ${canal.status} ${await canal.text()}`);
  }, 300_000);

  afterAll(async () => {
    if (processo) await parar(processo, 'SIGKILL');
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses and doubles nothing that was acknowledged', async () => {
    const primeiro = processo as Processo;
    const confirmados = new Set<number>();
    const recusados: number[] = [];
    let proximo = 0;
    let morto = false;

    // Phase 1: a stream of concurrent deliveries; SIGKILL once enough were acknowledged.
    const trabalhadores = Array.from({ length: SIMULTANEOS }, async () => {
      while (proximo < TOTAL) {
        const i = proximo++;
        try {
          const status = await postar(i);
          if (status === 200) confirmados.add(i);
          else recusados.push(status);
        } catch {
          // Connection reset or refused: not acknowledged, Meta would deliver it again.
        }
        if (!morto && confirmados.size >= MATAR_APOS) {
          morto = true;
          primeiro.filho.kill('SIGKILL');
        }
      }
    });
    await Promise.all(trabalhadores);
    await parar(primeiro, 'SIGKILL');
    expect(morto).toBe(true);
    expect(recusados).toEqual([]);
    expect(confirmados.size).toBeGreaterThanOrEqual(MATAR_APOS);
    expect(confirmados.size).toBeLessThan(TOTAL);

    // Phase 2: restart on the same database; every acknowledged webhook becomes exactly one mensagem.
    const reinicio = performance.now();
    processo = iniciar();
    await aguardarPronto(processo);
    const ids = [...confirmados].map((i) => `wamid.CRASH${String(i).padStart(5, '0')}`);
    await aguardarMensagens(ids.length, ids);
    console.info(
      `crash: ${confirmados.size} de ${TOTAL} webhooks confirmados antes do SIGKILL; ` +
        `todos viraram mensagem ${Math.round(performance.now() - reinicio)} ms após o reinício`,
    );

    // Phase 3: Meta redelivers everything (and again whatever gets no 200); still exactly one mensagem each.
    let faltando = Array.from({ length: TOTAL }, (_, i) => i);
    for (let rodada = 0; rodada < 5 && faltando.length > 0; rodada++) {
      const fila = [...faltando];
      const semResposta: number[] = [];
      await Promise.all(
        Array.from({ length: SIMULTANEOS }, async () => {
          for (let i = fila.shift(); i !== undefined; i = fila.shift()) {
            const status = await postar(i).catch(() => 0);
            if (status !== 200) semResposta.push(i);
          }
        }),
      );
      faltando = semResposta;
    }
    expect(faltando).toEqual([]);
    const todos = Array.from({ length: TOTAL }, (_, i) => i);
    const todosIds = todos.map((i) => `wamid.CRASH${String(i).padStart(5, '0')}`);
    await aguardarMensagens(TOTAL, todosIds);

    await parar(processo, 'SIGTERM');
    const porId = await consultar<{ external_id: string; n: string }>(
      `SELECT external_id, count(*)::text AS n FROM atendimento_mensagens WHERE external_id LIKE 'wamid.CRASH%' GROUP BY external_id`,
    );
    expect(porId).toHaveLength(TOTAL);
    expect(porId.filter((linha) => linha.n !== '1')).toEqual([]);
    const eventos = await consultar<{ status: string; n: string }>(
      `SELECT status, count(*)::text AS n FROM atendimento_eventos_entrada GROUP BY status`,
    );
    expect(eventos).toEqual([{ status: 'processado', n: String(TOTAL) }]);
    const tickets = await consultar<{ n: string }>(`SELECT count(*)::text AS n FROM atendimento_tickets`);
    expect(tickets[0].n).toBe('10');
    const contatos = await consultar<{ n: string }>(`SELECT count(*)::text AS n FROM atendimento_contatos`);
    expect(contatos[0].n).toBe('10');
  }, 600_000);

  /**
   * Polls the running server until the mensagens exist: PostgreSQL directly; PGlite through the admin API
   * (its data dir belongs to the server while it runs), counting the inbound events still waiting.
   */
  async function aguardarMensagens(esperadas: number, ids: string[]): Promise<void> {
    const limite = Date.now() + 240_000;
    let ultimo = '';
    while (Date.now() < limite) {
      if (database?.url) {
        const [linha] = await consultar<{ n: string; distintos: string }>(
          `SELECT count(*)::text AS n, count(DISTINCT external_id)::text AS distintos FROM atendimento_mensagens WHERE external_id = ANY($1)`,
          [ids],
        );
        ultimo = `${linha.n} mensagens`;
        expect(linha.n).toBe(linha.distintos);
        if (Number(linha.n) === esperadas) return;
      } else {
        const pendentes = await eventosPendentesPelaApi();
        ultimo = `${pendentes} eventos pendentes`;
        if (pendentes === 0) return;
      }
      await esperar(250);
    }
    throw new Error(`tempo esgotado: ${ultimo} (esperadas ${esperadas})`);
  }

  let token: string | undefined;

  async function eventosPendentesPelaApi(): Promise<number> {
    if (token === undefined) {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN_EMAIL, senha: ADMIN_SENHA }),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
    }
    const resposta = await fetch(`${base}/api/atendimento/eventos-entrada?status=recebido&limite=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (resposta.status !== 200) throw new Error(`eventos-entrada: ${resposta.status} ${await resposta.text()}`);
    const pagina = (await resposta.json()) as { items: unknown[] };
    return pagina.items.length;
  }
});
