import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host.js';
import type { FakeGraphApi } from '../support/fake-graph-api.js';
import type { TestApp } from '../support/test-app.js';

/** Shared by the inbound, outbound, WhatsApp end-to-end and crash tests of the channel pipelines. */

const WHATSAPP_FIXTURES = new URL('../fixtures/channels/whatsapp/', import.meta.url);

export type Json = Record<string, unknown>;

export function fixtureWhatsApp(nome: string): Json {
  return JSON.parse(readFileSync(new URL(nome, WHATSAPP_FIXTURES), 'utf8')) as Json;
}

export function fixtureWhatsAppBruta(nome: string): Buffer {
  return readFileSync(new URL(nome, WHATSAPP_FIXTURES));
}

export function assinaturaMeta(corpo: string | Buffer, segredo: string): string {
  return `sha256=${createHmac('sha256', segredo).update(corpo).digest('hex')}`;
}

interface ValorWhatsApp {
  messages?: Json[];
  statuses?: Json[];
  contacts?: Json[];
  metadata?: Json;
}

function valores(payload: Json): ValorWhatsApp[] {
  const entries = payload.entry as { changes: { value: ValorWhatsApp }[] }[];
  return entries.flatMap((entry) => entry.changes.map((change) => change.value));
}

/** A copy with every message/status timestamp set (fixtures are from 2025; the reply window needs "now"). */
export function comTimestamp(payload: Json, epochSegundos: number): Json {
  const copia = structuredClone(payload);
  for (const valor of valores(copia)) {
    for (const item of [...(valor.messages ?? []), ...(valor.statuses ?? [])]) item.timestamp = String(epochSegundos);
  }
  return copia;
}

export const agoraEmSegundos = (): number => Math.floor(Date.now() / 1000);

/** A WhatsApp webhook with one text message, as Meta sends it. */
export function webhookDeTexto(opcoes: {
  wamid: string;
  de: string;
  texto: string;
  nome?: string;
  phoneNumberId?: string;
  timestamp?: number;
}): Json {
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
              metadata: { display_phone_number: '15550783881', phone_number_id: opcoes.phoneNumberId ?? '106540352242922' },
              contacts: [{ profile: { name: opcoes.nome ?? 'Cliente' }, wa_id: opcoes.de }],
              messages: [
                {
                  from: opcoes.de,
                  id: opcoes.wamid,
                  timestamp: String(opcoes.timestamp ?? agoraEmSegundos()),
                  type: 'text',
                  text: { body: opcoes.texto },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** A WhatsApp status webhook for one of our messages. */
export function webhookDeStatus(opcoes: {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  para: string;
  timestamp?: number;
  erros?: Json[];
}): Json {
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
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              statuses: [
                {
                  id: opcoes.wamid,
                  status: opcoes.status,
                  timestamp: String(opcoes.timestamp ?? agoraEmSegundos()),
                  recipient_id: opcoes.para,
                  ...(opcoes.erros ? { errors: opcoes.erros } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** POSTs a webhook body signed with `segredo` (or with the given header, or unsigned with `assinatura: null`). */
export function postarWebhookWhatsApp(
  t: TestApp,
  corpo: Json | string | Buffer,
  opcoes: { segredo?: string; assinatura?: string | null } = {},
): Promise<Response> {
  const bruto = Buffer.isBuffer(corpo) ? corpo : Buffer.from(typeof corpo === 'string' ? corpo : JSON.stringify(corpo));
  const requisicao = t.http().post('/api/atendimento/webhooks/whatsapp').set('Content-Type', 'application/json');
  const assinatura =
    opcoes.assinatura === undefined ? assinaturaMeta(bruto, opcoes.segredo ?? 'test_app_secret') : opcoes.assinatura;
  if (assinatura !== null) requisicao.set('X-Hub-Signature-256', assinatura);
  // A string, not the Buffer: supertest JSON-encodes Buffers sent with a JSON content type.
  return requisicao.send(bruto.toString('utf8'));
}

export async function criarCanalWhatsApp(
  t: TestApp,
  token: string,
  fake: FakeGraphApi,
  extra: Json = {},
): Promise<{ id: string; empresaId: string; [campo: string]: unknown }> {
  const resposta = await t
    .http()
    .post('/api/atendimento/canais')
    .set('Authorization', `Bearer ${token}`)
    .send({ tipo: 'whatsapp', nome: 'WhatsApp Suporte', configuracao: fake.credentials(), ...extra });
  if (resposta.status !== 201) throw new Error(`criar canal falhou: ${resposta.status} ${JSON.stringify(resposta.body)}`);
  const canal = resposta.body as { id: string };
  const [linha] = await sql<{ empresa_id: string }>(t, 'SELECT empresa_id FROM atendimento_canais WHERE id = $1', [canal.id]);
  return { ...resposta.body, id: canal.id, empresaId: linha.empresa_id };
}

/** Raw SQL on the app's database (outside any transaction: the test holds none). */
export function sql<T = Json>(t: TestApp, query: string, parametros: unknown[] = []): Promise<T[]> {
  return t.app.get(TransactionHost).query<T>(query, parametros);
}

/** Polls until `verificar` returns a value other than undefined/null/false, or fails after `timeoutMs`. */
export async function aguardar<T>(
  descricao: string,
  verificar: () => Promise<T | undefined | null | false>,
  opcoes: { timeoutMs?: number; intervaloMs?: number } = {},
): Promise<T> {
  const limite = Date.now() + (opcoes.timeoutMs ?? 20_000);
  let ultimo: unknown;
  for (;;) {
    try {
      const valor = await verificar();
      if (valor !== undefined && valor !== null && valor !== false) return valor;
      ultimo = valor;
    } catch (error) {
      ultimo = error;
    }
    if (Date.now() > limite) throw new Error(`tempo esgotado aguardando: ${descricao} (último: ${String(ultimo)})`);
    await new Promise((resolve) => setTimeout(resolve, opcoes.intervaloMs ?? 50));
  }
}

/** Waits until no inbound event is left waiting (every job ran or was parked). */
export function aguardarEventosProcessados(t: TestApp, timeoutMs = 30_000): Promise<true> {
  return aguardar(
    'eventos de entrada processados',
    async () => {
      const [linha] = await sql<{ n: string }>(
        t,
        `SELECT count(*)::text AS n FROM atendimento_eventos_entrada WHERE status IN ('recebido', 'processando')`,
      );
      return linha.n === '0' ? true : false;
    },
    { timeoutMs },
  );
}

export async function contar(t: TestApp, tabela: string, onde = 'true', parametros: unknown[] = []): Promise<number> {
  const [linha] = await sql<{ n: string }>(t, `SELECT count(*)::text AS n FROM ${tabela} WHERE ${onde}`, parametros);
  return Number(linha.n);
}

/** A customer writes now on the canal (the reply window opens); returns the ticket id once it is processed. */
export async function clienteEscreve(t: TestApp, waId: string, wamid: string, texto = 'Olá, preciso de ajuda'): Promise<string> {
  const resposta = await postarWebhookWhatsApp(t, webhookDeTexto({ wamid, de: waId, texto, nome: `Cliente ${waId}` }));
  if (resposta.status !== 200) throw new Error(`webhook do cliente: ${resposta.status} ${JSON.stringify(resposta.body)}`);
  const ticket = await aguardar(`ticket do cliente ${waId}`, async () => {
    const [linha] = await sql<{ ticket_id: string }>(t, 'SELECT ticket_id FROM atendimento_mensagens WHERE external_id = $1', [
      wamid,
    ]);
    return linha?.ticket_id;
  });
  return ticket;
}

export interface LinhaMensagem {
  id: string;
  status: string;
  external_id: string | null;
  erro_codigo: string | null;
  erro_mensagem: string | null;
}

export function aguardarStatusDaMensagem(
  t: TestApp,
  mensagemId: string,
  status: string,
  timeoutMs = 20_000,
): Promise<LinhaMensagem> {
  return aguardar(
    `mensagem ${mensagemId} com status ${status}`,
    async () => {
      const [mensagem] = await sql<LinhaMensagem>(
        t,
        'SELECT id, status, external_id, erro_codigo, erro_mensagem FROM atendimento_mensagens WHERE id = $1',
        [mensagemId],
      );
      return mensagem?.status === status ? mensagem : null;
    },
    { timeoutMs },
  );
}
