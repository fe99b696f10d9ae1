import { Injectable } from '@nestjs/common';
import type { AtualizarSlaPolitica, CriarSlaPolitica, SlaPoliticaDto } from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import type { SlaAcaoViolacao, SlaPolitica } from './sla-politica.entity.js';
import { SlaPoliticaRepository } from './sla-politica.repository.js';
import { SlaException } from './sla.exception.js';

function toDto(p: SlaPolitica): SlaPoliticaDto {
  return {
    id: p.id,
    nome: p.nome,
    descricao: p.descricao,
    primeiraRespostaSegundos: p.primeiraRespostaSegundos,
    proximaRespostaSegundos: p.proximaRespostaSegundos,
    resolucaoSegundos: p.resolucaoSegundos,
    apenasHorarioComercial: p.apenasHorarioComercial,
    expedienteId: p.expedienteId,
    alertaPercentual: p.alertaPercentual,
    acaoViolacao: p.acaoViolacao as SlaPoliticaDto['acaoViolacao'],
    acaoConfig: p.acaoConfig,
    prioridades: p.prioridades,
    tagIds: p.tagIds,
    ordem: p.ordem,
    ativo: p.ativo,
    criadoEm: p.criadoEm.toISOString(),
    atualizadoEm: p.atualizadoEm.toISOString(),
  };
}

/** SLA policies: targets, warn-at, business-hours flag, breach action, and how tickets match them. */
@Injectable()
export class SlaPoliticaService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly politicas: SlaPoliticaRepository,
  ) {}

  async listar(): Promise<SlaPoliticaDto[]> {
    return this.tx.run(async () => (await this.politicas.listar()).map(toDto));
  }

  async buscar(id: string): Promise<SlaPoliticaDto> {
    return this.tx.run(async () => toDto(await this.encontrar(id)));
  }

  async criar(dto: CriarSlaPolitica): Promise<SlaPoliticaDto> {
    return this.tx.run(async () => {
      const existente = await this.politicas.findPorNome(dto.nome);
      if (existente) throw SlaException.politicaNomeEmUso(existente.nome, existente.id);
      const politica = await this.politicas.create({
        nome: dto.nome,
        descricao: dto.descricao ?? null,
        primeiraRespostaSegundos: dto.primeiraRespostaSegundos ?? null,
        proximaRespostaSegundos: dto.proximaRespostaSegundos ?? null,
        resolucaoSegundos: dto.resolucaoSegundos ?? null,
        apenasHorarioComercial: dto.apenasHorarioComercial ?? true,
        expedienteId: dto.expedienteId ?? null,
        alertaPercentual: dto.alertaPercentual ?? 80,
        acaoViolacao: dto.acaoViolacao ?? 'notificar',
        acaoConfig: dto.acaoConfig ?? {},
        prioridades: dto.prioridades ?? [],
        tagIds: dto.tagIds ?? [],
        ordem: dto.ordem ?? 0,
        ativo: dto.ativo ?? true,
      });
      await this.validar(politica);
      return toDto(await this.politicas.save(politica));
    });
  }

  /** Changes apply to clocks planned from now on (each ticket is re-planned on its next event). */
  async atualizar(id: string, dto: AtualizarSlaPolitica): Promise<SlaPoliticaDto> {
    return this.tx.run(async () => {
      const politica = await this.encontrar(id);
      if (dto.nome !== undefined) {
        const existente = await this.politicas.findPorNome(dto.nome, politica.id);
        if (existente) throw SlaException.politicaNomeEmUso(existente.nome, existente.id);
      }
      const { acaoViolacao, ...resto } = dto;
      Object.assign(politica, resto);
      if (acaoViolacao !== undefined) politica.acaoViolacao = acaoViolacao as SlaAcaoViolacao;
      await this.validar(politica);
      return toDto(await this.politicas.save(politica));
    });
  }

  /** Tickets and filas that used it keep no policy (ON DELETE SET NULL). */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.politicas.delete((await this.encontrar(id)).id);
    });
  }

  /** The whole policy after a change: at least one target, and every reference inside the empresa. */
  private async validar(p: SlaPolitica): Promise<void> {
    if (p.primeiraRespostaSegundos === null && p.proximaRespostaSegundos === null && p.resolucaoSegundos === null) {
      throw SlaException.politicaInvalida(
        'primeiraRespostaSegundos',
        'informe ao menos um prazo: primeira resposta, próxima resposta ou resolução',
      );
    }
    if (p.acaoViolacao === 'reatribuir_fila' && !p.acaoConfig.filaId) {
      throw SlaException.politicaInvalida('acaoConfig.filaId', 'reatribuir_fila precisa de acaoConfig.filaId');
    }
    if (p.acaoViolacao === 'reatribuir_atendente' && !p.acaoConfig.atendenteId) {
      throw SlaException.politicaInvalida('acaoConfig.atendenteId', 'reatribuir_atendente precisa de acaoConfig.atendenteId');
    }
    if (p.acaoViolacao === 'executar_automacao' && !p.acaoConfig.automacaoId) {
      throw SlaException.politicaInvalida('acaoConfig.automacaoId', 'executar_automacao precisa de acaoConfig.automacaoId');
    }
    if (
      p.acaoConfig.automacaoId &&
      (await this.politicas.inexistentes('atendimento_automacoes', [p.acaoConfig.automacaoId])).length > 0
    ) {
      throw SlaException.referenciaInvalida('acaoConfig.automacaoId', 'automação');
    }
    if (p.expedienteId && (await this.politicas.inexistentes('atendimento_expedientes', [p.expedienteId])).length > 0) {
      throw SlaException.referenciaInvalida('expedienteId', 'expediente');
    }
    if (p.acaoConfig.filaId && (await this.politicas.inexistentes('atendimento_filas', [p.acaoConfig.filaId])).length > 0) {
      throw SlaException.referenciaInvalida('acaoConfig.filaId', 'fila');
    }
    if (
      p.acaoConfig.atendenteId &&
      (await this.politicas.inexistentes('atendimento_atendentes', [p.acaoConfig.atendenteId])).length > 0
    ) {
      throw SlaException.referenciaInvalida('acaoConfig.atendenteId', 'atendente');
    }
    if ((await this.politicas.inexistentes('atendimento_tags', p.tagIds)).length > 0) {
      throw SlaException.referenciaInvalida('tagIds', 'tag');
    }
  }

  private async encontrar(id: string): Promise<SlaPolitica> {
    const politica = await this.politicas.findById(id);
    if (!politica) throw SlaException.politicaNaoEncontrada();
    return politica;
  }
}
