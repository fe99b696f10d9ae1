import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/**
 * The automation chain (`cadeiaId`) the current code runs in. Automations run their actions inside it, and
 * `EventosDominio.publicar` stamps it on every event published meanwhile, so the events an action causes carry
 * the cadeia of the event that started it (loop prevention: a rule runs once per ticket per cadeia).
 */
export const CadeiaDeEventos = {
  run<T>(cadeiaId: string, fn: () => T): T {
    return storage.run(cadeiaId, fn);
  },

  get atual(): string | undefined {
    return storage.getStore();
  },
};
