import { Inject, Injectable } from '@nestjs/common';
import { CanalErro, CanalException, ChannelApiError, ChannelSendError } from '../canal.exception.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  InboundHttpRequest,
  InboundPayload,
  NormalizedEvent,
  NormalizedTemplate,
  OutboundMessage,
  ParseContext,
  SendResult,
  TemplateStatus,
  VerifyResult,
} from '../channel-adapter.js';
import { variablesOf } from '../whatsapp/whatsapp.adapter.js';
import { TwilioApiClient } from './twilio-api.client.js';
import { parseTwilioWebhook, smsSegments, verifyTwilioSignature } from './twilio-inbound.parser.js';
import {
  TWILIO_OPTIONS,
  TWILIO_SECRET_FIELDS,
  twilioCredentialsSchema,
  type TwilioContent,
  type TwilioCredentials,
  type TwilioOptions,
} from './twilio.types.js';

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

/**
 * Twilio Programmable Messaging, shared by SMS/MMS and WhatsApp through Twilio: the canal id is in the
 * webhook URL (`/webhooks/sms/:id`, `/webhooks/whatsapp/:id`), requests are signed over the public URL as
 * configured (`ATENDE_PUBLIC_URL`), and sends go to the Messages API with Basic auth and a status callback
 * to the same webhook.
 */
abstract class TwilioMessagingAdapter implements ChannelAdapter<TwilioCredentials> {
  abstract readonly kind: 'sms' | 'whatsapp';
  abstract readonly capabilities: ChannelCapabilities;
  readonly credentialsSchema = twilioCredentialsSchema;
  readonly secretFields: readonly string[] = TWILIO_SECRET_FIELDS;
  protected readonly api: TwilioApiClient;

  protected constructor(options: TwilioOptions) {
    this.api = new TwilioApiClient(options);
  }

  /** How an address is written on this channel (`+1…` or `whatsapp:+1…`). */
  protected abstract address(number: string): string;

  parseCredentials(configuracao: unknown): TwilioCredentials {
    const result = twilioCredentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        `Configuração do Twilio inválida${field === '' ? '' : `: ${field}: ${issue?.message ?? ''}`}`,
        { campo: field, problemas: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      );
    }
    return result.data;
  }

  verify(req: InboundHttpRequest, credentials: TwilioCredentials): VerifyResult {
    return verifyTwilioSignature(req, credentials.authToken);
  }

  routingKeys(): string[] {
    return [];
  }

  /** Not used for routing (the URL names the canal), but keeps two canais off the same sender. */
  routingKeyOf(credentials: TwilioCredentials): string {
    return `${credentials.accountSid}:${credentials.from ?? credentials.messagingServiceSid ?? ''}`;
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
    return parseTwilioWebhook(payload, ctx);
  }

  async send(credentials: TwilioCredentials, message: OutboundMessage): Promise<SendResult> {
    const params: [string, string][] = [['To', this.address(message.to)]];
    if (credentials.messagingServiceSid !== undefined) params.push(['MessagingServiceSid', credentials.messagingServiceSid]);
    else if (credentials.from !== undefined) params.push(['From', this.address(credentials.from)]);
    const { content } = message;
    switch (content.type) {
      case 'texto':
        params.push(['Body', content.text]);
        break;
      case 'localizacao': {
        const { latitude, longitude, name, address } = content.location;
        const text = [name, address, `https://www.google.com/maps?q=${latitude},${longitude}`]
          .filter((part): part is string => part !== undefined && part !== '')
          .join('\n');
        params.push(['Body', text]);
        break;
      }
      case 'midia':
        if (content.source.type !== 'link') {
          // The outbound pipeline turns our files into signed links (`mediaByLink`); bytes reach here only by mistake.
          throw refused('O Twilio só envia mídia por URL pública: defina ATENDE_PUBLIC_URL ou envie o arquivo como link.');
        }
        if (content.caption !== undefined && content.caption !== '') params.push(['Body', content.caption]);
        params.push(['MediaUrl', content.source.url]);
        break;
      case 'template': {
        if (this.kind !== 'whatsapp') throw refused('SMS não tem templates do provedor: envie o texto.');
        // Content API: the template is its ContentSid, the variables go by position ("1", "2"…).
        const variables: Record<string, string> = {};
        let position = 1;
        for (const component of content.components) {
          for (const parameter of component.parameters) {
            if (parameter.type !== 'text') continue;
            variables[parameter.parameterName ?? String(position)] = parameter.text;
            position += 1;
          }
        }
        params.push(['ContentSid', content.name]);
        if (Object.keys(variables).length > 0) params.push(['ContentVariables', JSON.stringify(variables)]);
        break;
      }
      case 'reacao':
        throw refused('O Twilio não envia reações.');
      case 'opcoes':
        throw refused('O Twilio não envia botões por aqui: envie o texto com as opções.');
    }
    if (message.callbackUrl !== undefined) params.push(['StatusCallback', message.callbackUrl]);
    try {
      const sent = await this.api.createMessage(credentials, params);
      return { externalId: sent.sid, ...(sent.status !== undefined ? { providerStatus: sent.status } : {}) };
    } catch (error) {
      if (error instanceof ChannelApiError) throw ChannelSendError.from(error);
      throw error;
    }
  }

  async downloadMedia(credentials: TwilioCredentials, ref: string): Promise<DownloadedMedia> {
    const file = await this.api.download(credentials, ref);
    return {
      data: file.data,
      mimeType: file.contentType?.split(';')[0].trim() || 'application/octet-stream',
      sizeBytes: file.data.byteLength,
      sha256: file.sha256,
    };
  }

  async checkStatus(credentials: TwilioCredentials): Promise<ChannelHealth> {
    try {
      const account = await this.api.fetchAccount(credentials);
      const details: Record<string, string> = { accountSid: account.sid };
      if (account.friendly_name !== undefined) details.friendlyName = account.friendly_name;
      if (account.status !== undefined) details.accountStatus = account.status;
      if (credentials.from !== undefined) details.from = credentials.from;
      if (account.status !== undefined && account.status !== 'active') {
        return {
          ok: false,
          code: 'permissao_insuficiente',
          message: `A conta do Twilio está ${account.status}.`,
          action: 'Reative a conta no console do Twilio.',
          details,
        };
      }
      return { ok: true, code: 'ok', message: 'Credenciais do Twilio válidas.', details };
    } catch (error) {
      if (!(error instanceof ChannelApiError)) throw error;
      const base = { ok: false as const, ...(error.providerError !== undefined ? { providerError: error.providerError } : {}) };
      if (error.category === 'autenticacao') {
        return {
          ...base,
          code: 'credenciais_invalidas',
          message: `Credenciais do Twilio recusadas: ${error.providerMessage}`,
          action: 'Confira o Account SID e o Auth Token no console do Twilio e atualize o canal.',
        };
      }
      return {
        ...base,
        code: 'provedor_indisponivel',
        message: `Não foi possível consultar o Twilio: ${error.providerMessage}`,
        action: 'Tente de novo em alguns minutos; se persistir, verifique TWILIO_API_URL e a conectividade do servidor.',
      };
    }
  }
}

/** SMS/MMS: no reply window; a long code sends about one segment per second, which is the default rate. */
@Injectable()
export class TwilioSmsAdapter extends TwilioMessagingAdapter {
  readonly kind = 'sms' as const;
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: null,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento'],
    maxMediaBytes: { imagem: 5 * MB, audio: 5 * MB, video: 5 * MB, documento: 5 * MB },
    maxTextLength: 1600,
    templates: false,
    readReceipts: false,
    typingIndicator: false,
    reactions: false,
    quotedReplies: false,
    rateLimitPerSecond: 1,
    webhookRouting: 'url',
    mediaByLink: true,
  };

  constructor(@Inject(TWILIO_OPTIONS) options: TwilioOptions) {
    super(options);
  }

  protected address(number: string): string {
    return number.startsWith('+') ? number : `+${number}`;
  }

  /** Twilio's per-number throughput counts segments, not messages. */
  sendCost(message: OutboundMessage): number {
    return message.content.type === 'texto' ? smsSegments(message.content.text) : 1;
  }
}

/** WhatsApp through Twilio (`provedor: "twilio"`): the WhatsApp 24 h window applies. */
@Injectable()
export class TwilioWhatsAppAdapter extends TwilioMessagingAdapter {
  readonly kind = 'whatsapp' as const;
  readonly provider = 'twilio';
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: 24 * HOUR_MS,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento'],
    maxMediaBytes: { imagem: 5 * MB, audio: 16 * MB, video: 16 * MB, documento: 16 * MB },
    maxTextLength: 1600,
    templates: true,
    readReceipts: false,
    typingIndicator: false,
    reactions: false,
    quotedReplies: false,
    rateLimitPerSecond: 20,
    webhookRouting: 'url',
    mediaByLink: true,
  };

  constructor(@Inject(TWILIO_OPTIONS) options: TwilioOptions) {
    super(options);
  }

  protected address(number: string): string {
    return `whatsapp:${number.startsWith('+') ? number : `+${number}`}`;
  }

  /** The account's Content API templates; a template is sent by its ContentSid, so that is its provider name. */
  async syncTemplates(credentials: TwilioCredentials): Promise<NormalizedTemplate[]> {
    return (await this.api.listContentAndApprovals(credentials)).map(templateDoConteudo);
  }
}

/** WhatsApp approval states of the Content API (`approval_requests.status`). */
const STATUS_DA_APROVACAO: Readonly<Record<string, TemplateStatus>> = {
  approved: 'aprovado',
  received: 'pendente',
  pending: 'pendente',
  unsubmitted: 'pendente',
  rejected: 'rejeitado',
  paused: 'pausado',
  disabled: 'desativado',
};

function templateDoConteudo(conteudo: TwilioContent): NormalizedTemplate {
  // `twilio/text` first; richer types (quick-reply, card…) carry the same body text.
  const tipos = Object.entries(conteudo.types ?? {}).sort(
    ([a], [b]) => Number(b === 'twilio/text') - Number(a === 'twilio/text'),
  );
  const corpo = tipos.map(([, tipo]) => tipo.body).find((texto): texto is string => typeof texto === 'string');
  const status = conteudo.approval_requests?.status ?? 'unsubmitted';
  const template: NormalizedTemplate = {
    externalId: conteudo.sid,
    name: conteudo.sid,
    displayName: conteudo.friendly_name ?? conteudo.approval_requests?.name ?? conteudo.sid,
    language: conteudo.language ?? 'pt_BR',
    status: STATUS_DA_APROVACAO[status] ?? 'outro',
    providerStatus: status,
    components: corpo === undefined ? [] : [{ type: 'body', text: corpo, variables: variablesOf(corpo) }],
  };
  const categoria = conteudo.approval_requests?.category;
  if (typeof categoria === 'string' && categoria !== '') template.category = categoria;
  return template;
}

function refused(providerMessage: string): ChannelSendError {
  return new ChannelSendError({
    transient: false,
    category: 'requisicao_invalida',
    providerCode: 'conteudo_nao_suportado',
    providerMessage,
  });
}
