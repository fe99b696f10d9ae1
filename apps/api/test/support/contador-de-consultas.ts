import { vi } from 'vitest';
import { RequestContext } from '../../src/common/request-context.js';
import { TransactionHost } from '../../src/database/transaction-host.js';

export interface ContadorDeConsultas {
  readonly total: number;
  zerar(): void;
  restaurar(): void;
}

/**
 * Counts the SQL statements run on behalf of a logged-in user (background jobs have no actor), prepared or not,
 * for the "fixed number of statements per page" (no N+1) checks.
 */
export function contarConsultasDoUsuario(): ContadorDeConsultas {
  let total = 0;
  const espioes = (['query', 'queryPreparada'] as const).map((metodo) => {
    const original = TransactionHost.prototype[metodo];
    return vi.spyOn(TransactionHost.prototype, metodo).mockImplementation(function (this: TransactionHost, sql, parametros) {
      if (RequestContext.ator) total += 1;
      return original.call(this, sql, parametros);
    });
  });
  return {
    get total() {
      return total;
    },
    zerar: () => {
      total = 0;
    },
    restaurar: () => {
      for (const espiao of espioes) espiao.mockRestore();
    },
  };
}
