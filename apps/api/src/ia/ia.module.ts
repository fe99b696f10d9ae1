import { Module } from '@nestjs/common';
import { AnaliseService } from './analise/analise.service.js';
import { IaLeituraRepository } from './analise/ia-leitura.repository.js';
import { SentimentoRepository } from './analise/sentimento.repository.js';
import { TicketsModule } from '../atendimento/tickets/tickets.module.js';
import { MensagensModule } from '../atendimento/mensagens/mensagens.module.js';
import { SlaModule } from '../atendimento/sla/sla.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { AutoRespostaRepository } from './auto-resposta/auto-resposta.repository.js';
import { AutoRespostaService } from './auto-resposta/auto-resposta.service.js';
import { ArtigoController } from './artigos/artigo.controller.js';
import { ArtigoRepository } from './artigos/artigo.repository.js';
import { ArtigoService } from './artigos/artigo.service.js';
import { AssistenteController } from './assistente/assistente.controller.js';
import { AssistenteService } from './assistente/assistente.service.js';
import { FontesRepository } from './assistente/fontes.repository.js';
import { CredenciaisCipher } from '../common/crypto/credenciais-cipher.js';
import { IaConfigController } from './ia-config.controller.js';
import { IaConfigRepository } from './ia-config.repository.js';
import { IaConfigService } from './ia-config.service.js';
import { IaExecutor } from './ia-executor.service.js';
import { IaLogRepository } from './ia-log.repository.js';

@Module({
  imports: [TicketsModule, MensagensModule, SlaModule, RealtimeModule],
  controllers: [IaConfigController, AssistenteController, ArtigoController],
  providers: [
    CredenciaisCipher,
    IaConfigRepository,
    IaLogRepository,
    IaConfigService,
    IaExecutor,
    IaLeituraRepository,
    SentimentoRepository,
    AnaliseService,
    FontesRepository,
    AssistenteService,
    ArtigoRepository,
    ArtigoService,
    AutoRespostaRepository,
    AutoRespostaService,
  ],
  exports: [IaExecutor, IaConfigService],
})
export class IaModule {}
