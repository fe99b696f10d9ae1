import { AsyncLocalStorage } from 'node:async_hooks';

export type Papel = 'admin' | 'supervisor' | 'atendente';

export interface Ator {
  usuarioId: string;
  empresaId: string;
  papel: Papel;
  nome: string;
}

/** Per-request (or per-job) mutable store: middleware opens it, the auth guard fills in the actor. */
export interface RequestStore {
  requestId?: string;
  empresaId?: string;
  ator?: Ator;
}

const storage = new AsyncLocalStorage<RequestStore>();

export const RequestContext = {
  run<T>(store: RequestStore, fn: () => T): T {
    return storage.run(store, fn);
  },

  /** Runs fn on behalf of an empresa outside HTTP (jobs, webhooks once the canal is known, seeding). */
  runForEmpresa<T>(empresaId: string, fn: () => T): T {
    return storage.run({ ...storage.getStore(), empresaId }, fn);
  },

  get store(): RequestStore | undefined {
    return storage.getStore();
  },

  get empresaId(): string | undefined {
    return storage.getStore()?.empresaId;
  },

  get ator(): Ator | undefined {
    return storage.getStore()?.ator;
  },
};
