import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/channels/email/', import.meta.url);

/**
 * Amazon SNS's side for the tests: serves the fixture signing certificate at any `.pem` path (the adapter
 * validates the Amazon host of SigningCertURL, then fetches the same path from EMAIL_SNS_CERT_BASE_URL),
 * records SubscribeURL visits, and signs new messages with the fixture's test key.
 */
export class FakeSns {
  readonly requests: { method: string; path: string }[] = [];
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeSns> {
    const cert = readFileSync(new URL('sns-test-signing-cert.pem', FIXTURES));
    // Handlers are created before the instance they report to.
    const ref: { fake?: FakeSns } = {};
    const server = createServer((req, res) => {
      ref.fake?.requests.push({ method: req.method ?? '', path: req.url ?? '' });
      if ((req.url ?? '').split('?')[0].endsWith('.pem')) {
        res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(cert);
        return;
      }
      if ((req.url ?? '').includes('Action=ConfirmSubscription')) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    ref.fake = new FakeSns(server, `http://127.0.0.1:${port}`);
    return ref.fake;
  }

  static fixture(name: string): Record<string, string> {
    return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, string>;
  }

  /** A Notification carrying `mimeBruto` as the SES Received content, signed (SignatureVersion 2) with the test key. */
  static notificacaoSes(mimeBruto: string, opcoes: { messageId: string; topicArn?: string }): Record<string, string> {
    const base = FakeSns.fixture('sns-notification-ses-received.json');
    const interna = JSON.parse(base.Message) as Record<string, unknown>;
    interna.content = mimeBruto;
    const mensagem: Record<string, string> = {
      ...base,
      MessageId: opcoes.messageId,
      TopicArn: opcoes.topicArn ?? base.TopicArn,
      Message: JSON.stringify(interna),
      Timestamp: new Date().toISOString(),
    };
    return FakeSns.assinar(mensagem);
  }

  static assinar(mensagem: Record<string, string>): Record<string, string> {
    const campos =
      mensagem.Type === 'Notification'
        ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
        : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
    const texto = campos.filter((campo) => mensagem[campo] !== undefined).map((campo) => `${campo}\n${mensagem[campo]}\n`).join('');
    const chave = readFileSync(new URL('sns-test-signing-key.TEST-ONLY.pem', FIXTURES));
    const signature = createSign('RSA-SHA256').update(texto, 'utf8').sign(chave, 'base64');
    return { ...mensagem, SignatureVersion: '2', Signature: signature };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
