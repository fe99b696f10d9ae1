import { Injectable } from '@nestjs/common';
import type { Papel } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { TenantRepository } from '../../database/tenant.repository.js';
import { MensagemAgendada } from '../mensagens/mensagem-agendada.entity.js';

@Injectable()
export class MensagemAgendadaRepository extends TenantRepository<MensagemAgendada> {
  constructor(tx: TransactionHost) {
    super(tx, MensagemAgendada, 'agendada');
  }

  async listarDoTicket(ticketId: string): Promise<MensagemAgendada[]> {
    return this.scoped()
      .andWhere('agendada.ticket_id = :ticketId', { ticketId })
      .orderBy('agendada.agendada_para', 'ASC')
      .addOrderBy('agendada.id', 'ASC')
      .getMany();
  }

  async findDoTicket(id: string, ticketId: string): Promise<MensagemAgendada | null> {
    return this.scoped().andWhere('agendada.id = :id AND agendada.ticket_id = :ticketId', { id, ticketId }).getOne();
  }

  /** Locked until commit: the send and an edit or cancel never overlap. */
  async findParaEnviar(id: string): Promise<MensagemAgendada | null> {
    return this.scoped().andWhere('agendada.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** Who scheduled it, to send on their behalf (null when the usuario is gone or inactive). */
  async autor(usuarioId: string): Promise<{ usuarioId: string; nome: string; papel: Papel } | null> {
    const [linha] = await this.tx.query<{ id: string; nome: string; papel: Papel }>(
      `SELECT id, nome, papel FROM usuarios WHERE empresa_id = $1 AND id = $2 AND ativo`,
      [this.empresaId, usuarioId],
    );
    return linha ? { usuarioId: linha.id, nome: linha.nome, papel: linha.papel } : null;
  }

  async templateExiste(templateId: string): Promise<boolean> {
    const [linha] = await this.tx.query<{ id: string }>(
      `SELECT id FROM atendimento_templates WHERE empresa_id = $1 AND id = $2`,
      [this.empresaId, templateId],
    );
    return linha !== undefined;
  }
}
