import type { IaProvedor } from '../ia-config.entity.js';

/** A structured-output request: the model must answer with JSON matching `schema` (a JSON Schema object). */
export interface PedidoJson {
  /** Identifier of the output shape (`sentimento`, `resumo`…): the schema/tool name sent to the provider. */
  nome: string;
  instrucoes: string;
  entrada: string;
  schema: Record<string, unknown>;
  maxTokens: number;
}

export interface RespostaJson {
  /** Parsed JSON; the caller validates it against its own zod schema. */
  json: unknown;
  modelo: string;
  tokensEntrada: number;
  tokensSaida: number;
}

export interface RespostaEmbeddings {
  vetores: number[][];
  modelo: string;
  tokensEntrada: number;
}

export interface AudioParaTranscrever {
  dados: Buffer;
  nomeArquivo: string;
  mimeTipo: string;
}

export interface RespostaTranscricao {
  texto: string;
  modelo: string;
  tokensEntrada: number;
  tokensSaida: number;
}

export type FalhaProvedorTipo = 'limite_taxa' | 'erro' | 'timeout' | 'resposta_invalida';

/** A failed call, classified so the caller knows whether (and when) to retry. */
export class FalhaProvedorIa extends Error {
  constructor(
    readonly tipo: FalhaProvedorTipo,
    message: string,
    readonly retentavel: boolean,
    /** From `retry-after` on a 429, in ms. */
    readonly esperarMs: number | null = null,
  ) {
    super(message);
    this.name = 'FalhaProvedorIa';
  }
}

/**
 * An external model behind one interface. Each call is a single attempt (the SDKs' own retries are off):
 * retries, budget, redaction, logging and the fallback to the local provider live in IaExecutor.
 */
export interface AiProvider {
  readonly nome: Exclude<IaProvedor, 'local'>;
  readonly modelo: string;
  completarJson(pedido: PedidoJson, sinal: AbortSignal): Promise<RespostaJson>;
  /** Absent when the provider has no embeddings API (Anthropic). */
  embeddings?(textos: string[], sinal: AbortSignal): Promise<RespostaEmbeddings>;
  /** Speech to text; absent when the provider has no such API (Anthropic). */
  transcrever?(audio: AudioParaTranscrever, sinal: AbortSignal): Promise<RespostaTranscricao>;
}

/** Parses `retry-after` (seconds or an HTTP date) into ms. */
export function retryAfterMs(valor: string | null | undefined, agora = Date.now()): number | null {
  if (!valor) return null;
  const segundos = Number(valor);
  if (Number.isFinite(segundos)) return Math.max(0, segundos * 1000);
  const data = Date.parse(valor);
  return Number.isNaN(data) ? null : Math.max(0, data - agora);
}

/** Classifies an SDK error by HTTP status; both official SDKs expose `status` and `headers` the same way. */
export function falhaDeStatus(status: number | undefined, headers: Headers | undefined, mensagem: string): FalhaProvedorIa {
  if (status === 429) return new FalhaProvedorIa('limite_taxa', mensagem, true, retryAfterMs(headers?.get('retry-after')));
  if (status === 408) return new FalhaProvedorIa('timeout', mensagem, true);
  if (status === undefined || status >= 500) return new FalhaProvedorIa('erro', mensagem, true);
  // 4xx (bad key, bad model, bad request): retrying cannot help.
  return new FalhaProvedorIa('erro', mensagem, false);
}

export function jsonDoTexto(texto: string): unknown {
  try {
    return JSON.parse(texto);
  } catch {
    throw new FalhaProvedorIa('resposta_invalida', 'o modelo respondeu com JSON malformado', true);
  }
}
