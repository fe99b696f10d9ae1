import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Tag } from './tag.entity.js';

export interface PaginaTags {
  tags: Tag[];
  /** lower(nome) of the last row (the order key, unique per empresa). */
  ultimaChave: string | null;
  temMais: boolean;
}

function escaparLike(texto: string): string {
  return texto.replace(/[\\%_]/g, '\\$&');
}

@Injectable()
export class TagRepository extends TenantRepository<Tag> {
  constructor(tx: TransactionHost) {
    super(tx, Tag, 'tag');
  }

  /** By name, case-insensitively (names are unique per empresa that way). */
  async findPorNome(nome: string, excetoId?: string): Promise<Tag | null> {
    const qb = this.scoped().andWhere('lower(tag.nome) = lower(:nome)', { nome });
    if (excetoId) qb.andWhere('tag.id <> :excetoId', { excetoId });
    return qb.getOne();
  }

  /** Alphabetical, keyset-paginated on lower(nome), which the unique index covers. */
  async listar(filtro: { q?: string; aposChave?: string; limite: number }): Promise<PaginaTags> {
    const qb = this.scoped();
    if (filtro.q) qb.andWhere('tag.nome ILIKE :like', { like: `%${escaparLike(filtro.q)}%` });
    if (filtro.aposChave !== undefined) qb.andWhere('lower(tag.nome) > :aposChave', { aposChave: filtro.aposChave });
    const { entities, raw } = await qb
      .addSelect('lower(tag.nome)', 'chave_ordem')
      .orderBy('chave_ordem', 'ASC')
      .limit(filtro.limite + 1)
      .getRawAndEntities<{ tag_id: string; chave_ordem: string }>();
    const temMais = entities.length > filtro.limite;
    const tags = entities.slice(0, filtro.limite);
    const ultima = tags.at(-1);
    const ultimaChave = ultima ? (raw.find((row) => row.tag_id === ultima.id)?.chave_ordem ?? null) : null;
    return { tags, ultimaChave, temMais };
  }
}
