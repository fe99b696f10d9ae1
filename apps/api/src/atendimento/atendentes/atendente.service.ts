import { Injectable } from '@nestjs/common';
import type {
  AtendenteDto,
  AtendenteFilas,
  AtendenteLista,
  AtualizarAtendente,
  AtualizarStatusAtendente,
  CriarAtendente,
  ListarAtendentesQuery,
} from '@atende/shared';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { UsuarioRepository } from '../../usuarios/usuario.repository.js';
import type { AtendenteFila } from './atendente-fila.entity.js';
import type { Atendente } from './atendente.entity.js';
import { AtendenteException } from './atendente.exception.js';
import { type ChaveAtendente, AtendenteRepository } from './atendente.repository.js';
import { RealtimeServidor } from '../../realtime/realtime-servidor.js';
import { Salas } from '../../realtime/salas.js';
import { DistribuicaoService } from '../distribuicao/distribuicao.service.js';
import { FilaMembroRepository } from '../filas/fila-membro.repository.js';
import { FilaRepository } from '../filas/fila.repository.js';
import { decodificarCursor, paginar } from '../../common/keyset-cursor.js';

export function toAtendenteDto(atendente: Atendente, filas: AtendenteFila[], ticketsAbertos: number): AtendenteDto {
  return {
    id: atendente.id,
    usuarioId: atendente.usuarioId,
    nome: atendente.nome,
    email: atendente.usuario.email,
    maxTicketsSimultaneos: atendente.maxTicketsSimultaneos,
    status: atendente.status,
    statusEm: atendente.statusEm.toISOString(),
    ultimoAtendimentoEm: atendente.ultimoAtendimentoEm?.toISOString() ?? null,
    ativo: atendente.ativo,
    ticketsAbertos,
    filas: filas.map((membro) => ({
      filaId: membro.filaId,
      nome: membro.fila.nome,
      cor: membro.fila.cor,
      capacidade: membro.capacidade,
    })),
    criadoEm: atendente.criadoEm.toISOString(),
    atualizadoEm: atendente.atualizadoEm.toISOString(),
  };
}

/**
 * Atendentes: the usuarios who work tickets, with their filas (and a capacity in each), a maximum of
 * simultaneous tickets and a presence status. The distribution engine reads these; here they are stored and
 * exposed.
 */
@Injectable()
export class AtendenteService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly atendentes: AtendenteRepository,
    private readonly usuarios: UsuarioRepository,
    private readonly filas: FilaRepository,
    private readonly membros: FilaMembroRepository,
    private readonly distribuicao: DistribuicaoService,
    private readonly realtime: RealtimeServidor,
  ) {}

  async listar(query: ListarAtendentesQuery): Promise<AtendenteLista> {
    return this.tx.run(async () => {
      const apos = query.cursor ? decodificarCursor<ChaveAtendente>(query.cursor, ['string', 'string']) : undefined;
      const linhas = await this.atendentes.listar({
        status: query.status,
        filaId: query.filaId,
        ativo: query.ativo,
        apos,
        limite: query.limite,
      });
      const pagina = linhas.slice(0, query.limite);
      const ids = pagina.map((a) => a.id);
      const filas = agrupar(await this.membros.listarDosAtendentes(ids));
      const tickets = await this.atendentes.contarTicketsAbertos(ids);
      return paginar(
        linhas,
        query.limite,
        (a): ChaveAtendente => [a.nome, a.id],
        (a) => toAtendenteDto(a, filas.get(a.id) ?? [], tickets.get(a.id) ?? 0),
      );
    });
  }

  async buscar(id: string): Promise<AtendenteDto> {
    return this.tx.run(async () => this.descrever(await this.obter(id)));
  }

  /** The atendente of the logged-in usuario. */
  async meu(ator: Ator): Promise<AtendenteDto> {
    return this.tx.run(async () => {
      const atendente = await this.atendentes.findPorUsuario(ator.usuarioId);
      if (!atendente) throw AtendenteException.usuarioSemAtendente();
      return this.descrever(atendente);
    });
  }

  async criar(dto: CriarAtendente): Promise<AtendenteDto> {
    return this.tx.run(async () => {
      const usuario = await this.usuarios.findById(dto.usuarioId);
      if (!usuario) throw AtendenteException.referenciaInvalida('usuarioId', 'usuário', [dto.usuarioId]);
      const existente = await this.atendentes.findPorUsuario(usuario.id);
      if (existente) throw AtendenteException.usuarioJaAtendente(existente.id);
      const maximo = dto.maxTicketsSimultaneos ?? 5;
      const filas = dto.filas ?? [];
      await this.validarFilas(filas, maximo, 'filas.');
      const agora = new Date();
      const atendente = await this.atendentes.create({
        usuarioId: usuario.id,
        nome: dto.nome ?? usuario.nome,
        maxTicketsSimultaneos: maximo,
        status: 'offline',
        statusEm: agora,
        ativo: true,
      });
      if (dto.status !== undefined && dto.status !== 'offline')
        await this.atendentes.registrarStatus(atendente, dto.status, agora);
      await this.membros.substituirDoAtendente(
        atendente.id,
        filas.map((f) => ({ filaId: f.filaId, capacidade: f.capacidade ?? null })),
      );
      this.distribuicao.distribuirParaAtendente(atendente.empresaId, atendente.id);
      return this.descrever(await this.obter(atendente.id));
    });
  }

  async atualizar(id: string, dto: AtualizarAtendente): Promise<AtendenteDto> {
    return this.tx.run(async () => {
      const atendente = await this.obter(id);
      const maximo = dto.maxTicketsSimultaneos ?? atendente.maxTicketsSimultaneos;
      if (dto.filas !== undefined) {
        await this.validarFilas(dto.filas, maximo, 'filas.');
      } else if (dto.maxTicketsSimultaneos !== undefined) {
        const acima = await this.membros.listarCapacidadesAcima(atendente.id, maximo);
        if (acima.length > 0)
          throw AtendenteException.maximoAbaixoDaCapacidade(
            maximo,
            acima.map((m) => m.fila.nome),
          );
      }
      await this.atendentes.update(atendente.id, {
        ...(dto.nome !== undefined ? { nome: dto.nome } : {}),
        ...(dto.maxTicketsSimultaneos !== undefined ? { maxTicketsSimultaneos: dto.maxTicketsSimultaneos } : {}),
        ...(dto.ativo !== undefined ? { ativo: dto.ativo } : {}),
      });
      // A deactivated atendente stops receiving tickets: it goes offline too.
      if (dto.ativo === false && atendente.status !== 'offline')
        await this.atendentes.registrarStatus(atendente, 'offline', new Date());
      if (dto.filas !== undefined) {
        await this.membros.substituirDoAtendente(
          atendente.id,
          dto.filas.map((f) => ({ filaId: f.filaId, capacidade: f.capacidade ?? null })),
        );
      }
      // A raised maximum or a new fila may make room at once.
      this.distribuicao.distribuirParaAtendente(atendente.empresaId, atendente.id);
      return this.descrever(await this.obter(atendente.id));
    });
  }

  /** PUT /atendentes/:id/filas: the list given becomes the atendente's complete fila list. */
  async definirFilas(id: string, filas: AtendenteFilas): Promise<AtendenteDto> {
    return this.tx.run(async () => {
      const atendente = await this.obter(id);
      await this.validarFilas(filas, atendente.maxTicketsSimultaneos, '');
      await this.membros.substituirDoAtendente(
        atendente.id,
        filas.map((f) => ({ filaId: f.filaId, capacidade: f.capacidade ?? null })),
      );
      this.distribuicao.distribuirParaAtendente(atendente.empresaId, atendente.id);
      return this.descrever(atendente);
    });
  }

  /** An atendente changes its own status; supervisors and admins change anyone's. */
  async alterarStatus(id: string, dto: AtualizarStatusAtendente, ator: Ator): Promise<AtendenteDto> {
    return this.tx.run(async () => {
      const atendente = await this.obter(id);
      if (ator.papel === 'atendente' && atendente.usuarioId !== ator.usuarioId) throw AtendenteException.statusDeOutro();
      if (!atendente.ativo && dto.status !== 'offline') throw AtendenteException.inativo();
      if (atendente.status !== dto.status) {
        const em = new Date();
        await this.atendentes.registrarStatus(atendente, dto.status, em);
        this.publicarStatus(atendente, dto.status, em);
        if (dto.status === 'online') this.distribuicao.distribuirParaAtendente(atendente.empresaId, atendente.id);
        if (dto.status === 'offline') await this.distribuicao.agendarDevolucao(atendente.id, em);
      }
      return this.descrever(await this.obter(atendente.id));
    });
  }

  /**
   * Deletes the atendente (a registration made by mistake). Refused while it holds open tickets. To retire
   * someone and keep the presence history for reports, deactivate instead (PATCH { ativo: false }).
   */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const atendente = await this.obter(id);
      const abertos = (await this.atendentes.contarTicketsAbertos([atendente.id])).get(atendente.id) ?? 0;
      if (abertos > 0) throw AtendenteException.ticketsAbertos(abertos);
      await this.atendentes.delete(atendente.id);
    });
  }

  /** `atendente:status` after the commit, to the same rooms the socket presence changes go to. */
  private publicarStatus(atendente: Atendente, status: Atendente['status'], em: Date): void {
    const deStatus = atendente.status;
    this.tx.afterCommit(() => {
      void this.tx
        .run(() => RequestContext.runForEmpresa(atendente.empresaId, () => this.membros.listarDosAtendentes([atendente.id])))
        .then((filas) =>
          this.realtime.emitir(
            [Salas.empresa(atendente.empresaId), Salas.atendente(atendente.id), ...filas.map((f) => Salas.fila(f.filaId))],
            'atendente:status',
            {
              atendenteId: atendente.id,
              usuarioId: atendente.usuarioId,
              nome: atendente.nome,
              status,
              deStatus,
              em: em.toISOString(),
            },
          ),
        )
        .catch(() => undefined);
    });
  }

  private async obter(id: string): Promise<Atendente> {
    const atendente = await this.atendentes.findComUsuario(id);
    if (!atendente) throw AtendenteException.naoEncontrado();
    return atendente;
  }

  private async descrever(atendente: Atendente): Promise<AtendenteDto> {
    const filas = await this.membros.listarDosAtendentes([atendente.id]);
    const tickets = await this.atendentes.contarTicketsAbertos([atendente.id]);
    return toAtendenteDto(atendente, filas, tickets.get(atendente.id) ?? 0);
  }

  private async validarFilas(filas: AtendenteFilas, maximo: number, prefixo: string): Promise<void> {
    const existentes = new Set((await this.filas.findByIds(filas.map((f) => f.filaId))).map((f) => f.id));
    const faltando = filas.filter((f) => !existentes.has(f.filaId)).map((f) => f.filaId);
    if (faltando.length > 0) throw AtendenteException.referenciaInvalida(`${prefixo}filaId`, 'fila', faltando);
    filas.forEach((fila, index) => {
      if (fila.capacidade != null && fila.capacidade > maximo) {
        throw AtendenteException.capacidadeAcimaDoMaximo(`${prefixo}${index}.capacidade`, fila.capacidade, maximo);
      }
    });
  }
}

function agrupar(membros: AtendenteFila[]): Map<string, AtendenteFila[]> {
  const mapa = new Map<string, AtendenteFila[]>();
  for (const membro of membros) {
    const lista = mapa.get(membro.atendenteId) ?? [];
    lista.push(membro);
    mapa.set(membro.atendenteId, lista);
  }
  return mapa;
}
