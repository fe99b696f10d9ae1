import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'use um número com unidade: 900s, 15m, 12h, 30d')
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    const unit = value.replace(/^\d+/, '');
    const factor: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    return amount * (factor[unit] ?? 1);
  });

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `deve começar com ${protocols.map((p) => `${p}://`).join(' ou ')}`,
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ATENDE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  ATENDE_PUBLIC_URL: optionalUrl(['http', 'https']),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  ATENDE_DATA_DIR: z.string().min(1).default('./data'),
  ATENDE_MIGRATIONS: z.enum(['auto', 'manual']).default('auto'),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Channel prefix of the Socket.IO Redis adapter: installations that share one Redis never hear each other. */
  ATENDE_REDIS_PREFIXO: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'use letras, números, ponto, hífen ou sublinhado (até 64)')
    .default('atende'),
  ATENDE_SECRET_KEY: z
    .string()
    .optional()
    .refine((value) => value === undefined || value === '' || value.length >= 32, {
      message: 'precisa ter pelo menos 32 caracteres (gere com: openssl rand -base64 48)',
    }),
  ATENDE_ADMIN_EMAIL: z.email({ message: 'e-mail inválido' }).optional(),
  ATENDE_ADMIN_SENHA: z.string().min(8, 'precisa ter pelo menos 8 caracteres').optional(),
  ATENDE_SIGNUP: booleanFlag.default(false),
  ATENDE_CORS_ORIGINS: z.string().default(''),
  ATENDE_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'use um tamanho como 1mb ou 512kb')
    .default('1mb'),
  ATENDE_ACCESS_TOKEN_TTL: duration.default(900_000),
  ATENDE_REFRESH_TOKEN_TTL: duration.default(30 * 86_400_000),
  WHATSAPP_API_URL: z.url({ message: 'URL inválida' }).default('https://graph.facebook.com/v21.0'),
  TELEGRAM_API_URL: z.url({ message: 'URL inválida' }).default('https://api.telegram.org'),
  MESSENGER_API_URL: z.url({ message: 'URL inválida' }).default('https://graph.facebook.com/v21.0'),
  // Instagram Login tokens; with Facebook Login (Page tokens) use https://graph.facebook.com/v21.0.
  INSTAGRAM_API_URL: z.url({ message: 'URL inválida' }).default('https://graph.instagram.com/v21.0'),
  TWILIO_API_URL: z.url({ message: 'URL inválida' }).default('https://api.twilio.com'),
  TWILIO_CONTENT_API_URL: z.url({ message: 'URL inválida' }).default('https://content.twilio.com'),
  // Origin SNS signing certificates are fetched from (tests); the SigningCertURL must still be an Amazon SNS host.
  EMAIL_SNS_CERT_BASE_URL: optionalUrl(['http', 'https']),
  // How often IMAP mailboxes of e-mail canais are polled.
  EMAIL_IMAP_INTERVAL: duration.default(60_000),
  ATENDE_REOPEN_WINDOW: duration.default(24 * 3_600_000),
  // An atendente goes offline this long after its last socket closes (page reloads and short drops stay online).
  ATENDE_PRESENCE_GRACE: duration.default(30_000),
  // AI calls: per-attempt timeout, attempts before the local fallback, and the longest retry-after honoured.
  ATENDE_IA_TIMEOUT: duration.default(20_000),
  ATENDE_IA_TENTATIVAS: z.coerce.number().int().min(1).max(6).default(3),
  ATENDE_IA_ESPERA_MAXIMA: duration.default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFlag.default(false),
});

export type AppConfigValues = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Configuração inválida:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
        '\nCorrija as variáveis de ambiente acima e inicie de novo (veja a tabela de configuração no README).',
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment; a bad value throws a ConfigError naming each offending variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfigValues {
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = envSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return result.data;
}

/** Injectable, typed configuration. Built once at boot from the environment. */
export class AppConfig {
  constructor(readonly values: AppConfigValues) {}

  get databaseMode(): 'postgres' | 'pglite' {
    return this.values.DATABASE_URL ? 'postgres' : 'pglite';
  }

  get corsOrigins(): string[] {
    return this.values.ATENDE_CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }

  get runsHttp(): boolean {
    return this.values.ATENDE_ROLE !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.values.ATENDE_ROLE !== 'api';
  }
}
