import { Module } from '@nestjs/common';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { IaCoreModule } from '../ia-core.module.js';
import { ChunkRepository } from './chunk.repository.js';
import { IndexacaoRepository } from './indexacao.repository.js';
import { IndexadorService } from './indexador.service.js';
import { RagController } from './rag.controller.js';
import { RecuperacaoService } from './recuperacao.service.js';

/**
 * RAG: indexing jobs (articles, resolved tickets, full re-index runs with progress) and hybrid retrieval.
 * Depends on the provider core (executor, config) only; the AI features (IaModule) import it to ground their
 * answers through RecuperacaoService (articles still queue `ia.indexar` by name).
 */
@Module({
  imports: [IaCoreModule, RealtimeModule],
  controllers: [RagController],
  providers: [ChunkRepository, IndexacaoRepository, IndexadorService, RecuperacaoService],
  exports: [RecuperacaoService],
})
export class RagModule {}
