#!/usr/bin/env node
// Ingest benchmark: signed WhatsApp webhooks driven by autocannon against the API on PostgreSQL, next to a
// bare Fastify endpoint that verifies the same HMAC and does one INSERT … ON CONFLICT DO NOTHING of the raw
// event. Prints accepted webhooks/s and p50/p99 acknowledgement latency of both, their ratio, the API's
// latency at half the bare maximum rate, and how long the jobs take to drain the backlog into tickets and
// mensagens.
//
//   npm run build && node bench/ingest/run.mjs [--duracao 15] [--conexoes 50] [--clientes 500] [--papel all|api] [--so-api] [--keep]
//
// Needs PostgreSQL at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides). Creates and drops a
// database of its own (atende_bench_ingest_<pid>); --keep leaves it for inspection.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const AQUI = dirname(fileURLToPath(import.meta.url));
const RAIZ = resolve(AQUI, '../..');
const API_MAIN = join(RAIZ, 'apps/api/dist/main.js');
const SERVIDOR = (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const BANCO = `atende_bench_ingest_${process.pid}`;
const ADMIN = { email: 'admin@bench.test', senha: 'senha-do-bench-123' };
const SEGREDO = 'bench_app_secret';
const PHONE_NUMBER_ID = '106540352242922';

const { values: opcoes } = parseArgs({
  options: {
    duracao: { type: 'string', default: '15' },
    conexoes: { type: 'string', default: '50' },
    clientes: { type: 'string', default: '500' },
    papel: { type: 'string', default: 'all' },
    keep: { type: 'boolean', default: false },
    // Only the API's maximum line: a CPU profile (BENCH_NODE_ARGS) then shows that phase alone.
    'so-api': { type: 'boolean', default: false },
  },
});
const DURACAO = Number(opcoes.duracao);
const CONEXOES = Number(opcoes.conexoes);
const CLIENTES = Number(opcoes.clientes);
const AQUECIMENTO = 3;

/** Ends a `--so-api` run after its one line, through the same cleanup. */
class SoApi extends Error {}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (texto) => process.stdout.write(`${texto}\n`);

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

function iniciarProcesso(comando, args, env) {
  // BENCH_NODE_ARGS go to the servers only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/perfil` to profile them).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const filho = spawn(comando, [...nodeArgs, ...args], {
    cwd: RAIZ,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const saida = [];
  // BENCH_SAIDA=<file prefix> also writes each server's output to <prefix>.<pid>.log (e.g. with --trace-gc).
  const arquivo = process.env.BENCH_SAIDA ? createWriteStream(`${process.env.BENCH_SAIDA}.${filho.pid}.log`) : null;
  filho.stdout.on('data', (parte) => (saida.push(parte.toString()), arquivo?.write(parte)));
  filho.stderr.on('data', (parte) => (saida.push(parte.toString()), arquivo?.write(parte)));
  return { filho, saida };
}

async function aguardarHttp(processo, url, ok) {
  const limite = Date.now() + 90_000;
  while (Date.now() < limite) {
    if (processo.filho.exitCode !== null) throw new Error(`processo terminou ao iniciar:\n${processo.saida.join('')}`);
    try {
      if (await ok(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`não ficou pronto: ${url}\n${processo.saida.join('')}`);
}

async function parar(processo) {
  if (processo.filho.exitCode !== null) return;
  const fim = new Promise((r) => processo.filho.once('exit', r));
  processo.filho.kill('SIGTERM');
  await Promise.race([fim, sleep(15_000).then(() => processo.filho.kill('SIGKILL'))]);
}

/** A Meta webhook with one text message; unique wamid per request, a few hundred customers. */
let sequencia = 0;
function webhook(prefixo) {
  sequencia += 1;
  const cliente = `55119${String(sequencia % CLIENTES).padStart(8, '0')}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Cliente ${sequencia % CLIENTES}` }, wa_id: cliente }],
              messages: [
                {
                  from: cliente,
                  id: `wamid.${prefixo}.${process.pid}.${sequencia}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Olá, meu pedido ${sequencia} ainda não chegou` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

function carga(url, prefixo, extra = {}) {
  return new Promise((resolveCarga, rejeitar) => {
    autocannon(
      {
        url,
        connections: CONEXOES,
        pipelining: 1,
        duration: extra.duracao ?? DURACAO,
        ...(extra.taxa ? { overallRate: extra.taxa } : {}),
        requests: [
          {
            method: 'POST',
            setupRequest: (requisicao) => {
              const corpo = webhook(prefixo);
              return {
                ...requisicao,
                body: corpo,
                headers: {
                  'content-type': 'application/json',
                  'x-hub-signature-256': `sha256=${createHmac('sha256', SEGREDO).update(corpo).digest('hex')}`,
                },
              };
            },
          },
        ],
      },
      (erro, resultado) => (erro ? rejeitar(erro) : resolveCarga(resultado)),
    );
  });
}

function resumo(resultado) {
  const aceitos = resultado['2xx'];
  return {
    porSegundo: aceitos / resultado.duration,
    aceitos,
    recusados: resultado.non2xx,
    erros: resultado.errors + resultado.timeouts,
    p50: resultado.latency.p50,
    p99: resultado.latency.p99,
  };
}

/** The same figures for a route measured by its (expected) non-2xx answers. */
function resumoNaoDois(resultado) {
  return {
    ...resumo(resultado),
    porSegundo: resultado.non2xx / resultado.duration,
    aceitos: resultado.non2xx,
    recusados: resultado['2xx'],
  };
}

const fmt = (n, casas = 0) => n.toLocaleString('pt-BR', { maximumFractionDigits: casas, minimumFractionDigits: casas });
const linha = (nome, r) =>
  `${nome.padEnd(34)} ${fmt(r.porSegundo).padStart(7)} webhooks/s   p50 ${fmt(r.p50, 1).padStart(6)} ms   p99 ${fmt(r.p99, 1).padStart(6)} ms   (${r.aceitos} aceitos, ${r.recusados} não-2xx, ${r.erros} erros)`;

async function medir(nome, url, prefixo, extra) {
  await carga(url, `${prefixo}-aquecimento`, { ...extra, duracao: AQUECIMENTO });
  const resultado = resumo(await carga(url, prefixo, extra));
  log(linha(nome, resultado));
  return resultado;
}

// ------------------------------------------------------------------------------------------------------ run

const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${BANCO}`);
const urlBanco = `${SERVIDOR}/${BANCO}`;
const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-ingest-'));
const processos = [];
let db;

try {
  // The bare endpoint.
  const portaBare = await portaLivre();
  const bare = iniciarProcesso(process.execPath, [join(AQUI, 'bare-server.mjs')], {
    PORT: String(portaBare),
    DATABASE_URL: urlBanco,
    APP_SECRET: SEGREDO,
  });
  processos.push(bare);
  await aguardarHttp(bare, `http://127.0.0.1:${portaBare}/`, (r) => r.status === 404);

  // The API, one process doing HTTP and jobs (the default deployment).
  const portaApi = await portaLivre();
  const api = iniciarProcesso(process.execPath, [API_MAIN], {
    NODE_ENV: 'production',
    PORT: String(portaApi),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ATENDE_ROLE: opcoes.papel,
    DATABASE_URL: urlBanco,
    ATENDE_DATA_DIR: dataDir,
    ATENDE_SECRET_KEY: 'bench-secret-key-with-at-least-32-characters',
    ATENDE_ADMIN_EMAIL: ADMIN.email,
    ATENDE_ADMIN_SENHA: ADMIN.senha,
  });
  processos.push(api);
  const baseApi = `http://127.0.0.1:${portaApi}`;
  await aguardarHttp(api, `${baseApi}/api/health`, (r) => r.status === 200);
  const login = await (
    await fetch(`${baseApi}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
  ).json();
  const canal = await fetch(`${baseApi}/api/atendimento/canais`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({
      tipo: 'whatsapp',
      nome: 'WhatsApp bench',
      configuracao: {
        phoneNumberId: PHONE_NUMBER_ID,
        businessAccountId: '102290129340398',
        accessToken: 'EAAG-bench',
        appSecret: SEGREDO,
        verifyToken: 'bench',
      },
    }),
  });
  if (canal.status !== 201) throw new Error(`criar canal: ${canal.status} ${await canal.text()}`);
  db = new pg.Client({ connectionString: urlBanco });
  await db.connect();

  log(
    `\nIngestão de webhooks WhatsApp assinados — ${CONEXOES} conexões, ${DURACAO} s por medição (+${AQUECIMENTO} s de aquecimento)\n`,
  );
  if (opcoes['so-api']) {
    await medir('API (máximo)', `${baseApi}/api/atendimento/webhooks/whatsapp`, 'api-max');
  }
  const base = opcoes['so-api']
    ? null
    : await medir('Fastify mínimo (HMAC + 1 INSERT)', `http://127.0.0.1:${portaBare}/webhooks/whatsapp`, 'bare');
  if (base === null) throw new SoApi();
  // Reference for the paced lines: the bare endpoint at half its maximum shows this machine's own tail.
  const metade = Math.max(1, Math.floor(base.porSegundo / 2));
  const bareRitmado = await medir(
    `Fastify mínimo a ${fmt(metade)}/s`,
    `http://127.0.0.1:${portaBare}/webhooks/whatsapp`,
    'bare-metade',
    { taxa: metade },
  );
  // Diagnostic: the API's HTTP stack alone (Express, Nest, helmet, pino-http, body parsing), on a webhook
  // route that answers before any database work (unknown channel kind → 404); measured before the API
  // phases, while no backlog is being processed in the same process.
  await carga(`${baseApi}/api/atendimento/webhooks/pombo-correio`, 'pilha-aquecimento', { duracao: AQUECIMENTO });
  const pilha = resumoNaoDois(await carga(`${baseApi}/api/atendimento/webhooks/pombo-correio`, 'pilha'));
  log(linha('Pilha HTTP da API sem banco (404)', pilha));
  const urlApi = `${baseApi}/api/atendimento/webhooks/whatsapp`;
  const inicioApi = Date.now();
  const maximo = await medir('API (máximo)', urlApi, 'api-max');
  const ritmada = await medir(`API a ${fmt(metade)}/s (½ do mínimo)`, urlApi, 'api-metade', { taxa: metade });
  // Diagnostic: acknowledgement latency when the API is not saturated (half of its own maximum).
  const folga = Math.max(1, Math.floor(maximo.porSegundo / 2));
  const semSaturar = await medir(`API a ${fmt(folga)}/s (½ do próprio máximo)`, urlApi, 'api-folga', { taxa: folga });
  const fimCarga = Date.now();

  // The backlog left when the load stops, and how long the jobs take to turn it into mensagens.
  const contarPendentes = async () =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM atendimento_eventos_entrada WHERE status IN ('recebido', 'processando')`))
        .rows[0].n,
    );
  const backlog = await contarPendentes();
  let pendentes = opcoes.papel === 'api' ? 0 : backlog;
  while (pendentes > 0) {
    await sleep(250);
    pendentes = await contarPendentes();
  }
  const fimDreno = Date.now();
  const {
    rows: [totais],
  } = await db.query(
    `SELECT (SELECT count(*) FROM atendimento_eventos_entrada) AS eventos,
            (SELECT count(*) FROM atendimento_eventos_entrada WHERE status = 'processado') AS processados,
            (SELECT count(*) FROM atendimento_mensagens) AS mensagens,
            (SELECT count(*) FROM atendimento_tickets) AS tickets,
            (SELECT count(*) FROM atendimento_contatos) AS contatos`,
  );

  const razao = maximo.porSegundo / base.porSegundo;
  log('');
  log(`Razão API / mínimo (vazão):       ${fmt(razao * 100, 1)} %   (meta ≥ 50 %: ${razao >= 0.5 ? 'ok' : 'NÃO'})`);
  log(`p99 da API a ½ da vazão mínima:   ${fmt(ritmada.p99, 1)} ms   (meta ≤ 50 ms: ${ritmada.p99 <= 50 ? 'ok' : 'NÃO'})`);
  log(`Pilha HTTP sem banco / mínimo:    ${fmt((pilha.porSegundo / base.porSegundo) * 100, 1)} %   (teto da API nesta máquina)`);
  log(`p99 da API a ½ do próprio máximo: ${fmt(semSaturar.p99, 1)} ms`);
  log(`p99 do mínimo ao mesmo ritmo:     ${fmt(bareRitmado.p99, 1)} ms   (a cauda desta máquina)`);
  log(
    `Processamento: ${totais.eventos} eventos → ${totais.mensagens} mensagens, ${totais.tickets} tickets, ${totais.contatos} contatos ` +
      `(${totais.processados} processados).`,
  );
  log(
    `  backlog ao fim da carga: ${backlog} eventos, drenado em ${fmt((fimDreno - fimCarga) / 1000, 1)} s; ` +
      `do início da carga na API ao fim do dreno: ${fmt((fimDreno - inicioApi) / 1000, 1)} s ` +
      `(${fmt(Number(totais.processados) / ((fimDreno - inicioApi) / 1000))} eventos/s).`,
  );
} catch (erro) {
  if (!(erro instanceof SoApi)) throw erro;
} finally {
  await db?.end().catch(() => undefined);
  for (const processo of processos.reverse()) await parar(processo);
  if (!opcoes.keep) await admin.query(`DROP DATABASE IF EXISTS ${BANCO} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
