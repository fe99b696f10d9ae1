import { Injectable } from '@nestjs/common';
import type {
  AtualizarExpediente,
  AtualizarFeriado,
  CriarExpediente,
  CriarFeriado,
  ExpedienteDto,
  FeriadoDto,
  ListarFeriadosQuery,
  SituacaoExpedienteDto,
} from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { CalendarioComercialService } from './calendario-comercial.service.js';
import type { Expediente, ExpedienteIntervalo } from './expediente.entity.js';
import type { ExpedienteVersao } from './expediente-versao.entity.js';
import { ExpedienteRepository, ExpedienteVersaoRepository } from './expediente.repository.js';
import type { Feriado } from './feriado.entity.js';
import { FeriadoRepository } from './feriado.repository.js';
import { feriadosNacionais } from './feriados-nacionais.js';
import { type CalendarioComercial, dataLocal, dentroDoExpediente, proximaAbertura } from './horario-comercial.js';
import { Relogio } from './relogio.js';
import { SlaException } from './sla.exception.js';

const FUSO_PADRAO = 'America/Sao_Paulo';

function toFeriadoDto(feriado: Feriado): FeriadoDto {
  return {
    id: feriado.id,
    data: feriado.data,
    nome: feriado.nome,
    expedienteId: feriado.expedienteId,
    recorrente: feriado.recorrente,
    nacional: feriado.nacional,
    intervalos: feriado.intervalos,
    criadoEm: feriado.criadoEm.toISOString(),
    atualizadoEm: feriado.atualizadoEm.toISOString(),
  };
}

function toExpedienteDto(expediente: Expediente, versoes: ExpedienteVersao[]): ExpedienteDto {
  return {
    id: expediente.id,
    nome: expediente.nome,
    fusoHorario: expediente.fusoHorario,
    intervalos: expediente.intervalos,
    mensagemForaExpediente: expediente.mensagemForaExpediente,
    padrao: expediente.padrao,
    versoes: versoes.map((versao) => ({
      vigenteDesde: versao.vigenteDesde.toISOString(),
      fusoHorario: versao.fusoHorario,
      intervalos: versao.intervalos,
    })),
    criadoEm: expediente.criadoEm.toISOString(),
    atualizadoEm: expediente.atualizadoEm.toISOString(),
  };
}

function ordenarIntervalos(intervalos: ExpedienteIntervalo[]): ExpedienteIntervalo[] {
  return [...intervalos].sort((a, b) => a.diaSemana - b.diaSemana || a.inicio.localeCompare(b.inicio));
}

/** Business hours (expedientes, their versions) and holidays; also builds the calendars the SLA clocks use. */
@Injectable()
export class ExpedienteService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly expedientes: ExpedienteRepository,
    private readonly versoes: ExpedienteVersaoRepository,
    private readonly feriados: FeriadoRepository,
    private readonly relogio: Relogio,
    private readonly calendarios: CalendarioComercialService,
  ) {}

  async listar(): Promise<ExpedienteDto[]> {
    return this.tx.run(async () => {
      const lista = await this.expedientes.listar();
      const versoes = await this.versoes.listarDe(lista.map((e) => e.id));
      return lista.map((e) =>
        toExpedienteDto(
          e,
          versoes.filter((v) => v.expedienteId === e.id),
        ),
      );
    });
  }

  async buscar(id: string): Promise<ExpedienteDto> {
    return this.tx.run(async () => this.dto(await this.encontrar(id)));
  }

  /** The empresa's first expediente becomes its default; national holidays of this and next year are preloaded. */
  async criar(dto: CriarExpediente): Promise<ExpedienteDto> {
    return this.tx.run(async () => {
      const existente = await this.expedientes.findPorNome(dto.nome);
      if (existente) throw SlaException.expedienteNomeEmUso(existente.nome, existente.id);
      const padrao = dto.padrao ?? (await this.expedientes.findPadrao()) === null;
      const agora = this.relogio.agora();
      const expediente = await this.expedientes.create({
        nome: dto.nome,
        fusoHorario: dto.fusoHorario ?? FUSO_PADRAO,
        intervalos: ordenarIntervalos(dto.intervalos as ExpedienteIntervalo[]),
        mensagemForaExpediente: dto.mensagemForaExpediente ?? null,
        padrao: false,
      });
      if (padrao) await this.tornarPadrao(expediente);
      // Instants before the first version are read with it (horario-comercial.ts).
      await this.versoes.registrar(expediente.id, agora, expediente.fusoHorario, expediente.intervalos);
      const ano = Number(dataLocal(agora, expediente.fusoHorario).slice(0, 4));
      for (const cada of [ano, ano + 1]) {
        if (!(await this.feriados.temNacionaisDoAno(cada))) await this.feriados.inserirNacionais(feriadosNacionais(cada));
      }
      return this.dto(expediente);
    });
  }

  /** A new time zone or schedule applies from now on; earlier instants keep the version they had. */
  async atualizar(id: string, dto: AtualizarExpediente): Promise<ExpedienteDto> {
    return this.tx.run(async () => {
      const expediente = await this.encontrar(id);
      if (dto.nome !== undefined) {
        const existente = await this.expedientes.findPorNome(dto.nome, expediente.id);
        if (existente) throw SlaException.expedienteNomeEmUso(existente.nome, existente.id);
        expediente.nome = dto.nome;
      }
      const horarioMudou = dto.fusoHorario !== undefined || dto.intervalos !== undefined;
      if (dto.fusoHorario !== undefined) expediente.fusoHorario = dto.fusoHorario;
      if (dto.intervalos !== undefined) expediente.intervalos = ordenarIntervalos(dto.intervalos as ExpedienteIntervalo[]);
      if (dto.mensagemForaExpediente !== undefined) expediente.mensagemForaExpediente = dto.mensagemForaExpediente;
      if (dto.padrao === false) expediente.padrao = false;
      const salvo = await this.expedientes.save(expediente);
      if (dto.padrao === true) await this.tornarPadrao(salvo);
      if (horarioMudou) await this.versoes.registrar(salvo.id, this.relogio.agora(), salvo.fusoHorario, salvo.intervalos);
      return this.dto(salvo);
    });
  }

  /** Filas and SLA policies that used it fall back to the empresa's default (ON DELETE SET NULL). */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const expediente = await this.encontrar(id);
      await this.expedientes.delete(expediente.id);
    });
  }

  /** Open at `em` (default: now), and the next opening. */
  async situacao(id: string, em?: string): Promise<SituacaoExpedienteDto> {
    return this.tx.run(async () => {
      const expediente = await this.encontrar(id);
      const instante = em ? new Date(em) : this.relogio.agora();
      const calendario = await this.calendarioDe(expediente.id);
      return {
        em: instante.toISOString(),
        aberto: dentroDoExpediente(calendario, instante),
        proximaAbertura: proximaAbertura(calendario, instante)?.toISOString() ?? null,
      };
    });
  }

  async listarFeriados(query: ListarFeriadosQuery): Promise<FeriadoDto[]> {
    return this.tx.run(async () => {
      if (query.expedienteId) await this.encontrar(query.expedienteId);
      return (await this.feriados.listar(query)).map(toFeriadoDto);
    });
  }

  async criarFeriado(dto: CriarFeriado): Promise<FeriadoDto> {
    return this.tx.run(async () => {
      const expedienteId = dto.expedienteId ?? null;
      if (expedienteId && !(await this.expedientes.findById(expedienteId))) {
        throw SlaException.referenciaInvalida('expedienteId', 'expediente');
      }
      const existente = await this.feriados.findNaData(dto.data, expedienteId);
      if (existente) throw SlaException.feriadoDuplicado(dto.data, existente.id);
      const feriado = await this.feriados.create({
        data: dto.data,
        nome: dto.nome,
        expedienteId,
        recorrente: dto.recorrente ?? false,
        nacional: false,
        intervalos: dto.intervalos ?? null,
      });
      return toFeriadoDto(feriado);
    });
  }

  async atualizarFeriado(id: string, dto: AtualizarFeriado): Promise<FeriadoDto> {
    return this.tx.run(async () => {
      const feriado = await this.encontrarFeriado(id);
      if (dto.data !== undefined) {
        const existente = await this.feriados.findNaData(dto.data, feriado.expedienteId, feriado.id);
        if (existente) throw SlaException.feriadoDuplicado(dto.data, existente.id);
        feriado.data = dto.data;
      }
      if (dto.nome !== undefined) feriado.nome = dto.nome;
      if (dto.recorrente !== undefined) feriado.recorrente = dto.recorrente;
      if (dto.intervalos !== undefined) feriado.intervalos = dto.intervalos;
      return toFeriadoDto(await this.feriados.save(feriado));
    });
  }

  async removerFeriado(id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.feriados.delete((await this.encontrarFeriado(id)).id);
    });
  }

  /** Loads a year's national holidays; dates that already have a holiday are left as they are. */
  async carregarNacionais(ano: number): Promise<FeriadoDto[]> {
    return this.tx.run(async () => {
      await this.feriados.inserirNacionais(feriadosNacionais(ano));
      return (await this.feriados.listar({ ano })).filter((f) => f.nacional).map(toFeriadoDto);
    });
  }

  /**
   * The calendar business time is counted with: the given expediente, else the fila's, else the empresa's
   * default. Null when none applies (the clock then runs around the clock).
   */
  async calendarioAplicavel(opcoes: {
    expedienteId?: string | null;
    filaId?: string | null;
  }): Promise<{ expediente: Expediente; calendario: CalendarioComercial } | null> {
    return this.calendarios.calendarioAplicavel(opcoes);
  }

  private calendarioDe(expedienteId: string): Promise<CalendarioComercial> {
    return this.calendarios.calendarioDe(expedienteId);
  }

  private async tornarPadrao(expediente: Expediente): Promise<void> {
    await this.expedientes.desmarcarPadrao(expediente.id);
    await this.expedientes.update(expediente.id, { padrao: true });
    expediente.padrao = true;
  }

  private async dto(expediente: Expediente): Promise<ExpedienteDto> {
    const atual = (await this.expedientes.findById(expediente.id)) ?? expediente;
    return toExpedienteDto(atual, await this.versoes.listarDe([expediente.id]));
  }

  private async encontrar(id: string): Promise<Expediente> {
    const expediente = await this.expedientes.findById(id);
    if (!expediente) throw SlaException.expedienteNaoEncontrado();
    return expediente;
  }

  private async encontrarFeriado(id: string): Promise<Feriado> {
    const feriado = await this.feriados.findById(id);
    if (!feriado) throw SlaException.feriadoNaoEncontrado();
    return feriado;
  }
}
