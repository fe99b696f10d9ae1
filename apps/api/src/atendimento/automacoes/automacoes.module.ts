import { Module } from '@nestjs/common';
import { CredenciaisCipher } from '../../common/crypto/credenciais-cipher.js';
import { CsatModule } from '../csat/csat.module.js';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { SlaModule } from '../sla/sla.module.js';
import { TagsModule } from '../tags/tags.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { AutomacaoContextoRepository } from './automacao-contexto.repository.js';
import { AutomacaoEnvioRepository } from './automacao-envio.repository.js';
import { AutomacaoExecucaoRepository } from './automacao-execucao.repository.js';
import { AutomacaoMotorService } from './automacao-motor.service.js';
import { AutomacaoWebhookService } from './automacao-webhook.service.js';
import { AutomacaoController } from './automacao.controller.js';
import { AutomacaoRepository } from './automacao.repository.js';
import { AutomacaoService } from './automacao.service.js';

/**
 * The automations rules engine. It depends on the modules whose services its actions call; none of them depends
 * on it: the SLA clocks ask for an automation (`executar_automacao`) through the domain event they publish.
 */
@Module({
  imports: [TicketsModule, TagsModule, TemplatesModule, MensagensModule, SlaModule, CsatModule],
  controllers: [AutomacaoController],
  providers: [
    CredenciaisCipher,
    AutomacaoRepository,
    AutomacaoExecucaoRepository,
    AutomacaoContextoRepository,
    AutomacaoEnvioRepository,
    AutomacaoWebhookService,
    AutomacaoMotorService,
    AutomacaoService,
  ],
})
export class AutomacoesModule {}
