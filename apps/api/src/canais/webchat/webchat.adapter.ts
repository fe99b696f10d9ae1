import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { WebchatMensagemDto } from '@atende/shared';
import { CanalErro, CanalException, ChannelApiError } from '../canal.exception.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  InboundPayload,
  MarkReadInput,
  MediaKind,
  NormalizedEvent,
  OutboundMessage,
  ParseContext,
  SendResult,
  VerifyResult,
} from '../channel-adapter.js';
import { parseJsonPayload } from '../webhook.util.js';
import { WebchatEntrega } from './webchat-entrega.js';
import {
  WEBCHAT_SECRET_FIELDS,
  WebchatIds,
  salaDoVisitante,
  webchatCredentialsSchema,
  webchatEventoSchema,
  type WebchatCredentials,
} from './webchat.types.js';

const MB = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The mensagem type a visitor's upload becomes, by its MIME type. */
export function tipoDaMidia(mimeType: string): MediaKind {
  const principal = mimeType.toLowerCase().split('/')[0];
  if (principal === 'image') return 'imagem';
  if (principal === 'audio') return 'audio';
  if (principal === 'video') return 'video';
  return 'documento';
}

/**
 * Pure: the stored visitor event → normalized events. A visitor's mensagem is a thread of its own (the
 * visitor id is the ticket's `conversa_chave`), so two visitors who typed the same e-mail share the contato
 * but never a conversation.
 */
export function parseWebchatEvento(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
  const resultado = webchatEventoSchema.safeParse(parseJsonPayload(payload));
  if (!resultado.success) {
    throw new CanalException(CanalErro.PAYLOAD_INVALIDO, `Evento do WebChat inválido: ${resultado.error.issues[0]?.message ?? ''}`);
  }
  const evento = resultado.data;
  const occurredAt = Number.isNaN(Date.parse(evento.em)) ? ctx.receivedAt : new Date(evento.em).toISOString();
  if (evento.tipo === 'status') {
    const externalId = WebchatIds.daMensagemDoAtendente(evento.visitanteId, evento.mensagemId);
    return [
      {
        kind: 'status',
        dedupId: `${externalId}:${evento.status}`,
        occurredAt,
        target: { type: 'mensagem', externalId },
        status: evento.status,
        recipientId: evento.visitanteId,
      },
    ];
  }
  const externalId = WebchatIds.daMensagemDoVisitante(evento.visitanteId, evento.mensagemId);
  const anexo = evento.anexo;
  const texto = evento.texto?.trim() ? evento.texto : undefined;
  return [
    {
      kind: 'message',
      dedupId: externalId,
      occurredAt,
      externalId,
      direction: 'entrada',
      sender: { externalId: evento.visitanteId, address: evento.visitanteId },
      type: anexo ? tipoDaMidia(anexo.mimeType) : 'texto',
      providerType: anexo ? 'anexo' : 'texto',
      ...(texto !== undefined ? { text: texto } : {}),
      ...(anexo
        ? {
            media: {
              kind: tipoDaMidia(anexo.mimeType),
              ref: `webchat:${externalId}`,
              mimeType: anexo.mimeType,
              ...(anexo.nome !== null ? { filename: anexo.nome } : {}),
              sizeBytes: anexo.tamanhoBytes,
              inlineBase64: anexo.base64,
            },
          }
        : {}),
      thread: { references: [], root: evento.visitanteId },
    },
  ];
}

/**
 * The visitor a send goes to. The ticket's thread key is the visitor id (`references[0]`), which names the
 * right browser even when the contato chatted from several; a ticket opened by an agent has no key, and then
 * the contato's webchat address is used.
 */
export function visitanteDoEnvio(message: OutboundMessage): string {
  const raiz = message.thread?.references[0];
  if (raiz !== undefined && UUID.test(raiz)) return raiz;
  return message.to;
}

/**
 * The website chat widget as a channel. There is no third-party API: the "provider" is our own `/webchat`
 * Socket.IO namespace. Visitor messages enter through the public visitor API, which stores them as raw inbound
 * events (the shared pipeline parses them here), and sends are emissions to the visitor's room.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter<WebchatCredentials> {
  readonly kind = 'webchat' as const;
  readonly credentialsSchema = webchatCredentialsSchema;
  readonly secretFields: readonly string[] = WEBCHAT_SECRET_FIELDS;
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: null,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento'],
    maxMediaBytes: { imagem: 16 * MB, audio: 16 * MB, video: 16 * MB, documento: 16 * MB },
    maxTextLength: 4096,
    templates: false,
    readReceipts: true,
    typingIndicator: true,
    reactions: false,
    quotedReplies: false,
    rateLimitPerSecond: 100,
    webhookRouting: 'url',
    threads: true,
  };

  constructor(@Inject(WebchatEntrega) private readonly entrega: WebchatEntrega) {}

  parseCredentials(configuracao: unknown): WebchatCredentials {
    const result = this.credentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        `Configuração do WebChat inválida: ${field === '' ? '' : `${field}: `}${issue?.message ?? ''}`,
        { campo: field },
      );
    }
    return result.data;
  }

  /** Visitors never post to the webhook route: they use the visitor API with a signed token. */
  verify(): VerifyResult {
    return {
      ok: false,
      reason: 'requisicao_invalida',
      detail: 'O WebChat não recebe webhooks: o widget usa /api/atendimento/webchat/:chavePublica.',
    };
  }

  routingKeys(): string[] {
    return [];
  }

  routingKeyOf(credentials: WebchatCredentials): string {
    return credentials.chavePublica;
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): NormalizedEvent[] {
    return parseWebchatEvento(payload, ctx);
  }

  async send(_credentials: WebchatCredentials, message: OutboundMessage): Promise<SendResult> {
    const visitanteId = visitanteDoEnvio(message);
    const id = message.reference ?? randomUUID();
    const dto: WebchatMensagemDto = {
      id,
      autor: 'atendente',
      tipo: 'texto',
      texto: null,
      anexo: null,
      status: 'enviada',
      em: new Date().toISOString(),
    };
    const conteudo = message.content;
    switch (conteudo.type) {
      case 'texto':
        dto.texto = conteudo.text;
        break;
      case 'midia': {
        const fonte = conteudo.source;
        dto.tipo = conteudo.kind;
        dto.texto = conteudo.caption ?? null;
        dto.anexo = {
          nome: conteudo.filename ?? (fonte.type === 'upload' ? fonte.filename : null),
          mimeType: fonte.type === 'upload' ? fonte.mimeType : 'application/octet-stream',
          tamanhoBytes: fonte.type === 'upload' ? fonte.data.byteLength : 0,
        };
        break;
      }
      case 'localizacao': {
        const { latitude, longitude, name } = conteudo.location;
        dto.texto = `${name ? `${name}: ` : ''}https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}`;
        break;
      }
      default:
        throw new CanalException(CanalErro.CONTEUDO_NAO_SUPORTADO, `O WebChat não envia conteúdo do tipo ${conteudo.type}.`);
    }
    this.entrega.emitir(salaDoVisitante(visitanteId), 'mensagem', dto);
    return { externalId: WebchatIds.daMensagemDoAtendente(visitanteId, id), recipientId: visitanteId };
  }

  /** Visitor uploads travel inside the event (`inlineBase64`): there is nothing to fetch. */
  downloadMedia(_credentials: WebchatCredentials, ref: string): Promise<DownloadedMedia> {
    return Promise.reject(
      new ChannelApiError({
        transient: false,
        category: 'midia',
        providerCode: 'webchat_sem_midia_remota',
        providerMessage: `O WebChat não tem mídia remota para baixar (${ref}).`,
      }),
    );
  }

  /** An agent read the visitor's mensagens up to this one: the widget shows the read ticks. */
  async markRead(_credentials: WebchatCredentials, input: MarkReadInput): Promise<void> {
    const ids = WebchatIds.separarDoVisitante(input.externalId);
    if (ids !== null) this.entrega.emitir(salaDoVisitante(ids.visitanteId), 'lida', { ate: ids.mensagemId });
  }

  checkStatus(credentials: WebchatCredentials): Promise<ChannelHealth> {
    return Promise.resolve({
      ok: true,
      code: 'ok',
      message: 'WebChat pronto: cole o snippet do widget nas páginas das origens permitidas.',
      details: { chavePublica: credentials.chavePublica, origensPermitidas: credentials.origensPermitidas.join(', ') },
    });
  }
}
