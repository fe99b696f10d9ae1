import { z } from 'zod';

/** Canal kinds, as the API and the `atendimento_canais.tipo` column spell them. */
export const CANAL_TIPOS_DISPONIVEIS = ['whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat'] as const;
export const canalTipoSchema = z.enum(CANAL_TIPOS_DISPONIVEIS, {
  error: `tipo deve ser um de: ${CANAL_TIPOS_DISPONIVEIS.join(', ')}`,
});
export type CanalTipoDto = z.infer<typeof canalTipoSchema>;

export const canalStatusSchema = z.enum(['pendente', 'conectado', 'erro', 'desconectado']);
export type CanalStatusDto = z.infer<typeof canalStatusSchema>;

/** The fila menu a canal sends to new conversations ("1 - Vendas, 2 - Suporte"). */
export const canalMenuSchema = z
  .object({
    texto: z.string().trim().min(1, 'texto do menu é obrigatório').max(4096),
    opcoes: z
      .array(
        z.object({
          chave: z.string().trim().min(1, 'chave é obrigatória').max(20),
          rotulo: z.string().trim().min(1, 'rotulo é obrigatório').max(100),
          filaId: z.guid({ error: 'filaId deve ser um id de fila' }),
        }),
      )
      .min(1, 'o menu precisa de ao menos uma opção')
      .max(20, 'o menu aceita no máximo 20 opções'),
    textoOpcaoInvalida: z.string().trim().min(1).max(4096).optional(),
  })
  .superRefine((menu, ctx) => {
    const vistas = new Set<string>();
    menu.opcoes.forEach((opcao, index) => {
      const chave = opcao.chave.toLowerCase();
      if (vistas.has(chave)) {
        ctx.addIssue({ code: 'custom', path: ['opcoes', index, 'chave'], message: `chave "${opcao.chave}" repetida no menu` });
      }
      vistas.add(chave);
    });
  });
export type CanalMenuDto = z.infer<typeof canalMenuSchema>;

const limiteEnviosSchema = z
  .number()
  .positive('limiteEnviosPorSegundo deve ser maior que zero')
  .max(1000, 'limiteEnviosPorSegundo deve ser no máximo 1000');

/**
 * POST /api/atendimento/canais. `configuracao` is validated by the kind's adapter (WhatsApp:
 * `{phoneNumberId, businessAccountId, accessToken, appSecret, verifyToken}`; Telegram: `{botToken}`).
 */
export const criarCanalSchema = z.object({
  tipo: canalTipoSchema,
  /** The API that serves the kind when there is more than one; omitted = the kind's own. */
  provedor: z.string().trim().min(1).max(40).nullable().optional(),
  nome: z.string({ error: 'nome é obrigatório' }).trim().min(1, 'nome é obrigatório').max(120),
  configuracao: z.record(z.string(), z.unknown(), { error: 'configuracao deve ser um objeto com as credenciais do canal' }),
  filaPadraoId: z.guid({ error: 'filaPadraoId deve ser um id de fila' }).nullable().optional(),
  menu: canalMenuSchema.nullable().optional(),
  limiteEnviosPorSegundo: limiteEnviosSchema.nullable().optional(),
  ativo: z.boolean().optional(),
});
export type CriarCanal = z.infer<typeof criarCanalSchema>;

/**
 * PATCH /api/atendimento/canais/:id. `configuracao` is partial: fields left out keep their value, and a
 * masked value sent back unchanged (`••••1234`) keeps the stored secret.
 */
export const atualizarCanalSchema = z
  .object({
    nome: z.string().trim().min(1, 'nome não pode ficar vazio').max(120),
    ativo: z.boolean(),
    filaPadraoId: z.guid({ error: 'filaPadraoId deve ser um id de fila' }).nullable(),
    menu: canalMenuSchema.nullable(),
    limiteEnviosPorSegundo: limiteEnviosSchema.nullable(),
    configuracao: z.record(z.string(), z.unknown(), { error: 'configuracao deve ser um objeto' }),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo para alterar');
export type AtualizarCanal = z.infer<typeof atualizarCanalSchema>;

export const listarCanaisQuerySchema = z.object({
  tipo: canalTipoSchema.optional(),
  limite: z.coerce.number().int().min(1, 'limite mínimo é 1').max(100, 'limite máximo é 100').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type ListarCanaisQuery = z.infer<typeof listarCanaisQuerySchema>;

export const canalUltimoErroSchema = z.object({
  codigo: z.string(),
  mensagem: z.string(),
  em: z.string(),
  detalhes: z.record(z.string(), z.unknown()).optional(),
});

export const canalWebhookSchema = z.object({
  /** Paste it into the provider's console (Meta: Callback URL). */
  url: z.string(),
  /** Meta's Verify token: in clear only in the creation response, masked afterwards. */
  verifyToken: z.string().optional(),
});

export const canalSchema = z.object({
  id: z.guid(),
  tipo: canalTipoSchema,
  provedor: z.string().nullable(),
  nome: z.string(),
  status: canalStatusSchema,
  ativo: z.boolean(),
  /** Credentials and settings; secret fields are always masked (`••••1234`). */
  configuracao: z.record(z.string(), z.unknown()),
  chaveRoteamento: z.string().nullable(),
  filaPadraoId: z.guid().nullable(),
  menu: canalMenuSchema.nullable(),
  limiteEnviosPorSegundo: z.number().nullable(),
  webhook: canalWebhookSchema,
  ultimoEventoEm: z.string().nullable(),
  ultimoErro: canalUltimoErroSchema.nullable(),
  verificadoEm: z.string().nullable(),
  criadoEm: z.string(),
  atualizadoEm: z.string(),
});
export type CanalDto = z.infer<typeof canalSchema>;

export const canalListaSchema = z.object({ items: z.array(canalSchema), nextCursor: z.string().nullable() });
export type CanalLista = z.infer<typeof canalListaSchema>;

/** GET /api/atendimento/canais/:id/status */
export const canalSaudeSchema = z.object({
  canalId: z.guid(),
  ok: z.boolean(),
  /** `ok`, `token_expirado`, `credenciais_invalidas`, `permissao_insuficiente`, `recurso_nao_encontrado`, `provedor_indisponivel`… */
  codigo: z.string(),
  mensagem: z.string(),
  /** What the admin should do to fix it. */
  acao: z.string().nullable(),
  erroProvedor: z
    .object({ code: z.string(), title: z.string(), message: z.string().optional(), details: z.string().optional() })
    .nullable(),
  detalhes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  status: canalStatusSchema,
  verificadoEm: z.string().nullable(),
  ultimoEventoEm: z.string().nullable(),
  ultimoErro: canalUltimoErroSchema.nullable(),
  webhook: canalWebhookSchema,
});
export type CanalSaude = z.infer<typeof canalSaudeSchema>;

/** POST /api/atendimento/canais/:id/sincronizar */
export const canalSincronizacaoSchema = z.object({
  canalId: z.guid(),
  /** Provider templates pulled (WhatsApp). */
  templates: z
    .object({ total: z.number().int(), criados: z.number().int(), atualizados: z.number().int(), removidos: z.number().int() })
    .nullable(),
  /** Webhook registered with the provider (Telegram setWebhook). */
  webhook: z.object({ url: z.string(), registrado: z.boolean() }).nullable(),
});
export type CanalSincronizacao = z.infer<typeof canalSincronizacaoSchema>;

/** POST /api/atendimento/canais/:id/testar-mensagem */
export const testarMensagemCanalSchema = z.object({
  para: z
    .string({ error: 'para é obrigatório: o número (WhatsApp, com DDI) ou o chat id (Telegram) do destinatário' })
    .trim()
    .min(1, 'para é obrigatório: o número (WhatsApp, com DDI) ou o chat id (Telegram) do destinatário')
    .max(100),
  texto: z.string({ error: 'texto é obrigatório' }).trim().min(1, 'texto é obrigatório').max(4096),
});
export type TestarMensagemCanal = z.infer<typeof testarMensagemCanalSchema>;

export const testeMensagemCanalSchema = z.object({
  enviada: z.literal(true),
  externalId: z.string(),
  statusProvedor: z.string().nullable(),
  destinatarioId: z.string().nullable(),
});
export type TesteMensagemCanal = z.infer<typeof testeMensagemCanalSchema>;
