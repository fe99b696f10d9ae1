import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the OpenAI Chat Completions + Embeddings API and the Anthropic Messages API, speaking
 * their wire formats: `choices[].message.content` (a JSON string under response_format json_schema), `usage`
 * with prompt/completion tokens; Messages with a `tool_use` content block and input/output tokens; error
 * bodies shaped like each provider's. Behaviours are queued per request; when the queue is empty it answers
 * well with `conteudo`.
 */
export type Comportamento =
  | { tipo: 'ok'; conteudo?: unknown }
  | { tipo: 'malformado' }
  | { tipo: 'limite'; retryAfter: string }
  | { tipo: 'erro500' }
  | { tipo: 'pendurar' };

export interface PedidoGravado {
  caminho: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * Embeddings with concepts as axes (refunds, delivery, a constant), for `vetorDe`: a question with no word in
 * common with a passage is still near it when both speak of the same concept.
 */
export function vetorDeConceitos(texto: string): number[] {
  const t = texto.toLowerCase();
  return [/reembolso|estorno|dinheiro de volta/.test(t) ? 3 : 0, /entrega|frete|transportadora/.test(t) ? 3 : 0, 1];
}

export class FakeLlmApi {
  readonly pedidos: PedidoGravado[] = [];
  readonly fila: Comportamento[] = [];
  conteudo: unknown = {};
  /** Embeddings: the vector for each input (default: the same vector for every text). */
  vetorDe: (texto: string) => number[] = () => [0.6, 0.8, 0];
  /** What /v1/audio/transcriptions answers (`{ text }`, as OpenAI and Whisper servers do). */
  transcricao = 'transcrição de teste';
  private server?: Server;
  private readonly pendurados = new Set<ServerResponse>();
  url = '';

  async iniciar(): Promise<void> {
    this.server = createServer((req, res) => void this.atender(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async parar(): Promise<void> {
    for (const res of this.pendurados) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async atender(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const partes: Buffer[] = [];
    for await (const parte of req) partes.push(parte as Buffer);
    const bruto = Buffer.concat(partes);
    // Speech to text is multipart/form-data (the audio file plus `model`): kept raw, with the fields it names.
    const body = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
      ? camposMultipart(bruto)
      : (JSON.parse(bruto.toString('utf8') || '{}') as Record<string, unknown>);
    const caminho = req.url ?? '';
    this.pedidos.push({ caminho, headers: req.headers, body });
    const anthropic = caminho.startsWith('/v1/messages');
    const comportamento = this.fila.shift() ?? { tipo: 'ok' };
    const json = (status: number, corpo: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(corpo));
    };
    switch (comportamento.tipo) {
      case 'pendurar':
        this.pendurados.add(res);
        return;
      case 'limite':
        return json(
          429,
          anthropic
            ? { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }
            : {
                error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' },
              },
          { 'retry-after': comportamento.retryAfter },
        );
      case 'erro500':
        return json(
          500,
          anthropic
            ? { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }
            : {
                error: {
                  message: 'The server had an error while processing your request.',
                  type: 'server_error',
                  param: null,
                  code: null,
                },
              },
        );
      case 'malformado':
      case 'ok': {
        const conteudo = comportamento.tipo === 'ok' ? (comportamento.conteudo ?? this.conteudo) : undefined;
        if (caminho.startsWith('/v1/audio/transcriptions')) {
          if (comportamento.tipo === 'malformado') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"text": ');
            return;
          }
          return json(200, { text: this.transcricao, usage: { type: 'duration', seconds: 3 } });
        }
        if (caminho.startsWith('/v1/embeddings')) {
          const entradas = body.input as string[];
          return json(200, {
            object: 'list',
            data: entradas.map((texto, index) => ({ object: 'embedding', index, embedding: this.vetorDe(texto) })),
            model: body.model,
            usage: { prompt_tokens: 7 * entradas.length, total_tokens: 7 * entradas.length },
          });
        }
        if (anthropic) {
          const tool = (body.tools as { name: string }[])[0]!.name;
          return json(200, {
            id: 'msg_01',
            type: 'message',
            role: 'assistant',
            model: body.model,
            content:
              comportamento.tipo === 'malformado'
                ? [{ type: 'text', text: '{"score": -0.9, "rotulo": ' }]
                : [{ type: 'tool_use', id: 'toolu_01', name: tool, input: conteudo }],
            stop_reason: comportamento.tipo === 'malformado' ? 'max_tokens' : 'tool_use',
            stop_sequence: null,
            usage: { input_tokens: 120, output_tokens: 30 },
          });
        }
        return json(200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: comportamento.tipo === 'malformado' ? '{"score": -0.9, "rotulo": ' : JSON.stringify(conteudo),
                refusal: null,
              },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        });
      }
    }
  }
}

/** The text fields of a multipart body and, for the file part, its name, type and size (enough to assert on). */
function camposMultipart(corpo: Buffer): Record<string, unknown> {
  const texto = corpo.toString('latin1');
  const campos: Record<string, unknown> = {};
  for (const parte of texto.split(/\r\n--[^\r\n]*|^--[^\r\n]*/)) {
    const nome = /name="([^"]+)"/.exec(parte)?.[1];
    if (!nome) continue;
    const [cabecalho = '', ...resto] = parte.split('\r\n\r\n');
    const valor = resto.join('\r\n\r\n');
    const arquivo = /filename="([^"]*)"/.exec(cabecalho)?.[1];
    campos[nome] =
      arquivo !== undefined
        ? { arquivo, tipo: /content-type:\s*([^\r\n]+)/i.exec(cabecalho)?.[1] ?? null, bytes: Buffer.byteLength(valor, 'latin1') }
        : valor;
  }
  return campos;
}
