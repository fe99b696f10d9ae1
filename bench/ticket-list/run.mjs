#!/usr/bin/env node
// Ticket list benchmark: GET /tickets, GET /tickets/:id/mensagens and the full-text `q` search, each next to the
// single hand-written SQL statement that returns the same page, on 100k tickets and 1M mensagens in PostgreSQL.
//
//   npm run build && node bench/ticket-list/run.mjs [--requests 300] [--keep] [--db atende_bench_<pid>]
//
// Needs PostgreSQL at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL overrides). Creates and drops a
// database of its own (atende_bench_<pid>); --keep leaves it for inspection, and --db reuses a kept one
// (already seeded: the measuring starts at once).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
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
  options: { requests: { type: 'string', default: '300' }, keep: { type: 'boolean', default: false }, db: { type: 'string' } },
});
const REUSAR = opcoes.db !== undefined;
const BANCO = opcoes.db ?? `atende_bench_${process.pid}`;
if (!/^[a-z0-9_]+$/.test(BANCO)) throw new Error(`nome de banco inválido: ${BANCO}`);
const N = Number(opcoes.requests);

const TICKETS = 100_000;
const PESADOS = 2_000; // tickets with long conversations: 255 mensagens each
const MSG_PESADO = 255;
const MSG_LEVE = 5; // 2,000 × 255 + 98,000 × 5 = 1,000,000
const PAGINA = 50;

// Realistic customer-service lines; the stems overlap (entrega/entregue, cancelar/cancelamento) on purpose.
const FRASES = [
  'Bom dia, gostaria de saber o status do meu pedido',
  'Meu pedido ainda não chegou, já passou do prazo de entrega',
  'Quero fazer o cancelamento da minha assinatura',
  'Como faço para cancelar o plano?',
  'O boleto venceu, vocês podem gerar uma segunda via?',
  'Recebi o produto com defeito, como faço a troca?',
  'Olá! Em que posso ajudar?',
  'Vou verificar com a equipe de logística e já retorno',
  'Pode me informar o número do pedido, por favor?',
  'Obrigado pelo contato, tenha um ótimo dia',
  'A cobrança veio duplicada no cartão de crédito',
  'Não consigo acessar minha conta, a senha não funciona',
  'Enviamos o código de rastreamento por e-mail',
  'O atendimento foi excelente, muito obrigado',
  'Qual o horário de funcionamento da loja?',
  'Gostaria de alterar o endereço de entrega',
  'A nota fiscal não veio junto com o produto',
  'Vocês entregam no interior de Minas Gerais?',
  'O aplicativo está travando quando tento pagar',
  'Seu chamado foi encaminhado para o setor financeiro',
  'Preciso falar com um atendente humano',
  'O desconto do cupom não foi aplicado',
  'Quando volta o estoque desse modelo?',
  'A entrega foi feita no endereço errado',
  'Estamos com instabilidade no sistema, pedimos desculpas',
  'Já fiz o pagamento via Pix, segue o comprovante',
  'O produto chegou diferente da foto do anúncio',
  'Posso parcelar em quantas vezes sem juros?',
  'Seu pedido foi despachado hoje e chega em três dias úteis',
  'Vou transferir você para o time de suporte técnico',
];
const FRASE_RARA = 'Solicito o reembolso integral do valor pago em duplicidade';

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

function decodificarCursor(cursor) {
  const [, em, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  return { em, id };
}

// ------------------------------------------------------------------------------------------------- seeding

async function semear(db, empresaId) {
  const frases = `ARRAY[${FRASES.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
  await db.query(`SET maintenance_work_mem = '256MB'`);
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
    `INSERT INTO atendimento_atendentes_filas (empresa_id, atendente_id, fila_id)
     SELECT a.empresa_id, a.id, f.id
       FROM (SELECT id, empresa_id, row_number() OVER (ORDER BY id) AS n FROM atendimento_atendentes WHERE empresa_id = $1) a
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM atendimento_filas WHERE empresa_id = $1) f
         ON f.n IN (1 + a.n % 10, 1 + (a.n + 3) % 10)`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_canais (empresa_id, tipo, nome) VALUES ($1, 'whatsapp', 'WhatsApp'), ($1, 'telegram', 'Telegram')`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_tags (empresa_id, nome, cor)
     SELECT $1, nome, '#64748b' FROM unnest(ARRAY['vip', 'reclamação', 'financeiro', 'logística', 'troca', 'urgente', 'b2b', 'novo']) nome`,
    [empresaId],
  );
  await db.query(
    `INSERT INTO atendimento_contatos (empresa_id, nome, telefone, criado_em)
     SELECT $1, 'Cliente ' || g, '+55119' || lpad(g::text, 8, '0'), now() - interval '400 days'
       FROM generate_series(1, $2::int) g`,
    [empresaId, TICKETS],
  );
  await db.query(
    `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, canal_id, fila_id, atendente_id, status, prioridade,
                                      criado_em, ultima_atividade_em, resolvido_em, fechado_em, entrou_na_fila_em, atribuido_em)
     SELECT $1, c.g, c.id, ca.id, f.id,
            CASE WHEN c.g % 10 IN (8) THEN NULL ELSE a.id END,
            s.status, (ARRAY['baixa', 'normal', 'normal', 'alta', 'urgente'])[1 + c.g % 5],
            now() - ((${TICKETS} - c.g) * interval '5 minutes'), now() - ((${TICKETS} - c.g) * interval '5 minutes'),
            CASE WHEN s.status IN ('resolvido', 'fechado') THEN now() - ((${TICKETS} - c.g) * interval '5 minutes') + interval '3 hours' END,
            CASE WHEN s.status = 'fechado' THEN now() - ((${TICKETS} - c.g) * interval '5 minutes') + interval '1 day' END,
            CASE WHEN s.status = 'aberto' THEN now() - ((${TICKETS} - c.g) * interval '5 minutes') END,
            CASE WHEN s.status <> 'aberto' THEN now() - ((${TICKETS} - c.g) * interval '5 minutes') + interval '2 minutes' END
       FROM (SELECT id, row_number() OVER (ORDER BY telefone) AS g FROM atendimento_contatos WHERE empresa_id = $1) c
       JOIN (SELECT id, row_number() OVER (ORDER BY tipo) - 1 AS n FROM atendimento_canais WHERE empresa_id = $1) ca ON ca.n = c.g % 2
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM atendimento_filas WHERE empresa_id = $1) f ON f.n = c.g % 10
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM atendimento_atendentes WHERE empresa_id = $1) a ON a.n = c.g % 20
       CROSS JOIN LATERAL (SELECT (ARRAY['resolvido', 'resolvido', 'fechado', 'fechado', 'resolvido', 'fechado',
                                         'em_atendimento', 'em_atendimento', 'aberto', 'pendente'])[1 + c.g % 10] AS status) s`,
    [empresaId],
  );
  await db.query(`UPDATE empresas SET ticket_seq = $2 WHERE id = $1`, [empresaId, TICKETS]);
  await db.query(
    `INSERT INTO atendimento_tickets_tags (empresa_id, ticket_id, tag_id)
     SELECT t.empresa_id, t.id, tg.id
       FROM atendimento_tickets t
       JOIN (SELECT id, row_number() OVER (ORDER BY nome) - 1 AS n FROM atendimento_tags WHERE empresa_id = $1) tg
         ON (t.numero % 3 = 0 AND tg.n = t.numero % 8) OR (t.numero % 7 = 0 AND tg.n = (t.numero + 1) % 8)
      WHERE t.empresa_id = $1`,
    [empresaId],
  );
  await db.query('COMMIT');

  // 1M mensagens, set-based. Their secondary indexes are dropped during the load and rebuilt after it.
  const { rows: indices } = await db.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.tablename = 'atendimento_mensagens'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const { indexname } of indices) await db.query(`DROP INDEX ${indexname}`);
  await db.query(
    `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, canal_id, direcao, tipo, conteudo, status,
                                        remetente_atendente_id, criado_em, lida_em, enviada_em)
     SELECT t.empresa_id, t.id, t.contato_id, t.canal_id, d.direcao,
            CASE WHEN (t.numero + k) % 50 = 0 THEN 'imagem' ELSE 'texto' END,
            CASE WHEN (t.numero * 31 + k * 17) % 1000 = 0 THEN '${FRASE_RARA}'
                 ELSE (${frases})[1 + (t.numero * 7 + k * 13) % ${FRASES.length}] END,
            CASE WHEN d.direcao = 'recebida' THEN 'recebida' ELSE 'lida' END,
            CASE WHEN d.direcao = 'enviada' THEN t.atendente_id END,
            t.criado_em + k * interval '30 seconds',
            t.criado_em + k * interval '30 seconds' + interval '10 seconds',
            CASE WHEN d.direcao = 'enviada' THEN t.criado_em + k * interval '30 seconds' END
       FROM atendimento_tickets t
       CROSS JOIN LATERAL generate_series(0, CASE WHEN t.numero <= ${PESADOS} THEN ${MSG_PESADO - 1} ELSE ${MSG_LEVE - 1} END) k
       CROSS JOIN LATERAL (SELECT CASE WHEN k % 2 = 0 THEN 'recebida' ELSE 'enviada' END AS direcao) d
      WHERE t.empresa_id = $1`,
    [empresaId],
  );
  for (const { indexdef } of indices) await db.query(indexdef);
  await db.query(
    `INSERT INTO atendimento_anexos (empresa_id, mensagem_id, storage_chave, nome_arquivo, mime_tipo, tamanho_bytes)
     SELECT empresa_id, id, 'bench/' || id, 'foto.jpg', 'image/jpeg', 123456 FROM atendimento_mensagens
      WHERE empresa_id = $1 AND tipo = 'imagem'`,
    [empresaId],
  );
  // The ticket list preview and activity follow each ticket's last mensagem.
  await db.query(
    `UPDATE atendimento_tickets t
        SET ultima_mensagem_id = u.id, ultima_mensagem_resumo = left(u.conteudo, 200), ultima_mensagem_em = u.criado_em,
            ultima_atividade_em = u.criado_em, ultima_mensagem_cliente_em = u.criado_em - interval '30 seconds'
       FROM (SELECT DISTINCT ON (ticket_id) ticket_id, id, conteudo, criado_em FROM atendimento_mensagens
              WHERE empresa_id = $1 ORDER BY ticket_id, criado_em DESC, id DESC) u
      WHERE t.id = u.ticket_id`,
    [empresaId],
  );
  await db.query('VACUUM ANALYZE');
}

// ---------------------------------------------------------------------------------------------- raw SQL

const COLUNAS_TICKET = `
  t.id, t.numero, t.status, t.prioridade, t.assunto,
  t.contato_id, c.nome AS contato_nome, c.telefone AS contato_telefone, c.email AS contato_email, c.avatar_url AS contato_avatar_url,
  t.canal_id, ca.tipo AS canal_tipo, ca.nome AS canal_nome, t.fila_id, f.nome AS fila_nome, f.cor AS fila_cor,
  t.atendente_id, a.nome AS atendente_nome, a.usuario_id AS atendente_usuario_id,
  t.nao_lidas, t.ultima_mensagem_id, t.ultima_mensagem_resumo, t.ultima_mensagem_em,
  um.direcao AS ultima_mensagem_direcao, um.tipo AS ultima_mensagem_tipo, um.status AS ultima_mensagem_status,
  t.ultima_atividade_em, t.ultima_mensagem_cliente_em, t.entrou_na_fila_em, t.atribuido_em, t.primeira_resposta_em,
  t.resolvido_em, t.fechado_em, t.reaberto_em, t.reaberturas, t.avaliacao_nota, t.avaliacao_comentario, t.avaliado_em,
  t.sla_politica_id, t.sla_primeira_resposta_prazo, t.sla_proxima_resposta_prazo, t.sla_resolucao_prazo,
  t.sla_primeira_resposta_violado, t.sla_proxima_resposta_violado, t.sla_resolucao_violado, t.sla_pausado_em,
  t.sentimento_score, t.sentimento_rotulo, t.intencao, t.categoria, t.bot_ativo, t.origem_ticket_id, t.criado_em, t.atualizado_em,
  COALESCE((SELECT json_agg(json_build_object('id', tg.id, 'nome', tg.nome, 'cor', tg.cor) ORDER BY lower(tg.nome))
              FROM atendimento_tickets_tags tt JOIN atendimento_tags tg ON tg.id = tt.tag_id
             WHERE tt.empresa_id = t.empresa_id AND tt.ticket_id = t.id), '[]') AS tags`;

const JUNCOES_TICKET = `
  FROM atendimento_tickets t
  JOIN atendimento_contatos c ON c.id = t.contato_id
  LEFT JOIN atendimento_canais ca ON ca.id = t.canal_id
  LEFT JOIN atendimento_filas f ON f.id = t.fila_id
  LEFT JOIN atendimento_atendentes a ON a.id = t.atendente_id
  LEFT JOIN atendimento_mensagens um ON um.id = t.ultima_mensagem_id`;

function sqlTickets(empresaId, cursor, q) {
  const params = [empresaId];
  const condicoes = ['t.empresa_id = $1', 't.removido_em IS NULL'];
  if (q) {
    params.push(q);
    condicoes.push(`EXISTS (SELECT 1 FROM atendimento_mensagens bm WHERE bm.empresa_id = t.empresa_id AND bm.ticket_id = t.id
                              AND bm.busca @@ websearch_to_tsquery('atende_portugues', $${params.length}))`);
  }
  if (cursor) {
    params.push(cursor.em, cursor.id);
    condicoes.push(`(t.ultima_atividade_em, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  return {
    text: `SELECT ${COLUNAS_TICKET} ${JUNCOES_TICKET} WHERE ${condicoes.join(' AND ')}
           ORDER BY t.ultima_atividade_em DESC, t.id DESC LIMIT ${PAGINA + 1}`,
    values: params,
  };
}

function sqlMensagens(empresaId, ticketId, cursor) {
  const params = [empresaId, ticketId];
  let antes = '';
  if (cursor) {
    params.push(cursor.em, cursor.id);
    antes = 'AND (m.criado_em, m.id) < ($3::timestamptz, $4::uuid)';
  }
  return {
    text: `SELECT m.id, m.ticket_id, m.contato_id, m.canal_id, m.direcao, m.privada, m.tipo, m.conteudo, m.payload, m.external_id,
                  m.status, m.erro_codigo, m.erro_mensagem, m.remetente_usuario_id, m.remetente_atendente_id,
                  COALESCE(ra.nome, ru.nome) AS remetente_nome, m.bot, m.template_id, m.responde_a_id, m.responde_a_external_id,
                  m.reacoes, m.transcricao, m.provedor_em, m.enviada_em, m.entregue_em, m.lida_em, m.editada_em, m.removida_em,
                  m.criado_em, r.direcao AS r_direcao, r.tipo AS r_tipo, left(r.conteudo, 200) AS r_conteudo,
                  COALESCE((SELECT json_agg(json_build_object('id', an.id, 'nome', an.nome_arquivo, 'mime', an.mime_tipo,
                                                            'tamanho', an.tamanho_bytes) ORDER BY an.criado_em, an.id)
                              FROM atendimento_anexos an WHERE an.empresa_id = m.empresa_id AND an.mensagem_id = m.id), '[]') AS anexos
             FROM atendimento_mensagens m
             LEFT JOIN atendimento_atendentes ra ON ra.id = m.remetente_atendente_id
             LEFT JOIN usuarios ru ON ru.id = m.remetente_usuario_id
             LEFT JOIN atendimento_mensagens r ON r.id = m.responde_a_id
            WHERE m.empresa_id = $1 AND m.ticket_id = $2 ${antes}
            ORDER BY m.criado_em DESC, m.id DESC LIMIT ${PAGINA + 1}`,
    values: params,
  };
}

// --------------------------------------------------------------------------------------------- measuring

async function medir(nome, casos, api, sql, alvo) {
  // Warm-up: plans, caches, JIT of both paths.
  for (const caso of casos.slice(0, 20)) {
    await api(caso);
    await sql(caso);
  }
  const tempos = { api: [], sql: [] };
  for (let i = 0; i < N; i++) {
    const caso = casos[i % casos.length];
    // Interleaved, so both sides see the same machine state.
    tempos.api.push(await cronometrar(() => api(caso)));
    tempos.sql.push(await cronometrar(() => sql(caso)));
  }
  const resultado = {
    nome,
    apiP50: percentil(tempos.api, 50),
    apiP95: percentil(tempos.api, 95),
    sqlP50: percentil(tempos.sql, 50),
    sqlP95: percentil(tempos.sql, 95),
    alvo,
  };
  resultado.razao = resultado.apiP95 / resultado.sqlP95;
  return resultado;
}

async function main() {
  const admin = new pg.Client({ connectionString: `${SERVIDOR}/postgres` });
  await admin.connect();
  if (!REUSAR) await admin.query(`CREATE DATABASE ${BANCO}`);
  const url = `${SERVIDOR}/${BANCO}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-'));
  const porta = await portaLivre();
  let api;
  let db;
  try {
    log(`banco ${BANCO}; API em http://127.0.0.1:${porta}`);
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
    const token = login.accessToken;
    const empresaId = login.usuario.empresaId;
    const headers = { authorization: `Bearer ${token}` };

    db = new pg.Client({ connectionString: url });
    await db.connect();
    const jaSemeado = REUSAR && (await db.query(`SELECT 1 FROM atendimento_tickets LIMIT 1`)).rowCount > 0;
    if (!jaSemeado) log(`semeando ${TICKETS.toLocaleString('pt-BR')} tickets e 1.000.000 mensagens…`);
    const tempoSemente = jaSemeado ? 0 : await cronometrar(() => semear(db, empresaId));
    const [{ tickets, mensagens }] = (
      await db.query(
        `SELECT (SELECT count(*) FROM atendimento_tickets)::int AS tickets, (SELECT count(*) FROM atendimento_mensagens)::int AS mensagens`,
      )
    ).rows;
    log(`semeado em ${(tempoSemente / 1000).toFixed(1)} s: ${tickets} tickets, ${mensagens} mensagens`);

    const getJson = async (caminho) => {
      const resposta = await fetch(`${base}${caminho}`, { headers });
      if (!resposta.ok) throw new Error(`${caminho}: ${resposta.status} ${await resposta.text()}`);
      return resposta.json();
    };

    // Cases: the first 30 pages of the inbox (cursors from the API itself), long and short conversations, searches.
    const paginas = [{ cursor: null }];
    while (paginas.length < 30) {
      const { nextCursor } = await getJson(
        `/atendimento/tickets?limite=${PAGINA}${paginas.at(-1).cursor ? `&cursor=${paginas.at(-1).cursor}` : ''}`,
      );
      paginas.push({ cursor: nextCursor });
    }
    const { rows: amostra } = await db.query(
      `(SELECT id FROM atendimento_tickets WHERE numero <= ${PESADOS} ORDER BY random() LIMIT 60)
       UNION ALL (SELECT id FROM atendimento_tickets WHERE numero > ${PESADOS} ORDER BY random() LIMIT 60)`,
    );
    const conversas = [];
    for (const { id } of amostra) {
      conversas.push({ ticketId: id, cursor: null });
      const primeira = await getJson(`/atendimento/tickets/${id}/mensagens?limite=${PAGINA}`);
      if (primeira.nextCursor) conversas.push({ ticketId: id, cursor: primeira.nextCursor });
    }
    const buscas = ['cancelar', 'entrega atrasada', 'boleto', 'reembolso duplicidade', 'troca defeito'].map((q) => ({ q }));

    const resultados = [];
    // The floor: what the HTTP stack (auth, routing, JSON) costs on a one-row lookup, for reading the ratios.
    const eu = (await getJson('/auth/me')).usuario.id;
    resultados.push(
      await medir(
        'piso: GET /auth/me (1 linha)',
        [{}],
        () => getJson('/auth/me'),
        () =>
          db.query(
            `SELECT u.id, u.nome, u.email, u.papel, e.nome AS empresa FROM usuarios u JOIN empresas e ON e.id = u.empresa_id WHERE u.id = $1`,
            [eu],
          ),
        null,
      ),
    );
    resultados.push(
      await medir(
        `GET /tickets (30 páginas de ${PAGINA})`,
        paginas,
        (c) => getJson(`/atendimento/tickets?limite=${PAGINA}${c.cursor ? `&cursor=${c.cursor}` : ''}`),
        (c) => db.query(sqlTickets(empresaId, c.cursor ? decodificarCursor(c.cursor) : null, null)),
        2,
      ),
    );
    resultados.push(
      await medir(
        `GET /tickets/:id/mensagens (${PAGINA}/página)`,
        conversas,
        (c) => getJson(`/atendimento/tickets/${c.ticketId}/mensagens?limite=${PAGINA}${c.cursor ? `&cursor=${c.cursor}` : ''}`),
        (c) => db.query(sqlMensagens(empresaId, c.ticketId, c.cursor ? decodificarCursor(c.cursor) : null)),
        2,
      ),
    );
    resultados.push(
      await medir(
        'GET /tickets?q= (texto completo, 1M mensagens)',
        buscas,
        (c) => getJson(`/atendimento/tickets?limite=${PAGINA}&q=${encodeURIComponent(c.q)}`),
        (c) => db.query(sqlTickets(empresaId, null, c.q)),
        1.5,
      ),
    );

    log('');
    log(`${N} requisições por linha, sequenciais, intercaladas com o SQL equivalente (ms)`);
    log('endpoint                                        API p50   API p95   SQL p50   SQL p95   p95 API/SQL   alvo');
    for (const r of resultados) {
      const alvo = r.alvo === null ? '(referência)' : `≤ ${r.alvo}× ${r.razao <= r.alvo ? 'ok' : 'ACIMA'}`;
      log(
        `${r.nome.padEnd(46)} ${r.apiP50.toFixed(2).padStart(8)}  ${r.apiP95.toFixed(2).padStart(8)}  ${r.sqlP50.toFixed(2).padStart(8)}  ` +
          `${r.sqlP95.toFixed(2).padStart(8)}  ${r.razao.toFixed(2).padStart(11)}×   ${alvo}`,
      );
    }
    const [carga] = loadavg();
    log(`carga média da máquina (1 min) ao terminar: ${carga.toFixed(2)}`);
  } finally {
    await db?.end().catch(() => undefined);
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
