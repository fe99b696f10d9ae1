import { Injectable } from '@nestjs/common';
import { ChannelSendError } from '../canal.exception.js';

/** The part of a Socket.IO namespace the adapter uses: a broadcast to one room. */
export interface EmissorDeSalas {
  to(sala: string): { emit(evento: string, ...args: unknown[]): boolean };
}

/**
 * The WebChat adapter's "provider": the `/webchat` Socket.IO namespace. The adapter lives with the other
 * adapters (the canais module), the Socket.IO server with the realtime module, which the canais module must
 * not import; the webchat module attaches the namespace here at startup. With the Redis adapter an emission
 * from a worker process reaches the visitor's socket on any instance.
 */
@Injectable()
export class WebchatEntrega {
  private emissor: EmissorDeSalas | null = null;

  anexar(emissor: EmissorDeSalas): void {
    this.emissor = emissor;
  }

  emitir(sala: string, evento: string, payload: unknown): void {
    if (this.emissor === null) {
      throw new ChannelSendError({
        transient: true,
        category: 'provedor_indisponivel',
        providerCode: 'webchat_indisponivel',
        providerMessage: 'O tempo real do WebChat ainda não foi iniciado neste processo.',
      });
    }
    this.emissor.to(sala).emit(evento, payload);
  }
}
