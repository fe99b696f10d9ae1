import { Module } from '@nestjs/common';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { IaCoreModule } from '../ia-core.module.js';
import { ChurnController } from './churn.controller.js';
import { ChurnRepository } from './churn.repository.js';
import { ChurnService } from './churn.service.js';

/** Churn risk per contato: job on ticket events, GET /contatos/:id/churn, `contato:churn` alerts. */
@Module({
  imports: [IaCoreModule, RealtimeModule],
  controllers: [ChurnController],
  providers: [ChurnRepository, ChurnService],
})
export class ChurnModule {}
