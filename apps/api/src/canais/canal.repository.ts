import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import { Template } from '../atendimento/templates/template.entity.js';
import { Canal, type CanalTipo, type CanalUltimoErro } from './canal.entity.js';

/** Keyset of the canal list: (nome, id), ordered by (lower(nome), id); lower-cased by the database on both sides. */
export type ChaveCanal = [string, string];

/**
 * Canais of the current empresa, plus the few lookups a webhook makes before any empresa is known (by routing
 * key, by kind): those are the only queries here without the empresa filter, and they return the canal whose
 * `empresaId` the caller then runs under.
 */
@Injectable()
export class CanalRepository extends TenantRepository<Canal> {
  constructor(tx: TransactionHost) {
    super(tx, Canal, 'canal');
  }

  /** A canal that was not removed (the CRUD routes never see removed ones). */
  async findAtual(id: string): Promise<Canal | null> {
    return this.scoped().andWhere('canal.id = :id AND canal.removido_em IS NULL', { id }).getOne();
  }

  /** One page by (name, id), `limite + 1` rows. */
  async listar(filtro: { tipo?: CanalTipo; apos?: ChaveCanal; limite: number }): Promise<Canal[]> {
    const query = this.scoped().andWhere('canal.removido_em IS NULL');
    if (filtro.tipo !== undefined) query.andWhere('canal.tipo = :tipo', { tipo: filtro.tipo });
    if (filtro.apos) {
      const [nome, id] = filtro.apos;
      query.andWhere('(lower(canal.nome), canal.id) > (lower(:nome), :id)', { nome, id });
    }
    return query
      .orderBy('lower(canal.nome)', 'ASC')
      .addOrderBy('canal.id', 'ASC')
      .limit(filtro.limite + 1)
      .getMany();
  }

  /** Across empresas: routing keys are unique per kind installation-wide (`atendimento_canais_roteamento_key`). */
  async existeChaveRoteamento(tipo: CanalTipo, chave: string, excetoId?: string): Promise<boolean> {
    const query = this.repository
      .createQueryBuilder('canal')
      .where('canal.tipo = :tipo AND canal.chave_roteamento = :chave AND canal.removido_em IS NULL', { tipo, chave });
    if (excetoId) query.andWhere('canal.id <> :excetoId', { excetoId });
    return query.getExists();
  }

  /** Across empresas: the webhook knows the routing key (phone_number_id) before it knows the empresa. */
  async findAtivoPorChaveRoteamento(tipo: CanalTipo, chave: string): Promise<Canal | null> {
    return this.repository
      .createQueryBuilder('canal')
      .where('canal.tipo = :tipo AND canal.chave_roteamento = :chave', { tipo, chave })
      .andWhere('canal.ativo = true AND canal.removido_em IS NULL')
      .getOne();
  }

  /** Across empresas: Meta's GET handshake names no canal, only a verify token to match. */
  async listarAtivosPorTipo(tipo: CanalTipo): Promise<Canal[]> {
    return this.repository
      .createQueryBuilder('canal')
      .where('canal.tipo = :tipo AND canal.ativo = true AND canal.removido_em IS NULL', { tipo })
      .orderBy('canal.criado_em', 'ASC')
      .addOrderBy('canal.id', 'ASC')
      .getMany();
  }

  /**
   * By canal id (ids are global), so the webhook can stamp it before entering the empresa's context.
   * Monotonic, and written at most every few seconds: under a burst of webhooks the canal row must not
   * become a hot spot that every ingestion transaction waits on.
   */
  async registrarEvento(canalId: string, em: Date): Promise<void> {
    await this.tx.query(
      `UPDATE atendimento_canais SET ultimo_evento_em = $2
        WHERE id = $1 AND (ultimo_evento_em IS NULL OR ultimo_evento_em < $2::timestamptz - interval '5 seconds')`,
      [canalId, em.toISOString()],
    );
  }

  /** By canal id, like `registrarEvento`; null clears the last error. */
  async registrarErro(canalId: string, erro: CanalUltimoErro | null): Promise<void> {
    await this.tx.query(`UPDATE atendimento_canais SET ultimo_erro = $2::jsonb, atualizado_em = now() WHERE id = $1`, [
      canalId,
      erro === null ? null : JSON.stringify(erro),
    ]);
  }

  /** An approved, active provider template of this canal with that provider name (any language). */
  async existeTemplateAprovado(canalId: string, nome: string): Promise<boolean> {
    return this.tx.manager
      .getRepository(Template)
      .createQueryBuilder('template')
      .where('template.empresa_id = :empresaId AND template.canal_id = :canalId', { empresaId: this.empresaId, canalId })
      .andWhere(`template.whatsapp_nome = :nome AND template.whatsapp_status = 'aprovado' AND template.ativo = true`, { nome })
      .getExists();
  }
}
