import { createPublicKey, randomBytes, verify as verificarAssinatura } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { CanalErro, CanalException, ChannelApiError, ChannelSendError, type ChannelErrorCategory } from '../canal.exception.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  DownloadedMedia,
  InboundHttpRequest,
  InboundPayload,
  NormalizedEvent,
  OutboundMessage,
  ParseContext,
  SendResult,
  VerifyResult,
} from '../channel-adapter.js';
import { fetchWithTimeout, readText } from '../provider-http.util.js';
import { headerValue } from '../webhook.util.js';
import { htmlDoTexto } from './email-conteudo.js';
import { parseEmail, snsDoPayload } from './email-inbound.parser.js';
import {
  dominioDeResposta,
  EMAIL_OPTIONS,
  EMAIL_SECRET_FIELDS,
  emailCredentialsSchema,
  type EmailCredentials,
  type EmailOptions,
} from './email.types.js';
import { SnsVerifier, urlSnsConfiavel } from './sns-verifier.js';

const MB = 1024 * 1024;

/** SendGrid signs `timestamp + body`; older timestamps are replays. */
const JANELA_SENDGRID_MS = 10 * 60_000;

@Injectable()
export class EmailAdapter implements ChannelAdapter<EmailCredentials> {
  private readonly logger = new Logger(EmailAdapter.name);
  readonly kind = 'email' as const;
  readonly credentialsSchema = emailCredentialsSchema;
  readonly secretFields: readonly string[] = EMAIL_SECRET_FIELDS;
  readonly capabilities: ChannelCapabilities = {
    replyWindowMs: null,
    humanAgentWindowMs: null,
    mediaKinds: ['imagem', 'audio', 'video', 'documento'],
    // What most receiving servers accept once base64 adds its third.
    maxMediaBytes: { imagem: 18 * MB, audio: 18 * MB, video: 18 * MB, documento: 18 * MB },
    maxTextLength: 200_000,
    templates: false,
    readReceipts: false,
    typingIndicator: false,
    reactions: false,
    quotedReplies: true,
    rateLimitPerSecond: 5,
    webhookRouting: 'url',
    threads: true,
  };

  private readonly sns: SnsVerifier;

  constructor(@Inject(EMAIL_OPTIONS) private readonly options: EmailOptions) {
    this.sns = new SnsVerifier(options.snsCertBaseUrl, options.timeoutMs);
  }

  parseCredentials(configuracao: unknown): EmailCredentials {
    const result = this.credentialsSchema.safeParse(configuracao);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        field === '' ? 'Configuração de e-mail inválida.' : `Configuração de e-mail inválida: ${field}: ${issue?.message ?? ''}`,
        { campo: field, problemas: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      );
    }
    return result.data;
  }

  /**
   * SendGrid: the Signed Webhook's ECDSA signature over timestamp + raw body. SES: the SNS message signature
   * (certificate from Amazon's SNS host only) and the canal's topic. IMAP-polled mail never comes through here.
   */
  async verify(req: InboundHttpRequest, credentials: EmailCredentials): Promise<VerifyResult> {
    if (credentials.entrada === 'sendgrid') return verificarSendGrid(req, credentials.sendgridVerificationKey);
    if (credentials.entrada !== 'ses' || credentials.snsTopicArn === undefined) {
      return { ok: false, reason: 'segredo_nao_configurado', detail: 'Este canal de e-mail não recebe por webhook.' };
    }
    const mensagem = snsDoPayload({ contentType: 'application/json', body: req.rawBody });
    if (mensagem === null) return { ok: false, reason: 'requisicao_invalida', detail: 'O corpo não é uma mensagem do Amazon SNS.' };
    const tipo = headerValue(req.headers, 'x-amz-sns-message-type');
    if (tipo !== undefined && tipo !== mensagem.Type) {
      return { ok: false, reason: 'assinatura_invalida', detail: 'x-amz-sns-message-type difere do corpo.' };
    }
    if (mensagem.TopicArn !== credentials.snsTopicArn) {
      return { ok: false, reason: 'assinatura_invalida', detail: 'Mensagem de um tópico SNS que não é o deste canal.' };
    }
    const resultado = await this.sns.verificar(mensagem);
    if (resultado.ok && mensagem.Type === 'SubscriptionConfirmation') await this.confirmarAssinatura(mensagem.SubscribeURL);
    return resultado;
  }

  /** The canal id is in the webhook URL. */
  routingKeys(): string[] {
    return [];
  }

  /** Two canais sending as the same address would answer each other's threads. */
  routingKeyOf(credentials: EmailCredentials): string {
    return credentials.fromAddress;
  }

  parseInbound(payload: InboundPayload, ctx: ParseContext): Promise<NormalizedEvent[]> {
    return parseEmail(payload, ctx);
  }

  /**
   * One SMTP message per mensagem. Our Message-ID is `<token@replyDomain>` and the Reply-To
   * `reply+token@replyDomain`: a reply finds its ticket by In-Reply-To/References or, when a client or relay
   * (SES) rewrote the headers, by the address it was sent to. The external id is the Message-ID without
   * brackets, which is what customers' replies reference.
   */
  async send(credentials: EmailCredentials, message: OutboundMessage): Promise<SendResult> {
    const dominio = dominioDeResposta(credentials);
    const token = randomBytes(16).toString('hex');
    const messageId = `${token}@${dominio}`;
    const referencias = [...(message.thread?.references ?? [])];
    if (message.replyToExternalId !== undefined && !referencias.includes(message.replyToExternalId)) {
      referencias.push(message.replyToExternalId);
    }
    const emResposta = message.replyToExternalId ?? referencias.at(-1);
    const assunto = assuntoDe(message.thread?.subject ?? null, referencias.length > 0);
    const email: Mail.Options = {
      from: { name: credentials.fromName ?? credentials.fromAddress, address: credentials.fromAddress },
      to: message.to,
      replyTo: { name: credentials.fromName ?? credentials.fromAddress, address: `reply+${token}@${dominio}` },
      subject: assunto,
      messageId: `<${messageId}>`,
      ...(emResposta !== undefined ? { inReplyTo: `<${emResposta}>` } : {}),
      // The chain is capped like mail clients do: the first message and the most recent ones.
      ...(referencias.length > 0 ? { references: capar(referencias).map((id) => `<${id}>`) } : {}),
      headers: { 'Auto-Submitted': 'no' },
    };
    const content = message.content;
    switch (content.type) {
      case 'texto':
        email.text = content.text;
        email.html = htmlDoTexto(content.text);
        break;
      case 'midia': {
        if (content.caption !== undefined) {
          email.text = content.caption;
          email.html = htmlDoTexto(content.caption);
        } else {
          email.text = '';
        }
        const source = content.source;
        if (source.type === 'provider') throw invalid('E-mail não tem mídia hospedada no provedor; envie o arquivo.');
        email.attachments = [
          source.type === 'upload'
            ? { filename: content.filename ?? source.filename, content: Buffer.from(source.data), contentType: source.mimeType }
            : { filename: content.filename ?? nomeDaUrl(source.url), path: source.url },
        ];
        break;
      }
      case 'localizacao': {
        const { latitude, longitude, name, address } = content.location;
        const texto = [name, address, `https://www.google.com/maps?q=${latitude},${longitude}`].filter(Boolean).join('\n');
        email.text = texto;
        email.html = htmlDoTexto(texto);
        break;
      }
      case 'template':
        throw invalid('E-mail não tem templates de mensagem do provedor; envie texto.');
      case 'reacao':
        throw invalid('E-mail não tem reações.');
      case 'opcoes':
        throw invalid('E-mail não tem botões: envie o texto com as opções.');
    }
    const transporte = this.transporte(credentials);
    try {
      const info = (await transporte.sendMail(email)) as { accepted?: unknown[]; rejected?: unknown[]; response?: string };
      if ((info.accepted ?? []).length === 0 && (info.rejected ?? []).length > 0) {
        throw new ChannelSendError({
          transient: false,
          category: 'destinatario_indisponivel',
          providerCode: 'recusado',
          providerMessage: `O servidor SMTP recusou o destinatário ${message.to}`,
        });
      }
      return { externalId: messageId, recipientId: message.to, ...(info.response !== undefined ? { providerStatus: info.response.slice(0, 200) } : {}) };
    } catch (error) {
      if (error instanceof ChannelSendError) throw error;
      throw ChannelSendError.from(erroSmtp(error));
    } finally {
      transporte.close();
    }
  }

  /** Inbound attachments carry their bytes (`NormalizedMedia.inlineBase64`): there is nothing to fetch. */
  downloadMedia(): Promise<DownloadedMedia> {
    return Promise.reject(
      new ChannelApiError({
        transient: false,
        category: 'midia',
        providerCode: 'sem_download',
        providerMessage: 'Anexos de e-mail não são baixados por referência.',
      }),
    );
  }

  /** Connects and authenticates to the SMTP server without sending anything. */
  async checkStatus(credentials: EmailCredentials): Promise<ChannelHealth> {
    const transporte = this.transporte(credentials);
    try {
      await transporte.verify();
      return {
        ok: true,
        code: 'ok',
        message: 'Servidor SMTP aceitou a conexão e as credenciais.',
        details: { smtpHost: credentials.smtpHost, entrada: credentials.entrada },
      };
    } catch (error) {
      const erro = erroSmtp(error);
      if (erro.category === 'autenticacao') {
        return {
          ok: false,
          code: 'credenciais_invalidas',
          message: `O servidor SMTP recusou o usuário ou a senha: ${erro.providerMessage}`,
          action: 'Confira smtpUser e smtpPassword (muitos provedores exigem uma senha de aplicativo).',
        };
      }
      return {
        ok: false,
        code: 'provedor_indisponivel',
        message: `Não foi possível falar com o servidor SMTP: ${erro.providerMessage}`,
        action: 'Confira smtpHost, smtpPort e smtpSecure e se o servidor aceita conexões deste endereço.',
      };
    } finally {
      transporte.close();
    }
  }

  private transporte(credentials: EmailCredentials): Transporter {
    return nodemailer.createTransport({
      host: credentials.smtpHost,
      port: credentials.smtpPort,
      secure: credentials.smtpSecure,
      ...(credentials.smtpUser !== undefined ? { auth: { user: credentials.smtpUser, pass: credentials.smtpPassword ?? '' } } : {}),
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: false,
    });
  }

  /** SNS activates an HTTPS subscription only after its SubscribeURL is visited (an Amazon host, checked). */
  private async confirmarAssinatura(subscribeUrl: string | undefined): Promise<void> {
    const url = subscribeUrl === undefined ? null : urlSnsConfiavel(subscribeUrl, false);
    if (url === null) {
      this.logger.warn('confirmação de assinatura SNS sem SubscribeURL da Amazon: ignorada');
      return;
    }
    try {
      const resposta = await fetchWithTimeout(this.sns.enderecoReal(url), { method: 'GET' }, this.options.timeoutMs, 'confirmar a assinatura SNS');
      await readText(resposta, 'confirmar a assinatura SNS');
      if (!resposta.ok) this.logger.warn({ status: resposta.status }, 'o SNS recusou a confirmação da assinatura');
    } catch (error) {
      this.logger.warn({ erro: error instanceof Error ? error.message : String(error) }, 'confirmação de assinatura SNS falhou');
    }
  }
}

function verificarSendGrid(req: InboundHttpRequest, chave: string | undefined): VerifyResult {
  if (chave === undefined) return { ok: false, reason: 'segredo_nao_configurado', detail: 'O canal não tem sendgridVerificationKey.' };
  const assinatura = headerValue(req.headers, 'x-twilio-email-event-webhook-signature');
  const timestamp = headerValue(req.headers, 'x-twilio-email-event-webhook-timestamp');
  if (assinatura === undefined || assinatura === '' || timestamp === undefined || timestamp === '') {
    return { ok: false, reason: 'assinatura_ausente', detail: 'Cabeçalhos X-Twilio-Email-Event-Webhook-Signature/-Timestamp ausentes.' };
  }
  let valida: boolean;
  try {
    const publica = createPublicKey({ key: Buffer.from(chave, 'base64'), format: 'der', type: 'spki' });
    valida = verificarAssinatura('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), req.rawBody]), publica, Buffer.from(assinatura, 'base64'));
  } catch {
    valida = false;
  }
  if (!valida) return { ok: false, reason: 'assinatura_invalida', detail: 'A assinatura do SendGrid não confere com o corpo.' };
  const segundos = Number(timestamp);
  if (!Number.isFinite(segundos) || Math.abs(Date.now() - segundos * 1000) > JANELA_SENDGRID_MS) {
    return { ok: false, reason: 'assinatura_invalida', detail: 'Timestamp do SendGrid fora da janela de 10 minutos (reenvio antigo?).' };
  }
  return { ok: true };
}

/** "Re: <ticket subject>" for replies; a ticket without subject still gets one (spam filters dislike none). */
function assuntoDe(assunto: string | null, resposta: boolean): string {
  const base = assunto !== null && assunto.trim() !== '' ? assunto.trim() : 'Atendimento';
  if (!resposta || /^(re|res|aw|sv)\s*:/i.test(base)) return base;
  return `Re: ${base}`;
}

function capar(referencias: string[]): string[] {
  return referencias.length <= 20 ? referencias : [referencias[0], ...referencias.slice(-19)];
}

function nomeDaUrl(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'anexo';
  } catch {
    return 'anexo';
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

/** nodemailer errors: SMTP replies carry `responseCode` (4xx transient, 5xx permanent), sockets a `code`. */
export function erroSmtp(error: unknown): ChannelApiError {
  const campos = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const responseCode = typeof campos.responseCode === 'number' ? campos.responseCode : undefined;
  const code = typeof campos.code === 'string' ? campos.code : undefined;
  const texto = typeof campos.response === 'string' ? campos.response : error instanceof Error ? error.message : String(error);
  if (responseCode !== undefined) {
    let category: ChannelErrorCategory = 'desconhecido';
    if (responseCode === 421 || responseCode === 450 || responseCode === 451 || responseCode === 452) category = 'provedor_indisponivel';
    else if (responseCode === 535 || responseCode === 530 || responseCode === 534) category = 'autenticacao';
    else if (responseCode === 550 || responseCode === 551 || responseCode === 553) category = 'destinatario_indisponivel';
    else if (responseCode === 552 || responseCode === 554) category = 'requisicao_invalida';
    return new ChannelApiError({
      transient: responseCode >= 400 && responseCode < 500,
      category,
      providerCode: String(responseCode),
      providerMessage: texto.slice(0, 500),
      providerError: { code: String(responseCode), title: texto.slice(0, 200) },
    });
  }
  if (code === 'EAUTH') {
    return new ChannelApiError({ transient: false, category: 'autenticacao', providerCode: 'EAUTH', providerMessage: texto.slice(0, 500) });
  }
  return new ChannelApiError({
    transient: true,
    category: 'rede',
    providerCode: code ?? 'network',
    providerMessage: `Falha de rede ao falar com o servidor SMTP: ${texto.slice(0, 300)}`,
    cause: error,
  });
}
