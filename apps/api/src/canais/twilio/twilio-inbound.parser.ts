import { createHash, createHmac } from 'node:crypto';
import { CanalErro, CanalException } from '../canal.exception.js';
import type {
  InboundHttpRequest,
  InboundPayload,
  MediaKind,
  NormalizedEvent,
  NormalizedMessageEvent,
  NormalizedSender,
  ParseContext,
  StatusEntrega,
  VerifyResult,
} from '../channel-adapter.js';
import { headerValue, payloadText, safeEqual } from '../webhook.util.js';

/**
 * Twilio's messaging webhooks (form-encoded): inbound SMS/MMS/WhatsApp, and status callbacks of our sends.
 * Pure; ids are the MessageSid (SM…/MM…), and WhatsApp addresses come as `whatsapp:+<number>`.
 */

type Params = Map<string, string[]>;

export function parseForm(body: string): Params {
  const params: Params = new Map();
  for (const [key, value] of new URLSearchParams(body)) params.set(key, [...(params.get(key) ?? []), value]);
  return params;
}

const one = (params: Params, key: string): string | undefined => params.get(key)?.[0];

/**
 * `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + each POST param name and value, sorted by name)),
 * over the URL Twilio was configured with. JSON bodies sign only the URL, which carries `bodySHA256`.
 * Twilio's own validator accepts the URL with or without the default port; so does this.
 */
export function verifyTwilioSignature(req: InboundHttpRequest, authToken: string): VerifyResult {
  if (authToken.length === 0) return { ok: false, reason: 'segredo_nao_configurado', detail: 'O canal não tem authToken.' };
  const signature = headerValue(req.headers, 'x-twilio-signature');
  if (signature === undefined || signature.trim() === '') {
    return { ok: false, reason: 'assinatura_ausente', detail: 'Cabeçalho X-Twilio-Signature ausente.' };
  }
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { ok: false, reason: 'requisicao_invalida', detail: 'URL pública do webhook inválida.' };
  }
  const bodySha = url.searchParams.get('bodySHA256');
  let params: Params = new Map();
  if (bodySha !== null) {
    const digest = createHash('sha256').update(req.rawBody).digest('hex');
    if (!safeEqual(digest, bodySha.toLowerCase())) {
      return { ok: false, reason: 'assinatura_invalida', detail: 'bodySHA256 não confere com o corpo recebido.' };
    }
  } else {
    params = parseForm(req.rawBody.toString('utf8'));
  }
  for (const candidate of urlVariants(url)) {
    if (safeEqual(signature.trim(), twilioSignature(authToken, candidate, params))) return { ok: true };
  }
  return { ok: false, reason: 'assinatura_invalida', detail: 'A assinatura não confere com a URL pública e os parâmetros.' };
}

export function twilioSignature(authToken: string, url: string, params: Params): string {
  let data = url;
  for (const key of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(key))].sort()) data += key + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL as given, and with the default port added or removed. */
function urlVariants(url: URL): string[] {
  const original = url.toString();
  const defaultPort = url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
  if (defaultPort === '') return [original];
  // URL drops a default port on parse: add it back by hand for the other variant.
  const withPort = `${url.protocol}//${url.username ? `${url.username}:${url.password}@` : ''}${url.hostname}:${defaultPort}${url.pathname}${url.search}${url.hash}`;
  return url.port === '' ? [original, withPort] : [original];
}

const STATUS: Readonly<Record<string, StatusEntrega>> = {
  sent: 'enviada',
  delivered: 'entregue',
  read: 'lida',
  undelivered: 'falhou',
  failed: 'falhou',
};

export function parseTwilioWebhook(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
  const params = parseForm(payloadText(payload));
  const sid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  if (sid === undefined || one(params, 'AccountSid') === undefined) {
    throw new CanalException(
      CanalErro.PAYLOAD_INVALIDO,
      'O corpo não é um webhook de mensagens do Twilio (sem MessageSid/AccountSid).',
    );
  }
  const messageStatus = one(params, 'MessageStatus');
  if (messageStatus !== undefined) {
    const status = STATUS[messageStatus];
    // queued, sending, accepted… say nothing new about an outbound mensagem.
    if (status === undefined) return [];
    const errorCode = one(params, 'ErrorCode');
    return [
      {
        kind: 'status',
        dedupId: `${sid}:${messageStatus}`,
        occurredAt: ctx.receivedAt,
        target: { type: 'mensagem', externalId: sid },
        status,
        ...(one(params, 'To') !== undefined ? { recipientId: address(one(params, 'To') ?? '') } : {}),
        ...(errorCode !== undefined && errorCode !== ''
          ? { errors: [{ code: errorCode, title: ERROR_TITLES[errorCode] ?? `Erro ${errorCode} do Twilio` }] }
          : {}),
      },
    ];
  }
  return messageEvents(params, sid, ctx);
}

const ERROR_TITLES: Readonly<Record<string, string>> = {
  '30003': 'Destinatário inalcançável',
  '30004': 'Mensagem bloqueada',
  '30005': 'Destinatário desconhecido',
  '30006': 'Telefone fixo ou operadora inalcançável',
  '30007': 'Mensagem filtrada pela operadora',
  '30008': 'Erro desconhecido da operadora',
  '63016': 'Fora da janela de 24 horas do WhatsApp: use um template',
};

/** `whatsapp:+16505551234` → `+16505551234`. */
function address(value: string): string {
  return value.replace(/^[a-z]+:/i, '');
}

function senderOf(params: Params): NormalizedSender {
  const from = one(params, 'From') ?? '';
  const number = address(from);
  const digits = number.replace(/^\+/, '');
  const profile = one(params, 'ProfileName');
  if (from.toLowerCase().startsWith('whatsapp:')) {
    const waId = one(params, 'WaId') ?? digits;
    return { externalId: waId, address: waId, phone: digits, waId, ...(profile !== undefined ? { displayName: profile } : {}) };
  }
  return { externalId: number, address: number, ...(/^\d+$/.test(digits) ? { phone: digits } : {}) };
}

function mediaKindOf(contentType: string | undefined): MediaKind {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'imagem';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'documento';
}

function messageEvents(params: Params, sid: string, ctx: ParseContext): NormalizedMessageEvent[] {
  const sender = senderOf(params);
  const body = one(params, 'Body') ?? '';
  const providerType = one(params, 'MessageType') ?? (Number(one(params, 'NumMedia') ?? '0') > 0 ? 'mms' : 'sms');
  const metadata: Record<string, string | number> = {};
  for (const key of ['FromCity', 'FromState', 'FromCountry', 'NumSegments', 'MessagingServiceSid']) {
    const value = one(params, key);
    if (value !== undefined && value !== '') metadata[key.charAt(0).toLowerCase() + key.slice(1)] = value;
  }
  const base = (id: string): NormalizedMessageEvent => {
    const event: NormalizedMessageEvent = {
      kind: 'message',
      dedupId: id,
      externalId: id,
      direction: 'entrada',
      sender,
      occurredAt: ctx.receivedAt,
      type: 'texto',
      providerType,
    };
    const to = one(params, 'To');
    if (to !== undefined) event.channelAccountId = address(to);
    const replied = one(params, 'OriginalRepliedMessageSid');
    if (replied !== undefined) event.quoted = { externalId: replied };
    if (Object.keys(metadata).length > 0) event.metadata = { ...metadata };
    return event;
  };

  const numMedia = Number(one(params, 'NumMedia') ?? '0');
  if (Number.isInteger(numMedia) && numMedia > 0) {
    const events: NormalizedMessageEvent[] = [];
    for (let index = 0; index < numMedia; index += 1) {
      const url = one(params, `MediaUrl${index}`);
      if (url === undefined) continue;
      // One mensagem per media item; the first keeps the MessageSid and the text.
      const event = base(index === 0 ? sid : `${sid}:${index}`);
      const contentType = one(params, `MediaContentType${index}`);
      const kind = mediaKindOf(contentType);
      event.type = kind;
      event.media = { kind, ref: url, ...(contentType !== undefined ? { mimeType: contentType } : {}) };
      if (index === 0 && body !== '') event.text = body;
      events.push(event);
    }
    if (events.length > 0) return events;
  }

  const event = base(sid);
  const latitude = one(params, 'Latitude');
  const longitude = one(params, 'Longitude');
  if (
    latitude !== undefined &&
    longitude !== undefined &&
    Number.isFinite(Number(latitude)) &&
    Number.isFinite(Number(longitude))
  ) {
    event.type = 'localizacao';
    event.location = { latitude: Number(latitude), longitude: Number(longitude) };
    const label = one(params, 'Label');
    const place = one(params, 'Address');
    if (label !== undefined && label !== '') event.location.name = label;
    if (place !== undefined && place !== '') event.location.address = place;
    return [event];
  }
  const buttonPayload = one(params, 'ButtonPayload');
  if (buttonPayload !== undefined) {
    const title = one(params, 'ButtonText') ?? body;
    event.type = 'interativa';
    event.text = title;
    event.interactive = { kind: 'template_button', id: buttonPayload, title };
    return [event];
  }
  if (body !== '') {
    event.text = body;
    return [event];
  }
  event.type = 'desconhecido';
  return [event];
}

/**
 * GSM-7 segments (160 alone, 153 each when concatenated; extension characters count twice) or, with any
 * other character, UCS-2 ones (70 / 67 UTF-16 units). Twilio's throughput is counted in segments.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export function smsSegments(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = text.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
