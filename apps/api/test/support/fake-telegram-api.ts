import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart, type RecordedPart } from './fake-graph-api.js';

/**
 * A local stand-in for the Telegram Bot API (`POST /bot<token>/<method>`, `GET /file/bot<token>/<path>`):
 * records requests, checks the token and parameter shapes, stores files for getFile/download, keeps the
 * webhook set by setWebhook, and can be told to fail with the documented error bodies from
 * test/fixtures/channels/telegram.
 */

const FIXTURES = new URL('../fixtures/channels/telegram/', import.meta.url);

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

export type FakeTelegramFailureName =
  | 'flood_429'
  | 'bot_blocked_403'
  | 'unauthorized_401'
  | 'chat_not_found_400'
  | 'migrate_to_supergroup_400'
  | 'server_error_500'
  | 'network_drop'
  | 'hang';

export type FakeTelegramFailure = FakeTelegramFailureName | { status: number; body: unknown };

export interface RecordedTelegramRequest {
  method: string;
  /** Bot API method (`sendMessage`), or `file` for downloads. */
  apiMethod: string;
  token: string;
  /** JSON body, or multipart text fields (JSON-decoded when they hold JSON). */
  params: Record<string, unknown>;
  files: RecordedPart[];
  headers: IncomingMessage['headers'];
}

interface StoredFile {
  data: Buffer;
  path: string;
}

class BadRequest extends Error {}
class Blocked extends Error {}

const SEND_METHODS: Readonly<Record<string, string>> = {
  sendPhoto: 'photo',
  sendDocument: 'document',
  sendVideo: 'video',
  sendAudio: 'audio',
  sendVoice: 'voice',
  sendSticker: 'sticker',
};

export class FakeTelegramApi {
  readonly requests: RecordedTelegramRequest[] = [];
  readonly botToken: string;
  /** Chats that blocked the bot: sends answer the 403 fixture. */
  readonly blockedChats = new Set<string>();
  /** Chats the bot knows; others answer "chat not found". Empty = every chat exists. */
  readonly knownChats = new Set<string>();
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } = { url: '' };
  readonly answeredCallbacks: string[] = [];

  private readonly files = new Map<string, StoredFile>();
  private readonly failures: { failure: FakeTelegramFailure; remaining: number; method?: string }[] = [];
  private messageCounter = 600;
  private origin = '';

  private constructor(
    private readonly server: Server,
    botToken: string,
  ) {
    this.botToken = botToken;
  }

  static async start(options: { botToken?: string } = {}): Promise<FakeTelegramApi> {
    const server = createServer((req, res) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.statusCode = 500;
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    const instance = new FakeTelegramApi(server, options.botToken ?? '7000000001:AAH-fake-telegram-token_0123456789');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    instance.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return instance;
  }

  /** Value for `TELEGRAM_API_URL`. */
  get baseUrl(): string {
    return this.origin;
  }

  get botId(): number {
    return Number(this.botToken.split(':')[0]);
  }

  failNext(failure: FakeTelegramFailure, options: { times?: number; method?: string } = {}): void {
    this.failures.push({ failure, remaining: options.times ?? 1, method: options.method });
  }

  /** Makes a file available to getFile + download; returns its file_id. */
  addFile(data: Buffer, path: string, fileId = `FILE${this.files.size + 1}`): string {
    this.files.set(fileId, { data, path });
    return fileId;
  }

  calls(apiMethod: string): RecordedTelegramRequest[] {
    return this.requests.filter((r) => r.apiMethod === apiMethod);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.blockedChats.clear();
    this.knownChats.clear();
    this.answeredCallbacks.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);

    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    const methodMatch = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const token = decodeURIComponent(fileMatch?.[1] ?? methodMatch?.[1] ?? '');
    const apiMethod = fileMatch !== null ? 'file' : (methodMatch?.[2] ?? '');
    const params: Record<string, unknown> = {};
    let files: RecordedPart[] = [];
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('application/json') && raw.byteLength > 0) {
      Object.assign(params, JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } else if (contentType.startsWith('multipart/form-data')) {
      for (const part of parseMultipart(raw, contentType)) {
        if (part.filename !== undefined) {
          files.push(part);
          continue;
        }
        const text = part.data.toString('utf8');
        params[part.name] = /^[[{]/.test(text) ? (JSON.parse(text) as unknown) : text;
      }
    }
    files = files.filter((f) => f.data.byteLength > 0);
    this.requests.push({ method: req.method ?? 'GET', apiMethod, token, params, files, headers: req.headers });

    const failure = this.takeFailure(apiMethod);
    if (failure !== undefined) {
      if (failure === 'network_drop') {
        req.socket.destroy();
        return;
      }
      if (failure === 'hang') return;
      const { status, body } = typeof failure === 'object' ? failure : namedFailure(failure);
      send(res, status, body);
      return;
    }

    if (token !== this.botToken) {
      // The real API answers 401 for a malformed token and 404 for an unknown one.
      send(res, 401, fixture('error-401-unauthorized.json'));
      return;
    }

    if (fileMatch !== null) {
      const path = decodeURIComponent(fileMatch[2]);
      const file = [...this.files.values()].find((f) => f.path === path);
      if (file === undefined) {
        send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      res.statusCode = 200;
      res.setHeader('content-type', 'application/octet-stream');
      res.end(file.data);
      return;
    }

    try {
      send(res, 200, { ok: true, result: this.route(apiMethod, params, files) });
    } catch (error) {
      if (error instanceof Blocked) {
        send(res, 403, fixture('error-403-bot-blocked.json'));
        return;
      }
      if (!(error instanceof BadRequest)) throw error;
      send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${error.message}` });
    }
  }

  private route(apiMethod: string, params: Record<string, unknown>, files: RecordedPart[]): unknown {
    switch (apiMethod) {
      case 'getMe':
        return { id: this.botId, is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot' };
      case 'getWebhookInfo':
        return { url: this.webhook.url, has_custom_certificate: false, pending_update_count: 0, max_connections: 40 };
      case 'setWebhook': {
        if (typeof params.url !== 'string') throw new BadRequest('url is required');
        const secret = params.secret_token;
        if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
          throw new BadRequest('secret token contains unallowed characters');
        }
        this.webhook = { url: params.url };
        if (typeof secret === 'string') this.webhook.secretToken = secret;
        if (Array.isArray(params.allowed_updates)) this.webhook.allowedUpdates = params.allowed_updates as string[];
        return true;
      }
      case 'answerCallbackQuery':
        if (typeof params.callback_query_id !== 'string') throw new BadRequest('callback_query_id is required');
        this.answeredCallbacks.push(params.callback_query_id);
        return true;
      case 'getFile': {
        const file = typeof params.file_id === 'string' ? this.files.get(params.file_id) : undefined;
        if (file === undefined) throw new BadRequest('invalid file_id');
        return {
          file_id: params.file_id,
          file_unique_id: `U${String(params.file_id)}`,
          file_size: file.data.byteLength,
          file_path: file.path,
        };
      }
      case 'setMessageReaction':
        this.chat(params);
        if (typeof params.message_id !== 'number' || !Array.isArray(params.reaction))
          throw new BadRequest('message_id and reaction are required');
        return true;
      case 'sendMessage': {
        const chat = this.chat(params);
        if (typeof params.text !== 'string' || params.text.trim() === '') {
          throw new BadRequest((fixture('error-400-message-text-empty.json').description as string).replace('Bad Request: ', ''));
        }
        if (params.text.length > 4096) throw new BadRequest('message is too long');
        this.replyParameters(params);
        if (params.reply_markup !== undefined) {
          const teclado = (params.reply_markup as { inline_keyboard?: unknown }).inline_keyboard;
          const botoes = Array.isArray(teclado) ? (teclado as unknown[]).flatMap((linha) => (Array.isArray(linha) ? linha : [])) : [];
          if (botoes.length === 0) throw new BadRequest('inline keyboard is empty');
          for (const botao of botoes as { text?: unknown; callback_data?: unknown }[]) {
            if (typeof botao.text !== 'string' || botao.text === '') throw new BadRequest('inline keyboard button text is empty');
            if (typeof botao.callback_data !== 'string' || Buffer.byteLength(botao.callback_data) > 64)
              throw new BadRequest('BUTTON_DATA_INVALID');
          }
          return this.message(chat, { text: params.text, reply_markup: params.reply_markup });
        }
        return this.message(chat, { text: params.text });
      }
      case 'sendLocation':
      case 'sendVenue': {
        const chat = this.chat(params);
        if (typeof params.latitude !== 'number' || typeof params.longitude !== 'number')
          throw new BadRequest('latitude/longitude are required');
        return this.message(chat, { location: { latitude: params.latitude, longitude: params.longitude } });
      }
      default: {
        const field = SEND_METHODS[apiMethod];
        if (field === undefined) throw new BadRequest(`method ${apiMethod} not found`);
        const chat = this.chat(params);
        const byReference = typeof params[field] === 'string' && params[field] !== '';
        const upload = files.find((f) => f.name === field);
        if (byReference === (upload !== undefined)) throw new BadRequest(`there must be exactly one ${field}`);
        if (typeof params.caption === 'string' && params.caption.length > 1024)
          throw new BadRequest('message caption is too long');
        this.replyParameters(params);
        const fileId =
          upload !== undefined ? this.addFile(upload.data, `${field}s/${upload.filename ?? 'file'}`) : String(params[field]);
        const extra: Record<string, unknown> = {
          [field]: field === 'photo' ? [{ file_id: fileId, width: 800, height: 800 }] : { file_id: fileId },
        };
        if (typeof params.caption === 'string') extra.caption = params.caption;
        return this.message(chat, extra);
      }
    }
  }

  private chat(params: Record<string, unknown>): string {
    const chatId = params.chat_id;
    if (typeof chatId !== 'number' && typeof chatId !== 'string') throw new BadRequest('chat_id is empty');
    const key = String(chatId);
    if (this.knownChats.size > 0 && !this.knownChats.has(key)) {
      throw new BadRequest((fixture('error-400-chat-not-found.json').description as string).replace('Bad Request: ', ''));
    }
    if (this.blockedChats.has(key)) throw new Blocked();
    return key;
  }

  private replyParameters(params: Record<string, unknown>): void {
    const reply = params.reply_parameters;
    if (reply === undefined) return;
    if (typeof reply !== 'object' || reply === null || typeof (reply as Record<string, unknown>).message_id !== 'number') {
      throw new BadRequest('reply_parameters.message_id must be a number');
    }
  }

  private message(chatId: string, extra: Record<string, unknown>): Record<string, unknown> {
    this.messageCounter += 1;
    return {
      message_id: this.messageCounter,
      from: { id: this.botId, is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot' },
      chat: { id: Number(chatId), type: 'private' },
      date: Math.floor(Date.now() / 1000),
      ...extra,
    };
  }

  private takeFailure(apiMethod: string): FakeTelegramFailure | undefined {
    const index = this.failures.findIndex((f) => f.method === undefined || f.method === apiMethod);
    if (index === -1) return undefined;
    const queued = this.failures[index];
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(index, 1);
    return queued.failure;
  }
}

function namedFailure(name: Exclude<FakeTelegramFailureName, 'network_drop' | 'hang'>): { status: number; body: unknown } {
  switch (name) {
    case 'flood_429':
      return { status: 429, body: fixture('error-429-flood.json') };
    case 'bot_blocked_403':
      return { status: 403, body: fixture('error-403-bot-blocked.json') };
    case 'unauthorized_401':
      return { status: 401, body: fixture('error-401-unauthorized.json') };
    case 'chat_not_found_400':
      return { status: 400, body: fixture('error-400-chat-not-found.json') };
    case 'migrate_to_supergroup_400':
      return { status: 400, body: fixture('error-400-migrate-to-supergroup.json') };
    case 'server_error_500':
      return { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(text);
}
