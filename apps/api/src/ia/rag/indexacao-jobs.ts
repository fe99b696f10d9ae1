import type { JobQueue } from '../../jobs/job-queue.service.js';
import type { ChunkFonte } from './chunk.entity.js';

/** The `ia.indexar` job: (re)index one article or one resolved ticket into atendimento_chunks. */
export interface JobIndexar {
  empresaId: string;
  fonte: ChunkFonte;
  id: string;
}

/**
 * Queues the indexing of one source, in the caller's transaction (the job exists iff the change committed).
 * Singleton per source: ten quick edits of one article index it once more, not ten times.
 */
export async function agendarIndexacao(jobs: JobQueue, empresaId: string, fonte: ChunkFonte, id: string): Promise<void> {
  await jobs.enviar('iaIndexar', { empresaId, fonte, id } satisfies JobIndexar, { singletonKey: `${fonte}:${id}` });
}
