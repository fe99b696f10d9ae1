import type { z } from 'zod';
import { CanalErro, CanalException, ChannelApiError, ChannelSendError } from '../canal.exception.js';
import type {
  CanalTipo,
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  HandshakeResult,
  InboundHttpRequest,
  InboundPayload,
  MediaKind,
  NormalizedEvent,
  OutboundMessage,
  ParseContext,
  SendResult,
  VerifyResult,
} from '../channel-adapter.js';
import { metaHandshake, verifyMetaSignature } from '../webhook.util.js';
import { META_METADATA_PREFIX, metaRoutingKeys, parseMetaWebhook, type MetaObject } from './meta-inbound.parser.js';
import { MetaSendApiClient } from './meta-send-api.client.js';
import type { MetaMessagingOptions, MetaSendAccount, MetaSendRequest } from './meta.types.js';

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

const ATTACHMENT_TYPE: Readonly<Record<MediaKind, 'image' | 'audio' | 'video' | 'file'>> = {
  imagem: 'image',
  sticker: 'image',
  audio: 'audio',
  video: 'video',
  documento: 'file',
};

const EXTENSION_MIME: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  pdf: 'application/pdf',
};

/** What differs between Messenger and Instagram Direct; everything else is the same Send API and webhook. */
export interface MetaMessagingProfile<C> {
  kind: Extract<CanalTipo, 'messenger' | 'instagram'>;
  object: MetaObject;
  label: string;
  credentialsSchema: z.ZodType<C>;
  secretFields: readonly string[];
  account(credentials: C): MetaSendAccount;
  /** Fields that `GET /{id}` returns for the status check. */
  statusFields: string;
  maxTextLength: number;
  /** Messenger echoes `metadata` back; Instagram has no such field. */
  echoMetadata: boolean;
  /** Messenger takes attachments as multipart `filedata`; Instagram only by URL. */
  uploads: boolean;
  tokenAction: string;
}

/**
 * Messenger and Instagram Direct through Meta's Send API. Inside 24 h of the customer's last message a reply
 * goes as `RESPONSE`; after it, and up to 7 days, only a person's reply may go, tagged `HUMAN_AGENT`. The
 * policy refuses anything else before it is stored (422); the adapter refuses it again at send time, since a
 * queued mensagem can outlive the window.
 */
export abstract class MetaMessagingAdapter<C extends { appSecret: string; verifyToken: string }> implements ChannelAdapter<C> {
  abstract readonly kind: 'messenger' | 'instagram';
  readonly capabilities: ChannelCapabilities;
  readonly credentialsSchema: z.ZodType<C>;
  readonly secretFields: readonly string[];
  private readonly api: MetaSendApiClient;

  protected constructor(
    private readonly profile: MetaMessagingProfile<C>,
    options: MetaMessagingOptions,
  ) {
    this.credentialsSchema = profile.credentialsSchema;
    this.secretFields = profile.secretFields;
    this.api = new MetaSendApiClient(options, profile.label);
    this.capabilities = {
      replyWindowMs: 24 * HOUR_MS,
      humanAgentWindowMs: 7 * 24 * HOUR_MS,
      mediaKinds: ['imagem', 'audio', 'video', 'documento'],
      maxMediaBytes: { imagem: 8 * MB, audio: 25 * MB, video: 25 * MB, documento: 25 * MB },
      maxTextLength: profile.maxTextLength,
      templates: false,
      readReceipts: false,
      typingIndicator: false,
      reactions: false,
      quotedReplies: false,
      rateLimitPerSecond: 20,
      webhookRouting: 'payload',
      ...(profile.uploads ? {} : { mediaByLink: true }),
    };
  }

  parseCredentials(configuracao: unknown): C {
    const result = this.profile.credentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        `Configuração do ${this.profile.label} inválida${field === '' ? '' : `: ${field}: ${issue?.message ?? ''}`}`,
        { campo: field, problemas: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      );
    }
    return result.data;
  }

  verify(req: InboundHttpRequest, credentials: C): VerifyResult {
    return verifyMetaSignature(req, credentials.appSecret);
  }

  handshake(query: InboundHttpRequest['query'], credentials: C): HandshakeResult {
    return metaHandshake(query, credentials.verifyToken);
  }

  routingKeys(payload: InboundPayload): string[] {
    return metaRoutingKeys(payload, this.profile.object);
  }

  routingKeyOf(credentials: C): string {
    return this.profile.account(credentials).accountId;
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
    return parseMetaWebhook(payload, ctx, this.profile.object);
  }

  async send(credentials: C, message: OutboundMessage): Promise<SendResult> {
    const account = this.profile.account(credentials);
    const envelope = this.envelope(message);
    try {
      const { content } = message;
      switch (content.type) {
        case 'texto':
          return this.result(await this.api.sendMessage(account, { ...envelope, message: this.text(content.text, message) }));
        case 'localizacao': {
          // The Send API cannot send a location: it goes as text with a map link.
          const { latitude, longitude, name, address } = content.location;
          const text = [name, address, `https://www.google.com/maps?q=${latitude},${longitude}`]
            .filter((part): part is string => part !== undefined && part !== '')
            .join('\n');
          return this.result(await this.api.sendMessage(account, { ...envelope, message: this.text(text, message) }));
        }
        case 'midia': {
          const type = ATTACHMENT_TYPE[content.kind];
          let sent;
          if (content.source.type === 'link') {
            sent = await this.api.sendMessage(account, {
              ...envelope,
              message: { attachment: { type, payload: { url: content.source.url, is_reusable: true } } },
            });
          } else if (content.source.type === 'upload' && this.profile.uploads) {
            sent = await this.api.sendAttachmentUpload(account, envelope, type, content.source);
          } else {
            throw refused(
              `O ${this.profile.label} só recebe mídia por URL pública: defina ATENDE_PUBLIC_URL ou envie o arquivo como link.`,
            );
          }
          // Attachments carry no caption: it follows as a text message.
          if (content.caption !== undefined && content.caption.trim() !== '') {
            await this.api.sendMessage(account, { ...envelope, message: this.text(content.caption, message) });
          }
          return this.result(sent);
        }
        case 'template':
        case 'reacao':
          throw refused(`O ${this.profile.label} não envia ${content.type === 'template' ? 'templates' : 'reações'} por aqui.`);
        case 'opcoes':
          throw refused(`O ${this.profile.label} não envia botões por aqui: envie o texto com as opções.`);
      }
    } catch (error) {
      if (error instanceof ChannelApiError) throw ChannelSendError.from(error);
      throw error;
    }
  }

  async downloadMedia(_credentials: C, ref: string): Promise<DownloadedMedia> {
    const file = await this.api.download(ref);
    let filename: string | undefined;
    try {
      const last = new URL(ref).pathname.split('/').pop() ?? '';
      if (last.includes('.')) filename = decodeURIComponent(last);
    } catch {
      filename = undefined;
    }
    const declared = file.contentType?.split(';')[0].trim();
    const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
    const mimeType =
      declared !== undefined && declared !== '' && declared !== 'application/octet-stream'
        ? declared
        : (EXTENSION_MIME[extension] ?? 'application/octet-stream');
    return {
      data: file.data,
      mimeType,
      ...(filename !== undefined ? { filename } : {}),
      sizeBytes: file.data.byteLength,
      sha256: file.sha256,
    };
  }

  async checkStatus(credentials: C): Promise<ChannelHealth> {
    const account = this.profile.account(credentials);
    try {
      const found = await this.api.getAccount(account, this.profile.statusFields);
      const details: Record<string, string> = { accountId: found.id };
      if (found.name !== undefined) details.name = found.name;
      if (found.username !== undefined) details.username = found.username;
      return { ok: true, code: 'ok', message: `Credenciais do ${this.profile.label} válidas.`, details };
    } catch (error) {
      if (!(error instanceof ChannelApiError)) throw error;
      const base = { ok: false as const, ...(error.providerError !== undefined ? { providerError: error.providerError } : {}) };
      if (error.providerCode === '190') {
        return {
          ...base,
          code: 'token_expirado',
          message: `Token do ${this.profile.label} expirado ou invalidado: ${error.providerMessage}`,
          action: this.profile.tokenAction,
        };
      }
      if (error.category === 'autenticacao') {
        return {
          ...base,
          code: 'credenciais_invalidas',
          message: `Credenciais do ${this.profile.label} recusadas: ${error.providerMessage}`,
          action: this.profile.tokenAction,
        };
      }
      if (error.category === 'permissao') {
        return {
          ...base,
          code: 'permissao_insuficiente',
          message: `O token não tem permissão sobre a conta ${account.accountId}: ${error.providerMessage}`,
          action: this.profile.tokenAction,
        };
      }
      if (error.category === 'requisicao_invalida') {
        return {
          ...base,
          code: 'recurso_nao_encontrado',
          message: `Conta ${account.accountId} não encontrada: ${error.providerMessage}`,
          action: 'Confira o id da conta na configuração do canal.',
        };
      }
      return {
        ...base,
        code: 'provedor_indisponivel',
        message: `Não foi possível consultar o ${this.profile.label}: ${error.providerMessage}`,
        action: 'Tente de novo em alguns minutos; se persistir, verifique a URL da API e a conectividade do servidor.',
      };
    }
  }

  /** Recipient and messaging type: `RESPONSE` inside the window, `HUMAN_AGENT` after it for a person's reply. */
  private envelope(message: OutboundMessage): Omit<MetaSendRequest, 'message'> {
    const recipient = { id: message.to };
    if (message.lastInboundAt === undefined) return { recipient, messaging_type: 'RESPONSE' };
    const age = Date.now() - new Date(message.lastInboundAt).getTime();
    const { replyWindowMs, humanAgentWindowMs } = this.capabilities;
    if (replyWindowMs === null || age <= replyWindowMs) return { recipient, messaging_type: 'RESPONSE' };
    if (humanAgentWindowMs !== null && age <= humanAgentWindowMs && message.sentByHuman === true) {
      return { recipient, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    }
    throw new ChannelSendError({
      transient: false,
      category: 'janela_fechada',
      providerCode: 'janela_fechada',
      providerMessage:
        message.sentByHuman === true
          ? `Mais de 7 dias desde a última mensagem do cliente: o ${this.profile.label} não aceita mais respostas.`
          : `Fora da janela de 24 horas do ${this.profile.label}: só respostas de atendentes (HUMAN_AGENT) podem ir.`,
    });
  }

  private text(text: string, message: OutboundMessage): MetaSendRequest['message'] {
    return this.profile.echoMetadata && message.reference !== undefined
      ? { text, metadata: `${META_METADATA_PREFIX}${message.reference}` }
      : { text };
  }

  private result(sent: { message_id: string; recipient_id?: string }): SendResult {
    return { externalId: sent.message_id, ...(sent.recipient_id !== undefined ? { recipientId: sent.recipient_id } : {}) };
  }
}

function refused(providerMessage: string): ChannelSendError {
  return new ChannelSendError({
    transient: false,
    category: 'requisicao_invalida',
    providerCode: 'conteudo_nao_suportado',
    providerMessage,
  });
}
