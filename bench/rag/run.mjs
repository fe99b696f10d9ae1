#!/usr/bin/env node
// RAG retrieval benchmark: GET /api/atendimento/ia/trechos (hybrid: full text + cosine over real[] fused by RRF,
// and full text alone) on 100k chunks, next to the raw SQL statements that do the same ranking, on PostgreSQL;
// then the vector ranking alone, exact scan vs two stages (Hamming prefilter + exact re-rank), with the recall of
// the two stages against the exact ranking on the same query vectors.
//
//   npm run build && node bench/rag/run.mjs [--requests 60] [--dim 384] [--keep] [--db atende_bench_rag_<pid>]
//
// Needs PostgreSQL at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides). Creates and drops a database
// of its own; --keep leaves it, --db reuses a kept one (already seeded). The embeddings provider is a local
// OpenAI-compatible stub in this process (random unit vectors), so the figures are the database's and the API's,
// not a model's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as criarHttp } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';

const RAIZ = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_MAIN = join(RAIZ, 'apps/api/dist/main.js');
const SERVIDOR = (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const ADMIN = { email: 'admin@bench.test', senha: 'senha-do-bench-123' };

const { values: opcoes } = parseArgs({
  options: {
    requests: { type: 'string', default: '60' },
    dim: { type: 'string', default: '384' },
    keep: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const REUSAR = opcoes.db !== undefined;
const BANCO = opcoes.db ?? `atende_bench_rag_${process.pid}`;
if (!/^[a-z0-9_]+$/.test(BANCO)) throw new Error(`nome de banco inválido: ${BANCO}`);
const N = Number(opcoes.requests);
const DIM = Number(opcoes.dim);
const MODELO = `bench-${DIM}`;

const ARTIGOS = 5_000;
const CHUNKS_POR_ARTIGO = 20; // 100,000 chunks
const CANDIDATOS = 20; // what RecuperacaoService asks each ranking for (max(20, 4 × limite 5))
// ChunkRepository's PRE_SELECAO_MINIMA and PRE_SELECAO_POR_RESULTADO: the Hamming stage's pool.
const POOL = Math.max(200, CANDIDATOS * 10);
// Larger pools measured for the recall/latency trade-off (not what the API uses).
const POOLS_EXTRA = [1_000, 2_000];

const FRASES = [
  'O reembolso é feito no mesmo meio de pagamento em até sete dias úteis',
  'Trocas são aceitas em até trinta dias com a etiqueta e a nota fiscal',
  'O frete é grátis para compras acima de duzentos reais em todo o Brasil',
  'Para cancelar a assinatura acesse Minha Conta e clique em cancelar plano',
  'O boleto vence em três dias e pode ser pago em qualquer banco ou lotérica',
  'Produtos com defeito têm garantia de noventa dias pelo fabricante',
  'A entrega expressa chega em até dois dias úteis nas capitais',
  'O cupom de desconto vale apenas para a primeira compra no aplicativo',
  'Pedidos pagos via Pix são aprovados em poucos minutos',
  'O parcelamento sem juros vai até dez vezes no cartão de crédito',
  'Para alterar o endereço de entrega fale com o suporte antes do despacho',
  'A segunda via da nota fiscal fica disponível no e-mail de confirmação',
  'Cobranças duplicadas no cartão são estornadas na fatura seguinte',
  'O atendimento funciona de segunda a sábado das oito às vinte horas',
  'Contas bloqueadas por senha errada são liberadas pelo link de recuperação',
  'O rastreamento do pedido é enviado por e-mail e por WhatsApp',
];
const CONSULTAS = [
  'como peço reembolso?',
  'quero cancelar minha assinatura',
  'o frete é grátis?',
  'meu produto veio com defeito, tem garantia?',
  'cobrança duplicada no cartão',
  'prazo de entrega expressa',
  'posso parcelar sem juros',
  'não consigo entrar na minha conta',
];

const { fetch } = globalThis;
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

async function cronometrar(fn) {
  const inicio = performance.now();
  await fn();
  return performance.now() - inicio;
}

function vetorAleatorio() {
  const v = Array.from({ length: DIM }, () => Math.random() * 2 - 1);
  const norma = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norma);
}

/** The embeddings provider: an OpenAI-compatible `/v1/embeddings` answering random unit vectors. */
function iniciarEmbeddings() {
  return new Promise((resolveUrl) => {
    const servidor = criarHttp(async (req, res) => {
      const partes = [];
      for await (const parte of req) partes.push(parte);
      const corpo = JSON.parse(Buffer.concat(partes).toString('utf8') || '{}');
      const entradas = Array.isArray(corpo.input) ? corpo.input : [corpo.input];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: entradas.map((_, index) => ({ object: 'embedding', index, embedding: vetorAleatorio() })),
          model: corpo.model,
          usage: { prompt_tokens: 8 * entradas.length, total_tokens: 8 * entradas.length },
        }),
      );
    });
    servidor.listen(0, '127.0.0.1', () => resolveUrl({ servidor, url: `http://127.0.0.1:${servidor.address().port}/v1` }));
  });
}

// ------------------------------------------------------------------------------------------------- seeding

async function semear(db, empresaId) {
  const frases = `ARRAY[${FRASES.map((f) => `'${f}'`).join(', ')}]`;
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo, indexacao_status)
     SELECT $1, 'Artigo ' || g || ': ' || split_part((${frases})[1 + g % ${FRASES.length}], ' ', 2), 'ver chunks', 'indexado'
       FROM generate_series(1, ${ARTIGOS}) g`,
    [empresaId],
  );
  await db.query(`DROP INDEX atendimento_chunks_fts_idx`);
  // Each chunk: three of the phrases (realistic overlap of vocabulary), a unit vector of DIM random components and
  // its sign bits (`assinatura`, as the application writes them: bit i = the stored real component i > 0).
  // The vector's generate_series refers to the outer row so PostgreSQL draws new numbers for every chunk.
  await db.query(
    `INSERT INTO atendimento_chunks
       (empresa_id, fonte, artigo_id, ordem, titulo, texto, tokens, embedding, embedding_modelo, assinatura)
     SELECT a.empresa_id, 'artigo', a.id, k, a.titulo,
            (${frases})[1 + (a.n * 7 + k) % ${FRASES.length}] || '. ' || (${frases})[1 + (a.n * 3 + k * 5) % ${FRASES.length}] || '. '
              || (${frases})[1 + (a.n + k * 11) % ${FRASES.length}] || '.',
            60, v.vetor, '${MODELO}', v.assinatura
       FROM (SELECT id, empresa_id, titulo, row_number() OVER (ORDER BY id) AS n FROM atendimento_artigos WHERE empresa_id = $1) a
       CROSS JOIN generate_series(0, ${CHUNKS_POR_ARTIGO - 1}) k
       CROSS JOIN LATERAL (
         SELECT array_agg(y ORDER BY i) AS vetor,
                string_agg(CASE WHEN y > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::varbit AS assinatura
           FROM (SELECT i, (x / sqrt(sum(x * x) OVER ()))::real AS y
                   FROM (SELECT i, random() * 2 - 1 AS x FROM generate_series(1, ${DIM} + 0 * k + 0 * a.n) i) r) s) v`,
    [empresaId],
  );
  await db.query(`CREATE INDEX atendimento_chunks_fts_idx ON atendimento_chunks USING gin (fts)`);
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE atendimento_chunks');
  await db.query('VACUUM ANALYZE atendimento_artigos');
}

// ---------------------------------------------------------------------------------------------- raw SQL
// The same statements as ChunkRepository.rankingTexto / rankingVetor / trechos; sqlVetorExato is the exact scan
// that rankingVetor was before the Hamming prefilter (the reference for speed and recall).

const CONSULTA_OU = `(SELECT string_agg(quote_literal(l), ' | ')
                        FROM unnest(tsvector_to_array(to_tsvector('atende_portugues'::regconfig, $2))) l)::tsquery`;

const sqlTexto = (empresaId, q) => ({
  text: `WITH q AS (SELECT ${CONSULTA_OU} AS consulta)
         SELECT c.id FROM atendimento_chunks c, q
          WHERE c.empresa_id = $1 AND q.consulta IS NOT NULL AND c.fts @@ q.consulta
          ORDER BY ts_rank(c.fts, q.consulta) DESC, c.id LIMIT $3`,
  values: [empresaId, q, CANDIDATOS],
});

const sqlVetorExato = (empresaId, vetor) => ({
  text: `SELECT c.id FROM atendimento_chunks c
          WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3 AND array_length(c.embedding, 1) = $4
          ORDER BY (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS t(a, b)) DESC, c.id
          LIMIT $5`,
  values: [empresaId, vetor, MODELO, DIM, CANDIDATOS],
});

/** quantizacao.ts's assinaturaBinaria. */
const assinatura = (vetor) => vetor.map((x) => (Math.fround(x) > 0 ? '1' : '0')).join('');

const sqlVetor = (empresaId, vetor, pool = POOL) => ({
  text: `WITH candidatos AS (
           (SELECT c.id FROM atendimento_chunks c
             WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3
               AND bit_length(c.assinatura) = $4
             ORDER BY bit_count(c.assinatura # $5::varbit), c.id
             LIMIT $6)
           UNION ALL
           SELECT c.id FROM atendimento_chunks c
            WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3 AND c.assinatura IS NULL
              AND array_length(c.embedding, 1) = $4
         )
         SELECT c.id FROM candidatos p JOIN atendimento_chunks c ON c.id = p.id AND c.empresa_id = $1
          ORDER BY (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS t(a, b)) DESC, c.id
          LIMIT $7`,
  values: [empresaId, vetor, MODELO, DIM, assinatura(vetor), pool, CANDIDATOS],
});

const sqlTrechos = (empresaId, ids) => ({
  text: `SELECT id, fonte, artigo_id, ticket_id, titulo, texto FROM atendimento_chunks WHERE empresa_id = $1 AND id = ANY($2::uuid[])`,
  values: [empresaId, ids],
});

// --------------------------------------------------------------------------------------------- measuring

/** `api` and `sql` get the query text and the request's index (null while warming up). */
async function medir(nome, api, sql, alvo) {
  for (const q of CONSULTAS.slice(0, 3)) {
    await api(q, null);
    await sql(q, null);
  }
  const tempos = { api: [], sql: [] };
  for (let i = 0; i < N; i++) {
    const q = CONSULTAS[i % CONSULTAS.length];
    tempos.api.push(await cronometrar(() => api(q, i)));
    tempos.sql.push(await cronometrar(() => sql(q, i)));
  }
  const r = {
    nome,
    apiP50: percentil(tempos.api, 50),
    apiP95: percentil(tempos.api, 95),
    sqlP50: percentil(tempos.sql, 50),
    sqlP95: percentil(tempos.sql, 95),
    alvo,
  };
  r.razao = r.apiP95 / r.sqlP95;
  return r;
}

/** Share of the exact top k that the two-stage ranking also puts in its top k, averaged over the queries. */
function recall(exatos, aproximados, k) {
  let soma = 0;
  for (let i = 0; i < exatos.length; i++) {
    const exato = new Set(exatos[i].slice(0, k));
    soma += aproximados[i].slice(0, k).filter((id) => exato.has(id)).length / Math.min(k, exato.size);
  }
  return soma / exatos.length;
}

async function main() {
  const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
  await admin.connect();
  if (!REUSAR) await admin.query(`CREATE DATABASE ${BANCO}`);
  const url = `${SERVIDOR}/${BANCO}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-rag-'));
  const porta = await portaLivre();
  const embeddings = await iniciarEmbeddings();
  let api;
  let db;
  try {
    log(`banco ${BANCO}; API em http://127.0.0.1:${porta}; ${DIM} dimensões; ${cpus().length} núcleos`);
    api = spawn(process.execPath, [API_MAIN], {
      cwd: join(RAIZ, 'apps/api'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(porta),
        HOST: '127.0.0.1',
        ATENDE_ROLE: 'api',
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
    const empresaId = login.usuario.empresaId;

    db = new pg.Client({ connectionString: url });
    await db.connect();
    const jaSemeado = REUSAR && (await db.query(`SELECT 1 FROM atendimento_chunks LIMIT 1`)).rowCount > 0;
    if (!jaSemeado)
      log(`semeando ${(ARTIGOS * CHUNKS_POR_ARTIGO).toLocaleString('pt-BR')} chunks com vetores de ${DIM} dimensões…`);
    const tempoSemente = jaSemeado ? 0 : await cronometrar(() => semear(db, empresaId));
    const [{ chunks, tamanho }] = (
      await db.query(
        `SELECT count(*)::int AS chunks, pg_size_pretty(pg_total_relation_size('atendimento_chunks')) AS tamanho FROM atendimento_chunks`,
      )
    ).rows;
    log(`semeado em ${(tempoSemente / 1000).toFixed(1)} s: ${chunks} chunks, tabela ${tamanho}`);

    const configurar = async (corpo) => {
      const r = await fetch(`${base}/atendimento/ia/config`, { method: 'PUT', headers, body: JSON.stringify(corpo) });
      if (!r.ok) throw new Error(`config: ${r.status} ${await r.text()}`);
    };
    const trechos = async (q) => {
      const r = await fetch(`${base}/atendimento/ia/trechos?limite=5&q=${encodeURIComponent(q)}`, { headers });
      if (!r.ok) throw new Error(`trechos: ${r.status} ${await r.text()}`);
      return r.json();
    };

    const resultados = [];
    await configurar({ provedor: 'local', provedorEmbeddings: null });
    resultados.push(
      await medir(
        'só texto: GET /ia/trechos',
        trechos,
        async (q) => {
          const { rows } = await db.query(sqlTexto(empresaId, q));
          await db.query(
            sqlTrechos(
              empresaId,
              rows.slice(0, 5).map((r) => r.id),
            ),
          );
        },
        1.5,
      ),
    );
    await configurar({ provedor: 'openai', baseUrl: embeddings.url, provedorEmbeddings: 'openai', modeloEmbeddings: MODELO });
    const exemplo = await trechos(CONSULTAS[0]);
    if (!exemplo.some((t) => t.por.includes('vetor'))) throw new Error('a busca híbrida não usou vetores');
    resultados.push(
      await medir(
        'híbrida: GET /ia/trechos',
        trechos,
        async (q) => {
          const { rows: texto } = await db.query(sqlTexto(empresaId, q));
          const { rows: vetor } = await db.query(sqlVetor(empresaId, vetorAleatorio()));
          await db.query(
            sqlTrechos(
              empresaId,
              [...texto, ...vetor].slice(0, 5).map((r) => r.id),
            ),
          );
        },
        1.5,
      ),
    );
    // The vector ranking alone on fixed query vectors, so both statements rank the same N queries.
    const vetores = Array.from({ length: N }, vetorAleatorio);
    const ids = (resultado) => resultado.rows.map((r) => r.id);
    const exatos = [];
    const doisEstagios = [];
    const rankear = (sql, guardar) => async (_q, i) => {
      const r = await db.query(sql(empresaId, i === null ? vetorAleatorio() : vetores[i]));
      if (guardar && i !== null) guardar[i] = ids(r);
    };
    resultados.push(
      await medir('vetor exato, varredura (SQL, referência)', rankear(sqlVetorExato), rankear(sqlVetorExato, exatos), null),
    );
    resultados.push(
      await medir(`vetor em 2 estágios (SQL, pool ${POOL})`, rankear(sqlVetor), rankear(sqlVetor, doisEstagios), null),
    );
    // The trade-off of larger pools, on the same queries (SQL only, p50 of one run each).
    const pools = [{ pool: POOL, aproximados: doisEstagios, p50: resultados.at(-1).sqlP50 }];
    for (const pool of POOLS_EXTRA) {
      const aproximados = [];
      const tempos = [];
      for (let i = 0; i < N; i++) {
        tempos.push(await cronometrar(async () => (aproximados[i] = ids(await db.query(sqlVetor(empresaId, vetores[i], pool))))));
      }
      pools.push({ pool, aproximados, p50: percentil(tempos, 50) });
    }

    log('');
    log(`${N} requisições por linha, sequenciais, intercaladas com o SQL equivalente (ms)`);
    log('linha                                        API p50   API p95   SQL p50   SQL p95   p95 API/SQL   alvo');
    for (const r of resultados) {
      const alvo = r.alvo === null ? '—' : `≤ ${r.alvo}× ${r.razao <= r.alvo ? 'ok' : 'ACIMA'}`;
      log(
        `${r.nome.padEnd(42)} ${r.apiP50.toFixed(2).padStart(8)}  ${r.apiP95.toFixed(2).padStart(8)}  ${r.sqlP50.toFixed(2).padStart(8)}  ` +
          `${r.sqlP95.toFixed(2).padStart(8)}  ${r.razao.toFixed(2).padStart(11)}×   ${alvo}`,
      );
    }
    log('');
    log(`recall do ranking em 2 estágios contra o exato, nas mesmas ${N} consultas (top ${CANDIDATOS}; vetores aleatórios,`);
    log('o pior caso para a quantização binária: vizinhos de verdade de embeddings de texto ficam bem mais perto)');
    log('pool            recall@5   recall@20    SQL p50 (ms)');
    for (const p of pools) {
      log(
        `${`${p.pool}${p.pool === POOL ? ' (API)' : ''}`.padEnd(14)} ${recall(exatos, p.aproximados, 5).toFixed(3).padStart(9)}  ` +
          `${recall(exatos, p.aproximados, 20).toFixed(3).padStart(10)}  ${p.p50.toFixed(2).padStart(14)}`,
      );
    }
    const [carga] = loadavg();
    log(`carga média da máquina (1 min) ao terminar: ${carga.toFixed(2)}`);
  } finally {
    await db?.end().catch(() => undefined);
    embeddings.servidor.close();
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (opcoes.keep || REUSAR) log(`banco mantido: ${url} (reuse com --db ${BANCO})`);
    else await admin.query(`DROP DATABASE IF EXISTS ${BANCO} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
