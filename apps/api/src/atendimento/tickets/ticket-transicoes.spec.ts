import { describe, expect, it } from 'vitest';
import { TRANSICOES_TICKET, transicaoPermitida } from './ticket-transicoes.js';
import { TICKET_STATUS } from './ticket.entity.js';

describe('ticket transition table', () => {
  it('follows DESIGN.md: fechado is final, reopening only from resolvido, resolving from any open status', () => {
    expect(TRANSICOES_TICKET.fechado).toEqual([]);
    for (const status of TICKET_STATUS) {
      expect(transicaoPermitida(status, status)).toBe(false);
      expect(transicaoPermitida(status, 'fechado')).toBe(status === 'resolvido');
      expect(transicaoPermitida(status, 'resolvido')).toBe(['aberto', 'em_atendimento', 'pendente'].includes(status));
    }
    expect(transicaoPermitida('aberto', 'pendente')).toBe(false);
    expect(transicaoPermitida('resolvido', 'pendente')).toBe(false);
    expect(transicaoPermitida('pendente', 'em_atendimento')).toBe(true);
    expect(transicaoPermitida('resolvido', 'em_atendimento')).toBe(true);
  });
});
