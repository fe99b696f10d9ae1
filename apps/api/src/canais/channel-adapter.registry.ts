import { Inject, Injectable } from '@nestjs/common';
import { CanalErro, CanalException } from './canal.exception.js';
import { CANAL_TIPOS, CHANNEL_ADAPTERS, type AnyChannelAdapter, type CanalTipo } from './channel-adapter.js';

/**
 * The one place that knows which adapter serves which canal kind. Everything else asks `get(kind)` and uses
 * the interface (and `capabilities`), never a `switch` on the kind.
 */
@Injectable()
export class ChannelAdapterRegistry {
  /** Keyed `kind` for the kind's own adapter, `kind:provider` for a third-party one (canal.provedor). */
  private readonly adapters = new Map<string, AnyChannelAdapter>();

  constructor(@Inject(CHANNEL_ADAPTERS) adapters: readonly AnyChannelAdapter[]) {
    for (const adapter of adapters) {
      const key = registryKey(adapter.kind, adapter.provider);
      if (this.adapters.has(key)) {
        throw new Error(`Dois adaptadores de canal registrados para "${key}".`);
      }
      this.adapters.set(key, adapter);
    }
  }

  /** Narrows a stored/posted string to a known kind. */
  isCanalTipo(kind: string): kind is CanalTipo {
    return (CANAL_TIPOS as readonly string[]).includes(kind);
  }

  has(kind: string, provedor?: string | null): boolean {
    return this.isCanalTipo(kind) && this.adapters.has(registryKey(kind, provedor));
  }

  /**
   * The adapter for a canal's `tipo` (and `provedor`, null = the kind's own API); throws
   * `CanalException(TIPO_NAO_SUPORTADO)` for unknown or not-yet-available ones.
   */
  get(kind: string, provedor?: string | null): AnyChannelAdapter {
    const adapter = this.isCanalTipo(kind) ? this.adapters.get(registryKey(kind, provedor)) : undefined;
    if (adapter === undefined) {
      const label = registryKey(kind, provedor);
      throw new CanalException(CanalErro.TIPO_NAO_SUPORTADO, `Tipo de canal não suportado: "${label}".`, {
        tipo: kind,
        provedor: provedor ?? null,
        suportados: [...this.adapters.keys()],
      });
    }
    return adapter;
  }

  /** Kinds with at least one adapter. */
  kinds(): CanalTipo[] {
    return [...new Set(this.all().map((a) => a.kind))];
  }

  all(): AnyChannelAdapter[] {
    return [...this.adapters.values()];
  }
}

function registryKey(kind: string, provider: string | null | undefined): string {
  return provider === undefined || provider === null || provider === '' ? kind : `${kind}:${provider}`;
}
