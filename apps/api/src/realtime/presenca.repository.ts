import { Injectable } from '@nestjs/common';
import type { AtendenteStatusDto } from '@atende/shared';
import { AtendenteFila } from '../atendimento/atendentes/atendente-fila.entity.js';
import { AtendentePresenca } from '../atendimento/atendentes/atendente-presenca.entity.js';
import { Atendente } from '../atendimento/atendentes/atendente.entity.js';
import { TransactionHost } from '../database/transaction-host.js';
import { TenantRepository } from '../database/tenant.repository.js';

export interface AtendenteDoSocket {
  id: string;
  nome: string;
  filaIds: string[];
}

/** A presence change that happened (what `atendente:status` announces, and to which filas). */
export interface MudancaDePresenca {
  atendenteId: string;
  usuarioId: string;
  nome: string;
  deStatus: AtendenteStatusDto;
  status: AtendenteStatusDto;
  em: Date;
  filaIds: string[];
}

/** Presence reads and writes on `atendimento_atendentes` and its history `atendimento_atendente_presencas`. */
@Injectable()
export class PresencaRepository extends TenantRepository<Atendente> {
  constructor(tx: TransactionHost) {
    super(tx, Atendente, 'atendente');
  }

  /** The active atendente of a usuario with its filas (the socket's rooms), or null. One statement. */
  async findAtivoPorUsuarioComFilas(usuarioId: string): Promise<AtendenteDoSocket | null> {
    const [linha] = await this.tx.query<{ id: string; nome: string; fila_ids: string[] }>(
      `SELECT a.id, a.nome, COALESCE(array_agg(af.fila_id::text) FILTER (WHERE af.fila_id IS NOT NULL), '{}'::text[]) AS fila_ids
         FROM atendimento_atendentes a
         LEFT JOIN atendimento_atendentes_filas af ON af.empresa_id = a.empresa_id AND af.atendente_id = a.id
        WHERE a.empresa_id = $1 AND a.usuario_id = $2 AND a.ativo
        GROUP BY a.id`,
      [this.empresaId, usuarioId],
    );
    return linha ? { id: linha.id, nome: linha.nome, filaIds: linha.fila_ids } : null;
  }

  async listarFilaIds(atendenteId: string): Promise<string[]> {
    const membros = await this.tx.manager
      .getRepository(AtendenteFila)
      .createQueryBuilder('membro')
      .select('membro.filaId', 'filaId')
      .where('membro.empresa_id = :empresaId AND membro.atendente_id = :atendenteId', { empresaId: this.empresaId, atendenteId })
      .getRawMany<{ filaId: string }>();
    return membros.map((membro) => membro.filaId);
  }

  /** Locks the atendente row until commit: presence changes of one atendente never interleave. */
  async findParaMudarStatus(atendenteId: string): Promise<Atendente | null> {
    return this.scoped().andWhere('atendente.id = :atendenteId', { atendenteId }).setLock('pessimistic_write').getOne();
  }

  /** Sets the status and appends the change to the presence history; returns when it happened. */
  async registrarStatus(atendente: Atendente, status: AtendenteStatusDto): Promise<Date> {
    const em = new Date();
    await this.update(atendente.id, { status, statusEm: em });
    await this.tx.manager
      .getRepository(AtendentePresenca)
      .insert({ empresaId: this.empresaId, atendenteId: atendente.id, deStatus: atendente.status, status, ocorridoEm: em });
    return em;
  }

  /**
   * offline → online in ONE statement (the history row included), or nothing when it is not offline: the path of
   * every new socket, so a mass reconnection costs one round trip per socket. The UPDATE waits for a grace timer
   * holding the row lock and re-checks `status = 'offline'` on the row it committed.
   */
  async ficarOnlineSeOffline(atendenteId: string): Promise<MudancaDePresenca | null> {
    const [linha] = await this.tx.query<{ id: string; usuario_id: string; nome: string; status_em: Date; fila_ids: string[] }>(
      `WITH mudou AS (
         UPDATE atendimento_atendentes SET status = 'online', status_em = clock_timestamp(), atualizado_em = now()
          WHERE empresa_id = $1 AND id = $2 AND status = 'offline'
          RETURNING id, usuario_id, nome, status_em),
       historico AS (
         INSERT INTO atendimento_atendente_presencas (empresa_id, atendente_id, de_status, status, ocorrido_em)
         SELECT $1, id, 'offline', 'online', status_em FROM mudou)
       SELECT m.id, m.usuario_id, m.nome, m.status_em,
              COALESCE((SELECT array_agg(af.fila_id::text) FROM atendimento_atendentes_filas af
                         WHERE af.empresa_id = $1 AND af.atendente_id = m.id), '{}'::text[]) AS fila_ids
         FROM mudou m`,
      [this.empresaId, atendenteId],
    );
    if (!linha) return null;
    return {
      atendenteId: linha.id,
      usuarioId: linha.usuario_id,
      nome: linha.nome,
      deStatus: 'offline',
      status: 'online',
      em: linha.status_em,
      filaIds: linha.fila_ids,
    };
  }

  /**
   * Every atendente not offline, across empresas: the presence sweep runs outside any request and must find the
   * ones whose sockets vanished (a crashed instance, a restart) in every empresa.
   */
  async listarNaoOfflineDeTodasEmpresas(): Promise<{ id: string; empresaId: string }[]> {
    return this.repository
      .createQueryBuilder('atendente')
      .select(['atendente.id', 'atendente.empresaId'])
      .where(`atendente.status <> 'offline'`)
      .getMany();
  }
}
