import { z } from 'zod';

export const WHATSAPP_OPTIONS = Symbol('WHATSAPP_OPTIONS');

export const DEFAULT_WHATSAPP_API_URL = 'https://graph.facebook.com/v21.0';

/** Wired from `WHATSAPP_API_URL` by the config module. */
export interface WhatsAppOptions {
  /** Graph API base including the version, e.g. `https://graph.facebook.com/v21.0`. */
  apiUrl: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Timeout for media downloads, which may be large. */
  downloadTimeoutMs: number;
  /** Largest media file `downloadMedia` accepts. */
  maxDownloadBytes: number;
}

export const DEFAULT_WHATSAPP_OPTIONS: WhatsAppOptions = {
  apiUrl: DEFAULT_WHATSAPP_API_URL,
  timeoutMs: 15_000,
  downloadTimeoutMs: 120_000,
  maxDownloadBytes: 100 * 1024 * 1024,
};

const required = (field: string) =>
  z
    .string({ error: `${field} é obrigatório` })
    .trim()
    .min(1, `${field} é obrigatório`);

/** A WhatsApp canal's `configuracao`. All fields are secrets or identifiers owned by the customer's Meta app. */
export const whatsAppCredentialsSchema = z.object({
  phoneNumberId: required('phoneNumberId').regex(/^\d+$/, 'phoneNumberId deve conter apenas dígitos'),
  businessAccountId: required('businessAccountId').regex(/^\d+$/, 'businessAccountId deve conter apenas dígitos'),
  accessToken: required('accessToken'),
  appSecret: required('appSecret'),
  verifyToken: required('verifyToken'),
});

export type WhatsAppCredentials = z.infer<typeof whatsAppCredentialsSchema>;

export const WHATSAPP_SECRET_FIELDS = ['accessToken', 'appSecret', 'verifyToken'] as const;

// ---------------------------------------------------------------------------------------------------------
// Webhook payloads (Graph `whatsapp_business_account` object). Objects are loose: Meta adds fields often.

const errorDataSchema = z.looseObject({ details: z.string().optional() });

export const waErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: errorDataSchema.optional(),
  href: z.string().optional(),
});
export type WaWebhookError = z.infer<typeof waErrorSchema>;

const mediaSchema = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const contactCardSchema = z.looseObject({
  name: z
    .looseObject({
      formatted_name: z.string().optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      middle_name: z.string().optional(),
    })
    .optional(),
  phones: z
    .array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }))
    .optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
  org: z
    .looseObject({ company: z.string().optional(), title: z.string().optional(), department: z.string().optional() })
    .optional(),
});

export const waMessageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.string(),
  type: z.string(),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(contactCardSchema).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      nfm_reply: z
        .looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().optional() })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
  referral: z
    .looseObject({
      source_url: z.string().optional(),
      source_type: z.string().optional(),
      source_id: z.string().optional(),
      headline: z.string().optional(),
    })
    .optional(),
  errors: z.array(waErrorSchema).optional(),
});
export type WaMessage = z.infer<typeof waMessageSchema>;

export const waContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WaContact = z.infer<typeof waContactSchema>;

export const waStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string(),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  errors: z.array(waErrorSchema).optional(),
  pricing: z
    .looseObject({
      billable: z.boolean().optional(),
      pricing_model: z.string().optional(),
      category: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
});
export type WaStatus = z.infer<typeof waStatusSchema>;

export const waChangeValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ display_phone_number: z.string().optional(), phone_number_id: z.string() }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const waWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).optional(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------------------
// Graph API requests/responses

export interface WaMediaObject {
  id?: string;
  link?: string;
  caption?: string;
  filename?: string;
}

export type WaTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'payload'; payload: string }
  | { type: 'image'; image: WaMediaObject }
  | { type: 'video'; video: WaMediaObject }
  | { type: 'document'; document: WaMediaObject };

export interface WaTemplateComponent {
  type: 'header' | 'body' | 'button';
  sub_type?: string;
  index?: string;
  parameters: WaTemplateParameter[];
}

interface WaSendBase {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** Phone number / wa_id. */
  to?: string;
  /** Business-scoped user id, for customers whose phone number is hidden behind a username. */
  recipient?: string;
  context?: { message_id: string };
}

export type WaSendRequest = WaSendBase &
  (
    | { type: 'text'; text: { body: string; preview_url: boolean } }
    | { type: 'image'; image: WaMediaObject }
    | { type: 'audio'; audio: WaMediaObject }
    | { type: 'video'; video: WaMediaObject }
    | { type: 'document'; document: WaMediaObject }
    | { type: 'sticker'; sticker: WaMediaObject }
    | { type: 'template'; template: { name: string; language: { code: string }; components?: WaTemplateComponent[] } }
    | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
    | { type: 'reaction'; reaction: { message_id: string; emoji: string } }
    | { type: 'interactive'; interactive: WaInteractive }
  );

/** Reply buttons (at most 3, titles up to 20 characters) or a list (up to 10 rows, titles up to 24). */
export type WaInteractive =
  | {
      type: 'button';
      body: { text: string };
      action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
    }
  | {
      type: 'list';
      body: { text: string };
      action: { button: string; sections: { title?: string; rows: { id: string; title: string }[] }[] };
    };

export interface WaMarkReadRequest {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
}

export const waSendResponseSchema = z.looseObject({
  messaging_product: z.string().optional(),
  contacts: z
    .array(z.looseObject({ input: z.string().optional(), wa_id: z.string().optional(), user_id: z.string().optional() }))
    .optional(),
  messages: z.array(z.looseObject({ id: z.string(), message_status: z.string().optional() })).min(1),
});

export const waSuccessResponseSchema = z.looseObject({ success: z.boolean() });

export const waMediaInfoSchema = z.looseObject({
  url: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.union([z.string(), z.number()]).optional(),
  id: z.string(),
});
export type WaMediaInfo = z.infer<typeof waMediaInfoSchema>;

export const waUploadResponseSchema = z.looseObject({ id: z.string() });

export const waTemplateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().optional(),
  components: z
    .array(
      z.looseObject({
        type: z.string(),
        format: z.string().optional(),
        text: z.string().optional(),
        buttons: z
          .array(
            z.looseObject({
              type: z.string(),
              text: z.string(),
              url: z.string().optional(),
              phone_number: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
});
export type WaTemplate = z.infer<typeof waTemplateSchema>;

export const waTemplateListSchema = z.looseObject({
  data: z.array(waTemplateSchema),
  paging: z
    .looseObject({
      cursors: z.looseObject({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

export const waPhoneNumberSchema = z.looseObject({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  platform_type: z.string().optional(),
  throughput: z.looseObject({ level: z.string().optional() }).optional(),
});
export type WaPhoneNumber = z.infer<typeof waPhoneNumberSchema>;

export const waBusinessAccountSchema = z.looseObject({ id: z.string(), name: z.string().optional() });

/** `{"error":{message,type,code,error_subcode?,error_data{messaging_product,details},fbtrace_id}}` */
export const graphErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.union([z.number(), z.string()]).optional(),
    error_subcode: z.union([z.number(), z.string()]).optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z
      .union([z.looseObject({ messaging_product: z.string().optional(), details: z.string().optional() }), z.string()])
      .optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof graphErrorBodySchema>;
