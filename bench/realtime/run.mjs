#!/usr/bin/env node
// Real-time benchmark: N agent sockets connected to one API process, then "a mensagem is created → the agent's
// socket hears mensagem:nova" latency, next to a bare chain in the same run (bare-server.mjs: Fastify receive →
// pg insert → io.to(room).emit), and the memory per connected socket of both processes.
//
//   npm run build && node bench/realtime/run.mjs [--passos 1000,2500,5000,10000] [--amostras 200] [--webhooks 100] [--keep]
//
// Needs PostgreSQL at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides) and `ulimit -n` above the
// largest step: the idle sockets live in two clientes.mjs children (one per server), each socket a file descriptor
// there and in its server. Creates and drops a database of its own (atende_bench_rt_<pid>). Uses socket.io-client
// and socket.io from the workspace (apps/api's dependencies, hoisted to the root node_modules). Tokens are signed
// with the installation key through the API's own TokenService (as a login would), so 10,000 agents need no
// 10,000 password hashes.
//
// What each figure is (samples interleaved REST / bare / webhook, so all see the same machine state):
// - REST → mensagem:nova: POST /api/atendimento/tickets/:id/mensagens (an internal note: no provider involved)
//   until the agent's socket receives the event. The whole product path: auth, transaction (mensagem, ticket
//   counters, ticket event row), commit, domain event, ticket/mensagem DTO load, one emit to the union of rooms.
//   "após o 201": from the HTTP response to the event, i.e. the real-time part after the commit.
// - webhook → mensagem:nova: a signed WhatsApp webhook (POST /api/atendimento/webhooks/whatsapp) until the event:
//   adds the durable inbound store, the job queue hop and the inbound pipeline (contato, ticket, mensagem).
// - bare: POST to the bare server until its socket hears the emit.
// - memory: resident size growth of each server process divided by its idle sockets.
// Every agent is an atendente of its own (distinct usuarios), 20 per fila; the observed agent's fila gets the
// events (fan-out 20 sockets), the other sockets are idle. The bare server has the same sockets and room sizes.
import 'reflect-metadata';
import { fork, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';

const { fetch, setTimeout, clearTimeout } = globalThis;
const RAIZ = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_DIST = join(RAIZ, 'apps/api/dist');
const SERVIDOR = (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const BANCO = `atende_bench_rt_${process.pid}`;
const ADMIN = { email: 'admin@bench.test', senha: 'senha-do-bench-123' };
const SEGREDO = 'bench-secret-key-with-at-least-32-characters!!';
const APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '100200300400';
const POR_FILA = 20;

const { values: opcoes } = parseArgs({
  options: {
    passos: { type: 'string', default: '1000,2500,5000,10000' },
    amostras: { type: 'string', default: '200' },
    webhooks: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
  },
});
const PASSOS = opcoes.passos.split(',').map(Number);
const AMOSTRAS = Number(opcoes.amostras);
const WEBHOOKS = Number(opcoes.webhooks);
const MAXIMO = Math.max(...PASSOS);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (texto) => process.stdout.write(`${texto}\n`);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

function portaLivre() {
  return new Promise((resolvePorta, rejeitar) => {
    const servidor = createServer();
    servidor.unref();
    servidor.on('error', rejeitar);
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

/** Resident memory of a process (bytes), from /proc. */
function rss(pid) {
  const linha = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(linha.replace(/\D+/g, '')) * 1024;
}

function esperarEvento(socket, evento, filtro = () => true, prazoMs = 30_000) {
  return new Promise((resolver, rejeitar) => {
    const timer = setTimeout(() => {
      socket.off(evento, ouvinte);
      rejeitar(new Error(`sem ${evento} em ${prazoMs} ms`));
    }, prazoMs);
    function ouvinte(payload) {
      if (!filtro(payload)) return;
      clearTimeout(timer);
      socket.off(evento, ouvinte);
      resolver(payload);
    }
    socket.on(evento, ouvinte);
  });
}

/** One socket in this (measuring) process; resolves once the server's `conectado` arrived. */
function conectarUm(url, auth) {
  return new Promise((resolver, rejeitar) => {
    const socket = io(`${url}/atendimento`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('conectado', () => resolver(socket));
    socket.once('connect_error', rejeitar);
  });
}

/** A clientes.mjs child holding idle sockets (its own file-descriptor budget). */
function criarCarga() {
  const filho = fork(join(RAIZ, 'bench/realtime/clientes.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pedir = (mensagem, resposta) =>
    new Promise((resolver) => {
      const ouvinte = (m) => {
        if (m.tipo !== resposta) return;
        filho.off('message', ouvinte);
        resolver(m);
      };
      filho.on('message', ouvinte);
      filho.send(mensagem);
    });
  return {
    conectar: (url, auths) => pedir({ tipo: 'conectar', url, auths }, 'conectados'),
    encerrar: () => filho.kill(),
  };
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

/** One sample: request sent → event received (`total`), and HTTP response → event (`aposResposta`). */
async function amostra(disparar, esperar) {
  const inicio = performance.now();
  const recebido = esperar().then(() => performance.now());
  await disparar();
  const resposta = performance.now();
  const evento = await recebido;
  return { total: evento - inicio, aposResposta: Math.max(0, evento - resposta) };
}

function resumo(amostras) {
  const total = amostras.map((a) => a.total);
  const apos = amostras.map((a) => a.aposResposta);
  return { p50: percentil(total, 50), p99: percentil(total, 99), aposP50: percentil(apos, 50), aposP99: percentil(apos, 99) };
}

async function main() {
  const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${BANCO}`);
  const url = `${SERVIDOR}/${BANCO}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-rt-'));
  const [portaApi, portaBare] = [await portaLivre(), await portaLivre()];
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PORT: String(portaApi),
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
  let bare;
  let db;
  const cargas = [];
  try {
    log(`banco ${BANCO}; API em http://127.0.0.1:${portaApi}, cadeia mínima em http://127.0.0.1:${portaBare}`);
    api = await iniciar(process.execPath, [join(API_DIST, 'main.js')], env, /Atende pronto/);
    bare = await iniciar(
      process.execPath,
      [join(RAIZ, 'bench/realtime/bare-server.mjs')],
      { BARE_PORT: String(portaBare), BARE_DATABASE_URL: url },
      /pronto/,
    );
    const base = `http://127.0.0.1:${portaApi}`;
    const baseBare = `http://127.0.0.1:${portaBare}`;
    const json = async (caminho, corpo, token) => {
      const requisicao = () =>
        fetch(`${base}${caminho}`, {
          method: corpo === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: corpo === undefined ? undefined : JSON.stringify(corpo),
        });
      // A keep-alive connection the server closed while idle (signing 10,000 tokens takes longer than its 5 s
      // keep-alive) fails before the request is sent: retry that case once.
      const resposta = await requisicao().catch((erro) => {
        if (erro?.cause?.code !== 'UND_ERR_SOCKET') throw erro;
        return requisicao();
      });
      if (!resposta.ok) throw new Error(`${caminho}: ${resposta.status} ${await resposta.text()}`);
      return resposta.json();
    };

    const login = await json('/api/auth/login', ADMIN);
    const token = login.accessToken;
    const empresaId = login.usuario.empresaId;

    // Agents: one usuario + atendente each, POR_FILA per fila; tokens signed with the installation key, as login would.
    db = new pg.Client({ connectionString: url });
    await db.connect();
    const filas = Math.ceil(MAXIMO / POR_FILA);
    await db.query(
      `INSERT INTO atendimento_filas (empresa_id, nome) SELECT $1, 'Fila ' || lpad(g::text, 5, '0') FROM generate_series(0, $2 - 1) g`,
      [empresaId, filas],
    );
    await db.query(
      `INSERT INTO usuarios (empresa_id, nome, email, senha_hash, papel)
       SELECT $1, 'Agente ' || g, 'agente' || lpad(g::text, 5, '0') || '@bench.test', 'sem-login', 'atendente' FROM generate_series(0, $2 - 1) g`,
      [empresaId, MAXIMO],
    );
    await db.query(
      `INSERT INTO atendimento_atendentes (empresa_id, usuario_id, nome) SELECT empresa_id, id, nome FROM usuarios WHERE email LIKE 'agente%@bench.test'`,
    );
    await db.query(
      `INSERT INTO atendimento_atendentes_filas (empresa_id, atendente_id, fila_id)
       SELECT a.empresa_id, a.id, f.id
         FROM atendimento_atendentes a JOIN usuarios u ON u.id = a.usuario_id
         JOIN atendimento_filas f ON f.empresa_id = a.empresa_id
              AND f.nome = 'Fila ' || lpad((substring(u.email from 'agente(\\d+)@')::int / ${POR_FILA})::text, 5, '0')`,
    );
    const { rows: agentes } = await db.query(
      `SELECT u.id AS usuario_id, u.nome FROM usuarios u WHERE u.email LIKE 'agente%@bench.test' ORDER BY u.email`,
    );
    const [{ id: filaObservada }] = (await db.query(`SELECT id FROM atendimento_filas WHERE nome = 'Fila 00000'`)).rows;

    const { AppConfig, parseConfig } = await import(pathToFileURL(join(API_DIST, 'config/app-config.js')).href);
    const { Secrets } = await import(pathToFileURL(join(API_DIST, 'config/secrets.js')).href);
    const { TokenService } = await import(pathToFileURL(join(API_DIST, 'auth/token.service.js')).href);
    const tokens = new TokenService(new AppConfig(parseConfig(env)), Secrets.fromString(SEGREDO));
    log(`assinando ${agentes.length} tokens…`);
    const tokensAgentes = [];
    for (const agente of agentes) {
      tokensAgentes.push(
        await tokens.assinarAcesso({ usuarioId: agente.usuario_id, empresaId, papel: 'atendente', nome: agente.nome }),
      );
    }

    // A WhatsApp canal routed to the observed fila, and a ticket there for the REST notes.
    const canal = await json(
      '/api/atendimento/canais',
      {
        tipo: 'whatsapp',
        nome: 'WhatsApp bench',
        filaPadraoId: filaObservada,
        configuracao: {
          phoneNumberId: PHONE_NUMBER_ID,
          businessAccountId: '1',
          accessToken: 'x',
          appSecret: APP_SECRET,
          verifyToken: 'v',
        },
      },
      token,
    );
    const [{ id: contatoId }] = (
      await db.query(`INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, 'Cliente bench') RETURNING id`, [empresaId])
    ).rows;
    const ticket = await json('/api/atendimento/tickets', { contatoId, canalId: canal.id, filaId: filaObservada }, token);

    const webhook = (passo, i) => {
      const corpo = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '5511999990000', phone_number_id: PHONE_NUMBER_ID },
                  contacts: [{ profile: { name: 'Cliente WhatsApp' }, wa_id: '5511988887777' }],
                  messages: [
                    {
                      from: '5511988887777',
                      id: `wamid.bench-${passo}-${i}`,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: 'text',
                      text: { body: `webhook ${i}` },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      return fetch(`${base}/api/atendimento/webhooks/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(corpo).digest('hex')}`,
        },
        body: corpo,
      }).then((r) => {
        if (r.status !== 200) throw new Error(`webhook ${r.status}`);
      });
    };
    const nota = (i) => json(`/api/atendimento/tickets/${ticket.id}/mensagens`, { conteudo: `nota ${i}`, privada: true }, token);

    // The observed agent (agent 0, in the observed fila) lives in this process; the idle ones in clientes.mjs.
    const observador = await conectarUm(base, { token: tokensAgentes[0] });
    // Warm-up (JIT, plans, pools) before any figure.
    for (let i = 0; i < 30; i++) {
      const recebido = esperarEvento(observador, 'mensagem:nova', (e) => e.mensagem.conteudo === `aquecimento ${i}`);
      await json(`/api/atendimento/tickets/${ticket.id}/mensagens`, { conteudo: `aquecimento ${i}`, privada: true }, token);
      await recebido;
    }
    for (let i = 0; i < 10; i++) {
      const recebido = esperarEvento(
        observador,
        'mensagem:nova',
        (e) => e.mensagem.externalId === `wamid.bench-aquecimento-${i}`,
      );
      await webhook('aquecimento', i);
      await recebido;
    }
    await sleep(2_000);
    const rssApiBase = rss(api.pid);
    const rssBareBase = rss(bare.pid);
    log(`memória com 1 socket: API ${mb(rssApiBase)} MB, cadeia mínima ${mb(rssBareBase)} MB (sem os sockets ociosos)\n`);

    const observadorBare = await conectarUm(baseBare, { sala: 'fila:0' });
    const cargaApi = criarCarga();
    const cargaBare = criarCarga();
    cargas.push(cargaApi, cargaBare);
    let conectadosApi = 1;
    let conectadosBare = 1;
    const linhas = [];
    for (const passo of PASSOS) {
      // Both servers grow to `passo` sockets (kept across steps), with the same room sizes.
      const inicio = performance.now();
      const auths = tokensAgentes.slice(conectadosApi, passo).map((t) => ({ token: t }));
      const resultado = await cargaApi.conectar(base, auths);
      conectadosApi = resultado.total + 1;
      const conexaoS = (performance.now() - inicio) / 1000;
      if (resultado.falhas > 0) log(`  ${resultado.falhas} conexões recusadas (ex.: ${resultado.exemploFalha})`);
      const inicioBare = performance.now();
      const bareAuths = Array.from({ length: passo - conectadosBare }, (_, i) => ({
        sala: `fila:${Math.floor((conectadosBare + i) / POR_FILA)}`,
      }));
      conectadosBare = (await cargaBare.conectar(baseBare, bareAuths)).total + 1;
      const conexaoBareS = (performance.now() - inicioBare) / 1000;
      // Presence of every new agent written before measuring.
      for (const limite = Date.now() + 180_000; Date.now() < limite; await sleep(500)) {
        const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM atendimento_atendentes WHERE status = 'online'`)).rows;
        if (n >= conectadosApi) break;
      }
      await sleep(2_000);
      const rssApi = rss(api.pid);
      const rssBare = rss(bare.pid);

      // Interleaved, so every chain sees the same machine state.
      const amostras = { rest: [], webhook: [], bare: [] };
      for (let i = 0; i < AMOSTRAS; i++) {
        const id = `${passo}-${i}`;
        amostras.rest.push(
          await amostra(
            () => nota(id),
            () => esperarEvento(observador, 'mensagem:nova', (e) => e.mensagem.conteudo === `nota ${id}`),
          ),
        );
        amostras.bare.push(
          await amostra(
            () =>
              fetch(`${baseBare}/mensagens`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ sala: 'fila:0', conteudo: `bare ${id}` }),
              }),
            () => esperarEvento(observadorBare, 'mensagem:nova', (e) => e.mensagem.conteudo === `bare ${id}`),
          ),
        );
        if (i < WEBHOOKS) {
          amostras.webhook.push(
            await amostra(
              () => webhook(passo, i),
              () => esperarEvento(observador, 'mensagem:nova', (e) => e.mensagem.externalId === `wamid.bench-${id}`),
            ),
          );
        }
      }
      const rest = resumo(amostras.rest);
      const viaWebhook = resumo(amostras.webhook);
      const bareLat = resumo(amostras.bare);

      const linha = {
        sockets: conectadosApi,
        conexaoS,
        conexaoBareS,
        carga: loadavg()[0],
        rssApi,
        kbPorSocketApi: (rssApi - rssApiBase) / (conectadosApi - 1) / 1024,
        rest,
        viaWebhook,
        bare: bareLat,
        kbPorSocketBare: (rssBare - rssBareBase) / (conectadosBare - 1) / 1024,
      };
      linhas.push(linha);
      log(
        `${String(linha.sockets).padStart(6)} sockets (+${auths.length} em ${conexaoS.toFixed(1)} s): ` +
          `REST→mensagem:nova p50 ${rest.p50.toFixed(1)} / p99 ${rest.p99.toFixed(1)} ms (após o 201: ${rest.aposP50.toFixed(1)} / ${rest.aposP99.toFixed(1)}) · ` +
          `webhook→mensagem:nova p50 ${viaWebhook.p50.toFixed(1)} / p99 ${viaWebhook.p99.toFixed(1)} ms · ` +
          `mínima p50 ${bareLat.p50.toFixed(1)} / p99 ${bareLat.p99.toFixed(1)} ms · ` +
          `API ${mb(rssApi)} MB (${linha.kbPorSocketApi.toFixed(1)} KB/socket), mínima ${linha.kbPorSocketBare.toFixed(1)} KB/socket`,
      );
      if (conectadosApi < passo) {
        log(`parou em ${conectadosApi} sockets: conexões recusadas`);
        break;
      }
    }

    log(
      '\n| sockets | conexão API / mínima (s) | REST→mensagem:nova p50 / p99 (ms) | após o 201 p50 / p99 (ms) | webhook→mensagem:nova p50 / p99 (ms) | ' +
        'cadeia mínima p50 / p99 (ms) | p99 REST ÷ mínima | RSS API (MB) | KB/socket API | KB/socket mínima | carga da máquina |',
    );
    log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const l of linhas) {
      log(
        `| ${l.sockets} | ${l.conexaoS.toFixed(1)} / ${l.conexaoBareS.toFixed(1)} | ${l.rest.p50.toFixed(1)} / ${l.rest.p99.toFixed(1)} | ${l.rest.aposP50.toFixed(1)} / ${l.rest.aposP99.toFixed(1)} | ` +
          `${l.viaWebhook.p50.toFixed(1)} / ${l.viaWebhook.p99.toFixed(1)} | ` +
          `${l.bare.p50.toFixed(1)} / ${l.bare.p99.toFixed(1)} | ${(l.rest.p99 / l.bare.p99).toFixed(2)} | ${mb(l.rssApi)} | ${l.kbPorSocketApi.toFixed(1)} | ${l.kbPorSocketBare.toFixed(1)} | ${l.carga.toFixed(1)} |`,
      );
    }
    log('\nmetas: p99 ≤ 1,5× a cadeia mínima; 10.000 sockets ociosos num processo.');
  } finally {
    for (const carga of cargas) carga.encerrar();
    await db?.end().catch(() => undefined);
    api?.kill('SIGTERM');
    bare?.kill('SIGTERM');
    await sleep(1_000);
    if (!opcoes.keep) await admin.query(`DROP DATABASE IF EXISTS ${BANCO} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
