import { z } from 'zod';

export const TWILIO_OPTIONS = Symbol('TWILIO_OPTIONS');

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';
export const DEFAULT_TWILIO_CONTENT_API_URL = 'https://content.twilio.com';

/** Wired from `TWILIO_API_URL` by the config module. */
export interface TwilioOptions {
  /** REST base without the version, e.g. `https://api.twilio.com`. */
  apiUrl: string;
  /** Content API base (WhatsApp templates), e.g. `https://content.twilio.com`. */
  contentApiUrl: string;
  timeoutMs: number;
  downloadTimeoutMs: number;
  /** MMS media is at most 5 MB; WhatsApp media up to 16 MB. */
  maxDownloadBytes: number;
}

export const DEFAULT_TWILIO_OPTIONS: TwilioOptions = {
  apiUrl: DEFAULT_TWILIO_API_URL,
  contentApiUrl: DEFAULT_TWILIO_CONTENT_API_URL,
  timeoutMs: 15_000,
  downloadTimeoutMs: 120_000,
  maxDownloadBytes: 16 * 1024 * 1024,
};

/**
 * A Twilio canal's `configuracao` (SMS, or WhatsApp with `provedor: "twilio"`): the account, its auth token
 * (REST Basic auth and webhook signatures), and the sender: a number in E.164 or a Messaging Service.
 */
export const twilioCredentialsSchema = z
  .object({
    accountSid: z
      .string({ error: 'accountSid é obrigatório' })
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'accountSid deve ser AC seguido de 32 dígitos hexadecimais'),
    authToken: z.string({ error: 'authToken é obrigatório' }).trim().min(1, 'authToken é obrigatório'),
    from: z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'from deve ser um número em E.164, como +5511999990000')
      .optional(),
    messagingServiceSid: z
      .string()
      .trim()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'messagingServiceSid deve ser MG seguido de 32 dígitos hexadecimais')
      .optional(),
  })
  .refine((value) => value.from !== undefined || value.messagingServiceSid !== undefined, {
    path: ['from'],
    message: 'informe from (número remetente) ou messagingServiceSid',
  });

export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;

export const TWILIO_SECRET_FIELDS = ['authToken'] as const;

/** The Message resource, as `POST …/Messages.json` answers it (201). */
export const twilioMessageSchema = z.looseObject({
  sid: z.string(),
  status: z.string().optional(),
  to: z.string().nullish(),
  num_segments: z.string().nullish(),
});

export const twilioAccountSchema = z.looseObject({
  sid: z.string(),
  friendly_name: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
});

export const twilioErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().optional(),
});

/** One page of `GET /v1/ContentAndApprovals` (Content API): templates with their WhatsApp approval. */
export const twilioContentPageSchema = z.looseObject({
  contents: z.array(
    z.looseObject({
      sid: z.string(),
      friendly_name: z.string().nullish(),
      language: z.string().nullish(),
      variables: z.record(z.string(), z.string()).nullish(),
      types: z.record(z.string(), z.looseObject({ body: z.string().nullish() })).nullish(),
      approval_requests: z
        .looseObject({ name: z.string().nullish(), category: z.string().nullish(), status: z.string().nullish() })
        .nullish(),
    }),
  ),
  meta: z.looseObject({ next_page_url: z.string().nullish() }).nullish(),
});

export type TwilioContent = z.infer<typeof twilioContentPageSchema>['contents'][number];
