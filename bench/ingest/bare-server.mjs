#!/usr/bin/env node
// The baseline of the ingest benchmark: the least a webhook receiver can do and still be safe. It checks the
// same X-Hub-Signature-256 HMAC over the raw bytes and stores the raw event with one
// INSERT … ON CONFLICT DO NOTHING, then answers 200. No framework around it but Fastify, no job, no canal lookup.
//
//   PORT=… DATABASE_URL=… APP_SECRET=… node bench/ingest/bare-server.mjs
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const segredo = process.env.APP_SECRET ?? '';

await pool.query(`CREATE TABLE IF NOT EXISTS bench_eventos_bare (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  canal text NOT NULL,
  external_id text NOT NULL,
  corpo_bruto bytea NOT NULL,
  headers jsonb NOT NULL,
  recebido_em timestamptz NOT NULL DEFAULT now(),
  UNIQUE (canal, external_id)
)`);

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

app.post('/webhooks/whatsapp', async (request, reply) => {
  const bruto = request.body;
  const cabecalho = request.headers['x-hub-signature-256'];
  const esperado = Buffer.from(`sha256=${createHmac('sha256', segredo).update(bruto).digest('hex')}`);
  const recebido = Buffer.from(typeof cabecalho === 'string' ? cabecalho : '');
  if (recebido.length !== esperado.length || !timingSafeEqual(recebido, esperado)) return reply.code(401).send({ ok: false });
  let corpo;
  try {
    corpo = JSON.parse(bruto.toString('utf8'));
  } catch {
    return reply.code(400).send({ ok: false });
  }
  const valor = corpo?.entry?.[0]?.changes?.[0]?.value;
  const externalId = valor?.messages?.[0]?.id ?? valor?.statuses?.[0]?.id;
  if (typeof externalId !== 'string') return reply.code(400).send({ ok: false });
  await pool.query(
    `INSERT INTO bench_eventos_bare (canal, external_id, corpo_bruto, headers) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (canal, external_id) DO NOTHING`,
    [
      valor.metadata?.phone_number_id ?? '',
      externalId,
      bruto,
      JSON.stringify({ 'content-type': request.headers['content-type'] }),
    ],
  );
  return { recebido: true };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('pronto\n');
