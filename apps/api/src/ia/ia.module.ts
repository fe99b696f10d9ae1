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
import { FontesService } from './assistente/fontes.service.js';
import { IaCoreModule } from './ia-core.module.js';
import { RagModule } from './rag/rag.module.js';

/** AI features on tickets: analysis, the agent's assistant, the KB articles and the bot, grounded through RAG. */
@Module({
  imports: [IaCoreModule, RagModule, TicketsModule, MensagensModule, SlaModule, RealtimeModule],
  controllers: [AssistenteController, ArtigoController],
  providers: [
    IaLeituraRepository,
    SentimentoRepository,
    AnaliseService,
    FontesService,
    AssistenteService,
    ArtigoRepository,
    ArtigoService,
    AutoRespostaRepository,
    AutoRespostaService,
  ],
})
export class IaModule {}
