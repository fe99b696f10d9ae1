import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type {
  ConectadoEvento,
  RealtimeAck,
  RealtimeClientToServerEvents,
  RealtimeErroConexao,
  RealtimeServerToClientEvents,
} from '@atende/shared';
import { io, type Socket } from 'socket.io-client';
import { hashSenha } from '../../src/auth/senha.js';
import { type Papel, RequestContext } from '../../src/common/request-context.js';
import { Secrets } from '../../src/config/secrets.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import type { TestApp } from '../support/test-app.js';

export type ClienteRealtime = Socket<RealtimeServerToClientEvents, RealtimeClientToServerEvents>;
type NomeEvento = keyof RealtimeServerToClientEvents;
type PayloadDe<E extends NomeEvento> = Parameters<RealtimeServerToClientEvents[E]>[0];

export const ESPERA_MS = 8_000;

/** A socket.io-client on the `/atendimento` namespace; no automatic reconnection unless asked. */
export function criarCliente(url: string, token: string | undefined, opcoes: { reconectar?: boolean } = {}): ClienteRealtime {
  return io(`${url}/atendimento`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: opcoes.reconectar ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
}

/** Connects and resolves with the `conectado` event (rooms joined, presence registered). */
export async function conectar(
  url: string,
  token: string,
  opcoes: { reconectar?: boolean } = {},
): Promise<{ socket: ClienteRealtime; conectado: ConectadoEvento }> {
  const socket = criarCliente(url, token, opcoes);
  const conectado = await esperar(socket, 'conectado');
  return { socket, conectado };
}

/** The `connect_error` of a refused handshake. */
export function esperarRecusa(socket: ClienteRealtime): Promise<{ message: string; data: RealtimeErroConexao }> {
  return comPrazo(
    new Promise((resolve) => {
      socket.once('connect_error', (erro: Error & { data?: RealtimeErroConexao }) =>
        resolve({ message: erro.message, data: erro.data as RealtimeErroConexao }),
      );
    }),
    'connect_error',
  );
}

/** The next `evento` that passes `filtro`, within ESPERA_MS. */
export function esperar<E extends NomeEvento>(
  socket: ClienteRealtime,
  evento: E,
  filtro: (payload: PayloadDe<E>) => boolean = () => true,
): Promise<PayloadDe<E>> {
  return comPrazo(
    new Promise<PayloadDe<E>>((resolve) => {
      const ouvinte = (payload: PayloadDe<E>): void => {
        if (!filtro(payload)) return;
        socket.off(evento, ouvinte as never);
        resolve(payload);
      };
      socket.on(evento, ouvinte as never);
    }),
    String(evento),
  );
}

/** Records every occurrence of an event, to assert later what arrived (and what did not). */
export function gravar<E extends NomeEvento>(socket: ClienteRealtime, evento: E): PayloadDe<E>[] {
  const recebidos: PayloadDe<E>[] = [];
  socket.on(evento, ((payload: PayloadDe<E>) => recebidos.push(payload)) as never);
  return recebidos;
}

/**
 * A round trip on the socket's connection: every packet the server queued for this socket before the
 * acknowledgement arrives first. After an action whose events were already delivered elsewhere, this proves
 * that this socket was not sent them (no fixed sleep).
 */
export async function sincronizar(socket: ClienteRealtime): Promise<void> {
  await emitir(socket, 'sair', { ticketId: '00000000-0000-4000-8000-000000000000' });
}

export function emitir<E extends keyof RealtimeClientToServerEvents>(
  socket: ClienteRealtime,
  evento: E,
  payload: Parameters<RealtimeClientToServerEvents[E]>[0],
): Promise<RealtimeAck> {
  return comPrazo(
    new Promise<RealtimeAck>((resolve) => {
      const emit = socket.emit.bind(socket) as (evento: string, payload: unknown, ack: (resposta: RealtimeAck) => void) => void;
      emit(evento, payload, resolve);
    }),
    `ack de ${String(evento)}`,
  );
}

export function desconectado(socket: ClienteRealtime): Promise<string> {
  return comPrazo(new Promise((resolve) => socket.once('disconnect', (motivo) => resolve(motivo))), 'disconnect');
}

/** Polls `condicao` until true (bounded). */
export async function ate(condicao: () => Promise<boolean> | boolean, descricao: string, prazoMs = ESPERA_MS): Promise<void> {
  const fim = Date.now() + prazoMs;
  while (!(await condicao())) {
    if (Date.now() > fim) throw new Error(`tempo esgotado esperando: ${descricao}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function comPrazo<T>(promessa: Promise<T>, descricao: string, prazoMs = ESPERA_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const prazo = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`tempo esgotado esperando ${descricao}`)), prazoMs);
  });
  return Promise.race([promessa, prazo]).finally(() => clearTimeout(timer));
}

/** An access token signed with the app's key, with any expiry (for expired and about-to-expire tokens). */
export function tokenAssinado(
  t: TestApp,
  ator: { usuarioId: string; empresaId: string; papel: Papel; nome: string },
  expiraEmSegundos: number,
): Promise<string> {
  const jwt = new JwtService({ secret: t.app.get(Secrets).derive('jwt') });
  return jwt.signAsync(
    { sub: ator.usuarioId, emp: ator.empresaId, papel: ator.papel, nome: ator.nome, typ: 'access', exp: expiraEmSegundos },
    { algorithm: 'HS256', issuer: 'atende' },
  );
}

/** SQL in the empresa's context, inside a transaction (the embedded database has one session). */
export function sql<T = Record<string, unknown>>(
  t: TestApp,
  empresaId: string,
  texto: string,
  parametros: unknown[] = [],
): Promise<T[]> {
  const tx = t.app.get(TransactionHost);
  return RequestContext.runForEmpresa(empresaId, () => tx.run(() => tx.query<T>(texto, parametros)));
}

export async function umValor<T>(t: TestApp, empresaId: string, texto: string, parametros: unknown[] = []): Promise<T> {
  const [linha] = await sql<Record<string, T>>(t, empresaId, texto, parametros);
  if (!linha) throw new Error(`sem linha: ${texto}`);
  return Object.values(linha)[0] as T;
}

export interface Usuario {
  usuarioId: string;
  email: string;
  senha: string;
  nome: string;
  papel: Papel;
}

export async function criarUsuario(t: TestApp, empresaId: string, nome: string, papel: Papel): Promise<Usuario> {
  const email = `${nome.toLowerCase().replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@realtime.test`;
  const senha = 'senha-de-teste-123';
  const usuarioId = await umValor<string>(
    t,
    empresaId,
    `INSERT INTO usuarios (empresa_id, nome, email, senha_hash, papel) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [empresaId, nome, email, await hashSenha(senha), papel],
  );
  return { usuarioId, email, senha, nome, papel };
}

export async function criarAtendente(t: TestApp, empresaId: string, usuario: Usuario, filaIds: string[]): Promise<string> {
  const atendenteId = await umValor<string>(
    t,
    empresaId,
    `INSERT INTO atendimento_atendentes (empresa_id, usuario_id, nome) VALUES ($1, $2, $3) RETURNING id`,
    [empresaId, usuario.usuarioId, usuario.nome],
  );
  for (const filaId of filaIds) {
    await sql(t, empresaId, `INSERT INTO atendimento_atendentes_filas (empresa_id, atendente_id, fila_id) VALUES ($1, $2, $3)`, [
      empresaId,
      atendenteId,
      filaId,
    ]);
  }
  return atendenteId;
}

/**
 * A fila with manual distribution: these tests assert the events of REST actions and webhooks, so no automatic
 * assignment (to an atendente whose socket is online) may change a ticket behind their back.
 */
export function criarFila(t: TestApp, empresaId: string, nome: string): Promise<string> {
  return umValor<string>(
    t,
    empresaId,
    `INSERT INTO atendimento_filas (empresa_id, nome, estrategia) VALUES ($1, $2, 'manual') RETURNING id`,
    [empresaId, nome],
  );
}

export function criarContato(t: TestApp, empresaId: string, nome: string): Promise<string> {
  return umValor<string>(t, empresaId, `INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, $2) RETURNING id`, [
    empresaId,
    nome,
  ]);
}

export function criarCanal(t: TestApp, empresaId: string, nome: string): Promise<string> {
  return umValor<string>(
    t,
    empresaId,
    `INSERT INTO atendimento_canais (empresa_id, tipo, nome, status, chave_roteamento) VALUES ($1, 'telegram', $2, 'conectado', $3) RETURNING id`,
    [empresaId, nome, `rt-${Math.random().toString(36).slice(2, 10)}`],
  );
}

/** A WhatsApp Cloud API webhook (one text message or one status), as Meta posts it. */
export function webhookWhatsApp(
  phoneNumberId: string,
  item:
    | { texto: string; de: string; wamid: string; nome?: string }
    | { status: 'sent' | 'delivered' | 'read'; wamid: string; para: string },
): Record<string, unknown> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const valor =
    'texto' in item
      ? {
          contacts: [{ profile: { name: item.nome ?? 'Cliente' }, wa_id: item.de }],
          messages: [{ from: item.de, id: item.wamid, timestamp, type: 'text', text: { body: item.texto } }],
        }
      : { statuses: [{ id: item.wamid, status: item.status, timestamp, recipient_id: item.para }] };
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...valor,
            },
          },
        ],
      },
    ],
  };
}

/** POSTs a webhook signed with the canal's app secret (X-Hub-Signature-256 over the raw bytes). */
export function postarWebhookWhatsApp(t: TestApp, corpo: Record<string, unknown>, appSecret: string) {
  const bruto = Buffer.from(JSON.stringify(corpo));
  return (
    t
      .http()
      .post('/api/atendimento/webhooks/whatsapp')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', `sha256=${createHmac('sha256', appSecret).update(bruto).digest('hex')}`)
      // A string, not the Buffer: supertest JSON-encodes Buffers sent with a JSON content type.
      .send(bruto.toString('utf8'))
  );
}
