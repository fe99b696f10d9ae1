import { Injectable } from '@nestjs/common';
import { type AtualizarIaConfig, IA_RECURSOS_CONFIGURAVEIS, type IaConfigDto, type IaIntencoesPadraoDto } from '@atende/shared';
import { CredenciaisCipher, mascarar } from '../common/crypto/credenciais-cipher.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { IaAutoRespostaModo, IaIntencao, IaProvedor, IaProvedorEmbeddings, IaRecurso } from './ia-config.entity.js';
import { IaConfigRepository } from './ia-config.repository.js';
import { IaException } from './ia.exception.js';
import { IaLogRepository } from './ia-log.repository.js';
import { INTENCOES_PADRAO } from './local/intencao-local.js';

/** The configuration an AI call runs with (the key decrypted, defaults applied). */
export interface IaConfigEfetiva {
  provedor: IaProvedor;
  modelo: string | null;
  baseUrl: string | null;
  chave: string | null;
  provedorEmbeddings: IaProvedorEmbeddings | null;
  modeloEmbeddings: string | null;
  /** Speech-to-text model of an OpenAI-compatible server (default whisper-1). */
  modeloTranscricao: string | null;
  recursos: Partial<Record<IaRecurso, boolean>>;
  autoRespostaModo: IaAutoRespostaModo;
  limiarConfianca: number;
  maxTurnosBot: number;
  orcamentoMensalTokens: number | null;
  orcamentoMensalCusto: number | null;
  redacaoLgpd: boolean;
  intencoes: IaIntencao[];
}

/** Local features cost nothing, so an empresa that never configured AI gets them; external ones need opting in. */
const RECURSOS_PADRAO: Partial<Record<IaRecurso, boolean>> = {
  sentimento: true,
  intencao: true,
  classificacao: true,
  sugestao: true,
  resumo: true,
  churn: true,
};

const aad = (empresaId: string) => `ia-config:${empresaId}`;

@Injectable()
export class IaConfigService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly configs: IaConfigRepository,
    private readonly logs: IaLogRepository,
    private readonly cipher: CredenciaisCipher,
  ) {}

  async efetiva(): Promise<IaConfigEfetiva> {
    const linha = await this.configs.buscarDaEmpresa();
    if (!linha) {
      return {
        provedor: 'local',
        modelo: null,
        baseUrl: null,
        chave: null,
        provedorEmbeddings: null,
        modeloEmbeddings: null,
        modeloTranscricao: null,
        recursos: RECURSOS_PADRAO,
        autoRespostaModo: 'desligado',
        limiarConfianca: 0.7,
        maxTurnosBot: 3,
        orcamentoMensalTokens: null,
        orcamentoMensalCusto: null,
        redacaoLgpd: true,
        intencoes: INTENCOES_PADRAO,
      };
    }
    return {
      provedor: linha.provedor,
      modelo: linha.modelo,
      baseUrl: linha.baseUrl,
      chave: linha.chaveCifrada ? this.cipher.decrypt<string>(linha.chaveCifrada, aad(linha.empresaId)) : null,
      provedorEmbeddings: linha.provedorEmbeddings,
      modeloEmbeddings: linha.modeloEmbeddings,
      modeloTranscricao: linha.modeloTranscricao,
      recursos: linha.recursos,
      autoRespostaModo: linha.autoRespostaModo,
      limiarConfianca: linha.limiarConfianca,
      maxTurnosBot: linha.maxTurnosBot,
      orcamentoMensalTokens: linha.orcamentoMensalTokens === null ? null : Number(linha.orcamentoMensalTokens),
      orcamentoMensalCusto: linha.orcamentoMensalCusto === null ? null : Number(linha.orcamentoMensalCusto),
      redacaoLgpd: linha.redacaoLgpd,
      intencoes: linha.intencoes ?? INTENCOES_PADRAO,
    };
  }

  async obter(): Promise<IaConfigDto> {
    const linha = await this.configs.buscarDaEmpresa();
    const efetiva = await this.efetiva();
    return {
      provedor: efetiva.provedor,
      modelo: efetiva.modelo,
      baseUrl: efetiva.baseUrl,
      chave: efetiva.chave ? mascarar(efetiva.chave) : null,
      provedorEmbeddings: efetiva.provedorEmbeddings,
      modeloEmbeddings: efetiva.modeloEmbeddings,
      recursos: Object.fromEntries(IA_RECURSOS_CONFIGURAVEIS.map((recurso) => [recurso, efetiva.recursos[recurso] === true])),
      autoRespostaModo: efetiva.autoRespostaModo,
      limiarConfianca: Math.round(efetiva.limiarConfianca * 1000) / 1000,
      maxTurnosBot: efetiva.maxTurnosBot,
      orcamentoMensalTokens: efetiva.orcamentoMensalTokens,
      orcamentoMensalCusto: efetiva.orcamentoMensalCusto,
      moeda: linha?.moeda ?? 'USD',
      redacaoLgpd: efetiva.redacaoLgpd,
      intencoes: efetiva.intencoes,
      consumoMes: await this.logs.consumoDoMes(),
    };
  }

  intencoesPadrao(): IaIntencoesPadraoDto {
    return { intencoes: INTENCOES_PADRAO };
  }

  async atualizar(dto: AtualizarIaConfig): Promise<IaConfigDto> {
    await this.tx.run(async () => {
      const atual = await this.efetiva();
      const provedor = dto.provedor ?? atual.provedor;
      const chave = dto.chave === undefined ? atual.chave : dto.chave;
      const baseUrl = dto.baseUrl === undefined ? atual.baseUrl : dto.baseUrl;
      const semChavePermitido = provedor === 'local' || (provedor === 'openai' && baseUrl !== null);
      if (!chave && !semChavePermitido) throw IaException.chaveObrigatoria(provedor);
      const empresaId = RequestContext.empresaId ?? '';
      const { chave: _chave, orcamentoMensalTokens, orcamentoMensalCusto, recursos, ...resto } = dto;
      await this.configs.gravar({
        ...resto,
        provedor,
        // A row written for the first time keeps the defaults the empresa was already running with.
        recursos: { ...atual.recursos, ...recursos },
        ...(dto.chave !== undefined
          ? { chaveCifrada: dto.chave === null ? null : this.cipher.encrypt(dto.chave, aad(empresaId)) }
          : {}),
        ...(orcamentoMensalTokens !== undefined
          ? { orcamentoMensalTokens: orcamentoMensalTokens === null ? null : String(orcamentoMensalTokens) }
          : {}),
        ...(orcamentoMensalCusto !== undefined
          ? { orcamentoMensalCusto: orcamentoMensalCusto === null ? null : String(orcamentoMensalCusto) }
          : {}),
      });
    });
    return this.obter();
  }
}
