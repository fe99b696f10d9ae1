import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '../database/transaction-host.js';
import { AuthSessao } from './auth-sessao.entity.js';

/**
 * Refresh-token sessions. Looked up by the session id carried in the token itself, before any empresa is
 * known, and always checked against the hashed secret.
 */
@Injectable()
export class AuthSessaoRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repository() {
    return this.tx.manager.getRepository(AuthSessao);
  }

  async criar(dados: Pick<AuthSessao, 'usuarioId' | 'empresaId' | 'tokenHash' | 'expiraEm' | 'userAgent' | 'ip'>): Promise<AuthSessao> {
    return this.repository.save(this.repository.create(dados));
  }

  async findById(id: string): Promise<AuthSessao | null> {
    return this.repository.createQueryBuilder('sessao').where('sessao.id = :id', { id }).getOne();
  }

  /** Locks the row so two concurrent refreshes of one token cannot both rotate it. */
  async findParaRotacao(id: string): Promise<AuthSessao | null> {
    return this.repository.createQueryBuilder('sessao').setLock('pessimistic_write').where('sessao.id = :id', { id }).getOne();
  }

  async marcarSubstituida(id: string, substitutaId: string): Promise<void> {
    await this.repository.update({ id }, { revogadaEm: new Date(), substituidaPor: substitutaId });
  }

  async revogar(id: string): Promise<void> {
    await this.repository.update({ id, revogadaEm: IsNull() }, { revogadaEm: new Date() });
  }

  async revogarTodasDoUsuario(usuarioId: string): Promise<void> {
    await this.repository.update({ usuarioId, revogadaEm: IsNull() }, { revogadaEm: new Date() });
  }
}
