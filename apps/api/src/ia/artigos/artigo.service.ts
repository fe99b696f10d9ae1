import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ArtigoDto, ArtigoImportacaoDto, AtualizarArtigo, CriarArtigo, ListarArtigosQuery } from '@atende/shared';
import type { Ator } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { IaException } from '../ia.exception.js';
import { agendarIndexacao } from '../rag/indexacao-jobs.js';
import type { Artigo } from './artigo.entity.js';
import { ArtigoRepository } from './artigo.repository.js';
import { type ArtigoImportado, artigosDoCsv, artigosDoMarkdown, type ErroDeLinha, formatoDoArquivo } from './importacao-artigos.js';

export interface ArquivoImportado {
  nome: string;
  mimeTipo: string;
  dados: Buffer;
}

/** Imports are synchronous: one transaction of at most this many rows takes well under a second. */
export const MAX_ARTIGOS_POR_IMPORTACAO = 1000;

function toArtigoDto(a: Artigo): ArtigoDto {
  return {
    id: a.id,
    titulo: a.titulo,
    conteudo: a.conteudo,
    categoria: a.categoria,
    tags: a.tags,
    origem: a.origem,
    publicado: a.publicado,
    indexacaoStatus: a.indexacaoStatus,
    criadoEm: a.criadoEm.toISOString(),
    atualizadoEm: a.atualizadoEm.toISOString(),
  };
}

const hash = (titulo: string, conteudo: string) => createHash('sha256').update(`${titulo}\n${conteudo}`).digest('hex');

/**
 * Knowledge-base articles. Every create or text/publication change queues `ia.indexar` (chunks + embeddings for
 * RAG) in the same transaction; a delete takes its chunks with it (ON DELETE CASCADE).
 */
@Injectable()
export class ArtigoService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly artigos: ArtigoRepository,
    private readonly jobs: JobQueue,
  ) {}

  async listar(query: ListarArtigosQuery): Promise<ArtigoDto[]> {
    return (await this.artigos.listar(query.q, query.limite)).map(toArtigoDto);
  }

  async buscar(id: string): Promise<ArtigoDto> {
    return toArtigoDto(await this.carregar(id));
  }

  async criar(dto: CriarArtigo, ator: Ator): Promise<ArtigoDto> {
    // Read back inside the transaction: once it commits, the indexing job may already be changing the status.
    return this.tx.run(async () => toArtigoDto(await this.carregar((await this.gravarNovo({ ...dto, origem: 'manual' }, ator)).id)));
  }

  /**
   * POST /artigos/importar: Markdown and CSV files, all or nothing. Any bad row → 400 listing every bad row
   * with its file and line; otherwise the articles are created in one transaction and indexed by jobs.
   */
  async importar(arquivos: ArquivoImportado[], ator: Ator): Promise<ArtigoImportacaoDto> {
    if (arquivos.length === 0)
      throw IaException.importacaoInvalida('Envie ao menos um arquivo .md ou .csv no campo "arquivos" (multipart/form-data).');
    const novos: ArtigoImportado[] = [];
    const erros: ErroDeLinha[] = [];
    for (const arquivo of arquivos) {
      const formato = formatoDoArquivo(arquivo.nome, arquivo.mimeTipo);
      if (!formato) {
        erros.push({ arquivo: arquivo.nome, linha: 0, message: 'formato não aceito: envie .md, .markdown, .txt ou .csv' });
        continue;
      }
      const texto = arquivo.dados.toString('utf8');
      const resultado = formato === 'csv' ? artigosDoCsv(arquivo.nome, texto) : artigosDoMarkdown(arquivo.nome, texto);
      novos.push(...resultado.artigos);
      erros.push(...resultado.erros);
    }
    if (erros.length > 0)
      throw IaException.importacaoInvalida(
        `Nada foi importado: ${erros.length} ${erros.length === 1 ? 'linha inválida' : 'linhas inválidas'} (${erros
          .slice(0, 5)
          .map((e) => `${e.arquivo}:${e.linha} ${e.message}`)
          .join('; ')}${erros.length > 5 ? '; …' : ''}).`,
        erros,
      );
    if (novos.length === 0) throw IaException.importacaoInvalida('Os arquivos não têm nenhum artigo.');
    if (novos.length > MAX_ARTIGOS_POR_IMPORTACAO)
      throw IaException.importacaoInvalida(
        `São ${novos.length} artigos; importe no máximo ${MAX_ARTIGOS_POR_IMPORTACAO} por vez (divida os arquivos).`,
      );
    const criados = await this.tx.run(async () => {
      const lista: Artigo[] = [];
      for (const novo of novos) lista.push(await this.gravarNovo(novo, ator));
      return lista;
    });
    return { importados: criados.length, artigos: criados.map((a) => ({ id: a.id, titulo: a.titulo })) };
  }

  async atualizar(id: string, dto: AtualizarArtigo): Promise<ArtigoDto> {
    return this.tx.run(async () => {
      const atual = await this.carregar(id);
      const titulo = dto.titulo ?? atual.titulo;
      const conteudo = dto.conteudo ?? atual.conteudo;
      const novoHash = hash(titulo, conteudo);
      const textoMudou = novoHash !== atual.conteudoHash;
      await this.artigos.update(id, {
        ...dto,
        // Changed text must be indexed again; a change of tags does not.
        ...(textoMudou ? { conteudoHash: novoHash, indexacaoStatus: 'pendente' as const } : {}),
      });
      // Unpublishing removes the chunks (and publishing again restores them) through the same job.
      if (textoMudou || (dto.publicado !== undefined && dto.publicado !== atual.publicado))
        await agendarIndexacao(this.jobs, atual.empresaId, 'artigo', id);
      return toArtigoDto(await this.carregar(id));
    });
  }

  async remover(id: string): Promise<void> {
    if (!(await this.artigos.delete(id))) throw IaException.artigoNaoEncontrado();
  }

  private async gravarNovo(dto: CriarArtigo & { origem: Artigo['origem'] }, ator: Ator): Promise<Artigo> {
    const artigo = await this.artigos.create({
      titulo: dto.titulo,
      conteudo: dto.conteudo,
      categoria: dto.categoria ?? null,
      tags: dto.tags ?? [],
      publicado: dto.publicado ?? true,
      origem: dto.origem,
      conteudoHash: hash(dto.titulo, dto.conteudo),
      criadoPorUsuarioId: ator.usuarioId,
    });
    await agendarIndexacao(this.jobs, artigo.empresaId, 'artigo', artigo.id);
    return artigo;
  }

  private async carregar(id: string): Promise<Artigo> {
    const artigo = await this.artigos.findById(id);
    if (!artigo) throw IaException.artigoNaoEncontrado();
    return artigo;
  }
}
