import { Module } from '@nestjs/common';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { IaModule } from '../ia.module.js';
import { ChunkRepository } from './chunk.repository.js';
import { IndexacaoRepository } from './indexacao.repository.js';
import { IndexadorService } from './indexador.service.js';
import { RagController } from './rag.controller.js';
import { RecuperacaoService } from './recuperacao.service.js';

/**
 * RAG: indexing jobs (articles, resolved tickets, full re-index runs with progress) and hybrid retrieval.
 * Depends on IaModule (executor, config); IaModule does not depend on it (articles queue `ia.indexar` by name).
 */
@Module({
  imports: [IaModule, RealtimeModule],
  controllers: [RagController],
  providers: [ChunkRepository, IndexacaoRepository, IndexadorService, RecuperacaoService],
  exports: [RecuperacaoService],
})
export class RagModule {}
