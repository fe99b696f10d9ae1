import { Injectable } from '@nestjs/common';
import type {
  AtualizarFila,
  CriarFila,
  DefinirAtendentesDaFila,
  FilaDetalheDto,
  FilaDto,
  FilaLista,
  FilaMembroDto,
  ListarFilasQuery,
} from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import type { AtendenteFila } from '../atendentes/atendente-fila.entity.js';
import { DistribuicaoService } from '../distribuicao/distribuicao.service.js';
import type { Fila } from './fila.entity.js';
import { FilaException } from './fila.exception.js';
import { FilaMembroRepository } from './fila-membro.repository.js';
import { type ChaveFila, FilaRepository } from './fila.repository.js';
import { decodificarCursor, paginar } from '../../common/keyset-cursor.js';

export function toFilaDto(fila: Fila, totalAtendentes: number): FilaDto {
  return {
    id: fila.id,
    nome: fila.nome,
    descricao: fila.descricao,
    cor: fila.cor,
    estrategia: fila.estrategia,
    ordem: fila.ordem,
    mensagemSaudacao: fila.mensagemSaudacao,
    mensagemPosicao: fila.mensagemPosicao,
    devolverAoFicarOffline: fila.devolverAoFicarOffline,
    carenciaOfflineSegundos: fila.carenciaOfflineSegundos,
    fidelizacaoJanelaMinutos: fila.fidelizacaoJanelaMinutos,
    slaPoliticaId: fila.slaPoliticaId,
    expedienteId: fila.expedienteId,
    ativo: fila.ativo,
    totalAtendentes,
    criadoEm: fila.criadoEm.toISOString(),
    atualizadoEm: fila.atualizadoEm.toISOString(),
  };
}

function toFilaMembroDto(membro: AtendenteFila): FilaMembroDto {
  return {
    atendenteId: membro.atendenteId,
    usuarioId: membro.atendente.usuarioId,
    nome: membro.atendente.nome,
    status: membro.atendente.status,
    ativo: membro.atendente.ativo,
    capacidade: membro.capacidade,
    maxTicketsSimultaneos: membro.atendente.maxTicketsSimultaneos,
  };
}

/** Filas: where tickets wait, with a distribution strategy, a default SLA and their atendentes. */
@Injectable()
export class FilaService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly filas: FilaRepository,
    private readonly membros: FilaMembroRepository,
    private readonly distribuicao: DistribuicaoService,
  ) {}

  async listar(query: ListarFilasQuery): Promise<FilaLista> {
    return this.tx.run(async () => {
      const apos = query.cursor ? decodificarCursor<ChaveFila>(query.cursor, ['number', 'string', 'string']) : undefined;
      const linhas = await this.filas.listar({ ativo: query.ativo, apos, limite: query.limite });
      const totais = await this.membros.contarPorFila(linhas.slice(0, query.limite).map((f) => f.id));
      return paginar(
        linhas,
        query.limite,
        (f): ChaveFila => [f.ordem, f.nome, f.id],
        (f) => toFilaDto(f, totais.get(f.id) ?? 0),
      );
    });
  }

  async buscar(id: string): Promise<FilaDetalheDto> {
    return this.tx.run(async () => {
      const fila = await this.obter(id);
      return this.detalhar(fila);
    });
  }

  /** The fila of the current empresa, or 404. For other modules (tickets, canais) that accept a filaId. */
  async obter(id: string): Promise<Fila> {
    const fila = await this.tx.run(() => this.filas.findById(id));
    if (!fila) throw FilaException.naoEncontrada();
    return fila;
  }

  async criar(dto: CriarFila): Promise<FilaDetalheDto> {
    return this.tx.run(async () => {
      if (await this.filas.existeNome(dto.nome)) throw FilaException.nomeEmUso(dto.nome);
      await this.validarReferencias(dto);
      const fila = await this.filas.create({
        nome: dto.nome,
        descricao: dto.descricao ?? null,
        cor: dto.cor,
        estrategia: dto.estrategia,
        ordem: dto.ordem,
        mensagemSaudacao: dto.mensagemSaudacao ?? null,
        mensagemPosicao: dto.mensagemPosicao ?? null,
        devolverAoFicarOffline: dto.devolverAoFicarOffline,
        carenciaOfflineSegundos: dto.carenciaOfflineSegundos,
        fidelizacaoJanelaMinutos: dto.fidelizacaoJanelaMinutos ?? null,
        slaPoliticaId: dto.slaPoliticaId ?? null,
        expedienteId: dto.expedienteId ?? null,
        ativo: dto.ativo,
      });
      // Column defaults (cor, estrategia…) are filled by the database: read the row back.
      return this.detalhar(await this.obter(fila.id));
    });
  }

  async atualizar(id: string, dto: AtualizarFila): Promise<FilaDetalheDto> {
    return this.tx.run(async () => {
      const fila = await this.obter(id);
      if (dto.nome !== undefined && (await this.filas.existeNome(dto.nome, fila.id))) throw FilaException.nomeEmUso(dto.nome);
      await this.validarReferencias(dto);
      Object.assign(fila, definidos(dto));
      await this.filas.save(fila);
      // Another strategy, a reactivation: the backlog may move now.
      this.distribuicao.distribuirFila(fila.empresaId, fila.id);
      return this.detalhar(await this.obter(fila.id));
    });
  }

  /**
   * Deletes the fila. Refused while tickets are open in it: they would silently lose their fila. Closed
   * tickets keep their history (ticket events carry the fila id without a foreign key); canais that used it
   * as default fila fall back to none.
   */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const fila = await this.obter(id);
      const abertos = await this.filas.contarTicketsAbertos(fila.id);
      if (abertos > 0) throw FilaException.ticketsAbertos(abertos);
      await this.filas.delete(fila.id);
    });
  }

  async listarAtendentes(id: string): Promise<FilaMembroDto[]> {
    return this.tx.run(async () => {
      const fila = await this.obter(id);
      return (await this.membros.listarDaFila(fila.id)).map(toFilaMembroDto);
    });
  }

  /** PUT /filas/:id/atendentes: the list given becomes the fila's complete member list. */
  async definirAtendentes(id: string, dto: DefinirAtendentesDaFila): Promise<FilaMembroDto[]> {
    return this.tx.run(async () => {
      const fila = await this.obter(id);
      const atendentes = new Map((await this.membros.buscarAtendentes(dto.map((m) => m.atendenteId))).map((a) => [a.id, a]));
      const faltando = dto.filter((m) => !atendentes.has(m.atendenteId)).map((m) => m.atendenteId);
      if (faltando.length > 0) throw FilaException.referenciaInvalida('atendenteId', 'atendente', faltando);
      dto.forEach((membro, index) => {
        const atendente = atendentes.get(membro.atendenteId);
        if (atendente && membro.capacidade != null && membro.capacidade > atendente.maxTicketsSimultaneos) {
          throw FilaException.capacidadeAcimaDoMaximo(
            `${index}.capacidade`,
            atendente.nome,
            membro.capacidade,
            atendente.maxTicketsSimultaneos,
          );
        }
      });
      await this.membros.substituirDaFila(
        fila.id,
        dto.map((m) => ({ atendenteId: m.atendenteId, capacidade: m.capacidade ?? null })),
      );
      this.distribuicao.distribuirFila(fila.empresaId, fila.id);
      return (await this.membros.listarDaFila(fila.id)).map(toFilaMembroDto);
    });
  }

  private async detalhar(fila: Fila): Promise<FilaDetalheDto> {
    const atendentes = (await this.membros.listarDaFila(fila.id)).map(toFilaMembroDto);
    return { ...toFilaDto(fila, atendentes.length), atendentes };
  }

  private async validarReferencias(dto: { slaPoliticaId?: string | null; expedienteId?: string | null }): Promise<void> {
    if (dto.slaPoliticaId && !(await this.filas.existeSlaPolitica(dto.slaPoliticaId))) {
      throw FilaException.referenciaInvalida('slaPoliticaId', 'política de SLA', [dto.slaPoliticaId]);
    }
    if (dto.expedienteId && !(await this.filas.existeExpediente(dto.expedienteId))) {
      throw FilaException.referenciaInvalida('expedienteId', 'expediente', [dto.expedienteId]);
    }
  }
}

/** The fields a PATCH actually sent (undefined = keep). */
function definidos<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, valor]) => valor !== undefined)) as Partial<T>;
}
