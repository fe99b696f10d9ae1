import type { TagDto } from '@atende/shared';
import type { Tag } from './tag.entity.js';

/** The API shape of a tag; contatos and tickets embed the same one. */
export function toTagDto(tag: Tag): TagDto {
  return {
    id: tag.id,
    nome: tag.nome,
    cor: tag.cor,
    descricao: tag.descricao,
    criadoEm: tag.criadoEm.toISOString(),
    atualizadoEm: tag.atualizadoEm.toISOString(),
  };
}
