import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { TenantRepository } from '../database/tenant.repository.js';
import { Usuario } from './usuario.entity.js';

@Injectable()
export class UsuarioRepository extends TenantRepository<Usuario> {
  constructor(tx: TransactionHost) {
    super(tx, Usuario, 'usuario');
  }

  /**
   * Login happens before any empresa is known, so this is the one lookup across empresas; e-mails are
   * unique across the installation for that reason.
   */
  async findAtivoParaLogin(email: string): Promise<Usuario | null> {
    return this.repository
      .createQueryBuilder('usuario')
      .where('usuario.email = :email AND usuario.ativo = true', { email: email.trim().toLowerCase() })
      .getOne();
  }

  async existeEmail(email: string): Promise<boolean> {
    return this.repository.createQueryBuilder('usuario').where('usuario.email = :email', { email: email.trim().toLowerCase() }).getExists();
  }

  async findAtivo(id: string): Promise<Usuario | null> {
    return this.scoped().andWhere('usuario.id = :id AND usuario.ativo = true', { id }).getOne();
  }

  async listar(): Promise<Usuario[]> {
    return this.scoped().orderBy('usuario.nome', 'ASC').getMany();
  }

  async contarAdminsAtivos(): Promise<number> {
    return this.scoped().andWhere(`usuario.papel = 'admin' AND usuario.ativo = true`).getCount();
  }

  async registrarLogin(id: string): Promise<void> {
    await this.repository.update({ id }, { ultimoLoginEm: new Date() });
  }
}
