import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ArtigoDto, AtualizarArtigo, CriarArtigo, ListarArtigosQuery } from '@atende/shared';
import type { Ator } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { IaException } from '../ia.exception.js';
import type { Artigo } from './artigo.entity.js';
import { ArtigoRepository } from './artigo.repository.js';

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

/** Knowledge-base articles. Reply drafts find them by full-text search as soon as they are saved. */
@Injectable()
export class ArtigoService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly artigos: ArtigoRepository,
  ) {}

  async listar(query: ListarArtigosQuery): Promise<ArtigoDto[]> {
    return (await this.artigos.listar(query.q, query.limite)).map(toArtigoDto);
  }

  async buscar(id: string): Promise<ArtigoDto> {
    return toArtigoDto(await this.carregar(id));
  }

  async criar(dto: CriarArtigo, ator: Ator): Promise<ArtigoDto> {
    const artigo = await this.artigos.create({
      titulo: dto.titulo,
      conteudo: dto.conteudo,
      categoria: dto.categoria ?? null,
      tags: dto.tags ?? [],
      publicado: dto.publicado ?? true,
      origem: 'manual',
      conteudoHash: hash(dto.titulo, dto.conteudo),
      criadoPorUsuarioId: ator.usuarioId,
    });
    return this.buscar(artigo.id);
  }

  async atualizar(id: string, dto: AtualizarArtigo): Promise<ArtigoDto> {
    await this.tx.run(async () => {
      const atual = await this.carregar(id);
      const titulo = dto.titulo ?? atual.titulo;
      const conteudo = dto.conteudo ?? atual.conteudo;
      const novoHash = hash(titulo, conteudo);
      await this.artigos.update(id, {
        ...dto,
        // Changed text must be indexed again; a change of tags or publication does not.
        ...(novoHash !== atual.conteudoHash ? { conteudoHash: novoHash, indexacaoStatus: 'pendente' as const } : {}),
      });
    });
    return this.buscar(id);
  }

  async remover(id: string): Promise<void> {
    if (!(await this.artigos.delete(id))) throw IaException.artigoNaoEncontrado();
  }

  private async carregar(id: string): Promise<Artigo> {
    const artigo = await this.artigos.findById(id);
    if (!artigo) throw IaException.artigoNaoEncontrado();
    return artigo;
  }
}
