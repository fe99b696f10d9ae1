import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CanalErro, CanalException, ChannelApiError, ChannelSendError } from '../canal.exception.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  InboundHttpRequest,
  InboundPayload,
  MediaKind,
  NormalizedEvent,
  OutboundMediaSource,
  OutboundMessage,
  ParseContext,
  SendResult,
  VerifyResult,
  WebhookSetupInput,
  WebhookSetupResult,
} from '../channel-adapter.js';
import { headerValue, safeEqual } from '../webhook.util.js';
import { TelegramBotApiClient, type TelegramParams, type TelegramUpload } from './telegram-bot-api.client.js';
import { parseTelegramUpdate, splitTelegramMessageId, telegramMessageId } from './telegram-inbound.parser.js';
import {
  TELEGRAM_ALLOWED_UPDATES,
  TELEGRAM_SECRET_FIELDS,
  telegramCredentialsSchema,
  tgFileSchema,
  tgMeSchema,
  tgSentMessageSchema,
  tgTrueSchema,
  tgWebhookInfoSchema,
  type TelegramCredentials,
} from './telegram.types.js';

const MB = 1024 * 1024;

/** Bot API method and InputFile field per media kind. */
const MEDIA_METHOD: Readonly<Record<MediaKind, { method: string; field: string; caption: boolean }>> = {
  imagem: { method: 'sendPhoto', field: 'photo', caption: true },
  documento: { method: 'sendDocument', field: 'document', caption: true },
  video: { method: 'sendVideo', field: 'video', caption: true },
  audio: { method: 'sendAudio', field: 'audio', caption: true },
  sticker: { method: 'sendSticker', field: 'sticker', caption: false },
};

const EXTENSION_MIME: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
  tgs: 'application/x-tgsticker',
};

@Injectable()
export class TelegramAdapter implements ChannelAdapter<TelegramCredentials> {
  readonly kind = 'telegram' as const;
  readonly credentialsSchema = telegramCredentialsSchema;
  readonly secretFields: readonly string[] = TELEGRAM_SECRET_FIELDS;
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: null,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento', 'sticker'],
    maxMediaBytes: { imagem: 10 * MB, audio: 50 * MB, video: 50 * MB, documento: 50 * MB, sticker: 512 * 1024 },
    maxTextLength: 4096,
    templates: false,
    readReceipts: false,
    typingIndicator: false,
    reactions: true,
    quotedReplies: true,
    // Bot API: about 30 messages per second overall (and 1 per second per chat).
    rateLimitPerSecond: 30,
    webhookRouting: 'url',
    // callback_data is at most 64 bytes; the button text has no hard limit, keep it readable.
    options: { maxOptions: 10, maxTitleLength: 64 },
  };

  constructor(@Inject(TelegramBotApiClient) private readonly api: TelegramBotApiClient) {}

  parseCredentials(configuracao: unknown): TelegramCredentials {
    const result = this.credentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        field === ''
          ? 'Configuração do Telegram inválida.'
          : `Configuração do Telegram inválida: ${field}: ${issue?.message ?? ''}`,
        { campo: field, problemas: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      );
    }
    return result.data;
  }

  /** `X-Telegram-Bot-Api-Secret-Token` must equal the secret given to setWebhook (not an HMAC). */
  verify(req: InboundHttpRequest, credentials: TelegramCredentials): VerifyResult {
    if (credentials.webhookSecret === undefined || credentials.webhookSecret === '') {
      return {
        ok: false,
        reason: 'segredo_nao_configurado',
        detail: 'Sincronize o canal para registrar o webhook com um segredo.',
      };
    }
    const header = headerValue(req.headers, 'x-telegram-bot-api-secret-token');
    if (header === undefined || header === '') {
      return { ok: false, reason: 'assinatura_ausente', detail: 'Cabeçalho X-Telegram-Bot-Api-Secret-Token ausente.' };
    }
    if (!safeEqual(header, credentials.webhookSecret)) {
      return { ok: false, reason: 'assinatura_invalida', detail: 'X-Telegram-Bot-Api-Secret-Token não confere.' };
    }
    return { ok: true };
  }

  /** The canal id is in the webhook URL. */
  routingKeys(): string[] {
    return [];
  }

  /** The bot id (the token's prefix): two canais with the same bot would steal each other's webhook. */
  routingKeyOf(credentials: TelegramCredentials): string {
    return credentials.botToken.split(':')[0];
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
    return parseTelegramUpdate(payload, ctx);
  }

  async send(credentials: TelegramCredentials, message: OutboundMessage): Promise<SendResult> {
    const chatId = chatIdParam(message.to);
    const reply = message.replyToExternalId !== undefined ? splitTelegramMessageId(message.replyToExternalId) : null;
    const replyParameters =
      reply !== null ? { reply_parameters: { message_id: reply.messageId, allow_sending_without_reply: true } } : {};
    const content = message.content;
    try {
      switch (content.type) {
        case 'texto':
          return sent(
            await this.api.call(
              credentials,
              'sendMessage',
              {
                chat_id: chatId,
                text: content.text,
                link_preview_options: { is_disabled: content.previewUrl !== true },
                ...replyParameters,
              },
              tgSentMessageSchema,
            ),
          );
        case 'midia': {
          const { method, field, caption } = MEDIA_METHOD[content.kind];
          const params: Record<string, TelegramParams[string]> = { chat_id: chatId, ...replyParameters };
          if (caption && content.caption !== undefined) params.caption = content.caption;
          const { value, upload } = mediaInput(field, content.source, content.filename);
          if (value !== undefined) params[field] = value;
          return sent(await this.api.call(credentials, method, params, tgSentMessageSchema, upload));
        }
        case 'localizacao': {
          const { latitude, longitude, name, address } = content.location;
          if (name !== undefined && address !== undefined) {
            return sent(
              await this.api.call(
                credentials,
                'sendVenue',
                { chat_id: chatId, latitude, longitude, title: name, address, ...replyParameters },
                tgSentMessageSchema,
              ),
            );
          }
          return sent(
            await this.api.call(
              credentials,
              'sendLocation',
              { chat_id: chatId, latitude, longitude, ...replyParameters },
              tgSentMessageSchema,
            ),
          );
        }
        case 'reacao': {
          const target = splitTelegramMessageId(content.targetExternalId);
          if (target === null) throw invalid(`Id de mensagem do Telegram inválido: ${content.targetExternalId}`);
          await this.api.call(
            credentials,
            'setMessageReaction',
            {
              chat_id: chatIdParam(target.chatId),
              message_id: target.messageId,
              reaction: content.emoji === null ? [] : [{ type: 'emoji', emoji: content.emoji }],
            },
            tgTrueSchema,
          );
          // A reaction is not a message: its id only needs to be unique for the mensagem row.
          return { externalId: `${content.targetExternalId}:reacao:${content.emoji ?? ''}` };
        }
        case 'template':
          throw invalid('O Telegram não tem templates de mensagem; envie texto.');
        case 'opcoes':
          // An inline keyboard, one button per row: the tap comes back as a callback_query with the option's id.
          return sent(
            await this.api.call(
              credentials,
              'sendMessage',
              {
                chat_id: chatId,
                text: content.text,
                reply_markup: { inline_keyboard: content.options.map((opcao) => [{ text: opcao.title, callback_data: opcao.id }]) },
                ...replyParameters,
              },
              tgSentMessageSchema,
            ),
          );
      }
    } catch (error) {
      if (error instanceof ChannelApiError) throw ChannelSendError.from(error);
      throw error;
    }
  }

  async downloadMedia(credentials: TelegramCredentials, ref: string): Promise<DownloadedMedia> {
    const file = await this.api.call(credentials, 'getFile', { file_id: ref }, tgFileSchema);
    if (file.file_path === undefined) {
      throw new ChannelApiError({
        transient: false,
        category: 'midia',
        providerCode: 'sem_file_path',
        providerMessage: 'O Telegram não devolveu file_path (arquivo acima de 20 MB?)',
      });
    }
    const downloaded = await this.api.downloadFile(credentials, file.file_path);
    const filename = file.file_path.split('/').pop() ?? file.file_path;
    const extension = filename.includes('.') ? (filename.split('.').pop() ?? '').toLowerCase() : '';
    const declared = downloaded.contentType?.split(';')[0].trim();
    const mimeType =
      declared !== undefined && declared !== '' && declared !== 'application/octet-stream'
        ? declared
        : (EXTENSION_MIME[extension] ?? 'application/octet-stream');
    return { data: downloaded.data, mimeType, filename, sizeBytes: downloaded.data.byteLength, sha256: downloaded.sha256 };
  }

  async checkStatus(credentials: TelegramCredentials): Promise<ChannelHealth> {
    try {
      const me = await this.api.call(credentials, 'getMe', {}, tgMeSchema);
      const webhook = await this.api.call(credentials, 'getWebhookInfo', {}, tgWebhookInfoSchema);
      const details: Record<string, string | number | boolean> = {
        botId: String(me.id),
        botName: me.first_name,
        webhookConfigured: webhook.url !== '' && credentials.webhookSecret !== undefined,
        pendingUpdateCount: webhook.pending_update_count,
      };
      if (me.username !== undefined) details.botUsername = me.username;
      if (webhook.url !== '') details.webhookUrl = webhook.url;
      if (webhook.last_error_message !== undefined) details.lastErrorMessage = webhook.last_error_message;
      if (webhook.last_error_date !== undefined) details.lastErrorAt = new Date(webhook.last_error_date * 1000).toISOString();
      return { ok: true, code: 'ok', message: 'Token do bot válido.', details };
    } catch (error) {
      if (!(error instanceof ChannelApiError)) throw error;
      const base = { ok: false as const, ...(error.providerError !== undefined ? { providerError: error.providerError } : {}) };
      if (error.category === 'autenticacao') {
        return {
          ...base,
          code: 'credenciais_invalidas',
          message: `Token do bot recusado pelo Telegram: ${error.providerMessage}`,
          action: 'Gere um novo token com o @BotFather (/token ou /revoke) e atualize o botToken do canal.',
        };
      }
      return {
        ...base,
        code: 'provedor_indisponivel',
        message: `Não foi possível consultar o Telegram: ${error.providerMessage}`,
        action: 'Tente de novo em alguns minutos; se persistir, verifique TELEGRAM_API_URL e a conectividade do servidor.',
      };
    }
  }

  /** setWebhook with a freshly generated secret; the canal service stores `credentialsUpdate.webhookSecret`. */
  async setupWebhook(credentials: TelegramCredentials, input: WebhookSetupInput): Promise<WebhookSetupResult> {
    if (!z.url({ protocol: /^https$/ }).safeParse(input.url).success) {
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        'O Telegram só entrega webhooks em URLs https; configure ATENDE_PUBLIC_URL.',
        {
          url: input.url,
        },
      );
    }
    const webhookSecret = randomBytes(32).toString('base64url');
    await this.api.call(
      credentials,
      'setWebhook',
      {
        url: input.url,
        secret_token: webhookSecret,
        allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
        max_connections: 40,
        drop_pending_updates: false,
      },
      tgTrueSchema,
    );
    return { credentialsUpdate: { webhookSecret } };
  }

  /** answerCallbackQuery: stops the button's loading spinner on the customer's side. */
  async acknowledgeInteraction(credentials: TelegramCredentials, callbackId: string, text?: string): Promise<void> {
    await this.api.call(
      credentials,
      'answerCallbackQuery',
      { callback_query_id: callbackId, ...(text !== undefined ? { text } : {}) },
      tgTrueSchema,
    );
  }
}

/** Numeric chat ids go out as numbers (they fit in a double: at most 52 significant bits). */
function chatIdParam(address: string): number | string {
  return /^-?\d+$/.test(address) ? Number(address) : address;
}

function sent(message: { message_id: number; chat: { id: number } }): SendResult {
  return { externalId: telegramMessageId(message.chat.id, message.message_id), recipientId: String(message.chat.id) };
}

function mediaInput(
  field: string,
  source: OutboundMediaSource,
  filename: string | undefined,
): { value?: string; upload?: TelegramUpload } {
  switch (source.type) {
    case 'link':
      return { value: source.url };
    case 'provider':
      return { value: source.id };
    case 'upload':
      return { upload: { field, data: source.data, mimeType: source.mimeType, filename: filename ?? source.filename } };
  }
}

function invalid(message: string): ChannelSendError {
  return new ChannelSendError({
    transient: false,
    category: 'requisicao_invalida',
    providerCode: 'conteudo_nao_suportado',
    providerMessage: message,
  });
}
