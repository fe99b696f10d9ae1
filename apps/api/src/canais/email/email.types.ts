import { z } from 'zod';

export const EMAIL_OPTIONS = Symbol('EMAIL_OPTIONS');

/** Wired from the environment (`EMAIL_SNS_CERT_BASE_URL`, …) by the config module. */
export interface EmailOptions {
  /**
   * Where SNS signing certificates are fetched from. The `SigningCertURL` of a message is always validated
   * (https, `sns.<region>.amazonaws.com`, `.pem`); this only replaces its origin (tests serve the fixture cert).
   */
  snsCertBaseUrl?: string;
  /** SMTP connection, greeting and socket timeouts; also the certificate fetch timeout. */
  timeoutMs: number;
}

export const DEFAULT_EMAIL_OPTIONS: EmailOptions = { timeoutMs: 20_000 };

/** How mail reaches the canal: IMAP polling of a mailbox, SendGrid Inbound Parse, or Amazon SES through SNS. */
export const EMAIL_ENTRADAS = ['imap', 'sendgrid', 'ses'] as const;

const hostname = (campo: string) =>
  z
    .string({ error: `${campo} é obrigatório` })
    .trim()
    .min(1, `${campo} é obrigatório`)
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$/, `${campo} deve ser um nome de host ou IP`);

const porta = (campo: string) =>
  z.coerce
    .number({ error: `${campo} deve ser um número` })
    .int(`${campo} deve ser inteiro`)
    .min(1, `${campo} deve estar entre 1 e 65535`)
    .max(65_535, `${campo} deve estar entre 1 e 65535`);

/**
 * Flat on purpose: the canal service encrypts and masks top-level secret fields (`smtpPassword`,
 * `imapPassword`).
 */
export const emailCredentialsSchema = z
  .object({
    fromAddress: z.email({ error: 'fromAddress deve ser um e-mail válido' }).transform((v) => v.toLowerCase()),
    fromName: z.string().trim().min(1).max(120).optional(),
    /** Domain of the `reply+<token>@` Reply-To and of our Message-IDs; default: the fromAddress domain. */
    replyDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'replyDomain deve ser um domínio (ex.: inbound.acme.com)')
      .optional(),
    smtpHost: hostname('smtpHost'),
    smtpPort: porta('smtpPort').default(587),
    /** Implicit TLS (465); false means STARTTLS when the server offers it. */
    smtpSecure: z.boolean({ error: 'smtpSecure deve ser true ou false' }).default(false),
    smtpUser: z.string().min(1).max(320).optional(),
    smtpPassword: z.string().min(1).max(1024).optional(),
    entrada: z.enum(EMAIL_ENTRADAS, { error: `entrada deve ser um de: ${EMAIL_ENTRADAS.join(', ')}` }),
    /** SendGrid "Signed Webhook" public key (base64 SPKI DER, ECDSA P-256). */
    sendgridVerificationKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9+/=]{40,}$/, 'sendgridVerificationKey deve ser a chave pública em base64')
      .optional(),
    /** The SNS topic SES publishes to: messages of any other topic are refused. */
    snsTopicArn: z
      .string()
      .trim()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'snsTopicArn deve ser um ARN de tópico SNS')
      .optional(),
    imapHost: hostname('imapHost').optional(),
    imapPort: porta('imapPort').default(993),
    imapSecure: z.boolean({ error: 'imapSecure deve ser true ou false' }).default(true),
    imapUser: z.string().min(1).max(320).optional(),
    imapPassword: z.string().min(1).max(1024).optional(),
    imapMailbox: z.string().trim().min(1).max(200).default('INBOX'),
  })
  .superRefine((c, ctx) => {
    if (c.entrada === 'sendgrid' && c.sendgridVerificationKey === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sendgridVerificationKey'],
        message: 'sendgridVerificationKey é obrigatório para entrada sendgrid (ative o Signed Webhook no SendGrid)',
      });
    }
    if (c.entrada === 'ses' && c.snsTopicArn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['snsTopicArn'], message: 'snsTopicArn é obrigatório para entrada ses' });
    }
    if (c.entrada === 'imap') {
      for (const campo of ['imapHost', 'imapUser', 'imapPassword'] as const) {
        if (c[campo] === undefined) ctx.addIssue({ code: 'custom', path: [campo], message: `${campo} é obrigatório para entrada imap` });
      }
    }
  });

export type EmailCredentials = z.infer<typeof emailCredentialsSchema>;

export const EMAIL_SECRET_FIELDS = ['smtpPassword', 'imapPassword'] as const;

/** The domain of our Message-IDs and reply addresses. */
export function dominioDeResposta(credentials: Pick<EmailCredentials, 'fromAddress' | 'replyDomain'>): string {
  return credentials.replyDomain ?? credentials.fromAddress.split('@')[1];
}

// ---------------------------------------------------------------------------------------------------------
// Amazon SNS / SES payloads

export const snsMessageSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string(),
  Subject: z.string().optional(),
  Token: z.string().optional(),
  SubscribeURL: z.string().optional(),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
});
export type SnsMessage = z.infer<typeof snsMessageSchema>;

export const sesNotificationSchema = z.looseObject({
  notificationType: z.string(),
  receipt: z.looseObject({ action: z.looseObject({ type: z.string(), encoding: z.string().optional() }).optional() }).optional(),
  mail: z.looseObject({ messageId: z.string(), timestamp: z.string().optional() }).optional(),
  content: z.string().optional(),
});
