import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/request-context.js';
import { TenantContextMissingError } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';

export interface CanalReferencia {
  id: string;
  tipo: string;
  ativo: boolean;
}

export interface FilaReferencia {
  id: string;
  nome: string;
  ativo: boolean;
}

export interface AtendenteReferencia {
  id: string;
  usuarioId: string;
  nome: string;
  ativo: boolean;
  status: 'online' | 'ausente' | 'offline';
}

/**
 * What tickets read from tables other modules own (contatos, canais, filas, atendentes, empresas), with
 * named queries of its own so the tickets module depends on their schema, not on their services. Every
 * query is filtered by the empresa of the request context.
 */
@Injectable()
export class TicketReferenciasRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get empresaId(): string {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    return empresaId;
  }

  async contatoExiste(contatoId: string): Promise<boolean> {
    const linhas = await this.tx.query(`SELECT 1 FROM atendimento_contatos WHERE empresa_id = $1 AND id = $2`, [
      this.empresaId,
      contatoId,
    ]);
    return linhas.length > 0;
  }

  async nomeDoContato(contatoId: string): Promise<string | null> {
    const [linha] = await this.tx.query<{ nome: string | null }>(
      `SELECT nome FROM atendimento_contatos WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, contatoId],
    );
    return linha?.nome ?? null;
  }

  /** Soft-deleted canais do not exist for new tickets. */
  async canal(canalId: string): Promise<CanalReferencia | null> {
    const [linha] = await this.tx.query<CanalReferencia>(
      `SELECT id, tipo, ativo FROM atendimento_canais WHERE empresa_id = $1 AND id = $2 AND removido_em IS NULL`,
      [this.empresaId, canalId],
    );
    return linha ?? null;
  }

  async fila(filaId: string): Promise<FilaReferencia | null> {
    const [linha] = await this.tx.query<FilaReferencia>(
      `SELECT id, nome, ativo FROM atendimento_filas WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, filaId],
    );
    return linha ?? null;
  }

  async atendente(atendenteId: string): Promise<AtendenteReferencia | null> {
    const [linha] = await this.tx.query<AtendenteReferencia>(
      `SELECT id, usuario_id AS "usuarioId", nome, ativo, status FROM atendimento_atendentes WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, atendenteId],
    );
    return linha ?? null;
  }

  /** The atendente record of a usuario (at most one: usuario_id is unique), active or not. */
  async atendenteDoUsuario(usuarioId: string): Promise<AtendenteReferencia | null> {
    const [linha] = await this.tx.query<AtendenteReferencia>(
      `SELECT id, usuario_id AS "usuarioId", nome, ativo, status FROM atendimento_atendentes WHERE empresa_id = $1 AND usuario_id = $2`,
      [this.empresaId, usuarioId],
    );
    return linha ?? null;
  }

  async nomeDaEmpresa(): Promise<string> {
    const [linha] = await this.tx.query<{ nome: string }>(`SELECT nome FROM empresas WHERE id = $1`, [this.empresaId]);
    return linha?.nome ?? '';
  }

  /**
   * The empresa's reopen window in hours, from `empresas.configuracoes.reaberturaJanelaHoras` (a number ≥ 0;
   * 0 turns reopening off). Null when the empresa has not set it (the installation default applies).
   */
  async janelaReaberturaHoras(): Promise<number | null> {
    const [linha] = await this.tx.query<{ horas: unknown }>(
      `SELECT configuracoes -> 'reaberturaJanelaHoras' AS horas FROM empresas WHERE id = $1`,
      [this.empresaId],
    );
    const horas = linha?.horas;
    return typeof horas === 'number' && Number.isFinite(horas) && horas >= 0 ? horas : null;
  }
}
