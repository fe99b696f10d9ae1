import { Module } from '@nestjs/common';
import { IaCoreModule } from '../ia-core.module.js';
import { TranscricaoRepository } from './transcricao.repository.js';
import { TranscricaoService } from './transcricao.service.js';

/** Voice-note transcription as jobs (StorageModule is global: the audio bytes come from it). */
@Module({
  imports: [IaCoreModule],
  providers: [TranscricaoRepository, TranscricaoService],
})
export class TranscricaoModule {}
