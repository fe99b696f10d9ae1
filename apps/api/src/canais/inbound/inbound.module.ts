import { Module } from '@nestjs/common';
import { ContatosModule } from '../../atendimento/contatos/contatos.module.js';
import { CsatModule } from '../../atendimento/csat/csat.module.js';
import { MensagensModule } from '../../atendimento/mensagens/mensagens.module.js';
import { TicketsModule } from '../../atendimento/tickets/tickets.module.js';
import { WorkflowsModule } from '../../atendimento/workflows/workflows.module.js';
import { BaixadorDeMidia } from './baixador-de-midia.service.js';
import { CanaisDoWebhookCache } from './canais-do-webhook.cache.js';
import { CanalWebhookRepository } from './canal-webhook.repository.js';
import { ContatoEstadoRepository } from './contato-estado.repository.js';
import { EventoEntradaController } from './evento-entrada.controller.js';
import { EventoEntradaRepository } from './evento-entrada.repository.js';
import { EventoEntradaService } from './evento-entrada.service.js';
import { MensagemAlvoRepository } from './mensagem-alvo.repository.js';
import { ProcessadorDeEntrada } from './processador-de-entrada.service.js';
import { WebhookController } from './webhook.controller.js';
import { WebhookService } from './webhook.service.js';

/**
 * The shared inbound pipeline: webhooks for every channel kind (verify → durable event + job → 2xx), the
 * `processarEntrada` and `baixarMidia` workers, and the admin view of parked events.
 */
@Module({
  imports: [ContatosModule, TicketsModule, MensagensModule, CsatModule, WorkflowsModule],
  controllers: [WebhookController, EventoEntradaController],
  providers: [
    WebhookService,
    EventoEntradaService,
    ProcessadorDeEntrada,
    BaixadorDeMidia,
    EventoEntradaRepository,
    CanalWebhookRepository,
    CanaisDoWebhookCache,
    MensagemAlvoRepository,
    ContatoEstadoRepository,
  ],
  // The WebChat visitor API stores its events in the same durable table as the webhooks.
  exports: [EventoEntradaRepository],
})
export class InboundModule {}
