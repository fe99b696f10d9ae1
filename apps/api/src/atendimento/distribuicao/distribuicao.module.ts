import { Module } from '@nestjs/common';
import { MensagensModule } from '../mensagens/mensagens.module.js';
import { CalendarioComercialModule } from '../sla/calendario-comercial.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { DistribuicaoGatilhos } from './distribuicao-gatilhos.service.js';
import { DistribuicaoRepository } from './distribuicao.repository.js';
import { DistribuicaoService } from './distribuicao.service.js';
import { MenuDeFilasRepository } from './menu-de-filas.repository.js';
import { MenuDeFilasService } from './menu-de-filas.service.js';
import { PainelController } from './painel.controller.js';
import { PainelService } from './painel.service.js';

/** Automatic distribution of the filas' tickets (strategies, capacity, backlog), the canal fila menu and the filas' painel. */
@Module({
  imports: [TicketsModule, MensagensModule, CalendarioComercialModule],
  controllers: [PainelController],
  providers: [
    DistribuicaoRepository,
    DistribuicaoService,
    DistribuicaoGatilhos,
    PainelService,
    MenuDeFilasRepository,
    MenuDeFilasService,
  ],
  exports: [DistribuicaoService],
})
export class DistribuicaoModule {}
