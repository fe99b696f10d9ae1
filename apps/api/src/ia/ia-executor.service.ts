import { setTimeout as esperar } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { IaProvedor, IaRecurso } from './ia-config.entity.js';
import { type IaConfigEfetiva, IaConfigService } from './ia-config.service.js';
import type { IaLogResultado } from './ia-log.entity.js';
import { IaLogRepository, type NovoIaLog } from './ia-log.repository.js';
import { redigir, restaurarJson } from './lgpd.js';
import { custoEstimado } from './precos.js';
import { type AiProvider, type AudioParaTranscrever, FalhaProvedorIa } from './providers/ai-provider.js';
import { AnthropicProvider } from './providers/anthropic.provider.js';
import { OPENAI_EMBEDDINGS_PADRAO, OPENAI_TRANSCRICAO_PADRAO, OpenAiProvider } from './providers/openai.provider.js';
import type { Tarefa } from './tarefas.js';

export interface ReferenciaIa {
  ticketId?: string | null;
  mensagemId?: string | null;
}

export interface ResultadoIa<S> {
  saida: S;
  provedor: IaProvedor;
  modelo: string;
  /** True when the configured external provider failed (or was over budget) and the local one answered. */
  fallback: boolean;
  /** Why the local provider answered instead of the configured one. */
  motivoFallback?: 'orcamento' | 'falha';
}

const BACKOFF_BASE_MS = 500;

/** An external call that is not a JSON task (embeddings, speech to text): what it returns and what it used. */
interface ChamadaExterna<T> {
  recurso: IaRecurso;
  provider: AiProvider;
  modelo: string;
  chamar(sinal: AbortSignal): Promise<{ valor: T; modelo: string; tokensEntrada: number; tokensSaida: number }>;
}

export interface EmbeddingsIa {
  /** L2-normalised, one per input text. */
  vetores: number[][];
  modelo: string;
}

/** Embeddings come only from an OpenAI-compatible server the admin chose for them (`provedorEmbeddings: openai`). */
export function temEmbeddings(cfg: IaConfigEfetiva): boolean {
  return cfg.provedor === 'openai' && cfg.provedorEmbeddings === 'openai';
}

/** Speech to text: an OpenAI-compatible server with the `transcricao` feature on. Anthropic and local have none. */
export function temTranscricao(cfg: IaConfigEfetiva): boolean {
  return cfg.provedor === 'openai' && cfg.recursos.transcricao === true;
}

export function normalizarL2(vetor: number[]): number[] {
  const norma = Math.sqrt(vetor.reduce((soma, x) => soma + x * x, 0));
  return norma === 0 ? vetor.map(() => 0) : vetor.map((x) => x / norma);
}

/**
 * Runs an AI task for the current empresa: budget check, LGPD redaction, one attempt per try with retries on
 * 429 (honouring retry-after), 5xx, timeouts and malformed answers, then the local provider. Every attempt
 * leaves a row in atendimento_ia_logs. It never throws because of a provider: callers always get an answer.
 * Call it outside database transactions (it waits on the network and its logs must survive a rollback).
 */
@Injectable()
export class IaExecutor {
  private readonly logger = new Logger(IaExecutor.name);

  constructor(
    private readonly configs: IaConfigService,
    private readonly logs: IaLogRepository,
    private readonly appConfig: AppConfig,
  ) {}

  async executar<E, S>(
    tarefa: Tarefa<E, S>,
    entrada: E,
    ref: ReferenciaIa = {},
    config?: IaConfigEfetiva,
  ): Promise<ResultadoIa<S>> {
    const cfg = config ?? (await this.configs.efetiva());
    if (cfg.provedor === 'local') return this.local(tarefa, entrada, ref, 'sucesso');

    const provider = this.provider(cfg);
    if (await this.orcamentoEsgotado(cfg)) {
      await this.registrar(tarefa, ref, { provedor: provider.nome, modelo: provider.modelo, resultado: 'orcamento_excedido' });
      return { ...(await this.local(tarefa, entrada, ref, 'fallback')), motivoFallback: 'orcamento' };
    }

    // Instructions may quote KB or history text: both parts are redacted in one pass, so placeholders are unique.
    const bruto = `${tarefa.instrucoes(entrada)}\u0000${tarefa.texto(entrada)}`;
    const { texto: redigido, mapa } = cfg.redacaoLgpd ? redigir(bruto) : { texto: bruto, mapa: new Map<string, string>() };
    const [instrucoes = '', texto = ''] = redigido.split('\u0000');
    const pedido = { nome: tarefa.nome, instrucoes, entrada: texto, schema: tarefa.schema, maxTokens: tarefa.maxTokens };

    const tentativas = this.appConfig.values.ATENDE_IA_TENTATIVAS;
    const esperaMaxima = this.appConfig.values.ATENDE_IA_ESPERA_MAXIMA;
    for (let tentativa = 1; tentativa <= tentativas; tentativa++) {
      const inicio = Date.now();
      try {
        const resposta = await provider.completarJson(
          pedido,
          AbortSignal.timeout(this.appConfig.values.ATENDE_IA_TIMEOUT + 1_000),
        );
        const validado = tarefa.saida.safeParse(resposta.json);
        if (!validado.success) {
          throw new FalhaProvedorIa(
            'resposta_invalida',
            `resposta fora do esquema: ${validado.error.issues[0]?.message ?? ''}`,
            true,
          );
        }
        await this.registrar(tarefa, ref, {
          provedor: provider.nome,
          modelo: resposta.modelo,
          resultado: 'sucesso',
          tentativa,
          tokensEntrada: resposta.tokensEntrada,
          tokensSaida: resposta.tokensSaida,
          custoEstimado: String(custoEstimado(resposta.modelo, resposta.tokensEntrada, resposta.tokensSaida)),
          latenciaMs: Date.now() - inicio,
        });
        return { saida: restaurarJson(validado.data, mapa), provedor: provider.nome, modelo: resposta.modelo, fallback: false };
      } catch (error) {
        const falha = error instanceof FalhaProvedorIa ? error : new FalhaProvedorIa('erro', String(error), false);
        if (!(error instanceof FalhaProvedorIa))
          this.logger.warn({ err: error, recurso: tarefa.recurso }, 'falha inesperada do provedor de IA');
        await this.registrar(tarefa, ref, {
          provedor: provider.nome,
          modelo: provider.modelo,
          resultado: falha.tipo,
          tentativa,
          erro: falha.message.slice(0, 500),
          latenciaMs: Date.now() - inicio,
        });
        if (!falha.retentavel || tentativa === tentativas) break;
        const espera = falha.esperarMs ?? BACKOFF_BASE_MS * 2 ** (tentativa - 1);
        // A retry-after beyond what we are willing to wait goes straight to the local answer.
        if (falha.esperarMs !== null && falha.esperarMs > esperaMaxima) break;
        await esperar(Math.min(espera, esperaMaxima));
      }
    }
    return { ...(await this.local(tarefa, entrada, ref, 'fallback')), motivoFallback: 'falha' };
  }

  /**
   * Embeddings of `textos` through the configured OpenAI-compatible server (redacted like any external call),
   * L2-normalised. Null when none is configured, over budget, or after the retries failed: the caller then
   * retrieves by full text alone.
   */
  async embeddings(textos: string[], ref: ReferenciaIa = {}, config?: IaConfigEfetiva): Promise<EmbeddingsIa | null> {
    const cfg = config ?? (await this.configs.efetiva());
    if (!temEmbeddings(cfg) || textos.length === 0) return null;
    const provider = this.provider(cfg);
    const embed = provider.embeddings?.bind(provider);
    if (!embed) return null;
    const entradas = cfg.redacaoLgpd ? textos.map((texto) => redigir(texto).texto) : textos;
    return this.externo(
      {
        recurso: 'embeddings',
        provider,
        modelo: cfg.modeloEmbeddings ?? OPENAI_EMBEDDINGS_PADRAO,
        chamar: async (sinal) => {
          const resposta = await embed(entradas, sinal);
          const dimensoes = resposta.vetores[0]?.length ?? 0;
          if (dimensoes === 0 || resposta.vetores.some((v) => v.length !== dimensoes || v.some((x) => !Number.isFinite(x))))
            throw new FalhaProvedorIa('resposta_invalida', 'embeddings de dimensões diferentes ou inválidos', true);
          return {
            valor: { vetores: resposta.vetores.map(normalizarL2), modelo: resposta.modelo },
            modelo: resposta.modelo,
            tokensEntrada: resposta.tokensEntrada,
            tokensSaida: 0,
          };
        },
      },
      cfg,
      ref,
    );
  }

  /**
   * Speech to text of one audio. Null when no speech model is configured (the local provider has none: it never
   * invents text) or the provider failed after the retries. Audio cannot be redacted before it leaves.
   */
  async transcrever(audio: AudioParaTranscrever, ref: ReferenciaIa = {}, config?: IaConfigEfetiva): Promise<string | null> {
    const cfg = config ?? (await this.configs.efetiva());
    if (!temTranscricao(cfg)) return null;
    const provider = this.provider(cfg);
    const transcrever = provider.transcrever?.bind(provider);
    if (!transcrever) return null;
    return this.externo(
      {
        recurso: 'transcricao',
        provider,
        modelo: cfg.modeloTranscricao ?? OPENAI_TRANSCRICAO_PADRAO,
        chamar: async (sinal) => {
          const resposta = await transcrever(audio, sinal);
          return { valor: resposta.texto, modelo: resposta.modelo, tokensEntrada: resposta.tokensEntrada, tokensSaida: resposta.tokensSaida };
        },
      },
      cfg,
      ref,
    );
  }

  /** Budget, retries and one log row per attempt for calls without a local answer: null means "no answer". */
  private async externo<T>(chamada: ChamadaExterna<T>, cfg: IaConfigEfetiva, ref: ReferenciaIa): Promise<T | null> {
    const { provider } = chamada;
    if (await this.orcamentoEsgotado(cfg)) {
      await this.registrar(chamada, ref, { provedor: provider.nome, modelo: chamada.modelo, resultado: 'orcamento_excedido' });
      return null;
    }
    const tentativas = this.appConfig.values.ATENDE_IA_TENTATIVAS;
    const esperaMaxima = this.appConfig.values.ATENDE_IA_ESPERA_MAXIMA;
    for (let tentativa = 1; tentativa <= tentativas; tentativa++) {
      const inicio = Date.now();
      try {
        const resposta = await chamada.chamar(AbortSignal.timeout(this.appConfig.values.ATENDE_IA_TIMEOUT + 1_000));
        await this.registrar(chamada, ref, {
          provedor: provider.nome,
          modelo: resposta.modelo,
          resultado: 'sucesso',
          tentativa,
          tokensEntrada: resposta.tokensEntrada,
          tokensSaida: resposta.tokensSaida,
          custoEstimado: String(custoEstimado(resposta.modelo, resposta.tokensEntrada, resposta.tokensSaida)),
          latenciaMs: Date.now() - inicio,
        });
        return resposta.valor;
      } catch (error) {
        const falha = error instanceof FalhaProvedorIa ? error : new FalhaProvedorIa('erro', String(error), false);
        if (!(error instanceof FalhaProvedorIa))
          this.logger.warn({ err: error, recurso: chamada.recurso }, 'falha inesperada do provedor de IA');
        await this.registrar(chamada, ref, {
          provedor: provider.nome,
          modelo: chamada.modelo,
          resultado: falha.tipo,
          tentativa,
          erro: falha.message.slice(0, 500),
          latenciaMs: Date.now() - inicio,
        });
        if (!falha.retentavel || tentativa === tentativas) break;
        if (falha.esperarMs !== null && falha.esperarMs > esperaMaxima) break;
        await esperar(Math.min(falha.esperarMs ?? BACKOFF_BASE_MS * 2 ** (tentativa - 1), esperaMaxima));
      }
    }
    return null;
  }

  private provider(cfg: IaConfigEfetiva): AiProvider {
    const timeoutMs = this.appConfig.values.ATENDE_IA_TIMEOUT;
    if (cfg.provedor === 'anthropic')
      return new AnthropicProvider({ chave: cfg.chave, baseUrl: cfg.baseUrl, modelo: cfg.modelo, timeoutMs });
    return new OpenAiProvider({
      chave: cfg.chave,
      baseUrl: cfg.baseUrl,
      modelo: cfg.modelo,
      modeloEmbeddings: cfg.modeloEmbeddings,
      modeloTranscricao: cfg.modeloTranscricao,
      timeoutMs,
    });
  }

  private async orcamentoEsgotado(cfg: IaConfigEfetiva): Promise<boolean> {
    if (cfg.orcamentoMensalTokens === null && cfg.orcamentoMensalCusto === null) return false;
    const consumo = await this.logs.consumoDoMes();
    return (
      (cfg.orcamentoMensalTokens !== null && consumo.tokens >= cfg.orcamentoMensalTokens) ||
      (cfg.orcamentoMensalCusto !== null && consumo.custo >= cfg.orcamentoMensalCusto)
    );
  }

  private async local<E, S>(
    tarefa: Tarefa<E, S>,
    entrada: E,
    ref: ReferenciaIa,
    resultado: IaLogResultado,
  ): Promise<ResultadoIa<S>> {
    const inicio = Date.now();
    const saida = tarefa.local(entrada);
    await this.registrar(tarefa, ref, {
      provedor: 'local',
      modelo: tarefa.modeloLocal,
      resultado,
      latenciaMs: Date.now() - inicio,
    });
    return { saida, provedor: 'local', modelo: tarefa.modeloLocal, fallback: resultado === 'fallback' };
  }

  private async registrar(
    tarefa: { recurso: IaRecurso },
    ref: ReferenciaIa,
    log: Pick<NovoIaLog, 'provedor' | 'modelo' | 'resultado'> & Partial<NovoIaLog>,
  ): Promise<void> {
    try {
      await this.logs.registrar({
        recurso: tarefa.recurso,
        tokensEntrada: 0,
        tokensSaida: 0,
        custoEstimado: '0',
        latenciaMs: null,
        tentativa: 1,
        erro: null,
        dados: {},
        ...log,
        ticketId: ref.ticketId ?? null,
        mensagemId: ref.mensagemId ?? null,
      });
    } catch (error) {
      // A log that cannot be written must not cost the answer.
      this.logger.error({ err: error, recurso: tarefa.recurso }, 'falha ao registrar chamada de IA');
    }
  }
}
