#!/usr/bin/env node
// Distribution benchmark: 200 agents (sockets connected, so online) in 10 filas, then a burst of tickets
// created through the API; prints the assignment decisions per second and the time from "POST /tickets sent"
// to `ticket:atualizado` (the assignment) on the chosen agent's socket (p50/p95/p99).
//
//   npm run build && node bench/distribution/run.mjs [--tickets 1000] [--concorrencia 16] [--keep]
//
// Needs PostgreSQL at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides). Creates and drops a
// database of its own (atende_bench_dist_<pid>). Agents' tokens are signed with the installation key through
// the API's own TokenService (as a login would), so 200 agents need no password hashes.
//
// Setup: filas alternate round_robin and menos_ocupado; 20 agents per fila, each with a maximum of 10 open
// tickets (capacity 2,000 ≥ the burst, so every ticket is assigned at once). Each ticket goes to a random fila.
// - decisões/s: assignments made ÷ (last assignment − first creation), from the ticket event rows (ator sistema).
// - criação → ticket:atualizado: from sending POST /api/atendimento/tickets to the agent's socket receiving the
//   assignment: auth, the ticket's transaction, commit, domain event, the distribution loop (fila lock, claim
//   with SKIP LOCKED, atendente lock, assignment transaction), then the DTO load and the emit.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';

const { fetch, setTimeout } = globalThis;
const RAIZ = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_DIST = join(RAIZ, 'apps/api/dist');
const SERVIDOR = (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const BANCO = `atende_bench_dist_${process.pid}`;
const ADMIN = { email: 'admin@bench.test', senha: 'senha-do-bench-123' };
const SEGREDO = 'bench-secret-key-with-at-least-32-characters!!';
const FILAS = 10;
const AGENTES = 200;
const MAXIMO_POR_AGENTE = 10;

const { values: opcoes } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000' },
    concorrencia: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(opcoes.tickets);
const CONCORRENCIA = Number(opcoes.concorrencia);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (texto) => process.stdout.write(`${texto}\n`);

function portaLivre() {
  return new Promise((resolvePorta, rejeitar) => {
    const servidor = createServer();
    servidor.once('error', rejeitar);
    servidor.listen(0, '127.0.0.1', () => {
      const { port } = servidor.address();
      servidor.close(() => resolvePorta(port));
    });
  });
}

function percentil(valores, p) {
  const ordenados = [...valores].sort((a, b) => a - b);
  return ordenados[Math.min(ordenados.length - 1, Math.ceil((p / 100) * ordenados.length) - 1)];
}

function conectarUm(url, auth) {
  return new Promise((resolver, rejeitar) => {
    const socket = io(`${url}/atendimento`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('conectado', () => resolver(socket));
    socket.once('connect_error', rejeitar);
  });
}

function iniciar(comando, args, env, pronto) {
  const filho = spawn(comando, args, {
    cwd: join(RAIZ, 'apps/api'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolver, rejeitar) => {
    let saida = '';
    filho.stdout.on('data', (parte) => {
      saida += parte.toString();
      if (pronto.test(saida)) resolver(filho);
    });
    filho.once('exit', (codigo) => rejeitar(new Error(`processo saiu com ${codigo} antes de ficar pronto`)));
  });
}

async function main() {
  const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${BANCO}`);
  const url = `${SERVIDOR}/${BANCO}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-dist-'));
  const porta = await portaLivre();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PORT: String(porta),
    HOST: '127.0.0.1',
    ATENDE_ROLE: 'all',
    ATENDE_DATA_DIR: dataDir,
    ATENDE_SECRET_KEY: SEGREDO,
    ATENDE_ADMIN_EMAIL: ADMIN.email,
    ATENDE_ADMIN_SENHA: ADMIN.senha,
    ATENDE_ACCESS_TOKEN_TTL: '6h',
    LOG_LEVEL: 'warn',
  };
  let api;
  let db;
  const sockets = [];
  try {
    log(`banco ${BANCO}; API em http://127.0.0.1:${porta}; carga ${loadavg()[0].toFixed(1)}`);
    api = await iniciar(process.execPath, [join(API_DIST, 'main.js')], env, /Atende pronto/);
    const base = `http://127.0.0.1:${porta}`;
    const json = async (caminho, corpo, token) => {
      const resposta = await fetch(`${base}${caminho}`, {
        method: corpo === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: corpo === undefined ? undefined : JSON.stringify(corpo),
      });
      if (!resposta.ok) throw new Error(`${caminho}: ${resposta.status} ${await resposta.text()}`);
      return resposta.json();
    };
    const login = await json('/api/auth/login', ADMIN);
    const token = login.accessToken;
    const empresaId = login.usuario.empresaId;

    db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(
      `INSERT INTO atendimento_filas (empresa_id, nome, estrategia)
       SELECT $1, 'Fila ' || lpad(g::text, 2, '0'), CASE WHEN g % 2 = 0 THEN 'round_robin' ELSE 'menos_ocupado' END
         FROM generate_series(0, $2 - 1) g`,
      [empresaId, FILAS],
    );
    await db.query(
      `INSERT INTO usuarios (empresa_id, nome, email, senha_hash, papel)
       SELECT $1, 'Agente ' || g, 'agente' || lpad(g::text, 5, '0') || '@bench.test', 'sem-login', 'atendente' FROM generate_series(0, $2 - 1) g`,
      [empresaId, AGENTES],
    );
    await db.query(
      `INSERT INTO atendimento_atendentes (empresa_id, usuario_id, nome, max_tickets_simultaneos)
       SELECT empresa_id, id, nome, $1 FROM usuarios WHERE email LIKE 'agente%@bench.test'`,
      [MAXIMO_POR_AGENTE],
    );
    await db.query(
      `INSERT INTO atendimento_atendentes_filas (empresa_id, atendente_id, fila_id)
       SELECT a.empresa_id, a.id, f.id
         FROM atendimento_atendentes a JOIN usuarios u ON u.id = a.usuario_id
         JOIN atendimento_filas f ON f.empresa_id = a.empresa_id
              AND f.nome = 'Fila ' || lpad((substring(u.email from 'agente(\\d+)@')::int % ${FILAS})::text, 2, '0')`,
    );
    const { rows: agentes } = await db.query(
      `SELECT u.id AS usuario_id, u.nome, a.id AS atendente_id FROM usuarios u
         JOIN atendimento_atendentes a ON a.usuario_id = u.id WHERE u.email LIKE 'agente%@bench.test' ORDER BY u.email`,
    );
    const filas = (await db.query(`SELECT id FROM atendimento_filas WHERE empresa_id = $1 ORDER BY nome`, [empresaId])).rows.map(
      (f) => f.id,
    );
    const [{ id: canalId }] = (
      await db.query(
        `INSERT INTO atendimento_canais (empresa_id, tipo, nome, status) VALUES ($1, 'webchat', 'Webchat bench', 'conectado') RETURNING id`,
        [empresaId],
      )
    ).rows;
    const contatos = (
      await db.query(
        `INSERT INTO atendimento_contatos (empresa_id, nome) SELECT $1, 'Cliente ' || g FROM generate_series(1, $2::int) g RETURNING id`,
        [empresaId, TICKETS],
      )
    ).rows.map((c) => c.id);

    const { AppConfig, parseConfig } = await import(pathToFileURL(join(API_DIST, 'config/app-config.js')).href);
    const { Secrets } = await import(pathToFileURL(join(API_DIST, 'config/secrets.js')).href);
    const { TokenService } = await import(pathToFileURL(join(API_DIST, 'auth/token.service.js')).href);
    const tokens = new TokenService(new AppConfig(parseConfig(env)), Secrets.fromString(SEGREDO));

    // Every agent's socket: connecting makes it online; its assignment events are timed as they arrive.
    const recebidoEm = new Map();
    for (const agente of agentes) {
      const tokenAgente = await tokens.assinarAcesso({
        usuarioId: agente.usuario_id,
        empresaId,
        papel: 'atendente',
        nome: agente.nome,
      });
      const socket = await conectarUm(base, { token: tokenAgente });
      socket.on('ticket:atualizado', (evento) => {
        if (
          evento.ticket?.atendente?.id === agente.atendente_id &&
          evento.mudancas?.includes('atendente') &&
          !recebidoEm.has(evento.ticket.id)
        )
          recebidoEm.set(evento.ticket.id, performance.now());
      });
      sockets.push(socket);
    }
    await sleep(500);
    const [{ online }] = (await db.query(`SELECT count(*)::int AS online FROM atendimento_atendentes WHERE status = 'online'`))
      .rows;
    log(
      `${agentes.length} agentes conectados (${online} online), ${FILAS} filas; rajada de ${TICKETS} tickets, ${CONCORRENCIA} em paralelo`,
    );

    const enviadoEm = new Map();
    const pendentes = contatos.map((contatoId, i) => ({ contatoId, filaId: filas[(i * 7919) % FILAS] }));
    const inicio = performance.now();
    await Promise.all(
      Array.from({ length: CONCORRENCIA }, async () => {
        for (let pedido = pendentes.shift(); pedido; pedido = pendentes.shift()) {
          const t0 = performance.now();
          const ticket = await json(
            '/api/atendimento/tickets',
            { contatoId: pedido.contatoId, canalId, filaId: pedido.filaId },
            token,
          );
          enviadoEm.set(ticket.id, t0);
        }
      }),
    );
    const criacaoMs = performance.now() - inicio;
    const prazo = performance.now() + 120_000;
    while (recebidoEm.size < TICKETS && performance.now() < prazo) await sleep(100);

    const latencias = [...enviadoEm].filter(([id]) => recebidoEm.has(id)).map(([id, t0]) => recebidoEm.get(id) - t0);
    const [decisoes] = (
      await db.query(
        `SELECT count(*)::int AS total, extract(epoch FROM max(e.ocorrido_em) - min(t.criado_em)) AS segundos
           FROM atendimento_ticket_eventos e JOIN atendimento_tickets t ON t.id = e.ticket_id
          WHERE e.tipo = 'atribuido' AND e.ator = 'sistema'`,
      )
    ).rows;
    const [acima] = (
      await db.query(
        `SELECT count(*)::int AS n FROM (SELECT atendente_id FROM atendimento_tickets WHERE atendente_id IS NOT NULL
           GROUP BY atendente_id HAVING count(*) > ${MAXIMO_POR_AGENTE}) x`,
      )
    ).rows;
    const fmt = (ms) => ms.toFixed(1).padStart(8);
    log('');
    log(
      `tickets criados: ${TICKETS} em ${(criacaoMs / 1000).toFixed(1)} s (${((TICKETS * 1000) / criacaoMs).toFixed(0)}/s pela API)`,
    );
    log(`atribuídos: ${decisoes.total}; eventos no socket do agente: ${latencias.length}; agentes acima do máximo: ${acima.n}`);
    log(
      `decisões/s: ${(decisoes.total / Number(decisoes.segundos)).toFixed(1)} (${decisoes.total} em ${Number(decisoes.segundos).toFixed(1)} s)`,
    );
    log(
      `criação → ticket:atualizado (ms): p50 ${fmt(percentil(latencias, 50))}  p95 ${fmt(percentil(latencias, 95))}  p99 ${fmt(percentil(latencias, 99))}`,
    );
    log(`carga do sistema ao fim: ${loadavg()[0].toFixed(1)}`);
  } finally {
    for (const socket of sockets) socket.close();
    await db?.end().catch(() => undefined);
    api?.kill('SIGTERM');
    await sleep(1500);
    if (!opcoes.keep) await admin.query(`DROP DATABASE IF EXISTS ${BANCO} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
