import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { ADMIN_EMAIL, ADMIN_SENHA, createTestApp, type TestApp } from '../support/test-app.js';

function forjarJwt(payload: Record<string, unknown>, secret: string): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(payload);
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    const admin = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: ADMIN_SENHA });
    const { empresaId } = admin.body.usuario as { empresaId: string };
    // An atendente in the Demo empresa, created through the tenant-scoped repository.
    const { RequestContext } = await import('../../src/common/request-context.js');
    const { UsuarioRepository } = await import('../../src/usuarios/usuario.repository.js');
    const { hashSenha } = await import('../../src/auth/senha.js');
    await RequestContext.runForEmpresa(empresaId, async () =>
      t.app.get(UsuarioRepository).create({
        nome: 'Ana Atendente',
        email: 'ana@demo.test',
        senhaHash: await hashSenha('senha-da-ana-123'),
        papel: 'atendente',
        ativo: true,
      }),
    );
    expect(auth).toBeDefined();
  });

  afterAll(() => t.close());

  it('seeds the Demo empresa with the configured admin, and logs in', async () => {
    const response = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL.toUpperCase(), senha: ADMIN_SENHA });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      usuario: { email: ADMIN_EMAIL, papel: 'admin', empresaNome: 'Demo' },
    });
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.usuario.email).toBe(ADMIN_EMAIL);
  });

  it('answers 401 to a bad password and to an unknown e-mail, with the same message', async () => {
    const wrong = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: 'errada-123' });
    const unknown = await t.http().post('/api/auth/login').send({ email: 'ninguem@x.test', senha: 'errada-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('CREDENCIAIS_INVALIDAS');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('answers 400 naming the field for a malformed login body, and 400 for broken JSON', async () => {
    const bad = await t.http().post('/api/auth/login').send({ email: 'not-an-email', senha: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'senha']);
    expect(bad.body.message).toMatch(/email/);

    const broken = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('JSON_MALFORMADO');
  });

  it('answers 401 to a missing, forged, expired or wrong-type token', async () => {
    expect((await t.http().get('/api/auth/me')).body.code).toBe('TOKEN_AUSENTE');
    const forged = forjarJwt({ sub: 'x', emp: 'y', papel: 'admin', typ: 'access', iss: 'atende' }, 'not-the-secret');
    const forgedResponse = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`);
    expect(forgedResponse.status).toBe(401);
    expect(forgedResponse.body.code).toBe('TOKEN_INVALIDO');

    const expiring = await createTestApp({ env: { ATENDE_ACCESS_TOKEN_TTL: '1s' } });
    try {
      const token = await expiring.login();
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const expired = await expiring.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('TOKEN_EXPIRADO');
    } finally {
      await expiring.close();
    }

    const login = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: ADMIN_SENHA });
    const refreshAsAccess = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.refreshToken}`);
    expect(refreshAsAccess.status).toBe(401);
  });

  it('rotates refresh tokens, and a reused refresh token revokes the whole session family', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: ADMIN_SENHA });
    const first = login.body.refreshToken as string;
    const rotated = await t.http().post('/api/auth/refresh').send({ refreshToken: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);

    const reuse = await t.http().post('/api/auth/refresh').send({ refreshToken: first });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_INVALIDO');
    // The attacker's reuse also killed the legitimate rotated token.
    const afterReuse = await t.http().post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expect(afterReuse.status).toBe(401);

    expect((await t.http().post('/api/auth/refresh').send({ refreshToken: 'garbage' })).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: ADMIN_SENHA });
    expect((await t.http().post('/api/auth/logout').send({ refreshToken: login.body.refreshToken })).status).toBe(204);
    expect((await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('refuses sign-up with 403 when ATENDE_SIGNUP is off', async () => {
    const response = await t.http().post('/api/auth/registrar').send({ empresa: 'Loja X', nome: 'Zé', email: 'ze@x.test', senha: 'senha-longa-1' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CADASTRO_DESATIVADO');
  });

  it('signs up a new empresa and its admin when ATENDE_SIGNUP is on, refusing a taken e-mail', async () => {
    const open = await createTestApp({ env: { ATENDE_SIGNUP: 'true' } });
    try {
      const response = await open.http().post('/api/auth/registrar').send({ empresa: 'Padaria Pão Quente', nome: 'Zé', email: 'ze@padaria.test', senha: 'senha-longa-1' });
      expect(response.status).toBe(201);
      expect(response.body.usuario).toMatchObject({ papel: 'admin', empresaNome: 'Padaria Pão Quente' });
      const again = await open.http().post('/api/auth/registrar').send({ empresa: 'Outra', nome: 'Zé', email: 'ZE@padaria.test', senha: 'senha-longa-1' });
      expect(again.status).toBe(409);
      expect((await open.http().post('/api/auth/registrar').send({ empresa: 'X', nome: '', email: 'a@b.test', senha: '1' })).status).toBe(400);
    } finally {
      await open.close();
    }
  });

  it('answers 403 when the papel is too low', async () => {
    const token = await t.login('ana@demo.test', 'senha-da-ana-123');
    const response = await t.http().get('/api/usuarios').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('PAPEL_INSUFICIENTE');
    const admin = await t.login();
    expect((await t.http().get('/api/usuarios').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await t.http().get('/api/nao-existe');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROTA_INEXISTENTE');
  });
});
