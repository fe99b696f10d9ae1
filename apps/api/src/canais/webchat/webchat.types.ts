import { randomBytes } from 'node:crypto';
import { webchatConfiguracaoSchema } from '@atende/shared';
import { z } from 'zod';

/** The public key's shape: what `data-atende-key` carries and the canal's routing key. */
export const CHAVE_PUBLICA_PATTERN = /^wc_[A-Za-z0-9_-]{20,64}$/;

export function gerarChavePublica(): string {
  return `wc_${randomBytes(18).toString('base64url')}`;
}

function gerarSegredo(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored configuration of a `webchat` canal: the settings the admin posts (shared schema) plus the public
 * key and the secret that signs visitor tokens, both generated when omitted (PATCH keeps the stored ones).
 */
export const webchatCredentialsSchema = webchatConfiguracaoSchema.extend({
  chavePublica: z
    .string()
    .trim()
    .regex(CHAVE_PUBLICA_PATTERN, 'chavePublica deve ter o formato wc_<20 a 64 caracteres A-Z, a-z, 0-9, _ ou ->')
    .default(gerarChavePublica),
  segredoToken: z.string().min(32, 'segredoToken deve ter pelo menos 32 caracteres').max(512).default(gerarSegredo),
});

export type WebchatCredentials = z.infer<typeof webchatCredentialsSchema>;

export const WEBCHAT_SECRET_FIELDS: readonly string[] = ['segredoToken'];

/**
 * What the public visitor API stores as the raw inbound event (`corpo_bruto`), parsed later by the adapter
 * like any provider's payload. Built by our own server from a verified visitor token, never taken from the
 * browser as is.
 */
export const webchatEventoSchema = z.discriminatedUnion('tipo', [
  z.object({
    tipo: z.literal('mensagem'),
    visitanteId: z.string().min(1),
    /** The client-generated id. */
    mensagemId: z.string().min(1),
    texto: z.string().optional(),
    anexo: z
      .object({ nome: z.string().nullable(), mimeType: z.string(), tamanhoBytes: z.number().int(), base64: z.string() })
      .optional(),
    em: z.string(),
  }),
  z.object({
    tipo: z.literal('status'),
    visitanteId: z.string().min(1),
    /** Our mensagem id, as the visitor received it. */
    mensagemId: z.string().min(1),
    status: z.enum(['entregue', 'lida']),
    em: z.string(),
  }),
]);

export type WebchatEvento = z.infer<typeof webchatEventoSchema>;

/** Provider ids: a visitor's mensagem `<visitante>:<client id>`, ours `<visitante>:a:<mensagem id>`. */
export const WebchatIds = {
  daMensagemDoVisitante: (visitanteId: string, mensagemId: string): string => `${visitanteId}:${mensagemId}`,
  daMensagemDoAtendente: (visitanteId: string, mensagemId: string): string => `${visitanteId}:a:${mensagemId}`,
  /** `<visitante>:<client id>` → its two parts; null for anything else (ours included). */
  separarDoVisitante(externalId: string): { visitanteId: string; mensagemId: string } | null {
    const partes = externalId.split(':');
    if (partes.length !== 2 || partes[0] === '' || partes[1] === '') return null;
    return { visitanteId: partes[0], mensagemId: partes[1] };
  },
};

/** Room of one visitor's sockets in the `/webchat` namespace (visitor ids are random uuids, never reused). */
export const salaDoVisitante = (visitanteId: string): string => `visitante:${visitanteId}`;
