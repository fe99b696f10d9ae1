import { Module } from '@nestjs/common';
import { IaModule } from '../ia.module.js';
import { TranscricaoRepository } from './transcricao.repository.js';
import { TranscricaoService } from './transcricao.service.js';

/** Voice-note transcription as jobs (StorageModule is global: the audio bytes come from it). */
@Module({
  imports: [IaModule],
  providers: [TranscricaoRepository, TranscricaoService],
})
export class TranscricaoModule {}
