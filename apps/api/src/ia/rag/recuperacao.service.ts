import { Injectable, Logger } from '@nestjs/common';
import type { IaTrechoDto } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { IaConfigService } from '../ia-config.service.js';
import { IaExecutor, temEmbeddings } from '../ia-executor.service.js';
import { ChunkRepository } from './chunk.repository.js';
import { fundirRrf } from './fusao.js';

/** Each ranking contributes this many candidates per requested result before fusion. */
const CANDIDATOS_POR_RESULTADO = 4;
const CANDIDATOS_MINIMOS = 20;

export interface OpcoesBusca {
  /** The ticket being answered: its own conversation (indexed if it was resolved before) is not a source. */
  excluirTicketId?: string;
}

/**
 * Retrieval for grounded answers over atendimento_chunks. Hybrid when the empresa has an embeddings provider:
 * a full-text ranking (Portuguese stemming + unaccent) and a cosine ranking (dot product of L2-normalised
 * real[] vectors in SQL), fused by reciprocal rank. Full text alone without embeddings, or when the provider
 * fails for this query: a search never fails because of a provider.
 */
@Injectable()
export class RecuperacaoService {
  private readonly logger = new Logger(RecuperacaoService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly chunks: ChunkRepository,
  ) {}

  /**
   * The best `limite` chunks for `consulta` among those that may ground an answer now (published articles,
   * tickets still resolved; see ChunkRepository.trechos).
   */
  async buscar(empresaId: string, consulta: string, limite: number, opcoes: OpcoesBusca = {}): Promise<IaTrechoDto[]> {
    return RequestContext.runForEmpresa(empresaId, async () => {
      const texto = consulta.trim();
      if (texto === '' || limite <= 0) return [];
      const candidatos = Math.max(CANDIDATOS_MINIMOS, limite * CANDIDATOS_POR_RESULTADO);
      const cfg = await this.configs.efetiva();
      // The embeddings call happens outside any transaction (a slow provider holds no connection).
      const embedding = temEmbeddings(cfg) ? await this.executor.embeddings([texto], {}, cfg) : null;
      const vetor = embedding?.vetores[0] ?? null;
      if (temEmbeddings(cfg) && !vetor) this.logger.debug('embeddings indisponíveis: busca só por texto');
      const [porTexto, porVetor] = await this.tx.run(async () => [
        await this.chunks.rankingTexto(texto, candidatos),
        vetor && embedding ? await this.chunks.rankingVetor(vetor, embedding.modelo, candidatos) : [],
      ]);
      const fundidos = fundirRrf([
        { nome: 'texto' as const, ids: porTexto },
        { nome: 'vetor' as const, ids: porVetor },
      ]);
      // Filtered before the cut, so a chunk the indexer has yet to remove does not take a place.
      const ids = fundidos.map((f) => f.id);
      const elegiveis = await this.tx.run(() => this.chunks.trechos(ids, opcoes.excluirTicketId ?? null));
      const linhas = new Map(elegiveis.map((l) => [l.id, l]));
      return fundidos
        .flatMap((f) => {
          const linha = linhas.get(f.id);
          if (!linha) return [];
          return [
            {
              chunkId: linha.id,
              fonte: linha.fonte,
              artigoId: linha.artigoId,
              ticketId: linha.ticketId,
              ticketNumero: linha.ticketNumero,
              titulo: linha.titulo,
              texto: linha.texto,
              score: Math.round(f.score * 1e6) / 1e6,
              por: f.por,
            },
          ];
        })
        .slice(0, limite);
    });
  }
}
