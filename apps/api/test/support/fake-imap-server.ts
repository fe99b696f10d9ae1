import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Mensagem {
  uid: number;
  fonte: Buffer;
}

/**
 * A small IMAP4rev1 server (plain TCP on 127.0.0.1), enough for imapflow to log in, open a mailbox and
 * fetch messages by UID: CAPABILITY, LOGIN, LIST, SELECT/EXAMINE, UID FETCH (UID, BODY[]), NOOP, CLOSE,
 * LOGOUT. Messages get increasing UIDs; `uidValidity` can be changed to simulate a recreated mailbox.
 */
export class FakeImapServer {
  readonly mensagens: Mensagem[] = [];
  uidValidity = 1700000001;
  readonly comandos: string[] = [];
  private proximoUid = 1;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(options: { user?: string; password?: string } = {}): Promise<FakeImapServer> {
    const user = options.user ?? 'caixa@acme.example';
    const password = options.password ?? 'senha-imap';
    // Handlers are created before the instance they report to.
    const ref: { fake?: FakeImapServer } = {};
    const server = createServer((socket) => ref.fake?.atender(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    ref.fake = new FakeImapServer(server, (server.address() as AddressInfo).port, user, password);
    return ref.fake;
  }

  /** Delivers a message to INBOX; returns its UID. */
  entregar(fonte: string | Buffer): number {
    const uid = this.proximoUid++;
    this.mensagens.push({ uid, fonte: Buffer.isBuffer(fonte) ? fonte : Buffer.from(fonte, 'utf8') });
    return uid;
  }

  /** The canal's IMAP settings for this server. */
  credentials(): { imapHost: string; imapPort: number; imapSecure: boolean; imapUser: string; imapPassword: string } {
    return { imapHost: '127.0.0.1', imapPort: this.port, imapSecure: false, imapUser: this.user, imapPassword: this.password };
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private atender(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let autenticado = false;
    let buffer = '';
    socket.write('* OK [CAPABILITY IMAP4rev1] Fake IMAP pronto\r\n');
    socket.on('data', (dados: Buffer) => {
      buffer += dados.toString('utf8');
      let fim = buffer.indexOf('\r\n');
      while (fim >= 0) {
        const linha = buffer.slice(0, fim);
        buffer = buffer.slice(fim + 2);
        autenticado = this.comando(socket, linha, autenticado);
        fim = buffer.indexOf('\r\n');
      }
    });
  }

  /** Answers one command line; returns whether the session is authenticated afterwards. */
  private comando(socket: Socket, linha: string, autenticado: boolean): boolean {
    const match = /^(\S+)\s+(?:(UID)\s+)?(\S+)\s*(.*)$/i.exec(linha);
    if (match === null) return autenticado;
    const [, tag, uid, nome, resto] = match;
    const comando = `${uid !== undefined ? 'UID ' : ''}${nome.toUpperCase()}`;
    this.comandos.push(comando);
    const ok = (texto: string): void => {
      socket.write(`${tag} OK ${texto}\r\n`);
    };
    switch (comando) {
      case 'CAPABILITY':
        socket.write('* CAPABILITY IMAP4rev1\r\n');
        ok('CAPABILITY completed');
        return autenticado;
      case 'LOGIN': {
        const [usuario, senha] = argumentos(resto);
        if (usuario === this.user && senha === this.password) {
          ok('[CAPABILITY IMAP4rev1] LOGIN completed');
          return true;
        }
        socket.write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
        return false;
      }
      case 'LIST':
        if (!autenticado) break;
        if (/""\s*$/.test(resto)) socket.write('* LIST (\\Noselect) "/" ""\r\n');
        else socket.write('* LIST (\\HasNoChildren) "/" INBOX\r\n');
        ok('LIST completed');
        return autenticado;
      case 'SELECT':
      case 'EXAMINE': {
        if (!autenticado) break;
        const [caixa] = argumentos(resto);
        if (caixa.toUpperCase() !== 'INBOX') {
          socket.write(`${tag} NO Mailbox does not exist\r\n`);
          return autenticado;
        }
        socket.write(
          `* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* ${this.mensagens.length} EXISTS\r\n* 0 RECENT\r\n` +
            `* OK [UIDVALIDITY ${this.uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${this.proximoUid}] Predicted next UID\r\n`,
        );
        ok(`[${comando === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] ${comando} completed`);
        return autenticado;
      }
      case 'UID FETCH': {
        if (!autenticado) break;
        const [conjunto] = resto.split(' ');
        for (const mensagem of this.noConjunto(conjunto)) {
          const seq = this.mensagens.indexOf(mensagem) + 1;
          socket.write(`* ${seq} FETCH (UID ${mensagem.uid} BODY[] {${mensagem.fonte.byteLength}}\r\n`);
          socket.write(mensagem.fonte);
          socket.write(')\r\n');
        }
        ok('UID FETCH completed');
        return autenticado;
      }
      case 'NOOP':
      case 'CLOSE':
        ok(`${comando} completed`);
        return autenticado;
      case 'LOGOUT':
        socket.write('* BYE Logging out\r\n');
        ok('LOGOUT completed');
        socket.end();
        return false;
    }
    socket.write(`${tag} BAD Command not supported: ${comando}\r\n`);
    return autenticado;
  }

  /** A UID set such as `5:*`, `3,7` or `2:4`; `n:*` includes the last message even when its UID is below n. */
  private noConjunto(conjunto: string): Mensagem[] {
    const ultimo = this.mensagens.at(-1)?.uid ?? 0;
    const escolhidas = new Set<Mensagem>();
    for (const parte of conjunto.split(',')) {
      const [a, b] = parte.split(':');
      const inicio = a === '*' ? ultimo : Number(a);
      const fim = b === undefined ? inicio : b === '*' ? ultimo : Number(b);
      const [menor, maior] = inicio <= fim ? [inicio, fim] : [fim, inicio];
      for (const mensagem of this.mensagens) if (mensagem.uid >= menor && mensagem.uid <= maior) escolhidas.add(mensagem);
    }
    return this.mensagens.filter((mensagem) => escolhidas.has(mensagem));
  }
}

/** IMAP quoted strings and atoms of a command's arguments. */
function argumentos(texto: string): string[] {
  const resultado: string[] = [];
  const padrao = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let match = padrao.exec(texto); match !== null; match = padrao.exec(texto)) {
    resultado.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]);
  }
  return resultado;
}
