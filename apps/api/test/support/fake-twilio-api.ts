import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, HTTP
 * Basic `AccountSid:AuthToken`; `GET …/Accounts/{sid}.json`) and for its media URLs. It checks the auth and
 * the documented parameters, records every request with its arrival time, and can be told to fail with the
 * documented error bodies from test/fixtures/channels/twilio.
 */

const FIXTURES = new URL('../fixtures/channels/twilio/', import.meta.url);

function httpFixture(name: string): { status: number; body: Record<string, unknown> } {
  const parsed = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as {
    _http_status: number;
    body: Record<string, unknown>;
  };
  return { status: parsed._http_status, body: parsed.body };
}

export type FakeTwilioFailure =
  | 'auth_20003'
  | 'rate_20429'
  | 'invalid_to_21211'
  | 'server_500'
  | 'network_drop'
  | { status: number; body: unknown; headers?: Record<string, string> };

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Form params; repeated keys (MediaUrl) keep every value. */
  params: Record<string, string[]>;
  at: number;
}

export class FakeTwilioApi {
  readonly accountSid = 'AC0123456789abcdef0123456789abcdef';
  readonly authToken = 'test_auth_token_0123456789abcdef';
  readonly requests: RecordedTwilioRequest[] = [];
  private readonly media = new Map<string, { data: Buffer; contentType: string }>();
  private readonly failures: FakeTwilioFailure[] = [];
  /** Served by `GET /v1/ContentAndApprovals` (the Content API), two per page to exercise `next_page_url`. */
  readonly contents: Record<string, unknown>[] = [];
  private counter = 0;
  private origin = '';

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeTwilioApi> {
    const server = createServer((req, res) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.statusCode = 500;
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    const instance = new FakeTwilioApi(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    instance.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return instance;
  }

  /** Value for `TWILIO_API_URL`. */
  get baseUrl(): string {
    return this.origin;
  }

  credentials(extra: Record<string, string> = {}): Record<string, string> {
    return { accountSid: this.accountSid, authToken: this.authToken, from: '+14155550100', ...extra };
  }

  /** Serves media at a Twilio-like URL (Basic auth required); returns the URL. */
  addMedia(id: string, data: Buffer, contentType: string): string {
    this.media.set(id, { data, contentType });
    return `${this.origin}/2010-04-01/Accounts/${this.accountSid}/Messages/MM1/Media/${id}`;
  }

  failNext(failure: FakeTwilioFailure, times = 1): void {
    for (let i = 0; i < times; i += 1) this.failures.push(failure);
  }

  messages(): RecordedTwilioRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
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
    const raw = (await readBody(req)).toString('utf8');
    const params: Record<string, string[]> = {};
    for (const [key, value] of new URLSearchParams(raw)) params[key] = [...(params[key] ?? []), value];
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, params, at: Date.now() });

    const failure = this.failures.shift();
    if (failure !== undefined) {
      if (failure === 'network_drop') {
        req.socket.destroy();
        return;
      }
      const { status, body, headers } = namedFailure(failure);
      return send(res, status, body, headers);
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(res, 401, httpFixture('send-error-20003-auth.http.json').body);

    const mediaId = /\/Media\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && mediaId !== undefined) {
      const file = this.media.get(mediaId);
      if (file === undefined)
        return send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.byteLength) });
      res.end(file.data);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/ContentAndApprovals') {
      const page = Number(url.searchParams.get('Page') ?? '0');
      const pageSize = 2;
      const next = (page + 1) * pageSize < this.contents.length;
      return send(res, 200, {
        contents: this.contents.slice(page * pageSize, (page + 1) * pageSize),
        meta: {
          page,
          page_size: pageSize,
          key: 'contents',
          url: `${this.origin}/v1/ContentAndApprovals?PageSize=${pageSize}&Page=${page}`,
          next_page_url: next ? `${this.origin}/v1/ContentAndApprovals?PageSize=${pageSize}&Page=${page + 1}` : null,
        },
      });
    }
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}.json`) {
      return send(res, 200, { sid: this.accountSid, friendly_name: 'Acme', status: 'active', type: 'Full' });
    }
    if (req.method === 'POST' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      const one = (key: string) => params[key]?.[0];
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        return send(res, 400, { code: 20001, message: 'Expected form encoding', status: 400 });
      }
      const to = one('To');
      if (to === undefined || !/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(to)) {
        return send(res, 400, {
          ...httpFixture('send-error-21211.http.json').body,
          message: `Invalid 'To' Phone Number: ${to ?? ''}`,
        });
      }
      if (one('From') === undefined && one('MessagingServiceSid') === undefined) {
        return send(res, 400, { code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required", status: 400 });
      }
      if (one('Body') === undefined && one('MediaUrl') === undefined && one('ContentSid') === undefined) {
        return send(res, 400, { code: 21602, message: 'Message body is required.', status: 400 });
      }
      if ((one('Body') ?? '').length > 1600)
        return send(res, 400, {
          code: 21617,
          message: 'The concatenated message body exceeds the 1600 character limit.',
          status: 400,
        });
      this.counter += 1;
      const { body } = httpFixture('send-response-201.http.json');
      const sid = `SM${this.counter.toString(16).padStart(32, '0')}`;
      return send(res, 201, { ...body, sid, to, from: one('From') ?? null, body: one('Body') ?? '' });
    }
    return send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  }
}

function namedFailure(failure: Exclude<FakeTwilioFailure, 'network_drop'>): {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
} {
  if (typeof failure === 'object') return failure;
  switch (failure) {
    case 'auth_20003':
      return httpFixture('send-error-20003-auth.http.json');
    case 'rate_20429':
      return { ...httpFixture('send-error-20429-rate.http.json'), headers: { 'retry-after': '3' } };
    case 'invalid_to_21211':
      return httpFixture('send-error-21211.http.json');
    case 'server_500':
      return { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
  }
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
