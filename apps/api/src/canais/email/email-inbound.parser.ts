import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { CanalErro, CanalException } from '../canal.exception.js';
import type {
  InboundPayload,
  MediaKind,
  NormalizedEvent,
  NormalizedMessageEvent,
  NormalizedStatusEvent,
  ParseContext,
} from '../channel-adapter.js';
import { payloadText } from '../webhook.util.js';
import { removerCitacao, removerCitacaoHtml, sanitizarHtml, textoDoHtml } from './email-conteudo.js';
import { sesNotificationSchema, snsMessageSchema } from './email.types.js';

/**
 * Pure translation of one inbound e-mail, in any of the three ways it arrives (raw MIME from IMAP, SendGrid
 * Inbound Parse multipart, SES through SNS), into normalized events. Message-IDs are kept without angle
 * brackets and are the mensagem's external id, so our own Message-IDs in a reply's In-Reply-To/References
 * find the ticket. Auto-replies and bulk mail become no event at all; bounces (DSNs) become a `falhou`
 * status of the message they bounce.
 */

/** Raw MIME as stored for IMAP-polled messages. */
export const CONTENT_TYPE_MIME = 'message/rfc822';

const REPLY_TOKEN = /^reply\+([a-z0-9][a-z0-9-]{7,63})@([a-z0-9.-]+)$/i;

/** A mail in the shape every source is reduced to. */
interface EmailRecebido {
  mail: ParsedMail;
  /** Recipients as the transport saw them (envelope), besides the To/Cc headers. */
  envelopeTo: string[];
  /** The raw source, when there is one (dedupe of mails without Message-ID). */
  bruto?: Buffer;
}

export async function parseEmail(payload: InboundPayload, ctx: ParseContext): Promise<NormalizedEvent[]> {
  const contentType = payload.contentType.toLowerCase();
  if (contentType.startsWith('multipart/form-data')) return eventosDo(await doSendGrid(payload), ctx);
  if (contentType.startsWith(CONTENT_TYPE_MIME)) {
    const bruto = Buffer.isBuffer(payload.body) ? payload.body : Buffer.from(payload.body, 'utf8');
    return eventosDo({ mail: await simpleParser(bruto), envelopeTo: [], bruto }, ctx);
  }
  const sns = snsDoPayload(payload);
  if (sns === null) throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'O corpo não é um e-mail, um Inbound Parse do SendGrid nem uma mensagem SNS.');
  // Subscription (un)confirmations carry no mail: verify already confirmed them.
  if (sns.Type !== 'Notification') return [];
  let interna: unknown;
  try {
    interna = JSON.parse(sns.Message) as unknown;
  } catch (error) {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'A mensagem SNS não contém uma notificação do SES.', {}, { cause: error });
  }
  const notificacao = sesNotificationSchema.safeParse(interna);
  if (!notificacao.success) throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'A mensagem SNS não contém uma notificação do SES.');
  // Bounce/Complaint/Delivery notifications are about mail sent through SES itself, not conversations.
  if (notificacao.data.notificationType !== 'Received' || notificacao.data.content === undefined) return [];
  const encoding = notificacao.data.receipt?.action?.encoding?.toUpperCase();
  const bruto = Buffer.from(notificacao.data.content, encoding === 'BASE64' ? 'base64' : 'utf8');
  const destinos = (interna as { receipt?: { recipients?: unknown } }).receipt?.recipients;
  return eventosDo(
    {
      mail: await simpleParser(bruto),
      envelopeTo: Array.isArray(destinos) ? destinos.filter((d): d is string => typeof d === 'string') : [],
      bruto,
    },
    ctx,
  );
}

/** The SNS envelope, or null when the body is not one (SNS posts JSON as text/plain). */
export function snsDoPayload(payload: InboundPayload): ReturnType<typeof snsMessageSchema.parse> | null {
  let json: unknown;
  try {
    json = JSON.parse(payloadText(payload)) as unknown;
  } catch {
    return null;
  }
  const parsed = snsMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * SendGrid Inbound Parse, default (parsed) or raw mode. Parsed mode posts the header block, the text and
 * html parts and one file field per attachment; raw mode posts the whole MIME in `email`.
 */
async function doSendGrid(payload: InboundPayload): Promise<EmailRecebido> {
  let form: FormData;
  try {
    const corpo = Buffer.isBuffer(payload.body) ? new Uint8Array(payload.body) : payload.body;
    form = await new Response(corpo, { headers: { 'content-type': payload.contentType } }).formData();
  } catch (error) {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'O corpo multipart do SendGrid não pôde ser lido.', {}, { cause: error });
  }
  const campo = (nome: string): string | undefined => {
    const valor = form.get(nome);
    return typeof valor === 'string' ? valor : undefined;
  };
  const envelopeTo = destinatariosDoEnvelope(campo('envelope'));
  const raw = campo('email');
  if (raw !== undefined) {
    const bruto = Buffer.from(raw, 'utf8');
    return { mail: await simpleParser(bruto), envelopeTo, bruto };
  }
  const cabecalhos = campo('headers');
  if (cabecalhos === undefined) throw new CanalException(CanalErro.PAYLOAD_INVALIDO, 'Inbound Parse sem o campo headers.');
  // The header block alone parses into addresses, ids and dates; the parts come from their own fields.
  const mail = await simpleParser(Buffer.from(`${cabecalhos.replace(/\r?\n$/, '')}\r\n\r\n`, 'utf8'));
  mail.text = campo('text');
  const html = campo('html');
  mail.html = html === undefined ? false : html;
  mail.attachments = [];
  for (const [nome, valor] of form.entries()) {
    if (!/^attachment\d+$/.test(nome) || typeof valor === 'string') continue;
    const conteudo = Buffer.from(await valor.arrayBuffer());
    mail.attachments.push({
      type: 'attachment',
      content: conteudo,
      contentType: valor.type !== '' ? valor.type : 'application/octet-stream',
      partId: nome,
      release: null,
      contentDisposition: 'attachment',
      filename: valor.name,
      headers: new Map(),
      checksum: createHash('md5').update(conteudo).digest('hex'),
      size: conteudo.byteLength,
      related: false,
    });
  }
  return { mail, envelopeTo };
}

function destinatariosDoEnvelope(envelope: string | undefined): string[] {
  if (envelope === undefined) return [];
  try {
    const json = JSON.parse(envelope) as { to?: unknown };
    return Array.isArray(json.to) ? json.to.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

function eventosDo(recebido: EmailRecebido, ctx: ParseContext): NormalizedEvent[] {
  const { mail } = recebido;
  const dsn = statusDeDevolucao(mail, ctx);
  if (dsn !== null) return dsn;
  if (ehAutomatico(mail)) return [];
  const remetente = mail.from?.value.find((endereco) => endereco.address !== undefined && endereco.address !== '');
  if (remetente?.address === undefined) return [];
  const email = remetente.address.toLowerCase();
  const messageId = semColchetes(mail.messageId) ?? `sem-message-id:${hashDe(recebido)}`;
  const referencias = referenciasDe(mail, recebido.envelopeTo);
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : undefined;
  const textoCompleto = mail.text !== undefined && mail.text.trim() !== '' ? mail.text : html !== undefined ? textoDoHtml(html) : '';
  const texto = removerCitacao(textoCompleto);
  const anexos = mail.attachments.filter((anexo) => anexo.contentDisposition !== 'inline' || anexo.filename !== undefined);
  const metadata: Record<string, string | number | boolean> = { messageId };
  if (html !== undefined) metadata.html = sanitizarHtml(removerCitacaoHtml(html));
  if (anexos.length > 0) {
    metadata.anexos = anexos.length;
    metadata.nomesDosAnexos = anexos.map((anexo) => anexo.filename ?? 'anexo').join(', ');
  }
  const destinatarios = enderecosDe(mail.to);
  if (destinatarios.length > 0) metadata.para = destinatarios.join(', ');
  const evento: NormalizedMessageEvent = {
    kind: 'message',
    dedupId: messageId,
    externalId: messageId,
    direction: 'entrada',
    occurredAt: mail.date !== undefined && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : ctx.receivedAt,
    sender: {
      externalId: email,
      address: email,
      email,
      ...(remetente.name !== undefined && remetente.name.trim() !== '' ? { displayName: remetente.name.trim() } : {}),
    },
    type: 'texto',
    providerType: 'email',
    text: texto,
    thread: { references: referencias, root: raizDe(mail) ?? messageId },
    metadata,
  };
  if (mail.subject !== undefined && mail.subject.trim() !== '') evento.subject = mail.subject.trim();
  const inReplyTo = semColchetes(mail.inReplyTo);
  if (inReplyTo !== undefined) evento.quoted = { externalId: inReplyTo };
  // Each attachment is a mensagem of its own right after the text (one file per mensagem, as on every channel),
  // carrying its bytes: webhooks cannot be asked for them again.
  const eventosDosAnexos = anexos.map((anexo, indice): NormalizedMessageEvent => {
    const id = `${messageId}#anexo-${indice + 1}`;
    const kind = tipoDoAnexo(anexo.contentType);
    return {
      kind: 'message',
      dedupId: id,
      externalId: id,
      direction: 'entrada',
      occurredAt: evento.occurredAt,
      sender: evento.sender,
      type: kind,
      providerType: 'email_anexo',
      thread: evento.thread ?? { references: referencias, root: messageId },
      quoted: { externalId: messageId },
      media: {
        kind,
        ref: id,
        mimeType: anexo.contentType,
        ...(anexo.filename !== undefined ? { filename: anexo.filename } : {}),
        sizeBytes: anexo.content.byteLength,
        inlineBase64: anexo.content.toString('base64'),
      },
    };
  });
  return [evento, ...eventosDosAnexos];
}

function tipoDoAnexo(contentType: string): MediaKind {
  if (contentType.startsWith('image/')) return 'imagem';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'documento';
}

/**
 * Ids of the earlier messages this one answers, newest first: In-Reply-To, References from the end, then
 * the Message-ID our reply token stands for (`reply+<token>@<domain>` ↔ `<token@domain>`), which survives
 * clients and relays that drop the headers.
 */
function referenciasDe(mail: ParsedMail, envelopeTo: string[]): string[] {
  const ids: string[] = [];
  const adicionar = (id: string | undefined): void => {
    if (id !== undefined && id !== '' && !ids.includes(id)) ids.push(id);
  };
  adicionar(semColchetes(mail.inReplyTo));
  const refs = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : mail.references.split(/\s+/);
  for (const ref of [...refs].reverse()) adicionar(semColchetes(ref));
  const cabecalhosDeEntrega = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((nome) => {
    const valor = mail.headers.get(nome);
    return typeof valor === 'string' ? [valor] : [];
  });
  for (const endereco of [...enderecosDe(mail.to), ...enderecosDe(mail.cc), ...envelopeTo, ...cabecalhosDeEntrega]) {
    const token = REPLY_TOKEN.exec(endereco.trim());
    if (token !== null) adicionar(`${token[1].toLowerCase()}@${token[2].toLowerCase()}`);
  }
  return ids;
}

/** The thread's first message: References lists the chain from its root. */
function raizDe(mail: ParsedMail): string | undefined {
  const refs = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : mail.references.split(/\s+/);
  return semColchetes(refs[0]) ?? semColchetes(mail.inReplyTo);
}

/** RFC 3834 Auto-Submitted, Precedence bulk/junk/list, and the vendor auto-reply headers. */
function ehAutomatico(mail: ParsedMail): boolean {
  const cabecalho = (nome: string): string | undefined => {
    const valor = mail.headers.get(nome);
    if (valor === undefined) return undefined;
    return typeof valor === 'string' ? valor.toLowerCase() : JSON.stringify(valor).toLowerCase();
  };
  const autoSubmitted = cabecalho('auto-submitted');
  if (autoSubmitted !== undefined && !autoSubmitted.startsWith('no')) return true;
  const precedence = cabecalho('precedence');
  if (precedence !== undefined && /bulk|junk|list|auto_reply/.test(precedence)) return true;
  if (['x-autoreply', 'x-autorespond', 'x-autoresponse'].some((nome) => cabecalho(nome) !== undefined)) return true;
  const suprimir = cabecalho('x-auto-response-suppress');
  if (cabecalho('x-ms-exchange-generated-message-source') !== undefined && suprimir !== undefined) return true;
  const remetente = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  return /^(mailer-daemon|postmaster)@/.test(remetente);
}

/**
 * A delivery status notification (RFC 3464 `multipart/report; report-type=delivery-status`): the message it
 * bounces is named in the returned headers; each failed recipient's status code becomes the error.
 */
function statusDeDevolucao(mail: ParsedMail, ctx: ParseContext): NormalizedStatusEvent[] | null {
  const tipo = mail.headers.get('content-type');
  const ehRelatorio =
    typeof tipo === 'object' &&
    tipo !== null &&
    'value' in tipo &&
    tipo.value === 'multipart/report' &&
    'params' in tipo &&
    String((tipo.params as Record<string, string>)['report-type'] ?? '').toLowerCase() === 'delivery-status';
  const relatorio = mail.attachments.find((anexo) => anexo.contentType === 'message/delivery-status');
  if (!ehRelatorio && relatorio === undefined) return null;
  // mailparser folds a message/delivery-status part into the text.
  const status = relatorio?.content.toString('utf8') ?? mail.text ?? '';
  const acao = /^Action:\s*(\S+)/im.exec(status)?.[1].toLowerCase();
  // Delayed/relayed/delivered reports are not failures, and never conversations.
  if (acao !== undefined && acao !== 'failed') return [];
  const devolvida = mail.attachments.find((anexo) => anexo.contentType === 'text/rfc822-headers' || anexo.contentType === 'message/rfc822');
  const original = devolvida === undefined ? undefined : /^Message-ID:\s*(<[^>]+>)/im.exec(devolvida.content.toString('utf8'))?.[1];
  const alvo = semColchetes(original);
  if (alvo === undefined) return [];
  const codigo = /^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(status)?.[1] ?? '5.0.0';
  const diagnostico = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(status)?.[1].replace(/\s+/g, ' ').trim();
  const destinatario = /^Final-Recipient:\s*rfc822;\s*(\S+)/im.exec(status)?.[1];
  return [
    {
      kind: 'status',
      dedupId: `dsn:${semColchetes(mail.messageId) ?? alvo}`,
      occurredAt: mail.date !== undefined && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : ctx.receivedAt,
      target: { type: 'mensagem', externalId: alvo },
      status: 'falhou',
      ...(destinatario !== undefined ? { recipientId: destinatario.toLowerCase() } : {}),
      errors: [
        {
          code: codigo,
          title: 'O e-mail foi devolvido pelo servidor do destinatário',
          ...(diagnostico !== undefined ? { message: diagnostico } : {}),
        },
      ],
    },
  ];
}

function enderecosDe(campo: AddressObject | AddressObject[] | undefined): string[] {
  if (campo === undefined) return [];
  const lista = Array.isArray(campo) ? campo : [campo];
  return lista.flatMap((obj) => obj.value.flatMap((endereco) => (endereco.address !== undefined ? [endereco.address.toLowerCase()] : [])));
}

/** `<id@host>` → `id@host`. */
export function semColchetes(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const limpo = id.trim().replace(/^<|>$/g, '').trim();
  return limpo === '' ? undefined : limpo;
}

function hashDe(recebido: EmailRecebido): string {
  const hash = createHash('sha256');
  if (recebido.bruto !== undefined) hash.update(recebido.bruto);
  else hash.update(JSON.stringify([recebido.mail.from?.text, recebido.mail.date?.toISOString(), recebido.mail.subject, recebido.mail.text]));
  return hash.digest('hex').slice(0, 32);
}
