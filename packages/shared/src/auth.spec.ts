import { describe, expect, it } from 'vitest';
import { loginRequestSchema, registrarRequestSchema } from './auth.js';
import { atualizarUsuarioSchema } from './usuarios.js';

describe('shared auth schemas', () => {
  it('accepts a login and names the bad fields', () => {
    expect(loginRequestSchema.safeParse({ email: 'a@b.co', senha: 'x' }).success).toBe(true);
    const bad = loginRequestSchema.safeParse({ email: 'nope' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['email', 'senha']);
  });

  it('requires an 8-character password and trims names on sign-up', () => {
    expect(registrarRequestSchema.safeParse({ empresa: 'Loja', nome: 'Zé', email: 'z@x.co', senha: '1234567' }).success).toBe(false);
    const ok = registrarRequestSchema.parse({ empresa: '  Loja  ', nome: ' Zé ', email: 'z@x.co', senha: '12345678' });
    expect(ok.empresa).toBe('Loja');
  });

  it('refuses an empty usuario update', () => {
    expect(atualizarUsuarioSchema.safeParse({}).success).toBe(false);
    expect(atualizarUsuarioSchema.safeParse({ ativo: false }).success).toBe(true);
  });
});
