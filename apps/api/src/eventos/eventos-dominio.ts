import { EventEmitter } from 'node:events';
import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { CadeiaDeEventos } from './cadeia-de-eventos.js';

interface Base {
  empresaId: string;
  ticketId: string;
  /** Routing for real-time rooms: who should hear about it. */
  filaId: string | null;
  atendenteId: string | null;
  /** The automation chain that caused it (stamped from CadeiaDeEventos); absent for events people cause. */
  cadeiaId?: string;
}

/** On the `ticket.atualizado` the SLA clocks publish at a warn-at or due instant. */
export interface DisparoSla {
  nivel: 'alerta' | 'violado';
  meta: string;
  /** The breached policy's `executar_automacao` escalation: the automation to run on the ticket. */
  automacaoId?: string;
}

/** What happened, with the ids needed to route it; listeners load whatever else they need. */
export type EventoDominio =
  | (Base & { tipo: 'ticket.criado' })
  | (Base & {
      tipo: 'ticket.atualizado';
      mudancas: string[];
      filaAnteriorId?: string | null;
      atendenteAnteriorId?: string | null;
      sla?: DisparoSla;
    })
  | (Base & { tipo: 'mensagem.criada'; mensagemId: string })
  | (Base & { tipo: 'mensagem.atualizada'; mensagemId: string; mudancas: string[] });

export type OuvinteDominio = (evento: EventoDominio) => void | Promise<void>;

/**
 * In-process domain events, published after the transaction that caused them commits. Real time, routing and
 * automations listen here instead of being called by the services that change data.
 */
@Injectable()
export class EventosDominio {
  private readonly logger = new Logger(EventosDominio.name);
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(private readonly tx: TransactionHost) {
    this.emitter.setMaxListeners(50);
  }

  publicar(dado: EventoDominio): void {
    const cadeiaId = dado.cadeiaId ?? CadeiaDeEventos.atual;
    const evento: EventoDominio = cadeiaId ? { ...dado, cadeiaId } : dado;
    this.tx.afterCommit(() => {
      for (const ouvinte of this.emitter.listeners('evento') as OuvinteDominio[]) {
        Promise.resolve()
          .then(() => ouvinte(evento))
          .catch((error: unknown) => this.logger.error({ err: error, evento: evento.tipo }, 'ouvinte de evento falhou'));
      }
    });
  }

  assinar(ouvinte: OuvinteDominio): () => void {
    this.emitter.on('evento', ouvinte);
    return () => this.emitter.off('evento', ouvinte);
  }
}

@Global()
@Module({ providers: [EventosDominio], exports: [EventosDominio] })
export class EventosModule {}
