import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { RequestContext } from '../../src/common/request-context.js';
import { TenantContextMissingError } from '../../src/database/tenant.repository.js';
import { UsuarioRepository } from '../../src/usuarios/usuario.repository.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('tenant isolation at the repository layer', () => {
  let t: TestApp;
  let usuarios: UsuarioRepository;
  let empresaA: string;
  let empresaB: string;
  let usuarioDeB: string;

  beforeAll(async () => {
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    usuarios = t.app.get(UsuarioRepository);
    const adminA = await auth.criarEmpresaComAdmin('Empresa A', 'Admin A', 'admin@a.test', 'senha-a-12345');
    const adminB = await auth.criarEmpresaComAdmin('Empresa B', 'Admin B', 'admin@b.test', 'senha-b-12345');
    empresaA = adminA.empresaId;
    empresaB = adminB.empresaId;
    usuarioDeB = adminB.id;
    await RequestContext.runForEmpresa(empresaB, () =>
      usuarios.create({ nome: 'Bia', email: 'bia@b.test', senhaHash: 'x', papel: 'atendente', ativo: true }),
    );
  });

  afterAll(() => t.close());

  it('lists only the current empresa rows', async () => {
    const deA = await RequestContext.runForEmpresa(empresaA, () => usuarios.listar());
    const deB = await RequestContext.runForEmpresa(empresaB, () => usuarios.listar());
    expect(deA.map((u) => u.email)).toEqual(['admin@a.test']);
    expect(deB.map((u) => u.email).sort()).toEqual(['admin@b.test', 'bia@b.test']);
  });

  it('cannot find, update or delete another empresa row by id', async () => {
    await RequestContext.runForEmpresa(empresaA, async () => {
      expect(await usuarios.findById(usuarioDeB)).toBeNull();
      expect(await usuarios.update(usuarioDeB, { nome: 'Invadido' })).toBe(false);
      expect(await usuarios.delete(usuarioDeB)).toBe(false);
    });
    const intacto = await RequestContext.runForEmpresa(empresaB, () => usuarios.findById(usuarioDeB));
    expect(intacto?.nome).toBe('Admin B');
  });

  it('stamps inserts with the context empresa, whatever the caller passes', async () => {
    const criado = await RequestContext.runForEmpresa(empresaA, () =>
      usuarios.create({ nome: 'Caio', email: 'caio@a.test', senhaHash: 'x', papel: 'atendente', ativo: true, ...({ empresaId: empresaB } as object) }),
    );
    expect(criado.empresaId).toBe(empresaA);
  });

  it('refuses to save an entity into another empresa', async () => {
    const deB = await RequestContext.runForEmpresa(empresaB, () => usuarios.findById(usuarioDeB));
    await expect(RequestContext.runForEmpresa(empresaA, () => usuarios.save(deB!))).rejects.toBeInstanceOf(TenantContextMissingError);
  });

  it('refuses any tenant query with no empresa in context', async () => {
    await expect(usuarios.listar()).rejects.toBeInstanceOf(TenantContextMissingError);
    await expect(usuarios.findById(usuarioDeB)).rejects.toBeInstanceOf(TenantContextMissingError);
  });

  it('keeps each admin to its own empresa through the HTTP API', async () => {
    const tokenA = await t.login('admin@a.test', 'senha-a-12345');
    const lista = await t.http().get('/api/usuarios').set('Authorization', `Bearer ${tokenA}`);
    expect(lista.body.map((u: { email: string }) => u.email).sort()).toEqual(['admin@a.test', 'caio@a.test']);
    const alheio = await t.http().get(`/api/usuarios/${usuarioDeB}`).set('Authorization', `Bearer ${tokenA}`);
    expect(alheio.status).toBe(404);
    const patch = await t.http().patch(`/api/usuarios/${usuarioDeB}`).set('Authorization', `Bearer ${tokenA}`).send({ nome: 'x' });
    expect(patch.status).toBe(404);
  });
});
