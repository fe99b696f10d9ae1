import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart, type RecordedPart } from './fake-graph-api.js';

/**
 * A local stand-in for Meta's Send API as Messenger and Instagram use it (`POST /{page or IG id}/messages`
 * with a Bearer token, `GET /{id}?fields=…`), plus a CDN that serves webhook attachment URLs. It checks the
 * token and the documented request shape (recipient, messaging_type, tag only with MESSAGE_TAG, text or one
 * attachment), records everything, and can be told to fail with the documented error bodies from
 * test/fixtures/channels/meta-messenger-instagram.
 */

const FIXTURES = new URL('../fixtures/channels/meta-messenger-instagram/', import.meta.url);

function httpFixture(name: string): { status: number; body: unknown } {
  const parsed = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { _http_status: number; body: unknown };
  return { status: parsed._http_status, body: parsed.body };
}

export type FakeMetaFailure =
  | 'fora_da_janela'
  | 'usuario_indisponivel'
  | 'limite_613'
  | 'token_190'
  | 'erro_500'
  | 'limite_429'
  | 'queda_de_rede'
  | { status: number; body: unknown; headers?: Record<string, string> };

export interface RecordedMetaRequest {
  method: string;
  /** Path without the version prefix, e.g. `/109876543210987/messages`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  json?: Record<string, unknown>;
  parts?: RecordedPart[];
}

export class FakeMetaSendApi {
  readonly requests: RecordedMetaRequest[] = [];
  /** Account id → its valid token. */
  readonly tokens = new Map<string, string>();
  private readonly media = new Map<string, { data: Buffer; contentType: string }>();
  private readonly failures: FakeMetaFailure[] = [];
  private counter = 0;
  private origin = '';

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeMetaSendApi> {
    const server = createServer((req, res) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.statusCode = 500;
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    const instance = new FakeMetaSendApi(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    instance.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return instance;
  }

  /** Value for `MESSENGER_API_URL` / `INSTAGRAM_API_URL` (with a version, as the real one). */
  get baseUrl(): string {
    return `${this.origin}/v21.0`;
  }

  /** Serves `data` at an absolute URL, as Meta's CDN serves webhook attachments. */
  addMedia(name: string, data: Buffer, contentType: string): string {
    this.media.set(name, { data, contentType });
    return `${this.origin}/cdn/${name}`;
  }

  failNext(failure: FakeMetaFailure, times = 1): void {
    for (let i = 0; i < times; i += 1) this.failures.push(failure);
  }

  sends(accountId?: string): RecordedMetaRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && (accountId === undefined || r.path === `/${accountId}/messages`));
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const rawBody = await readBody(req);
    if (url.pathname.startsWith('/cdn/')) {
      const file = this.media.get(decodeURIComponent(url.pathname.slice(5)));
      if (file === undefined) return send(res, 404, { error: { message: 'not found', code: 100 } });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.byteLength) });
      res.end(file.data);
      return;
    }
    const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
    const recorded: RecordedMetaRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('application/json'))
      recorded.json = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
    else if (contentType.startsWith('multipart/form-data')) recorded.parts = parseMultipart(rawBody, contentType);
    this.requests.push(recorded);

    const failure = this.failures.shift();
    if (failure !== undefined) {
      if (failure === 'queda_de_rede') {
        req.socket.destroy();
        return;
      }
      const { status, body, headers } = namedFailure(failure);
      return send(res, status, body, headers);
    }
    const accountId = path.split('/')[1] ?? '';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined || this.tokens.get(accountId) !== token) {
      return send(res, 400, {
        error: { message: 'Error validating access token', type: 'OAuthException', code: 190, fbtrace_id: 'AfakeTrace' },
      });
    }
    if (req.method === 'GET' && path === `/${accountId}`) {
      return send(res, 200, { id: accountId, name: 'Acme Store', username: 'acme.store' });
    }
    if (req.method === 'POST' && path === `/${accountId}/messages`) {
      const body = recorded.json ?? partsAsRequest(recorded.parts ?? []);
      const problem = validateSend(body, recorded.parts);
      if (problem !== null) return send(res, 400, { error: { message: `(#100) ${problem}`, type: 'OAuthException', code: 100 } });
      this.counter += 1;
      const recipient = (body.recipient as { id: string }).id;
      return send(res, 200, { recipient_id: recipient, message_id: `m_fake${String(this.counter).padStart(6, '0')}` });
    }
    return send(res, 404, { error: { message: 'Unknown path', code: 803 } });
  }
}

function namedFailure(failure: Exclude<FakeMetaFailure, 'queda_de_rede'>): {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
} {
  if (typeof failure === 'object') return failure;
  switch (failure) {
    case 'fora_da_janela':
      return httpFixture('send-api-error-outside-window.http.json');
    case 'usuario_indisponivel':
      return httpFixture('send-api-error-user-unavailable.http.json');
    case 'limite_613':
      return { status: 400, body: { error: { message: '(#613) Calls to this api have exceeded the rate limit.', code: 613 } } };
    case 'token_190':
      return { status: 400, body: { error: { message: 'Error validating access token: Session has expired', code: 190 } } };
    case 'erro_500':
      return { status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } };
    case 'limite_429':
      return { status: 429, body: {}, headers: { 'retry-after': '7' } };
  }
}

function partsAsRequest(parts: RecordedPart[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.filename !== undefined) continue;
    const text = part.data.toString('utf8');
    body[part.name] = part.name === 'recipient' || part.name === 'message' ? (JSON.parse(text) as unknown) : text;
  }
  return body;
}

/** The documented shape: recipient.id, messaging_type, HUMAN_AGENT tag only with MESSAGE_TAG, text xor attachment. */
function validateSend(body: Record<string, unknown>, parts: RecordedPart[] | undefined): string | null {
  const recipient = body.recipient as { id?: unknown } | undefined;
  if (typeof recipient?.id !== 'string' || recipient.id === '') return 'recipient.id is required';
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(body.messaging_type))) return 'messaging_type is invalid';
  if ((body.messaging_type === 'MESSAGE_TAG') !== (body.tag !== undefined)) return 'tag goes with MESSAGE_TAG only';
  const message = body.message as { text?: unknown; attachment?: { type?: unknown; payload?: { url?: unknown } } } | undefined;
  if (message === undefined) return 'message is required';
  if ((message.text === undefined) === (message.attachment === undefined)) return 'message must have text or attachment';
  if (message.text !== undefined && (typeof message.text !== 'string' || message.text.length > 2000)) return 'text is invalid';
  if (message.attachment !== undefined) {
    if (!['image', 'audio', 'video', 'file'].includes(String(message.attachment.type))) return 'attachment.type is invalid';
    const hasFile = (parts ?? []).some((part) => part.name === 'filedata');
    if (typeof message.attachment.payload?.url !== 'string' && !hasFile) return 'attachment needs payload.url or filedata';
  }
  return null;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
