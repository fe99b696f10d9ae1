import { z } from 'zod';
import { papelSchema } from './auth.js';

export const usuarioSchema = z.object({
  id: z.guid(),
  nome: z.string(),
  email: z.email(),
  papel: papelSchema,
  ativo: z.boolean(),
  ultimoLoginEm: z.string().nullable(),
  criadoEm: z.string(),
});
export type UsuarioDto = z.infer<typeof usuarioSchema>;

export const criarUsuarioSchema = z.object({
  nome: z.string().trim().min(1).max(120),
  email: z.email().max(254),
  senha: z.string().min(8, 'a senha precisa ter pelo menos 8 caracteres').max(200),
  papel: papelSchema,
});
export type CriarUsuario = z.infer<typeof criarUsuarioSchema>;

export const atualizarUsuarioSchema = z
  .object({
    nome: z.string().trim().min(1).max(120),
    papel: papelSchema,
    ativo: z.boolean(),
    senha: z.string().min(8, 'a senha precisa ter pelo menos 8 caracteres').max(200),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'informe ao menos um campo');
export type AtualizarUsuario = z.infer<typeof atualizarUsuarioSchema>;
