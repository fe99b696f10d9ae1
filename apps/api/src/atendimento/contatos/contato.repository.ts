import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { ContatoTag } from '../tags/contato-tag.entity.js';
import type { Tag } from '../tags/tag.entity.js';
import { Contato } from './contato.entity.js';

export interface FiltroContatos {
  q?: string;
  tagId?: string;
  /** Keyset position: the (criado_em, id) of the last row of the previous page, newest first. */
  apos?: { criadoEm: string; id: string };
  limite: number;
}

export interface PaginaContatos {
  contatos: Contato[];
  /** The exact (microsecond) criado_em of the last row, as PostgreSQL prints it, for the next cursor. */
  ultimoCriadoEm: string | null;
  temMais: boolean;
}

/** A ticket moved by a merge, with what real-time routing needs. */
export interface TicketMovido {
  id: string;
  filaId: string | null;
  atendenteId: string | null;
}

function escaparLike(texto: string): string {
  return texto.replace(/[\\%_]/g, '\\$&');
}

/**
 * Accent-insensitive matching with the built-in translate(): the unaccent and pg_trgm similarity functions
 * load extension code at run time, and on the embedded database the similarity operator (`%`) was seen to
 * return no rows and then wedge the single session (the next COMMIT never answers). ILIKE '%q%' still uses
 * the gin_trgm_ops index on PostgreSQL.
 */
const COM_ACENTO = 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ';
const SEM_ACENTO = 'aaaaaaeeeeiiiiooooouuuucnyyAAAAAAEEEEIIIIOOOOOUUUUCNY';

function semAcento(texto: string): string {
  return texto.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}

@Injectable()
export class ContatoRepository extends TenantRepository<Contato> {
  constructor(tx: TransactionHost) {
    super(tx, Contato, 'contato');
  }

  /**
   * The oldest unmerged contato holding any of these E.164 forms (other than `excetoId`). Phones are not unique
   * in the schema (imports, merges); identity resolution and the REST checks go through here.
   */
  async findAtivoPorTelefones(telefones: string[], excetoId?: string): Promise<Contato | null> {
    if (telefones.length === 0) return null;
    const qb = this.scoped().andWhere('contato.mesclado_para_id IS NULL AND contato.telefone IN (:...telefones)', { telefones });
    if (excetoId) qb.andWhere('contato.id <> :excetoId', { excetoId });
    return qb.orderBy('contato.criado_em', 'ASC').addOrderBy('contato.id', 'ASC').getOne();
  }

  /** The oldest unmerged contato with this (lower-case) e-mail, other than `excetoId`. */
  async findAtivoPorEmail(email: string, excetoId?: string): Promise<Contato | null> {
    const qb = this.scoped().andWhere('contato.mesclado_para_id IS NULL AND contato.email = :email', { email });
    if (excetoId) qb.andWhere('contato.id <> :excetoId', { excetoId });
    return qb.orderBy('contato.criado_em', 'ASC').addOrderBy('contato.id', 'ASC').getOne();
  }

  /** Newest first, keyset-paginated; merged contatos are left out. */
  async listar(filtro: FiltroContatos): Promise<PaginaContatos> {
    const qb = this.scoped().andWhere('contato.mesclado_para_id IS NULL');
    const q = filtro.q;
    if (q) {
      const like = `%${escaparLike(q)}%`;
      const likeSemAcento = `%${escaparLike(semAcento(q))}%`;
      const digitos = q.replace(/\D/g, '');
      qb.andWhere(
        new Brackets((busca) => {
          busca
            .where('contato.nome ILIKE :like', { like })
            .orWhere(`translate(contato.nome, '${COM_ACENTO}', '${SEM_ACENTO}') ILIKE :likeSemAcento`, { likeSemAcento })
            .orWhere('contato.email ILIKE :like');
          if (digitos.length >= 3) busca.orWhere('contato.telefone LIKE :telefoneLike', { telefoneLike: `%${digitos}%` });
        }),
      );
    }
    if (filtro.tagId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM atendimento_contatos_tags ct
                 WHERE ct.empresa_id = contato.empresa_id AND ct.contato_id = contato.id AND ct.tag_id = :tagId)`,
        { tagId: filtro.tagId },
      );
    }
    if (filtro.apos) {
      qb.andWhere('(contato.criado_em, contato.id) < (CAST(:aposEm AS timestamptz), CAST(:aposId AS uuid))', {
        aposEm: filtro.apos.criadoEm,
        aposId: filtro.apos.id,
      });
    }
    const { entities, raw } = await qb
      .addSelect('CAST(contato.criado_em AS text)', 'cursor_criado_em')
      .orderBy('contato.criado_em', 'DESC')
      .addOrderBy('contato.id', 'DESC')
      .limit(filtro.limite + 1)
      .getRawAndEntities<{ contato_id: string; cursor_criado_em: string }>();
    const temMais = entities.length > filtro.limite;
    const contatos = entities.slice(0, filtro.limite);
    const ultimo = contatos.at(-1);
    const ultimoCriadoEm = ultimo ? (raw.find((row) => row.contato_id === ultimo.id)?.cursor_criado_em ?? null) : null;
    return { contatos, ultimoCriadoEm, temMais };
  }

  /** The tags of each contato, in one query, ordered by name. */
  async listarTags(contatoIds: string[]): Promise<Map<string, Tag[]>> {
    const porContato = new Map<string, Tag[]>(contatoIds.map((id) => [id, []]));
    if (contatoIds.length === 0) return porContato;
    const ligacoes = await this.tx.manager
      .getRepository(ContatoTag)
      .createQueryBuilder('ct')
      .innerJoinAndSelect('ct.tag', 'tag', 'tag.empresa_id = ct.empresa_id')
      .where('ct.empresa_id = :empresaId AND ct.contato_id IN (:...contatoIds)', { empresaId: this.empresaId, contatoIds })
      .orderBy('lower(tag.nome)', 'ASC')
      .getMany();
    for (const ligacao of ligacoes) porContato.get(ligacao.contatoId)?.push(ligacao.tag);
    return porContato;
  }

  async contarTickets(contatoId: string): Promise<number> {
    const [row] = await this.tx.query<{ total: string }>(
      `SELECT count(*) AS total FROM atendimento_tickets WHERE empresa_id = $1 AND contato_id = $2`,
      [this.empresaId, contatoId],
    );
    return Number(row?.total ?? 0);
  }

  /**
   * Deletes the contato and the empty shells merged into it (their identities and tickets already moved here):
   * left alone, the foreign key would unmark them as merged and they would reappear in the list.
   */
  async removerComMesclados(id: string): Promise<void> {
    await this.tx.query(`DELETE FROM atendimento_contatos WHERE empresa_id = $1 AND mesclado_para_id = $2`, [this.empresaId, id]);
    await this.delete(id);
  }

  /** Locks both rows (in id order, so two opposite merges cannot deadlock) and returns them. */
  async travarParaMesclagem(ids: [string, string]): Promise<Contato[]> {
    return this.scoped()
      .andWhere('contato.id IN (:...ids)', { ids })
      .orderBy('contato.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Numbers of the other's open tickets on a canal where this contato also has one open (one open per canal). */
  async ticketsAbertosEmConflito(deId: string, paraId: string): Promise<number[]> {
    const rows = await this.tx.query<{ numero: number }>(
      `SELECT o.numero FROM atendimento_tickets o
         JOIN atendimento_tickets t ON t.empresa_id = o.empresa_id AND t.contato_id = $3 AND t.canal_id = o.canal_id
                                    AND t.status NOT IN ('resolvido', 'fechado') AND t.removido_em IS NULL
        WHERE o.empresa_id = $1 AND o.contato_id = $2 AND o.status NOT IN ('resolvido', 'fechado') AND o.removido_em IS NULL
        ORDER BY o.numero`,
      [this.empresaId, deId, paraId],
    );
    return rows.map((row) => Number(row.numero));
  }

  /**
   * Moves everything that points at `deId` to `paraId`: tickets (each gets a `contato_mesclado` event row),
   * mensagens, identities, tags, sentiment rows and contatos merged into `deId` before. The caller holds
   * both rows locked and marks `deId` as merged.
   */
  async moverReferencias(deId: string, paraId: string, usuarioId: string | null): Promise<TicketMovido[]> {
    const empresaId = this.empresaId;
    await this.tx.query(
      `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, ator, usuario_id, dados)
       SELECT empresa_id, id, 'contato_mesclado', $4::text, $5::uuid, jsonb_build_object('deContatoId', $2::uuid, 'paraContatoId', $3::uuid)
         FROM atendimento_tickets WHERE empresa_id = $1 AND contato_id = $2`,
      [empresaId, deId, paraId, usuarioId ? 'usuario' : 'sistema', usuarioId],
    );
    const tickets = await this.tx.query<{ id: string; fila_id: string | null; atendente_id: string | null }>(
      `UPDATE atendimento_tickets SET contato_id = $3, atualizado_em = now()
        WHERE empresa_id = $1 AND contato_id = $2 RETURNING id, fila_id, atendente_id`,
      [empresaId, deId, paraId],
    );
    await this.tx.query(`UPDATE atendimento_mensagens SET contato_id = $3 WHERE empresa_id = $1 AND contato_id = $2`, [
      empresaId,
      deId,
      paraId,
    ]);
    await this.tx.query(
      `UPDATE atendimento_contato_identidades SET contato_id = $3, atualizado_em = now() WHERE empresa_id = $1 AND contato_id = $2`,
      [empresaId, deId, paraId],
    );
    await this.tx.query(
      `INSERT INTO atendimento_contatos_tags (empresa_id, contato_id, tag_id, usuario_id, criado_em)
       SELECT empresa_id, $3, tag_id, usuario_id, criado_em FROM atendimento_contatos_tags WHERE empresa_id = $1 AND contato_id = $2
       ON CONFLICT DO NOTHING`,
      [empresaId, deId, paraId],
    );
    await this.tx.query(`DELETE FROM atendimento_contatos_tags WHERE empresa_id = $1 AND contato_id = $2`, [empresaId, deId]);
    await this.tx.query(`UPDATE atendimento_sentimento SET contato_id = $3 WHERE empresa_id = $1 AND contato_id = $2`, [
      empresaId,
      deId,
      paraId,
    ]);
    await this.tx.query(
      `UPDATE atendimento_contatos SET mesclado_para_id = $3, atualizado_em = now() WHERE empresa_id = $1 AND mesclado_para_id = $2`,
      [empresaId, deId, paraId],
    );
    return tickets.map((row) => ({ id: row.id, filaId: row.fila_id, atendenteId: row.atendente_id }));
  }
}
