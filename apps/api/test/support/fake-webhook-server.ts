import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRecebido {
  headers: IncomingMessage['headers'];
  corpo: string;
  /** Whether X-Atende-Signature is `sha256=<hex HMAC-SHA256(secret, raw body)>`. */
  assinaturaValida: boolean;
  /** The status this server answered. */
  status: number;
  em: number;
}

/**
 * A local receiver of outgoing automation webhooks. It verifies the HMAC signature the way a customer's server
 * would (constant-time, over the raw bytes), records every request, and answers 500 for the first
 * `falharPrimeiras` requests to exercise the retries; a bad signature gets 401.
 */
export class FakeWebhookServer {
  readonly recebidos: WebhookRecebido[] = [];
  falharPrimeiras = 0;

  private constructor(
    private readonly server: Server,
    readonly segredo: string,
  ) {}

  static async start(segredo: string): Promise<FakeWebhookServer> {
    const server = createServer((req, res) => {
      const partes: Buffer[] = [];
      req.on('data', (parte: Buffer) => partes.push(parte));
      req.on('end', () => {
        const corpo = Buffer.concat(partes).toString('utf8');
        const esperado = `sha256=${createHmac('sha256', instance.segredo).update(corpo, 'utf8').digest('hex')}`;
        const recebida = String(req.headers['x-atende-signature'] ?? '');
        const assinaturaValida =
          recebida.length === esperado.length && timingSafeEqual(Buffer.from(recebida), Buffer.from(esperado));
        const falhar = instance.recebidos.length < instance.falharPrimeiras;
        const status = !assinaturaValida ? 401 : falhar ? 500 : 200;
        instance.recebidos.push({ headers: req.headers, corpo, assinaturaValida, status, em: Date.now() });
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: status === 200 }));
      });
    });
    const instance = new FakeWebhookServer(server, segredo);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/atende`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
