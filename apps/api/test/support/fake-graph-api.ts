import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the WhatsApp Cloud (Graph) API, speaking its wire format: it records every request,
 * checks the bearer token and the body shapes, serves media (GET /{media-id} then the URL), accepts
 * multipart uploads, lists templates with cursor paging, answers mark-as-read, and can be told to fail
 * with the documented error bodies from test/fixtures/channels/whatsapp.
 */

const FIXTURES = new URL('../fixtures/channels/whatsapp/', import.meta.url);

function fixture(name: string): { status: number; body: unknown } {
  const parsed = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { _http_status: number; body: unknown };
  return { status: parsed._http_status, body: parsed.body };
}

export type FakeGraphFailureName =
  | 'rate_limit_130429'
  | 'token_expired_190'
  | 'invalid_parameter_100'
  | 'invalid_param_value_131009'
  | 'server_error_500'
  | 'bad_gateway_502'
  | 'network_drop'
  /** Never answers: exercises the client's timeout. */
  | 'hang';

export type FakeGraphFailure =
  FakeGraphFailureName | { status: number; body: unknown; headers?: Readonly<Record<string, string>> };

export interface FailureOptions {
  /** How many matching requests fail (default 1). */
  times?: number;
  /**
   * Only requests whose `METHOD /path?query` (path without the version prefix) starts with this string or
   * matches this pattern, e.g. `POST /123/messages` or `/after=/`.
   */
  match?: string | RegExp;
  /** Extra response headers, e.g. `{ 'retry-after': '3' }`. */
  headers?: Readonly<Record<string, string>>;
}

export interface RecordedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/vNN.N` prefix, e.g. `/106540352242922/messages`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  json?: unknown;
  parts?: RecordedPart[];
}

export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components: Record<string, unknown>[];
}

export interface FakeGraphApiOptions {
  accessToken?: string;
  phoneNumberId?: string;
  businessAccountId?: string;
  apiVersion?: string;
  templates?: FakeTemplate[];
  /** Templates per page; the real API pages at 25 by default. */
  templatePageSize?: number;
}

interface QueuedFailure {
  failure: FakeGraphFailure;
  remaining: number;
  match?: string | RegExp;
  headers?: Readonly<Record<string, string>>;
}

interface StoredMedia {
  data: Buffer;
  mimeType: string;
}

class ShapeError extends Error {}

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
const MESSAGE_TYPES = new Set<string>(['text', 'template', 'location', 'reaction', 'interactive', 'contacts', ...MEDIA_TYPES]);

export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly businessAccountId: string;
  readonly apiVersion: string;
  templates: FakeTemplate[];
  templatePageSize: number;
  /** Message ids mark-as-read rejects with 131009 (besides anything not starting with `wamid.`). */
  readonly unknownMessageIds = new Set<string>();

  private readonly media = new Map<string, StoredMedia>();
  private readonly failures: QueuedFailure[] = [];
  private counter = 0;
  private origin = '';

  private constructor(
    private readonly server: Server,
    options: FakeGraphApiOptions,
  ) {
    this.accessToken = options.accessToken ?? 'EAAG-test-access-token';
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.businessAccountId = options.businessAccountId ?? '102290129340398';
    this.apiVersion = options.apiVersion ?? 'v21.0';
    this.templates = options.templates ?? [];
    this.templatePageSize = options.templatePageSize ?? 25;
  }

  static async start(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
    const server = createServer((req, res) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'text/plain');
        }
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    const instance = new FakeGraphApi(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance.origin = `http://127.0.0.1:${port}`;
    return instance;
  }

  /** Graph base URL to configure as `WHATSAPP_API_URL`. */
  get baseUrl(): string {
    return `${this.origin}/${this.apiVersion}`;
  }

  /** Credentials matching this server (appSecret/verifyToken are not checked by the Graph API). */
  credentials(overrides: Partial<Record<'accessToken' | 'appSecret' | 'verifyToken', string>> = {}): {
    phoneNumberId: string;
    businessAccountId: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
  } {
    return {
      phoneNumberId: this.phoneNumberId,
      businessAccountId: this.businessAccountId,
      accessToken: overrides.accessToken ?? this.accessToken,
      appSecret: overrides.appSecret ?? 'test_app_secret',
      verifyToken: overrides.verifyToken ?? 'my-verify-token',
    };
  }

  /** The next matching request(s) answer with this failure instead. */
  failNext(failure: FakeGraphFailure, options: FailureOptions = {}): void {
    this.failures.push({ failure, remaining: options.times ?? 1, match: options.match, headers: options.headers });
  }

  /** Makes media downloadable through `GET /{id}` → URL; returns the id. */
  addMedia(data: Buffer, mimeType: string, id = this.nextNumericId()): string {
    this.media.set(id, { data, mimeType });
    return id;
  }

  getMedia(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  /** JSON bodies of `POST /{phone-number-id}/messages` that were sends (not mark-as-read). */
  sentMessages(): Record<string, unknown>[] {
    return this.requests
      .filter((r) => r.method === 'POST' && r.path === `/${this.phoneNumberId}/messages`)
      .map((r) => r.json)
      .filter((j): j is Record<string, unknown> => isRecord(j) && j.status !== 'read');
  }

  /** JSON bodies of mark-as-read calls. */
  readReceipts(): Record<string, unknown>[] {
    return this.requests
      .filter((r) => r.method === 'POST' && r.path === `/${this.phoneNumberId}/messages`)
      .map((r) => r.json)
      .filter((j): j is Record<string, unknown> => isRecord(j) && j.status === 'read');
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.unknownMessageIds.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const versionPrefix = `/${this.apiVersion}`;
    const path = url.pathname.startsWith(`${versionPrefix}/`) ? url.pathname.slice(versionPrefix.length) : url.pathname;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawBody,
    };
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('application/json')) {
      try {
        recorded.json = JSON.parse(rawBody.toString('utf8')) as unknown;
      } catch {
        recorded.json = undefined;
      }
    } else if (contentType.startsWith('multipart/form-data')) {
      recorded.parts = parseMultipart(rawBody, contentType);
    }
    this.requests.push(recorded);

    const failure = this.takeFailure(`${recorded.method} ${path}${url.search}`);
    if (failure !== undefined) {
      this.fail(req, res, failure);
      return;
    }

    if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
      const { status, body } = fixture('error-190-token-expired.http.json');
      send(res, status, body);
      return;
    }

    try {
      this.route(recorded, url, res);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      send(res, 400, graphError(100, '(#100) Invalid parameter', error.message));
    }
  }

  private route(req: RecordedRequest, url: URL, res: ServerResponse): void {
    const segments = req.path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);

    if (req.method === 'GET' && segments[0] === 'media-download' && segments.length === 2) {
      const media = this.media.get(segments[1]);
      if (media === undefined) {
        send(res, 404, graphError(100, 'Media not found'));
        return;
      }
      res.statusCode = 200;
      res.setHeader('content-type', media.mimeType);
      res.setHeader('content-length', String(media.data.byteLength));
      res.end(media.data);
      return;
    }

    if (req.method === 'POST' && segments.length === 2 && segments[1] === 'messages') {
      this.requirePhoneNumber(segments[0]);
      this.handleMessages(req, res);
      return;
    }

    if (req.method === 'POST' && segments.length === 2 && segments[1] === 'media') {
      this.requirePhoneNumber(segments[0]);
      this.handleUpload(req, res);
      return;
    }

    if (req.method === 'GET' && segments.length === 2 && segments[1] === 'message_templates') {
      if (segments[0] !== this.businessAccountId) throw new ShapeError(`Unknown WhatsApp Business Account ${segments[0]}`);
      this.handleTemplates(url, res);
      return;
    }

    if (req.method === 'GET' && segments.length === 1) {
      const id = segments[0];
      if (id === this.phoneNumberId) {
        send(res, 200, {
          id,
          display_phone_number: '+1 555-078-3881',
          verified_name: 'Acme Support',
          quality_rating: 'GREEN',
          code_verification_status: 'VERIFIED',
          throughput: { level: 'STANDARD' },
        });
        return;
      }
      if (id === this.businessAccountId) {
        send(res, 200, { id, name: 'Acme WABA' });
        return;
      }
      const media = this.media.get(id);
      if (media !== undefined) {
        send(res, 200, {
          messaging_product: 'whatsapp',
          url: `${this.origin}/media-download/${encodeURIComponent(id)}?ext=${Date.now()}&hash=${randomBytes(6).toString('hex')}`,
          mime_type: media.mimeType,
          sha256: createHash('sha256').update(media.data).digest('hex'),
          file_size: String(media.data.byteLength),
          id,
        });
        return;
      }
    }

    send(
      res,
      400,
      graphError(
        100,
        `Unsupported ${req.method.toLowerCase()} request. Object with ID '${segments[0] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        undefined,
        33,
      ),
    );
  }

  private requirePhoneNumber(id: string): void {
    if (id !== this.phoneNumberId) throw new ShapeError(`Object with ID '${id}' does not exist`);
  }

  private handleMessages(req: RecordedRequest, res: ServerResponse): void {
    const body = req.json;
    if (!isRecord(body)) throw new ShapeError('Body must be a JSON object');
    if (body.messaging_product !== 'whatsapp') throw new ShapeError('The parameter messaging_product is required.');

    if (body.status === 'read') {
      expectKeys(body, ['messaging_product', 'status', 'message_id', 'typing_indicator'], '<root>');
      const messageId = body.message_id;
      if (typeof messageId !== 'string') throw new ShapeError('The parameter message_id is required.');
      if (body.typing_indicator !== undefined) {
        if (!isRecord(body.typing_indicator) || body.typing_indicator.type !== 'text') {
          throw new ShapeError('typing_indicator.type must be "text"');
        }
      }
      if (!messageId.startsWith('wamid.') || this.unknownMessageIds.has(messageId)) {
        const { status, body: errorBody } = fixture('error-131009-invalid-param-value.http.json');
        send(res, status, errorBody);
        return;
      }
      send(res, 200, { success: true });
      return;
    }

    expectKeys(
      body,
      ['messaging_product', 'recipient_type', 'to', 'recipient', 'context', 'type', 'biz_opaque_callback_data', ...MESSAGE_TYPES],
      '<root>',
    );
    const to = typeof body.to === 'string' ? body.to : typeof body.recipient === 'string' ? body.recipient : undefined;
    if (to === undefined || to === '') throw new ShapeError('The parameter to is required.');
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual')
      throw new ShapeError('recipient_type must be individual');
    if (body.context !== undefined) {
      if (!isRecord(body.context) || typeof body.context.message_id !== 'string')
        throw new ShapeError('context.message_id is required');
    }
    const type = typeof body.type === 'string' ? body.type : 'text';
    if (!MESSAGE_TYPES.has(type)) throw new ShapeError(`Unexpected type "${type}"`);
    validateContent(type, body[type]);

    this.counter += 1;
    const wamid = `wamid.${Buffer.from(`FAKE${String(this.counter).padStart(8, '0')}${to}`).toString('base64')}`;
    const message: Record<string, string> = { id: wamid };
    if (type === 'template') message.message_status = 'accepted';
    send(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/\D/g, '') === '' ? to : to.replace(/\D/g, '') }],
      messages: [message],
    });
  }

  private handleUpload(req: RecordedRequest, res: ServerResponse): void {
    const parts = req.parts;
    if (parts === undefined) throw new ShapeError('Upload must be multipart/form-data');
    const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
    if (field('messaging_product') !== 'whatsapp') throw new ShapeError('The parameter messaging_product is required.');
    const type = field('type');
    if (type === undefined || type === '') throw new ShapeError('The parameter type is required.');
    const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
    if (file === undefined || file.data.byteLength === 0) throw new ShapeError('The parameter file is required.');
    const id = this.addMedia(file.data, type);
    send(res, 200, { id });
  }

  private handleTemplates(url: URL, res: ServerResponse): void {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? '25') || 25, this.templatePageSize);
    const after = url.searchParams.get('after');
    const start = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString('utf8'));
    const page = this.templates.slice(start, start + limit);
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(end) } };
    if (end < this.templates.length) {
      const next = new URL(url.toString());
      next.searchParams.set('after', cursor(end));
      // Real Graph puts graph.facebook.com here; clients should follow the cursor, not this host.
      next.host = 'graph.facebook.com';
      next.protocol = 'https:';
      paging.next = next.toString();
    }
    send(res, 200, { data: page, paging });
  }

  private takeFailure(target: string): QueuedFailure | undefined {
    const index = this.failures.findIndex(
      (f) => f.match === undefined || (typeof f.match === 'string' ? target.startsWith(f.match) : f.match.test(target)),
    );
    if (index === -1) return undefined;
    const queued = this.failures[index];
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(index, 1);
    return queued;
  }

  private fail(req: IncomingMessage, res: ServerResponse, queued: QueuedFailure): void {
    const failure = queued.failure;
    if (failure === 'network_drop') {
      req.socket.destroy();
      return;
    }
    if (failure === 'hang') return;
    let status: number;
    let body: unknown;
    let headers: Readonly<Record<string, string>> = {};
    if (typeof failure === 'object') {
      status = failure.status;
      body = failure.body;
      headers = failure.headers ?? {};
    } else {
      ({ status, body } = namedFailure(failure));
    }
    for (const [name, value] of Object.entries({ ...headers, ...(queued.headers ?? {}) })) res.setHeader(name, value);
    if (typeof body === 'string') {
      res.statusCode = status;
      res.setHeader('content-type', 'text/html');
      res.end(body);
      return;
    }
    send(res, status, body);
  }

  private nextNumericId(): string {
    this.counter += 1;
    return String(1_479_537_139_650_000 + this.counter);
  }
}

function namedFailure(name: Exclude<FakeGraphFailureName, 'network_drop' | 'hang'>): { status: number; body: unknown } {
  switch (name) {
    case 'rate_limit_130429':
      return fixture('error-130429-rate-limit.http.json');
    case 'token_expired_190':
      return fixture('error-190-token-expired.http.json');
    case 'invalid_parameter_100':
      return fixture('error-100-invalid-parameter.http.json');
    case 'invalid_param_value_131009':
      return fixture('error-131009-invalid-param-value.http.json');
    case 'server_error_500':
      return { status: 500, body: graphError(1, 'An unknown error has occurred.') };
    case 'bad_gateway_502':
      return { status: 502, body: '<html><body>502 Bad Gateway</body></html>' };
  }
}

function validateContent(type: string, content: unknown): void {
  if (!isRecord(content)) throw new ShapeError(`The parameter ${type} is required.`);
  if (type === 'text') {
    expectKeys(content, ['body', 'preview_url'], 'text');
    if (typeof content.body !== 'string' || content.body === '') throw new ShapeError('The parameter text.body is required.');
    if (content.body.length > 4096) throw new ShapeError('text.body is too long');
    if (content.preview_url !== undefined && typeof content.preview_url !== 'boolean')
      throw new ShapeError('text.preview_url must be boolean');
    return;
  }
  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    validateMediaObject(type, content);
    if ((type === 'audio' || type === 'sticker') && content.caption !== undefined)
      throw new ShapeError(`${type}.caption is not allowed`);
    if (type !== 'document' && content.filename !== undefined) throw new ShapeError(`${type}.filename is not allowed`);
    return;
  }
  if (type === 'template') {
    expectKeys(content, ['name', 'language', 'components'], 'template');
    if (typeof content.name !== 'string' || content.name === '') throw new ShapeError('template.name is required');
    if (!isRecord(content.language) || typeof content.language.code !== 'string')
      throw new ShapeError('template.language.code is required');
    if (content.components === undefined) return;
    if (!Array.isArray(content.components)) throw new ShapeError('template.components must be an array');
    for (const component of content.components as unknown[]) {
      if (!isRecord(component)) throw new ShapeError('template component must be an object');
      expectKeys(component, ['type', 'sub_type', 'index', 'parameters'], 'template.components');
      if (component.type !== 'header' && component.type !== 'body' && component.type !== 'button') {
        throw new ShapeError(`Unexpected component type ${String(component.type)}`);
      }
      if (component.type === 'button' && (typeof component.sub_type !== 'string' || typeof component.index !== 'string')) {
        throw new ShapeError('button components need sub_type and index (string)');
      }
      if (!Array.isArray(component.parameters)) throw new ShapeError('component.parameters must be an array');
      for (const parameter of component.parameters as unknown[]) validateTemplateParameter(parameter);
    }
    return;
  }
  if (type === 'location') {
    if (typeof content.latitude !== 'number' || typeof content.longitude !== 'number')
      throw new ShapeError('location needs latitude/longitude');
    return;
  }
  if (type === 'reaction') {
    if (typeof content.message_id !== 'string' || typeof content.emoji !== 'string')
      throw new ShapeError('reaction needs message_id and emoji');
  }
  if (type === 'interactive') validateInteractive(content);
}

/** Reply buttons (1–3, titles up to 20, unique ids) or a list (one button label up to 20, 1–10 rows, titles up to 24). */
function validateInteractive(content: Record<string, unknown>): void {
  expectKeys(content, ['type', 'header', 'body', 'footer', 'action'], 'interactive');
  if (!isRecord(content.body) || typeof content.body.text !== 'string' || content.body.text === '')
    throw new ShapeError('interactive.body.text is required');
  if (content.body.text.length > 1024) throw new ShapeError('interactive.body.text is too long');
  const action = content.action;
  if (!isRecord(action)) throw new ShapeError('interactive.action is required');
  const titles = (items: unknown[], max: number, where: string) => {
    for (const item of items) {
      if (!isRecord(item) || typeof item.id !== 'string' || typeof item.title !== 'string' || item.title === '')
        throw new ShapeError(`${where} needs id and title`);
      if (item.title.length > max) throw new ShapeError(`${where}.title is longer than ${max}`);
    }
  };
  if (content.type === 'button') {
    const buttons = action.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw new ShapeError('interactive buttons: 1 to 3');
    titles(
      buttons.map((b: unknown) => (isRecord(b) && b.type === 'reply' ? b.reply : undefined)),
      20,
      'action.buttons.reply',
    );
    return;
  }
  if (content.type === 'list') {
    if (typeof action.button !== 'string' || action.button === '' || action.button.length > 20)
      throw new ShapeError('action.button is required (up to 20 characters)');
    const sections = action.sections;
    if (!Array.isArray(sections) || sections.length === 0) throw new ShapeError('action.sections is required');
    const rows = sections.flatMap((section: unknown) => (isRecord(section) && Array.isArray(section.rows) ? section.rows : []));
    if (rows.length < 1 || rows.length > 10) throw new ShapeError('list rows: 1 to 10');
    titles(rows, 24, 'action.sections.rows');
    return;
  }
  throw new ShapeError(`Unexpected interactive type ${String(content.type)}`);
}

function validateMediaObject(where: string, media: Record<string, unknown>): void {
  expectKeys(media, ['id', 'link', 'caption', 'filename'], where);
  const hasId = typeof media.id === 'string' && media.id !== '';
  const hasLink = typeof media.link === 'string' && /^https?:\/\//.test(media.link);
  if (hasId === hasLink) throw new ShapeError(`${where} needs exactly one of id or link`);
}

function validateTemplateParameter(parameter: unknown): void {
  if (!isRecord(parameter)) throw new ShapeError('template parameter must be an object');
  switch (parameter.type) {
    case 'text':
      if (typeof parameter.text !== 'string') throw new ShapeError('text parameter needs text');
      return;
    case 'payload':
      if (typeof parameter.payload !== 'string') throw new ShapeError('payload parameter needs payload');
      return;
    case 'image':
    case 'video':
    case 'document': {
      const media = parameter[parameter.type];
      if (!isRecord(media)) throw new ShapeError(`${parameter.type} parameter needs ${parameter.type}`);
      validateMediaObject(parameter.type, media);
      return;
    }
    case 'currency':
    case 'date_time':
      return;
    default:
      throw new ShapeError(`Unexpected parameter type ${String(parameter.type)}`);
  }
}

function expectKeys(object: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new ShapeError(`Unexpected key "${key}" on param "${where}".`);
  }
}

function graphError(code: number, message: string, details?: string, subcode?: number): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { message, type: 'OAuthException', code, fbtrace_id: randomBytes(8).toString('hex') };
  if (subcode !== undefined) error.error_subcode = subcode;
  if (details !== undefined) error.error_data = { messaging_product: 'whatsapp', details };
  return { error };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', String(Buffer.byteLength(text)));
  res.end(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Minimal multipart/form-data parser (enough for fetch's FormData encoding). */
export function parseMultipart(body: Buffer, contentType: string): RecordedPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: RecordedPart[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Skip the CRLF after the delimiter; drop the CRLF before the next one.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headerText = part.subarray(0, headerEnd).toString('utf8');
      const data = Buffer.from(part.subarray(headerEnd + 4));
      const disposition = /content-disposition:[^\r\n]*/i.exec(headerText)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1];
      if (name !== undefined) {
        const recorded: RecordedPart = { name, data };
        if (filename !== undefined) recorded.filename = filename;
        if (partType !== undefined) recorded.contentType = partType.trim();
        parts.push(recorded);
      }
    }
    position = next;
  }
  return parts;
}
