import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { Empresa } from './empresa.entity.js';

/** Empresas are the tenants themselves, so this repository is not tenant-scoped. */
@Injectable()
export class EmpresaRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repository() {
    return this.tx.manager.getRepository(Empresa);
  }

  async findById(id: string): Promise<Empresa | null> {
    return this.repository.createQueryBuilder('empresa').where('empresa.id = :id', { id }).getOne();
  }

  async existeAlguma(): Promise<boolean> {
    return this.repository.createQueryBuilder('empresa').getExists();
  }

  async existeSlug(slug: string): Promise<boolean> {
    return this.repository.createQueryBuilder('empresa').where('empresa.slug = :slug', { slug }).getExists();
  }

  async criar(nome: string, slug: string): Promise<Empresa> {
    return this.repository.save(this.repository.create({ nome, slug }));
  }
}
