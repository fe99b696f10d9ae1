#!/usr/bin/env node
// The bare chain the real-time benchmark compares against: Fastify receives a POST, inserts one row with pg and
// emits it with `io.to(room).emit` on a Socket.IO server sharing the HTTP server. No auth, no ORM, no domain
// events, no DTO loading: the floor under "a mensagem is created → an agent's socket hears it".
//
//   BARE_PORT=… BARE_DATABASE_URL=postgres://… node bench/realtime/bare-server.mjs
import process from 'node:process';
import Fastify from 'fastify';
import pg from 'pg';
import { Server } from 'socket.io';

const porta = Number(process.env.BARE_PORT ?? 0);
const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_rt_mensagens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), sala text NOT NULL, conteudo text NOT NULL, criado_em timestamptz NOT NULL DEFAULT now())`);

const app = Fastify({ logger: false });
const io = new Server(app.server, { serveClient: false });
const nsp = io.of('/atendimento');
nsp.on('connection', (socket) => {
  socket.join(String(socket.handshake.auth.sala ?? 'nenhuma'));
  socket.emit('conectado', { id: socket.id });
});

app.post('/mensagens', async (request, reply) => {
  const { sala, conteudo } = request.body;
  const { rows } = await pool.query('INSERT INTO bench_rt_mensagens (sala, conteudo) VALUES ($1, $2) RETURNING *', [
    sala,
    conteudo,
  ]);
  nsp.to(sala).emit('mensagem:nova', { mensagem: rows[0] });
  reply.code(201);
  return rows[0];
});

await app.listen({ port: porta, host: '127.0.0.1' });
process.stdout.write(`pronto ${app.server.address().port}\n`);
