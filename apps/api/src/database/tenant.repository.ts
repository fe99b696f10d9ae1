import type { DeepPartial, EntityTarget, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { RequestContext } from '../common/request-context.js';
import type { TransactionHost } from './transaction-host.js';

export class TenantContextMissingError extends Error {
  constructor() {
    super('Consulta de dados de empresa sem empresa no contexto: use RequestContext.runForEmpresa');
    this.name = 'TenantContextMissingError';
  }
}

export interface TenantOwned extends ObjectLiteral {
  id: string;
  empresaId: string;
}

/**
 * Base of every repository of tenant data. The empresa always comes from the request (or job) context, never
 * from a caller's argument, so a forgotten filter cannot leak another empresa's rows: every query starts from
 * `scoped()`, every insert is stamped, every update and delete is filtered.
 */
export abstract class TenantRepository<E extends TenantOwned> {
  protected constructor(
    protected readonly tx: TransactionHost,
    private readonly target: EntityTarget<E>,
    protected readonly alias: string,
  ) {}

  protected get empresaId(): string {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    return empresaId;
  }

  protected get repository(): Repository<E> {
    return this.tx.manager.getRepository(this.target);
  }

  /** A query builder already filtered by the current empresa. Add conditions with `andWhere`. */
  protected scoped(alias: string = this.alias): SelectQueryBuilder<E> {
    return this.repository.createQueryBuilder(alias).where(`${alias}.empresa_id = :empresaId`, { empresaId: this.empresaId });
  }

  async findById(id: string): Promise<E | null> {
    return this.scoped().andWhere(`${this.alias}.id = :id`, { id }).getOne();
  }

  async create(values: DeepPartial<Omit<E, 'empresaId'>>): Promise<E> {
    const entity = this.repository.create({ ...values, empresaId: this.empresaId } as DeepPartial<E>);
    return this.repository.save(entity);
  }

  async save(entity: E): Promise<E> {
    if (entity.empresaId !== this.empresaId) throw new TenantContextMissingError();
    return this.repository.save(entity);
  }

  async update(id: string, values: DeepPartial<Omit<E, 'id' | 'empresaId'>>): Promise<boolean> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set(values as Parameters<ReturnType<Repository<E>['createQueryBuilder']>['update']>[0] & object)
      .where('id = :id AND empresa_id = :empresaId', { id, empresaId: this.empresaId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .where('id = :id AND empresa_id = :empresaId', { id, empresaId: this.empresaId })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
