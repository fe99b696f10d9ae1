import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { IaIndexacaoDto } from '@atende/shared';
import { QueryFailedError } from 'typeorm';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { type EventoDominio, EventosDominio } from '../../eventos/eventos-dominio.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { type IaConfigEfetiva, IaConfigService } from '../ia-config.service.js';
import { IaExecutor, temEmbeddings } from '../ia-executor.service.js';
import { OPENAI_EMBEDDINGS_PADRAO } from '../providers/openai.provider.js';
import { IaException } from '../ia.exception.js';
import type { ChunkFonte } from './chunk.entity.js';
import { ChunkRepository, type NovaFatia } from './chunk.repository.js';
import { estimarTokens, fatiarTexto, textoDaConversa } from './fatiamento.js';
import type { Indexacao } from './indexacao.entity.js';
import { agendarIndexacao, type JobIndexar } from './indexacao-jobs.js';
import { IndexacaoRepository } from './indexacao.repository.js';

interface JobReindexar {
  empresaId: string;
  indexacaoId: string;
}

/** Texts per embeddings request: one request per source in practice, bounded for very long articles. */
const LOTE_EMBEDDINGS = 64;
/** A resolved conversation is indexed from its first mensagens (the question and how it was solved). */
const MAX_MENSAGENS_TICKET = 200;
const PAGINA = 50;

/** indexado: chunks written (with vectors when configured); sem_vetores: written for full text only because
 * the embeddings call failed; ignorado: nothing to index (gone, unpublished, not resolved, no text). */
export type ResultadoIndexacao = 'indexado' | 'sem_vetores' | 'ignorado';

export function toIndexacaoDto(i: Indexacao): IaIndexacaoDto {
  return {
    id: i.id,
    status: i.status,
    total: i.total,
    feitos: i.feitos,
    falhas: i.falhas,
    percentual: i.total === null ? null : i.total === 0 ? 100 : Math.min(100, Math.round((i.feitos / i.total) * 1000) / 10),
    comEmbeddings: i.comEmbeddings,
    erro: i.erro,
    iniciadoEm: i.iniciadoEm?.toISOString() ?? null,
    concluidoEm: i.concluidoEm?.toISOString() ?? null,
    criadoEm: i.criadoEm.toISOString(),
  };
}

/**
 * Keeps atendimento_chunks in step with the knowledge base and the resolved tickets, always in jobs:
 * `ia.indexar` for one source (an article saved or deleted, a ticket resolved) and `ia.reindexar` for a full
 * run with persisted progress. Embeddings are requested outside transactions; when the provider fails the
 * chunks are still written without vectors, so full-text retrieval keeps working.
 */
@Injectable()
export class IndexadorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IndexadorService.name);
  private cancelar?: () => void;

  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventosDominio,
    private readonly jobs: JobQueue,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly chunks: ChunkRepository,
    private readonly indexacoes: IndexacaoRepository,
    private readonly realtime: RealtimeServidor,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cancelar = this.eventos.assinar((evento) => this.aoEvento(evento));
    await this.jobs.trabalhar<JobIndexar>('iaIndexar', async (job) => {
      await RequestContext.runForEmpresa(job.empresaId, () => this.indexar(job.fonte, job.id));
    });
    await this.jobs.trabalhar<JobReindexar>('iaReindexar', (job, meta) =>
      RequestContext.runForEmpresa(job.empresaId, () => this.reindexar(job.indexacaoId, meta.ultimaTentativa)),
    );
  }

  onModuleDestroy(): void {
    this.cancelar?.();
  }

  /** A ticket that reaches resolvido/fechado is indexed (the job re-checks the status). */
  private async aoEvento(evento: EventoDominio): Promise<void> {
    if (evento.tipo !== 'ticket.atualizado' || !evento.mudancas.includes('status')) return;
    await agendarIndexacao(this.jobs, evento.empresaId, 'ticket', evento.ticketId);
  }

  /** Indexes one source now. */
  async indexar(fonte: ChunkFonte, id: string, cfg?: IaConfigEfetiva): Promise<ResultadoIndexacao> {
    const config = cfg ?? (await this.configs.efetiva());
    return fonte === 'artigo' ? this.indexarArtigo(id, config) : this.indexarTicket(id, config);
  }

  private async indexarArtigo(artigoId: string, cfg: IaConfigEfetiva): Promise<ResultadoIndexacao> {
    const artigo = await this.tx.run(() => this.chunks.artigo(artigoId));
    // A deleted article's chunks went with it (ON DELETE CASCADE).
    if (!artigo) return 'ignorado';
    if (!artigo.publicado) {
      await this.tx.run(async () => {
        if (!(await this.chunks.artigo(artigoId, true))) return;
        await this.chunks.substituir('artigo', artigoId, []);
        await this.chunks.marcarArtigo(artigoId, 'indexado', null);
      });
      return 'ignorado';
    }
    await this.tx.run(() => this.chunks.marcarArtigo(artigoId, 'indexando', null));
    const textos = fatiarTexto(artigo.conteudo);
    const { fatias, erro } = await this.fatias(artigo.titulo, textos, cfg, {});
    await this.tx.run(async () => {
      // Edited while we embedded: that edit queued its own job, which will write the newer text.
      const atual = await this.chunks.artigo(artigoId, true);
      if (!atual || atual.conteudoHash !== artigo.conteudoHash) return;
      await this.chunks.substituir('artigo', artigoId, fatias);
      await this.chunks.marcarArtigo(artigoId, 'indexado', erro);
    });
    return erro ? 'sem_vetores' : 'indexado';
  }

  private async indexarTicket(ticketId: string, cfg: IaConfigEfetiva): Promise<ResultadoIndexacao> {
    const dados = await this.tx.run(async () => {
      const ticket = await this.chunks.ticket(ticketId);
      if (!ticket?.resolvido) return null;
      return { ticket, turnos: await this.chunks.conversa(ticketId, MAX_MENSAGENS_TICKET) };
    });
    if (!dados) return 'ignorado';
    const titulo = `Ticket #${dados.ticket.numero}${dados.ticket.assunto ? ` — ${dados.ticket.assunto}` : ''}`;
    const texto = textoDaConversa(dados.turnos);
    const { fatias, erro } =
      texto === '' ? { fatias: [], erro: null } : await this.fatias(titulo, fatiarTexto(texto), cfg, { ticketId });
    await this.tx.run(() => this.chunks.substituir('ticket', ticketId, fatias));
    return fatias.length === 0 ? 'ignorado' : erro ? 'sem_vetores' : 'indexado';
  }

  /** Chunks with their embeddings (when configured and the provider answers) and the model that made them. */
  private async fatias(
    titulo: string,
    textos: string[],
    cfg: IaConfigEfetiva,
    ref: { ticketId?: string },
  ): Promise<{ fatias: NovaFatia[]; erro: string | null }> {
    const vetores: (number[] | null)[] = textos.map(() => null);
    let modelo: string | null = null;
    let erro: string | null = null;
    if (temEmbeddings(cfg)) {
      for (let i = 0; i < textos.length; i += LOTE_EMBEDDINGS) {
        const lote = textos.slice(i, i + LOTE_EMBEDDINGS).map((t) => `${titulo}\n${t}`);
        const resposta = await this.executor.embeddings(lote, ref, cfg);
        if (!resposta) {
          // All or nothing: a source with some chunks embedded by one model and some not would rank unevenly.
          vetores.fill(null);
          modelo = null;
          erro = 'embeddings indisponíveis: indexado só para busca por texto';
          break;
        }
        resposta.vetores.forEach((v, j) => (vetores[i + j] = v));
        modelo = resposta.modelo;
      }
    }
    const fatias = textos.map((texto, ordem) => ({
      ordem,
      titulo,
      texto,
      tokens: estimarTokens(texto),
      embedding: modelo ? vetores[ordem]! : null,
      embeddingModelo: modelo,
    }));
    return { fatias, erro };
  }

  // --------------------------------------------------------------------------------------------- full runs

  /** POST /ia/reindexar: starts a run, or returns the one already running (one per empresa). */
  async solicitar(ator: Ator): Promise<IaIndexacaoDto> {
    try {
      return await this.criarExecucao(ator);
    } catch (error) {
      // Two admins at once: the partial unique index lets one run in; the other gets that run.
      const ativa =
        error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
          ? await this.tx.run(() => this.indexacoes.ativa())
          : null;
      if (!ativa) throw error;
      return toIndexacaoDto(ativa);
    }
  }

  private async criarExecucao(ator: Ator): Promise<IaIndexacaoDto> {
    return this.tx.run(async () => {
      const ativa = await this.indexacoes.ativa();
      if (ativa) return toIndexacaoDto(ativa);
      const cfg = await this.configs.efetiva();
      const indexacao = await this.indexacoes.create({
        status: 'pendente',
        comEmbeddings: temEmbeddings(cfg),
        solicitadoPorUsuarioId: ator.usuarioId,
      });
      await this.jobs.enviar('iaReindexar', { empresaId: RequestContext.empresaId ?? '', indexacaoId: indexacao.id } satisfies JobReindexar);
      // Read back for the columns the database defaulted (counters, timestamps).
      const criada = await this.indexacoes.findById(indexacao.id);
      if (!criada) throw IaException.indexacaoNaoEncontrada();
      return toIndexacaoDto(criada);
    });
  }

  async obter(id: string): Promise<IaIndexacaoDto> {
    const indexacao = await this.tx.run(() => this.indexacoes.findById(id));
    if (!indexacao) throw IaException.indexacaoNaoEncontrada();
    return toIndexacaoDto(indexacao);
  }

  async ultima(): Promise<IaIndexacaoDto | null> {
    const indexacao = await this.tx.run(() => this.indexacoes.ultima());
    return indexacao ? toIndexacaoDto(indexacao) : null;
  }

  async reindexar(indexacaoId: string, ultimaTentativa: boolean): Promise<void> {
    const inicial = await this.tx.run(() => this.indexacoes.findById(indexacaoId));
    if (!inicial || inicial.status === 'concluida' || inicial.status === 'falhou') return;
    try {
      const cfg = await this.configs.efetiva();
      const total = await this.tx.run(() => this.chunks.contarFontes());
      await this.tx.run(() =>
        this.indexacoes.update(indexacaoId, {
          status: 'executando',
          total,
          feitos: 0,
          falhas: 0,
          comEmbeddings: temEmbeddings(cfg),
          iniciadoEm: new Date(),
        }),
      );
      this.emitir(await this.tx.run(() => this.indexacoes.findById(indexacaoId)));
      await this.percorrer('artigo', indexacaoId, cfg);
      await this.percorrer('ticket', indexacaoId, cfg);
      await this.tx.run(() => this.indexacoes.update(indexacaoId, { status: 'concluida', concluidoEm: new Date() }));
    } catch (error) {
      this.logger.error({ err: error, indexacaoId }, 'reindexação falhou');
      // Earlier attempts leave the run as it is: the retry starts it over (counters reset).
      if (!ultimaTentativa) throw error;
      await this.tx.run(() =>
        this.indexacoes.update(indexacaoId, {
          status: 'falhou',
          erro: error instanceof Error ? error.message.slice(0, 500) : String(error),
          concluidoEm: new Date(),
        }),
      );
    }
    this.emitir(await this.tx.run(() => this.indexacoes.findById(indexacaoId)));
  }

  /** Every source of one kind in id order; each is skipped when its chunks are current for the model in use. */
  private async percorrer(fonte: ChunkFonte, indexacaoId: string, cfg: IaConfigEfetiva): Promise<void> {
    // Chunks already made with the model in use (null: full text only) are skipped: re-embedding costs money.
    const modelo = temEmbeddings(cfg) ? (cfg.modeloEmbeddings ?? OPENAI_EMBEDDINGS_PADRAO) : null;
    let depoisDe: string | null = null;
    for (;;) {
      const cursor: string | null = depoisDe;
      const ids: string[] = await this.tx.run(() =>
        fonte === 'artigo' ? this.chunks.idsDeArtigos(cursor, PAGINA) : this.chunks.idsDeTicketsResolvidos(cursor, PAGINA),
      );
      if (ids.length === 0) return;
      for (const id of ids) {
        let falhou = false;
        try {
          const atual = await this.tx.run(() => this.chunks.atualizado(fonte, id, modelo));
          if (!atual) falhou = (await this.indexar(fonte, id, cfg)) === 'sem_vetores';
        } catch (error) {
          falhou = true;
          this.logger.warn({ err: error, fonte, id }, 'falha ao indexar uma fonte');
        }
        this.emitir(await this.tx.run(() => this.indexacoes.avancar(indexacaoId, 1, falhou ? 1 : 0)));
      }
      depoisDe = ids[ids.length - 1] ?? null;
    }
  }

  private emitir(indexacao: Indexacao | null): void {
    if (!indexacao) return;
    this.realtime.emitir([Salas.empresa(indexacao.empresaId)], 'ia:indexacao', {
      id: indexacao.id,
      status: indexacao.status,
      total: indexacao.total,
      feitos: indexacao.feitos,
      falhas: indexacao.falhas,
    });
  }
}
