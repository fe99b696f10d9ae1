import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { Template } from './template.entity.js';

export interface FiltroTemplates {
  q?: string;
  /** Shortcut prefix, normalized (no slash, lower-case); '' lists every template with a shortcut. */
  atalhoPrefixo?: string;
  categoria?: string;
  canalId?: string;
  ativo?: boolean;
  apos?: { nome: string; id: string };
  limite: number;
}

function escaparLike(texto: string): string {
  return texto.replace(/[\\%_]/g, '\\$&');
}

@Injectable()
export class TemplateRepository extends TenantRepository<Template> {
  constructor(tx: TransactionHost) {
    super(tx, Template, 'template');
  }

  async findPorAtalho(atalho: string, excetoId?: string): Promise<Template | null> {
    const qb = this.scoped().andWhere('template.atalho = :atalho', { atalho });
    if (excetoId) qb.andWhere('template.id <> :excetoId', { excetoId });
    return qb.getOne();
  }

  /** Alphabetical by nome, keyset-paginated on (nome, id). */
  async listar(filtro: FiltroTemplates): Promise<{ templates: Template[]; temMais: boolean }> {
    const qb = this.scoped();
    if (filtro.atalhoPrefixo !== undefined) {
      // LIKE 'sau%' on the text_pattern_ops unique index.
      if (filtro.atalhoPrefixo === '') qb.andWhere('template.atalho IS NOT NULL');
      else qb.andWhere('template.atalho LIKE :prefixo', { prefixo: `${escaparLike(filtro.atalhoPrefixo)}%` });
    }
    if (filtro.q) {
      const like = `%${escaparLike(filtro.q)}%`;
      qb.andWhere(
        new Brackets((busca) => {
          busca
            .where('template.nome ILIKE :like', { like })
            .orWhere('template.atalho ILIKE :like')
            .orWhere('template.conteudo ILIKE :like');
        }),
      );
    }
    if (filtro.categoria) qb.andWhere('lower(template.categoria) = lower(:categoria)', { categoria: filtro.categoria });
    if (filtro.canalId) qb.andWhere('(template.canal_id IS NULL OR template.canal_id = :canalId)', { canalId: filtro.canalId });
    if (filtro.ativo !== undefined) qb.andWhere('template.ativo = :ativo', { ativo: filtro.ativo });
    if (filtro.apos) {
      qb.andWhere('(template.nome, template.id) > (:aposNome, CAST(:aposId AS uuid))', {
        aposNome: filtro.apos.nome,
        aposId: filtro.apos.id,
      });
    }
    const linhas = await qb
      .orderBy('template.nome', 'ASC')
      .addOrderBy('template.id', 'ASC')
      .limit(filtro.limite + 1)
      .getMany();
    return { templates: linhas.slice(0, filtro.limite), temMais: linhas.length > filtro.limite };
  }

  /** Every template synced from the canal (including inactive ones, which a sync may bring back). */
  async listarSincronizadosDoCanal(canalId: string): Promise<Template[]> {
    return this.scoped().andWhere('template.canal_id = :canalId AND template.whatsapp_nome IS NOT NULL', { canalId }).getMany();
  }

  /** Whether the canal exists in this empresa (and is not removed). */
  async existeCanal(canalId: string): Promise<boolean> {
    const rows = await this.tx.query<{ existe: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM atendimento_canais WHERE empresa_id = $1 AND id = $2 AND removido_em IS NULL) AS existe`,
      [this.empresaId, canalId],
    );
    return rows[0]?.existe === true;
  }

  /** What a ticket gives to the built-in variables: its número and its contato's name. */
  async contextoDoTicket(ticketId: string): Promise<{ numero: number; contatoNome: string | null } | null> {
    const [row] = await this.tx.query<{ numero: number; contato_nome: string | null }>(
      `SELECT t.numero, c.nome AS contato_nome
         FROM atendimento_tickets t JOIN atendimento_contatos c ON c.id = t.contato_id AND c.empresa_id = t.empresa_id
        WHERE t.empresa_id = $1 AND t.id = $2 AND t.removido_em IS NULL`,
      [this.empresaId, ticketId],
    );
    return row ? { numero: Number(row.numero), contatoNome: row.contato_nome } : null;
  }

  /** The name customers see for this usuario's atendente profile, if it has one. */
  async nomeDoAtendente(usuarioId: string): Promise<string | null> {
    const [row] = await this.tx.query<{ nome: string }>(
      `SELECT nome FROM atendimento_atendentes WHERE empresa_id = $1 AND usuario_id = $2`,
      [this.empresaId, usuarioId],
    );
    return row?.nome ?? null;
  }
}
