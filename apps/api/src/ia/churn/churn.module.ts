import { Module } from '@nestjs/common';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { IaModule } from '../ia.module.js';
import { ChurnController } from './churn.controller.js';
import { ChurnRepository } from './churn.repository.js';
import { ChurnService } from './churn.service.js';

/** Churn risk per contato: job on ticket events, GET /contatos/:id/churn, `contato:churn` alerts. */
@Module({
  imports: [IaModule, RealtimeModule],
  controllers: [ChurnController],
  providers: [ChurnRepository, ChurnService],
})
export class ChurnModule {}
