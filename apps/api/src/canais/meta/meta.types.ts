import { z } from 'zod';

/** Wired from `MESSENGER_API_URL` / `INSTAGRAM_API_URL` by the config module. */
export interface MetaMessagingOptions {
  /** Graph API base including the version, e.g. `https://graph.facebook.com/v21.0`. */
  apiUrl: string;
  timeoutMs: number;
  /** Timeout for attachment downloads, which may be large. */
  downloadTimeoutMs: number;
  /** Largest attachment `downloadMedia` accepts (Messenger/Instagram attachments are at most 25 MB). */
  maxDownloadBytes: number;
}

export const MESSENGER_OPTIONS = Symbol('MESSENGER_OPTIONS');
export const INSTAGRAM_OPTIONS = Symbol('INSTAGRAM_OPTIONS');

export const DEFAULT_MESSENGER_API_URL = 'https://graph.facebook.com/v21.0';
/** Instagram API with Instagram Login; with Facebook Login use the Graph URL (graph.facebook.com). */
export const DEFAULT_INSTAGRAM_API_URL = 'https://graph.instagram.com/v21.0';

const DEFAULTS = { timeoutMs: 15_000, downloadTimeoutMs: 120_000, maxDownloadBytes: 25 * 1024 * 1024 };

export const DEFAULT_MESSENGER_OPTIONS: MetaMessagingOptions = { apiUrl: DEFAULT_MESSENGER_API_URL, ...DEFAULTS };
export const DEFAULT_INSTAGRAM_OPTIONS: MetaMessagingOptions = { apiUrl: DEFAULT_INSTAGRAM_API_URL, ...DEFAULTS };

const required = (field: string) =>
  z
    .string({ error: `${field} é obrigatório` })
    .trim()
    .min(1, `${field} é obrigatório`);

const digits = (field: string) => required(field).regex(/^\d+$/, `${field} deve conter apenas dígitos`);

/** A Messenger canal's `configuracao`: the Facebook Page, its Page access token and the Meta app's secrets. */
export const messengerCredentialsSchema = z.object({
  pageId: digits('pageId'),
  pageAccessToken: required('pageAccessToken'),
  appSecret: required('appSecret'),
  verifyToken: required('verifyToken'),
});
export type MessengerCredentials = z.infer<typeof messengerCredentialsSchema>;

/** An Instagram canal's `configuracao`: the professional account (webhook `entry.id`) and its access token. */
export const instagramCredentialsSchema = z.object({
  instagramAccountId: digits('instagramAccountId'),
  accessToken: required('accessToken'),
  appSecret: required('appSecret'),
  verifyToken: required('verifyToken'),
});
export type InstagramCredentials = z.infer<typeof instagramCredentialsSchema>;

export const MESSENGER_SECRET_FIELDS = ['pageAccessToken', 'appSecret', 'verifyToken'] as const;
export const INSTAGRAM_SECRET_FIELDS = ['accessToken', 'appSecret', 'verifyToken'] as const;

/** What both kinds need to call the Send API: whose `/messages` edge, with which token. */
export interface MetaSendAccount {
  /** Page id (Messenger) or Instagram professional account id. */
  accountId: string;
  accessToken: string;
}

// ---------------------------------------------------------------------------------------------------------
// Webhook payloads (`object: "page"` / `"instagram"`, `entry[].messaging[]`). Loose: Meta adds fields often.

const idSchema = z.union([z.string(), z.number()]).transform(String);

export const metaAttachmentSchema = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      title: z.string().optional(),
      sticker_id: z.union([z.string(), z.number()]).optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});
export type MetaAttachment = z.infer<typeof metaAttachmentSchema>;

const referralSchema = z.looseObject({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: z.string().optional(),
});
export type MetaReferral = z.infer<typeof referralSchema>;

export const metaMessageSchema = z.looseObject({
  mid: z.string(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  app_id: idSchema.optional(),
  metadata: z.string().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  reply_to: z
    .looseObject({
      mid: z.string().optional(),
      story: z.looseObject({ url: z.string().optional(), id: idSchema.optional() }).optional(),
    })
    .optional(),
  attachments: z.array(metaAttachmentSchema).optional(),
  referral: referralSchema.optional(),
});
export type MetaMessage = z.infer<typeof metaMessageSchema>;

export const metaMessagingSchema = z.looseObject({
  sender: z.looseObject({ id: idSchema }),
  recipient: z.looseObject({ id: idSchema }),
  timestamp: z.number().optional(),
  message: metaMessageSchema.optional(),
  postback: z
    .looseObject({
      mid: z.string().optional(),
      title: z.string().optional(),
      payload: z.string().optional(),
      referral: referralSchema.optional(),
    })
    .optional(),
  read: z.looseObject({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
  delivery: z.looseObject({ watermark: z.number().optional(), mids: z.array(z.string()).optional() }).optional(),
  reaction: z
    .looseObject({
      mid: z.string(),
      action: z.string().optional(),
      emoji: z.string().optional(),
      reaction: z.string().optional(),
    })
    .optional(),
});
export type MetaMessaging = z.infer<typeof metaMessagingSchema>;

export const metaWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: idSchema,
      time: z.number().optional(),
      messaging: z.array(z.unknown()).optional(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------------------
// Send API

export type MetaMessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';

export interface MetaSendRequest {
  recipient: { id: string };
  messaging_type: MetaMessagingType;
  tag?: 'HUMAN_AGENT';
  message: {
    text?: string;
    metadata?: string;
    attachment?: { type: 'image' | 'audio' | 'video' | 'file'; payload: { url: string; is_reusable?: boolean } };
  };
}

export const metaSendResponseSchema = z.looseObject({
  recipient_id: idSchema.optional(),
  message_id: z.string(),
});

export const metaAccountSchema = z.looseObject({
  id: idSchema,
  name: z.string().optional(),
  username: z.string().optional(),
});

export const metaErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.union([z.number(), z.string()]).optional(),
    error_subcode: z.union([z.number(), z.string()]).optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
