import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { TICKET_STATUS_ABERTOS, Ticket } from '../tickets/ticket.entity.js';
import { AtendentePresenca } from './atendente-presenca.entity.js';
import { Atendente, type AtendenteStatus } from './atendente.entity.js';

/** Keyset of the atendente list: (nome, id), ordered by (lower(nome), id); lower-cased by the database on both sides. */
export type ChaveAtendente = [string, string];

export interface FiltroAtendentes {
  status?: AtendenteStatus;
  filaId?: string;
  ativo?: boolean;
  apos?: ChaveAtendente;
  limite: number;
}

@Injectable()
export class AtendenteRepository extends TenantRepository<Atendente> {
  constructor(tx: TransactionHost) {
    super(tx, Atendente, 'atendente');
  }

  /** Atendentes with the few usuario columns the API shows (never the password hash). */
  private comUsuario() {
    return this.scoped().innerJoin('atendente.usuario', 'usuario').addSelect(['usuario.id', 'usuario.email', 'usuario.nome']);
  }

  /** The atendente with its usuario (for the e-mail), or null. */
  async findComUsuario(id: string): Promise<Atendente | null> {
    return this.comUsuario().andWhere('atendente.id = :id', { id }).getOne();
  }

  async findPorUsuario(usuarioId: string): Promise<Atendente | null> {
    return this.comUsuario().andWhere('atendente.usuario_id = :usuarioId', { usuarioId }).getOne();
  }

  /** One page by (name, id), `limite + 1` rows. */
  async listar(filtro: FiltroAtendentes): Promise<Atendente[]> {
    const query = this.comUsuario();
    if (filtro.status !== undefined) query.andWhere('atendente.status = :status', { status: filtro.status });
    if (filtro.ativo !== undefined) query.andWhere('atendente.ativo = :ativo', { ativo: filtro.ativo });
    if (filtro.filaId !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM atendimento_atendentes_filas membro
                  WHERE membro.empresa_id = atendente.empresa_id AND membro.atendente_id = atendente.id
                    AND membro.fila_id = :filaId)`,
        { filaId: filtro.filaId },
      );
    }
    if (filtro.apos) {
      const [nome, id] = filtro.apos;
      query.andWhere('(lower(atendente.nome), atendente.id) > (lower(:nome), :id)', { nome, id });
    }
    return query
      .orderBy('lower(atendente.nome)', 'ASC')
      .addOrderBy('atendente.id', 'ASC')
      .limit(filtro.limite + 1)
      .getMany();
  }

  /** Open tickets assigned to each atendente (one grouped query for a page). */
  async contarTicketsAbertos(atendenteIds: readonly string[]): Promise<Map<string, number>> {
    if (atendenteIds.length === 0) return new Map();
    const linhas = await this.tx.manager
      .getRepository(Ticket)
      .createQueryBuilder('ticket')
      .select('ticket.atendente_id', 'atendenteId')
      .addSelect('count(*)::int', 'total')
      .where('ticket.empresa_id = :empresaId AND ticket.atendente_id IN (:...atendenteIds)', {
        empresaId: this.empresaId,
        atendenteIds,
      })
      .andWhere('ticket.status IN (:...abertos) AND ticket.removido_em IS NULL', { abertos: TICKET_STATUS_ABERTOS })
      .groupBy('ticket.atendente_id')
      .getRawMany<{ atendenteId: string; total: number }>();
    return new Map(linhas.map((l) => [l.atendenteId, Number(l.total)]));
  }

  /** Changes the presence status and appends the presence history row, in the caller's transaction. */
  async registrarStatus(atendente: Atendente, status: AtendenteStatus, em: Date): Promise<void> {
    const de = atendente.status;
    await this.update(atendente.id, { status, statusEm: em });
    await this.tx.manager.getRepository(AtendentePresenca).insert({
      empresaId: this.empresaId,
      atendenteId: atendente.id,
      deStatus: de,
      status,
      ocorridoEm: em,
    });
  }
}
