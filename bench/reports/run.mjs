#!/usr/bin/env node
// Reports benchmark: one month of metrics from ~1M ticket events in PostgreSQL, served from the fresh
// pre-aggregated table (`atendimento_metricas`) and rebuilt from the raw events (`POST …/recalcular`).
//
//   npm run build && node bench/reports/run.mjs [--tickets 100000] [--rodadas 10] [--keep]
//
// Each ticket gets 10 events (created, queued, assigned, taken, first reply, customer turn, next reply,
// resolved, survey, rating), so 100,000 tickets make 1,000,000 events spread over 30 days. Needs PostgreSQL at
// 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides); creates and drops atende_bench_rel_<pid>.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const RAIZ = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_MAIN = join(RAIZ, 'apps/api/dist/main.js');
const SERVIDOR = (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const ADMIN = { email: 'admin@bench.test', senha: 'senha-do-bench-123' };
const { values: opcoes } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    rodadas: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(opcoes.tickets);
const RODADAS = Number(opcoes.rodadas);
const BANCO = `atende_bench_rel_${process.pid}`;
const DIA_MS = 86_400_000;
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

function percentil(valores, p) {
  const ordenados = [...valores].sort((a, b) => a - b);
  return ordenados[Math.min(ordenados.length - 1, Math.ceil((p / 100) * ordenados.length) - 1)];
}

/** 100k tickets spread evenly over the 30 days starting at `inicio` (noon UTC), 10 events each. */
async function semear(db, empresaId, inicio) {
  await db.query(`SET synchronous_commit = off`);
  await db.query('BEGIN');
  await db.query(`INSERT INTO atendimento_filas (empresa_id, nome) SELECT $1, 'Fila ' || g FROM generate_series(1, 10) g`, [
    empresaId,
  ]);
  await db.query(
    `INSERT INTO usuarios (empresa_id, nome, email, senha_hash, papel)
     SELECT $1, 'Agente ' || g, 'agente' || g || '@bench.test', 'sem-login', 'atendente' FROM generate_series(1, 20) g`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_atendentes (empresa_id, usuario_id, nome)
     SELECT empresa_id, id, nome FROM usuarios WHERE empresa_id = $1 AND papel = 'atendente'`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_canais (empresa_id, tipo, nome) VALUES ($1, 'whatsapp', 'WhatsApp'), ($1, 'telegram', 'Telegram')`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_contatos (empresa_id, nome, telefone) SELECT $1, 'Cliente ' || g, '+55119' || lpad(g::text, 8, '0')
       FROM generate_series(1, $2::int) g`,
    [empresaId, TICKETS],
  );
  await db.query(
    `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, canal_id, fila_id, atendente_id, status, criado_em, resolvido_em)
     SELECT $1, c.g, c.id, ca.id, f.id, a.id, 'resolvido', $2::timestamptz + c.g * ($3::double precision * interval '1 millisecond'),
            $2::timestamptz + c.g * ($3::double precision * interval '1 millisecond') + interval '2 hours'
       FROM (SELECT id, row_number() OVER (ORDER BY telefone) AS g FROM atendimento_contatos WHERE empresa_id = $1) c
       JOIN (SELECT id, row_number() OVER (ORDER BY tipo) - 1 AS n FROM atendimento_canais WHERE empresa_id = $1) ca ON ca.n = c.g % 2
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM atendimento_filas WHERE empresa_id = $1) f ON f.n = c.g % 10
       JOIN (SELECT id, usuario_id, row_number() OVER (ORDER BY id) - 1 AS n FROM atendimento_atendentes WHERE empresa_id = $1) a ON a.n = c.g % 20`,
    [empresaId, new Date(inicio).toISOString(), (30 * DIA_MS) / TICKETS],
  );
  await db.query(`UPDATE empresas SET ticket_seq = $2 WHERE id = $1`, [empresaId, TICKETS]);
  const { rows: indices } = await db.query(
    `SELECT indexname FROM pg_indexes i WHERE tablename = 'atendimento_ticket_eventos'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  const { rows: definicoes } = await db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = ANY($1)`, [
    indices.map((i) => i.indexname),
  ]);
  for (const { indexname } of indices) await db.query(`DROP INDEX ${indexname}`);
  // k: the event's place in the timeline; minutes after creation vary with the ticket number.
  await db.query(
    `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, ator, usuario_id, de_status, para_status,
                                            para_atendente_id, para_fila_id, dados, ocorrido_em)
     SELECT t.empresa_id, t.id, e.tipo, e.ator, CASE WHEN e.ator = 'usuario' THEN a.usuario_id END, e.de, e.para,
            CASE WHEN e.tipo IN ('atribuido', 'status_alterado') AND e.para = 'em_atendimento' THEN t.atendente_id END,
            CASE WHEN e.tipo IN ('criado', 'fila_entrada', 'atribuido') THEN t.fila_id END,
            CASE e.tipo WHEN 'criado' THEN jsonb_build_object('canalId', t.canal_id)
                        WHEN 'avaliado' THEN jsonb_build_object('nota', 1 + t.numero % 5) ELSE '{}'::jsonb END,
            t.criado_em + e.minutos * interval '1 minute'
       FROM atendimento_tickets t
       JOIN atendimento_atendentes a ON a.id = t.atendente_id
       CROSS JOIN LATERAL (VALUES
         ('criado', 'cliente', NULL, 'aberto', 0),
         ('fila_entrada', 'sistema', NULL, NULL, 0),
         ('atribuido', 'sistema', NULL, 'em_atendimento', 1 + t.numero % 7),
         ('status_alterado', 'sistema', 'aberto', 'em_atendimento', 1 + t.numero % 7),
         ('mensagem_enviada', 'usuario', NULL, NULL, 9 + t.numero % 13),
         ('mensagem_recebida', 'cliente', NULL, NULL, 30),
         ('mensagem_enviada', 'usuario', NULL, NULL, 31 + t.numero % 5),
         ('status_alterado', 'usuario', 'em_atendimento', 'resolvido', 60 + t.numero % 90),
         ('avaliacao_solicitada', 'sistema', NULL, NULL, 151),
         ('avaliado', 'cliente', NULL, NULL, 160)
       ) AS e(tipo, ator, de, para, minutos)
      WHERE t.empresa_id = $1`,
    [empresaId],
  );
  // atribuido carries no status.
  await db.query(`UPDATE atendimento_ticket_eventos SET para_status = NULL WHERE tipo = 'atribuido'`);
  for (const { indexdef } of definicoes) await db.query(indexdef);
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE atendimento_ticket_eventos');
}

async function main() {
  const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${BANCO}`);
  const url = `${SERVIDOR}/${BANCO}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-rel-'));
  const porta = await portaLivre();
  let api;
  let db;
  try {
    // ATENDE_ROLE=api: no job workers, so nothing refreshes the aggregates behind the measurements.
    api = spawn(process.execPath, [API_MAIN], {
      cwd: join(RAIZ, 'apps/api'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(porta),
        HOST: '127.0.0.1',
        ATENDE_ROLE: 'api',
        ATENDE_MIGRATIONS: 'auto',
        ATENDE_DATA_DIR: dataDir,
        ATENDE_SECRET_KEY: 'bench-secret-key-with-at-least-32-characters!!',
        ATENDE_ADMIN_EMAIL: ADMIN.email,
        ATENDE_ADMIN_SENHA: ADMIN.senha,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${porta}/api`;
    const limite = Date.now() + 120_000;
    for (;;) {
      const saude = await fetch(`${base}/health`).catch(() => null);
      if (saude?.ok) break;
      if (Date.now() > limite || api.exitCode !== null) throw new Error('a API não subiu (veja o log acima)');
      await sleep(500);
    }
    const login = await (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      })
    ).json();
    const headers = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };

    // The 30 days ending yesterday (noon UTC is the same calendar day in São Paulo).
    const hoje = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const inicio = hoje - 30 * DIA_MS + 12 * 3_600_000;
    const de = new Date(hoje - 30 * DIA_MS).toISOString().slice(0, 10);
    const ate = new Date(hoje - DIA_MS).toISOString().slice(0, 10);

    db = new pg.Client({ connectionString: url });
    await db.connect();
    log(`semeando ${TICKETS.toLocaleString('pt-BR')} tickets × 10 eventos (${de} … ${ate})…`);
    const t0 = performance.now();
    await semear(db, login.usuario.empresaId, inicio);
    const { rows } = await db.query(`SELECT count(*)::int AS eventos FROM atendimento_ticket_eventos`);
    log(`semeado em ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rows[0].eventos.toLocaleString('pt-BR')} eventos`);

    const recalculos = [];
    let recalculo;
    for (let i = 0; i < 2; i++) {
      const inicioRecalculo = performance.now();
      const resposta = await fetch(`${base}/atendimento/relatorios/recalcular`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ de, ate }),
      });
      if (!resposta.ok) throw new Error(`recalcular: ${resposta.status} ${await resposta.text()}`);
      recalculo = await resposta.json();
      recalculos.push(performance.now() - inicioRecalculo);
    }

    const nomes = ['resumo', 'volume', 'tempos', 'csat', 'filas', 'atendentes'];
    const leituras = [];
    let resumo;
    for (let i = 0; i < RODADAS; i++) {
      const inicioLeitura = performance.now();
      for (const nome of nomes) {
        const resposta = await fetch(`${base}/atendimento/relatorios/${nome}?de=${de}&ate=${ate}`, { headers });
        if (!resposta.ok) throw new Error(`${nome}: ${resposta.status} ${await resposta.text()}`);
        const corpo = await resposta.json();
        if (nome === 'resumo') resumo = corpo;
      }
      leituras.push(performance.now() - inicioLeitura);
    }

    log('');
    log(`carga média (1 min): ${loadavg()[0].toFixed(2)}`);
    log(
      `eventos lidos no recálculo: ${recalculo.eventos.toLocaleString('pt-BR')} de ${recalculo.tickets.toLocaleString('pt-BR')} tickets → ${recalculo.linhas} linhas agregadas`,
    );
    log(
      `recálculo do mês a partir dos eventos (POST /recalcular): ${recalculos.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`,
    );
    log(
      `mês dos agregados prontos (6 relatórios GET, ${RODADAS} rodadas): p50 ${percentil(leituras, 50).toFixed(0)} ms, p95 ${percentil(leituras, 95).toFixed(0)} ms`,
    );
    log(
      `conferência: ${resumo.recebidos} recebidos, ${resumo.resolvidos} resolvidos, 1ª resposta média ${resumo.primeiraResposta.mediaSegundos} s, CSAT ${resumo.csat.media}`,
    );
  } finally {
    await db?.end().catch(() => {});
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (!opcoes.keep) await admin.query(`DROP DATABASE IF EXISTS ${BANCO} WITH (FORCE)`);
    else log(`banco mantido: ${BANCO}`);
    await admin.end();
  }
}

await main();
