import { z } from 'zod';

/** Roles of a usuario inside its empresa, from most to least privileged. */
export const papelSchema = z.enum(['admin', 'supervisor', 'atendente']);
export type Papel = z.infer<typeof papelSchema>;

// z.guid() accepts any 8-4-4-4-12 hex id, so fixed ids in fixtures parse as well as gen_random_uuid() ones.
export const usuarioAutenticadoSchema = z.object({
  id: z.guid(),
  nome: z.string().min(1),
  email: z.email(),
  papel: papelSchema,
  empresaId: z.guid(),
  empresaNome: z.string(),
});
export type UsuarioAutenticado = z.infer<typeof usuarioAutenticadoSchema>;

/** POST /api/auth/login */
export const loginRequestSchema = z.object({
  email: z.email().max(254),
  senha: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Response of POST /api/auth/login and POST /api/auth/refresh. */
export const authSessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  usuario: usuarioAutenticadoSchema,
});
export type AuthSession = z.infer<typeof authSessionSchema>;
export const loginResponseSchema = authSessionSchema;
export type LoginResponse = AuthSession;

/** POST /api/auth/refresh; answers like login, or 401 when the refresh token is invalid or expired. */
export const refreshRequestSchema = z.object({
  refreshToken: z.string().min(1),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;
export const refreshResponseSchema = authSessionSchema;
export type RefreshResponse = AuthSession;

/** POST /api/auth/logout; answers 204. */
export const logoutRequestSchema = refreshRequestSchema;
export type LogoutRequest = RefreshRequest;

/** GET /api/auth/me */
export const meResponseSchema = z.object({
  usuario: usuarioAutenticadoSchema,
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** One field problem of a 400 response; `path` names the field ("email", "itens.0.nome"). */
export const apiErrorIssueSchema = z.object({
  path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]),
  message: z.string(),
});
export type ApiErrorIssue = z.infer<typeof apiErrorIssueSchema>;

/** Body of every error response of the API. */
export const apiErrorBodySchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  code: z.string().optional(),
  issues: z.array(apiErrorIssueSchema).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** POST /api/auth/registrar (self-service sign-up, only when ATENDE_SIGNUP=true): a new empresa and its admin. */
export const registrarRequestSchema = z.object({
  empresa: z.string().trim().min(2).max(120),
  nome: z.string().trim().min(1).max(120),
  email: z.email().max(254),
  senha: z.string().min(8, 'a senha precisa ter pelo menos 8 caracteres').max(200),
});
export type RegistrarRequest = z.infer<typeof registrarRequestSchema>;
