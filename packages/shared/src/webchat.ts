import { z } from 'zod';

/** Socket.IO namespace of WebChat visitors (agents use `/atendimento`). */
export const WEBCHAT_NAMESPACE = '/webchat';

/** How a pre-chat field is shown: required, optional, or not asked. */
export const WEBCHAT_MODOS_CAMPO = ['obrigatorio', 'opcional', 'oculto'] as const;
export type WebchatModoCampo = (typeof WEBCHAT_MODOS_CAMPO)[number];

export const WEBCHAT_IDIOMAS = ['pt-BR', 'en'] as const;
export type WebchatIdioma = (typeof WEBCHAT_IDIOMAS)[number];

const modoCampo = z.enum(WEBCHAT_MODOS_CAMPO, { error: `use um de: ${WEBCHAT_MODOS_CAMPO.join(', ')}` });

/** `https://loja.example.com` (scheme + host + port, no path) or `*` for any site. */
export const webchatOrigemSchema = z
  .string({ error: 'cada origem deve ser um texto como https://www.exemplo.com.br' })
  .trim()
  .transform((valor, ctx) => {
    if (valor === '*') return valor;
    try {
      const url = new URL(valor);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && (url.pathname === '/' || url.pathname === '') && !url.search)
        return url.origin;
    } catch {
      // Reported below.
    }
    ctx.addIssue({ code: 'custom', message: `origem inválida "${valor}": use esquema e host, como https://www.exemplo.com.br` });
    return z.NEVER;
  });

/**
 * The non-secret settings of a `webchat` canal (`configuracao`). The canal API adds the public key and the
 * visitor-token secret (generated when omitted; the secret is encrypted and masked like other credentials).
 */
export const webchatConfiguracaoSchema = z.object({
  origensPermitidas: z
    .array(webchatOrigemSchema, { error: 'origensPermitidas deve ser uma lista de origens (https://www.exemplo.com.br)' })
    .min(1, 'informe ao menos uma origem em origensPermitidas (ou "*" para qualquer site)')
    .max(50, 'origensPermitidas aceita no máximo 50 origens'),
  preChat: z
    .object({ nome: modoCampo.default('obrigatorio'), email: modoCampo.default('obrigatorio') })
    .default({ nome: 'obrigatorio', email: 'obrigatorio' }),
  titulo: z.string().trim().min(1, 'titulo não pode ficar vazio').max(80).default('Atendimento'),
  cor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'cor deve ser hexadecimal, como #1f6feb')
    .default('#1f6feb'),
  saudacao: z.string().trim().max(500).default(''),
  /** Widget language when the page does not set `data-lang`; absent: the browser's. */
  idioma: z.enum(WEBCHAT_IDIOMAS).optional(),
  /** Mensagens and anexos per visitor per minute; beyond it, 429 with Retry-After. */
  limiteMensagensPorMinuto: z.number().int().min(1).max(600).default(20),
});
export type WebchatConfiguracao = z.infer<typeof webchatConfiguracaoSchema>;

/** GET /api/atendimento/webchat/:chave/config: what the widget needs before the conversation starts. */
export interface WebchatConfigPublica {
  titulo: string;
  cor: string;
  saudacao: string;
  idioma: WebchatIdioma | null;
  preChat: { nome: WebchatModoCampo; email: WebchatModoCampo };
}

/** POST /api/atendimento/webchat/:chave/conversas (pre-chat form). Which fields are required depends on the canal. */
export const webchatIniciarConversaSchema = z.object({
  nome: z.string({ error: 'nome deve ser um texto' }).trim().max(120, 'nome aceita no máximo 120 caracteres').optional(),
  email: z.string({ error: 'email deve ser um texto' }).trim().max(254, 'email aceita no máximo 254 caracteres').optional(),
});
export type WebchatIniciarConversa = z.infer<typeof webchatIniciarConversaSchema>;

export interface WebchatConversaIniciada {
  /** Signed visitor token: `Authorization: Bearer <token>` on every later call and `auth.token` on the socket. */
  token: string;
  visitanteId: string;
  expiraEm: string;
}

/** Client-generated mensagem id: a repeated id is the same mensagem (retries never duplicate). */
export const webchatMensagemIdSchema = z
  .string({ error: 'id é obrigatório: gere um id por mensagem (8 a 64 caracteres A-Z, a-z, 0-9, _ ou -)' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'id deve ter 8 a 64 caracteres A-Z, a-z, 0-9, _ ou -');

/** POST /api/atendimento/webchat/:chave/mensagens */
export const webchatEnviarMensagemSchema = z.object({
  id: webchatMensagemIdSchema,
  texto: z
    .string({ error: 'texto é obrigatório' })
    .trim()
    .min(1, 'texto é obrigatório')
    .max(4096, 'texto aceita no máximo 4096 caracteres'),
});
export type WebchatEnviarMensagem = z.infer<typeof webchatEnviarMensagemSchema>;

export interface WebchatEnvioAceito {
  id: string;
  /** The same id was already received: nothing new was stored. */
  duplicada: boolean;
}

export const webchatListarMensagensQuerySchema = z.object({
  limite: z.coerce.number().int().min(1, 'limite mínimo é 1').max(200, 'limite máximo é 200').default(100),
});
export type WebchatListarMensagensQuery = z.infer<typeof webchatListarMensagensQuerySchema>;

/** A mensagem as the visitor sees it (never internal notes). */
export interface WebchatMensagemDto {
  /** Visitor's own mensagens: the client id it sent; agent ones: the server's mensagem id. */
  id: string;
  autor: 'visitante' | 'atendente';
  tipo: string;
  texto: string | null;
  anexo: { nome: string | null; mimeType: string; tamanhoBytes: number } | null;
  /** Agent mensagens: `enviada`/`entregue`/`lida`; visitor ones: `recebida` or `lida` (an agent read it). */
  status: string;
  em: string;
}

export interface WebchatMensagens {
  items: WebchatMensagemDto[];
}

/** Socket events, server → visitor. */
export interface WebchatServidorParaVisitante {
  conectado: (payload: { visitanteId: string }) => void;
  mensagem: (payload: WebchatMensagemDto) => void;
  /** An agent read the visitor's mensagens up to this client id (and all before it). */
  lida: (payload: { ate: string }) => void;
  digitando: (payload: { ativo: boolean }) => void;
}

/** Socket events, visitor → server. */
export interface WebchatVisitanteParaServidor {
  digitando: (payload: { ativo: boolean }) => void;
  /** The widget showed (`entregue`) or the visitor saw (`lida`) agent mensagens. */
  recebida: (payload: { ids: string[]; status: 'entregue' | 'lida' }) => void;
}
