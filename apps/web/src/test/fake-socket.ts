type Ouvinte = (...args: unknown[]) => void;

/**
 * Stands in for a socket.io-client Socket in component tests: records what the app emits and lets a test play
 * the server (`servidorEmite`). Installed for every test by `setup.ts`.
 */
export class FakeSocket {
  connected = true;
  readonly emitidos: { evento: string; payload: unknown }[] = [];
  private readonly ouvintes = new Map<string, Set<Ouvinte>>();
  private readonly ouvintesDeTudo = new Set<Ouvinte>();
  readonly io = {
    on: () => this.io,
    removeAllListeners: () => this.io,
  };

  on(evento: string, ouvinte: Ouvinte): this {
    const lista = this.ouvintes.get(evento) ?? new Set<Ouvinte>();
    lista.add(ouvinte);
    this.ouvintes.set(evento, lista);
    return this;
  }

  off(evento: string, ouvinte: Ouvinte): this {
    this.ouvintes.get(evento)?.delete(ouvinte);
    return this;
  }

  onAny(ouvinte: Ouvinte): this {
    this.ouvintesDeTudo.add(ouvinte);
    return this;
  }

  emit(evento: string, payload?: unknown, ack?: unknown): this {
    this.emitidos.push({ evento, payload });
    if (typeof ack === 'function') (ack as Ouvinte)({ ok: true });
    return this;
  }

  timeout(): { emitWithAck: (evento: string, payload?: unknown) => Promise<{ ok: true }> } {
    return {
      emitWithAck: (evento, payload) => {
        this.emitidos.push({ evento, payload });
        return Promise.resolve({ ok: true });
      },
    };
  }

  connect(): this {
    this.connected = true;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  removeAllListeners(): this {
    this.ouvintes.clear();
    this.ouvintesDeTudo.clear();
    return this;
  }

  /** Plays the server: delivers `payload` to the app's listeners of `evento`. */
  servidorEmite(evento: string, payload: unknown): void {
    for (const ouvinte of this.ouvintesDeTudo) ouvinte(evento, payload);
    for (const ouvinte of this.ouvintes.get(evento) ?? []) ouvinte(payload);
  }
}

export const socketsCriados: FakeSocket[] = [];

export function ultimoSocket(): FakeSocket {
  const socket = socketsCriados[socketsCriados.length - 1];
  if (!socket) throw new Error('nenhum socket foi criado');
  return socket;
}
