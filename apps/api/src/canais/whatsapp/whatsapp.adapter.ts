import { Inject, Injectable } from '@nestjs/common';
import { CanalErro, CanalException, ChannelApiError, ChannelSendError } from '../canal.exception.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  HandshakeResult,
  InboundHttpRequest,
  InboundPayload,
  MarkReadInput,
  MediaKind,
  NormalizedEvent,
  NormalizedTemplate,
  NormalizedTemplateComponent,
  OutboundContent,
  OutboundMediaSource,
  OutboundMessage,
  ParseContext,
  SendResult,
  TemplateComponentInput,
  TemplateParameter,
  TemplateStatus,
  VerifyResult,
} from '../channel-adapter.js';
import { metaHandshake, verifyMetaSignature } from '../webhook.util.js';
import { WhatsAppGraphClient } from './whatsapp-graph.client.js';
import { parseWhatsAppWebhook, whatsAppRoutingKeys } from './whatsapp-inbound.parser.js';
import {
  WHATSAPP_SECRET_FIELDS,
  whatsAppCredentialsSchema,
  type WaInteractive,
  type WaMediaObject,
  type WaSendRequest,
  type WaTemplate,
  type WaTemplateComponent,
  type WaTemplateParameter,
  type WhatsAppCredentials,
} from './whatsapp.types.js';

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

/** Business-scoped user ids look like `US.13491208655302741918` (country, dot, id); phone ids are digits. */
const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9.]+$/;

const MEDIA_FIELD: Readonly<Record<MediaKind, 'image' | 'audio' | 'video' | 'document' | 'sticker'>> = {
  imagem: 'image',
  audio: 'audio',
  video: 'video',
  documento: 'document',
  sticker: 'sticker',
};

const TEMPLATE_STATUS: Readonly<Record<string, TemplateStatus>> = {
  APPROVED: 'aprovado',
  PENDING: 'pendente',
  IN_APPEAL: 'pendente',
  PENDING_DELETION: 'desativado',
  REJECTED: 'rejeitado',
  PAUSED: 'pausado',
  DISABLED: 'desativado',
  DELETED: 'desativado',
  LIMIT_EXCEEDED: 'desativado',
  ARCHIVED: 'desativado',
};

@Injectable()
export class WhatsAppAdapter implements ChannelAdapter<WhatsAppCredentials> {
  readonly kind = 'whatsapp' as const;
  readonly credentialsSchema = whatsAppCredentialsSchema;
  readonly secretFields: readonly string[] = WHATSAPP_SECRET_FIELDS;
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: 24 * HOUR_MS,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento', 'sticker'],
    maxMediaBytes: { imagem: 5 * MB, audio: 16 * MB, video: 16 * MB, documento: 100 * MB, sticker: 500 * 1024 },
    maxTextLength: 4096,
    templates: true,
    readReceipts: true,
    typingIndicator: true,
    reactions: true,
    quotedReplies: true,
    rateLimitPerSecond: 80,
    webhookRouting: 'payload',
    // Up to 3 choices go as reply buttons, up to 10 as a list message (row titles up to 24 characters).
    options: { maxOptions: 10, maxTitleLength: 24 },
  };

  constructor(@Inject(WhatsAppGraphClient) private readonly graph: WhatsAppGraphClient) {}

  parseCredentials(configuracao: unknown): WhatsAppCredentials {
    const result = this.credentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        field === ''
          ? 'Configuração do WhatsApp inválida.'
          : `Configuração do WhatsApp inválida: ${field}: ${issue?.message ?? ''}`,
        { campo: field, problemas: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      );
    }
    return result.data;
  }

  verify(req: InboundHttpRequest, credentials: WhatsAppCredentials): VerifyResult {
    return verifyMetaSignature(req, credentials.appSecret);
  }

  handshake(query: InboundHttpRequest['query'], credentials: WhatsAppCredentials): HandshakeResult {
    return metaHandshake(query, credentials.verifyToken);
  }

  routingKeys(payload: InboundPayload): string[] {
    return whatsAppRoutingKeys(payload);
  }

  routingKeyOf(credentials: WhatsAppCredentials): string {
    return credentials.phoneNumberId;
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
    return parseWhatsAppWebhook(payload, ctx);
  }

  async send(credentials: WhatsAppCredentials, message: OutboundMessage): Promise<SendResult> {
    try {
      const body = await this.buildSendRequest(credentials, message);
      const response = await this.graph.sendMessage(credentials, body);
      const sent = response.messages[0];
      const result: SendResult = { externalId: sent.id };
      if (sent.message_status !== undefined) result.providerStatus = sent.message_status;
      const recipient = response.contacts?.[0]?.wa_id ?? response.contacts?.[0]?.user_id;
      if (recipient !== undefined) result.recipientId = recipient;
      return result;
    } catch (error) {
      if (error instanceof ChannelApiError) throw ChannelSendError.from(error);
      throw error;
    }
  }

  async downloadMedia(credentials: WhatsAppCredentials, ref: string): Promise<DownloadedMedia> {
    const info = await this.graph.getMediaInfo(credentials, ref);
    const file = await this.graph.downloadMediaUrl(credentials, info.url);
    // GET /{media-id} gives the hex SHA-256 of the file: a mismatch means a truncated/corrupted download.
    if (info.sha256 !== undefined && /^[0-9a-f]{64}$/i.test(info.sha256) && info.sha256.toLowerCase() !== file.sha256) {
      throw new ChannelApiError({
        transient: true,
        category: 'midia',
        providerCode: 'sha256_divergente',
        providerMessage: `A mídia ${ref} baixada não confere com o SHA-256 informado pelo Graph`,
      });
    }
    return {
      data: file.data,
      mimeType: info.mime_type,
      sizeBytes: file.data.byteLength,
      sha256: file.sha256,
    };
  }

  async markRead(credentials: WhatsAppCredentials, input: MarkReadInput): Promise<void> {
    await this.graph.markRead(credentials, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: input.externalId,
      ...(input.typing === true ? { typing_indicator: { type: 'text' as const } } : {}),
    });
  }

  async checkStatus(credentials: WhatsAppCredentials): Promise<ChannelHealth> {
    try {
      const phone = await this.graph.getPhoneNumber(credentials);
      const waba = await this.graph.getBusinessAccount(credentials);
      const details: Record<string, string> = { phoneNumberId: phone.id, businessAccountId: waba.id };
      if (phone.display_phone_number !== undefined) details.displayPhoneNumber = phone.display_phone_number;
      if (phone.verified_name !== undefined) details.verifiedName = phone.verified_name;
      if (phone.quality_rating !== undefined) details.qualityRating = phone.quality_rating;
      if (phone.throughput?.level !== undefined) details.throughput = phone.throughput.level;
      if (waba.name !== undefined) details.businessAccountName = waba.name;
      return { ok: true, code: 'ok', message: 'Credenciais do WhatsApp válidas.', details };
    } catch (error) {
      if (!(error instanceof ChannelApiError)) throw error;
      return healthFromError(error);
    }
  }

  async syncTemplates(credentials: WhatsAppCredentials): Promise<NormalizedTemplate[]> {
    const templates = await this.graph.listTemplates(credentials);
    return templates.map(toNormalizedTemplate);
  }

  private async buildSendRequest(credentials: WhatsAppCredentials, message: OutboundMessage): Promise<WaSendRequest> {
    const base = {
      messaging_product: 'whatsapp' as const,
      recipient_type: 'individual' as const,
      // Customers hidden behind a username are only reachable by BSUID.
      ...(BSUID_PATTERN.test(message.to) ? { recipient: message.to } : { to: message.to }),
      ...(message.replyToExternalId !== undefined ? { context: { message_id: message.replyToExternalId } } : {}),
    };
    const content: OutboundContent = message.content;
    switch (content.type) {
      case 'texto':
        return { ...base, type: 'text', text: { body: content.text, preview_url: content.previewUrl ?? false } };
      case 'midia': {
        const media: WaMediaObject = await this.mediaObject(credentials, content.source);
        // WhatsApp rejects captions on audio and stickers, and filenames on anything but documents.
        if (
          content.caption !== undefined &&
          (content.kind === 'imagem' || content.kind === 'video' || content.kind === 'documento')
        ) {
          media.caption = content.caption;
        }
        const filename = content.filename ?? (content.source.type === 'upload' ? content.source.filename : undefined);
        if (content.kind === 'documento' && filename !== undefined) media.filename = filename;
        switch (MEDIA_FIELD[content.kind]) {
          case 'image':
            return { ...base, type: 'image', image: media };
          case 'audio':
            return { ...base, type: 'audio', audio: media };
          case 'video':
            return { ...base, type: 'video', video: media };
          case 'document':
            return { ...base, type: 'document', document: media };
          case 'sticker':
            return { ...base, type: 'sticker', sticker: media };
        }
        break;
      }
      case 'template':
        return {
          ...base,
          type: 'template',
          template: {
            name: content.name,
            language: { code: content.language },
            ...(content.components.length > 0 ? { components: content.components.map(toWaComponent) } : {}),
          },
        };
      case 'localizacao': {
        const { latitude, longitude, name, address } = content.location;
        return {
          ...base,
          type: 'location',
          location: {
            latitude,
            longitude,
            ...(name !== undefined ? { name } : {}),
            ...(address !== undefined ? { address } : {}),
          },
        };
      }
      case 'reacao':
        // An empty emoji removes our reaction.
        return { ...base, type: 'reaction', reaction: { message_id: content.targetExternalId, emoji: content.emoji ?? '' } };
      case 'opcoes':
        return { ...base, type: 'interactive', interactive: interativaWhatsApp(content) };
    }
    throw new ChannelSendError({
      transient: false,
      category: 'requisicao_invalida',
      providerCode: 'conteudo_nao_suportado',
      providerMessage: 'Tipo de conteúdo não suportado pelo WhatsApp',
    });
  }

  private async mediaObject(credentials: WhatsAppCredentials, source: OutboundMediaSource): Promise<WaMediaObject> {
    switch (source.type) {
      case 'link':
        return { link: source.url };
      case 'provider':
        return { id: source.id };
      case 'upload':
        return { id: await this.graph.uploadMedia(credentials, source) };
    }
  }
}

function toWaComponent(component: TemplateComponentInput): WaTemplateComponent {
  const result: WaTemplateComponent = { type: component.type, parameters: component.parameters.map(toWaParameter) };
  if (component.subType !== undefined) result.sub_type = component.subType;
  if (component.index !== undefined) result.index = String(component.index);
  return result;
}

function toWaParameter(parameter: TemplateParameter): WaTemplateParameter {
  switch (parameter.type) {
    case 'text':
      return parameter.parameterName !== undefined
        ? { type: 'text', text: parameter.text, parameter_name: parameter.parameterName }
        : { type: 'text', text: parameter.text };
    case 'payload':
      return { type: 'payload', payload: parameter.payload };
    case 'imagem':
    case 'video':
    case 'documento': {
      const media: WaMediaObject =
        parameter.source.type === 'link' ? { link: parameter.source.url } : { id: parameter.source.id };
      if (parameter.type === 'imagem') return { type: 'image', image: media };
      if (parameter.type === 'video') return { type: 'video', video: media };
      if (parameter.filename !== undefined) media.filename = parameter.filename;
      return { type: 'document', document: media };
    }
  }
}

const VARIABLE_PATTERN = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** WhatsApp template placeholders (`{{1}}`, `{{nome}}`) in order of first appearance; Twilio's Content API uses the same. */
export function variablesOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names: string[] = [];
  for (const match of text.matchAll(VARIABLE_PATTERN)) {
    if (!names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

export function toNormalizedTemplate(template: WaTemplate): NormalizedTemplate {
  const components: NormalizedTemplateComponent[] = [];
  for (const component of template.components) {
    const type = component.type.toLowerCase();
    if (type !== 'header' && type !== 'body' && type !== 'footer' && type !== 'buttons') continue;
    const normalized: NormalizedTemplateComponent = { type, variables: variablesOf(component.text) };
    if (component.format !== undefined) normalized.format = component.format;
    if (component.text !== undefined) normalized.text = component.text;
    if (component.buttons !== undefined) {
      normalized.buttons = component.buttons.map((b) => {
        const button: NonNullable<NormalizedTemplateComponent['buttons']>[number] = { type: b.type, text: b.text };
        if (b.url !== undefined) button.url = b.url;
        if (b.phone_number !== undefined) button.phoneNumber = b.phone_number;
        return button;
      });
      normalized.variables = component.buttons.flatMap((b) => variablesOf(b.url));
    }
    components.push(normalized);
  }
  const result: NormalizedTemplate = {
    externalId: template.id,
    name: template.name,
    language: template.language,
    status: TEMPLATE_STATUS[template.status] ?? 'outro',
    providerStatus: template.status,
    components,
  };
  if (template.category !== undefined) result.category = template.category;
  return result;
}

const TOKEN_ACTION =
  'Gere um novo token de acesso permanente (usuário do sistema no Meta Business Manager, com as permissões ' +
  'whatsapp_business_messaging e whatsapp_business_management) e atualize o accessToken do canal.';

export function healthFromError(error: ChannelApiError): ChannelHealth {
  const base = { ok: false as const, ...(error.providerError !== undefined ? { providerError: error.providerError } : {}) };
  if (error.providerCode === '190') {
    return {
      ...base,
      code: 'token_expirado',
      message: `Token de acesso do WhatsApp expirado ou invalidado: ${error.providerMessage}`,
      action: TOKEN_ACTION,
    };
  }
  switch (error.category) {
    case 'autenticacao':
      return {
        ...base,
        code: 'credenciais_invalidas',
        message: `Credenciais do WhatsApp recusadas: ${error.providerMessage}`,
        action: TOKEN_ACTION,
      };
    case 'permissao':
      return {
        ...base,
        code: 'permissao_insuficiente',
        message: `O token não tem permissão sobre este número ou conta: ${error.providerMessage}`,
        action:
          'Dê ao usuário do sistema acesso ao WhatsApp Business Account e às permissões whatsapp_business_messaging/management.',
      };
    case 'requisicao_invalida':
      return {
        ...base,
        code: 'recurso_nao_encontrado',
        message: `phoneNumberId ou businessAccountId não encontrado: ${error.providerMessage}`,
        action: 'Confira o Phone number ID e o WhatsApp Business Account ID em WhatsApp > Configuração da API no painel da Meta.',
      };
    default:
      return {
        ...base,
        code: 'provedor_indisponivel',
        message: `Não foi possível consultar o Graph API: ${error.providerMessage}`,
        action: 'Tente de novo em alguns minutos; se persistir, verifique WHATSAPP_API_URL e a conectividade do servidor.',
      };
  }
}

/**
 * WhatsApp's interactive messages: up to 3 choices as reply buttons (titles cut to 20 characters), more as a
 * list message behind one button (up to 10 rows).
 */
export function interativaWhatsApp(content: Extract<OutboundContent, { type: 'opcoes' }>): WaInteractive {
  const body = { text: content.text.slice(0, 1024) };
  if (content.options.length <= 3) {
    return {
      type: 'button',
      body,
      action: {
        buttons: content.options.map((opcao) => ({ type: 'reply' as const, reply: { id: opcao.id, title: opcao.title.slice(0, 20) } })),
      },
    };
  }
  return {
    type: 'list',
    body,
    action: {
      button: (content.buttonLabel ?? 'Ver opções').slice(0, 20),
      sections: [{ rows: content.options.slice(0, 10).map((opcao) => ({ id: opcao.id, title: opcao.title.slice(0, 24) })) }],
    },
  };
}
