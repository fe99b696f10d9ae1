import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module.js';
import { MetricaRepository } from './metrica.repository.js';
import { RelatorioController } from './relatorio.controller.js';
import { RelatorioGatilhos } from './relatorio-gatilhos.service.js';
import { RelatorioService } from './relatorio.service.js';

/** Reports: pre-aggregated metrics computed from the ticket events, refreshed by jobs, recomputable on demand. */
@Module({
  imports: [SlaModule],
  controllers: [RelatorioController],
  providers: [MetricaRepository, RelatorioService, RelatorioGatilhos],
})
export class RelatoriosModule {}
