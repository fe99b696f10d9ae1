import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface MailRecebido {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/**
 * A real SMTP server in-process (the `smtp-server` package): plain SMTP on 127.0.0.1 with AUTH PLAIN/LOGIN
 * over the unencrypted connection, recording every accepted message. `rejectRecipients` answers 550 and
 * `failNext` answers the given code to the next DATA.
 */
export class FakeSmtpServer {
  readonly received: MailRecebido[] = [];
  readonly rejectRecipients = new Set<string>();
  private proximaFalha: { code: number; message: string } | null = null;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(options: { user?: string; password?: string } = {}): Promise<FakeSmtpServer> {
    const user = options.user ?? 'atende';
    const password = options.password ?? 'senha-smtp';
    // Handlers are created before the instance they report to.
    const ref: { fake?: FakeSmtpServer } = {};
    const config: SMTPServerOptions = {
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        if (ref.fake?.rejectRecipients.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const partes: Buffer[] = [];
        stream.on('data', (parte: Buffer) => partes.push(parte));
        stream.on('end', () => {
          const falha = ref.fake?.proximaFalha ?? null;
          if (ref.fake) ref.fake.proximaFalha = null;
          if (falha !== null) {
            callback(Object.assign(new Error(falha.message), { responseCode: falha.code }));
            return;
          }
          const raw = Buffer.concat(partes);
          simpleParser(raw).then(
            (mail) => {
              ref.fake?.received.push({
                from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                mail,
              });
              callback();
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
        });
      },
    };
    const server = new SMTPServer(config);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    ref.fake = new FakeSmtpServer(server, port, user, password);
    return ref.fake;
  }

  failNext(code: number, message: string): void {
    this.proximaFalha = { code, message };
  }

  reset(): void {
    this.received.length = 0;
    this.rejectRecipients.clear();
    this.proximaFalha = null;
  }

  /** The canal's SMTP settings for this server. */
  credentials(): { smtpHost: string; smtpPort: number; smtpSecure: boolean; smtpUser: string; smtpPassword: string } {
    return { smtpHost: '127.0.0.1', smtpPort: this.port, smtpSecure: false, smtpUser: this.user, smtpPassword: this.password };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
