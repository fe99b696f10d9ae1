import OpenAI, { toFile } from 'openai';
import {
  type AiProvider,
  type AudioParaTranscrever,
  FalhaProvedorIa,
  falhaDeStatus,
  jsonDoTexto,
  type PedidoJson,
  type RespostaEmbeddings,
  type RespostaJson,
  type RespostaTranscricao,
} from './ai-provider.js';

export interface OpenAiOpcoes {
  chave: string | null;
  baseUrl: string | null;
  modelo: string | null;
  modeloEmbeddings: string | null;
  modeloTranscricao?: string | null;
  timeoutMs: number;
}

export const OPENAI_MODELO_PADRAO = 'gpt-4o-mini';
export const OPENAI_EMBEDDINGS_PADRAO = 'text-embedding-3-small';
/** Whisper: also what OpenAI-compatible speech servers (faster-whisper, vLLM) serve under this name. */
export const OPENAI_TRANSCRICAO_PADRAO = 'whisper-1';

/** OpenAI and OpenAI-compatible servers (Ollama, vLLM, Azure, Groq) through `baseURL`. */
export class OpenAiProvider implements AiProvider {
  readonly nome = 'openai' as const;
  readonly modelo: string;
  private readonly modeloEmbeddings: string;
  private readonly modeloTranscricao: string;
  private readonly cliente: OpenAI;

  constructor(opcoes: OpenAiOpcoes) {
    this.modelo = opcoes.modelo ?? OPENAI_MODELO_PADRAO;
    this.modeloEmbeddings = opcoes.modeloEmbeddings ?? OPENAI_EMBEDDINGS_PADRAO;
    this.modeloTranscricao = opcoes.modeloTranscricao ?? OPENAI_TRANSCRICAO_PADRAO;
    this.cliente = new OpenAI({
      // Local OpenAI-compatible servers take no key, but the SDK requires a non-empty one.
      apiKey: opcoes.chave ?? 'sem-chave',
      ...(opcoes.baseUrl ? { baseURL: opcoes.baseUrl } : {}),
      maxRetries: 0,
      timeout: opcoes.timeoutMs,
    });
  }

  async completarJson(pedido: PedidoJson, sinal: AbortSignal): Promise<RespostaJson> {
    const resposta = await this.chamar(() =>
      this.cliente.chat.completions.create(
        {
          model: this.modelo,
          max_tokens: pedido.maxTokens,
          temperature: 0,
          messages: [
            { role: 'system', content: pedido.instrucoes },
            { role: 'user', content: pedido.entrada },
          ],
          response_format: { type: 'json_schema', json_schema: { name: pedido.nome, strict: true, schema: pedido.schema } },
        },
        { signal: sinal },
      ),
    );
    const conteudo = resposta.choices[0]?.message.content;
    if (!conteudo) throw new FalhaProvedorIa('resposta_invalida', 'resposta sem conteúdo', true);
    return {
      json: jsonDoTexto(conteudo),
      modelo: resposta.model || this.modelo,
      tokensEntrada: resposta.usage?.prompt_tokens ?? 0,
      tokensSaida: resposta.usage?.completion_tokens ?? 0,
    };
  }

  async embeddings(textos: string[], sinal: AbortSignal): Promise<RespostaEmbeddings> {
    const resposta = await this.chamar(() =>
      this.cliente.embeddings.create(
        { model: this.modeloEmbeddings, input: textos, encoding_format: 'float' },
        { signal: sinal },
      ),
    );
    const vetores = [...resposta.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vetores.length !== textos.length)
      throw new FalhaProvedorIa('resposta_invalida', 'número de embeddings diferente do pedido', true);
    return { vetores, modelo: resposta.model || this.modeloEmbeddings, tokensEntrada: resposta.usage?.prompt_tokens ?? 0 };
  }

  async transcrever(audio: AudioParaTranscrever, sinal: AbortSignal): Promise<RespostaTranscricao> {
    const arquivo = await toFile(audio.dados, audio.nomeArquivo, { type: audio.mimeTipo });
    const resposta = await this.chamar(() =>
      this.cliente.audio.transcriptions.create(
        { model: this.modeloTranscricao, file: arquivo, response_format: 'json' },
        { signal: sinal },
      ),
    );
    if (typeof resposta.text !== 'string') throw new FalhaProvedorIa('resposta_invalida', 'transcrição sem texto', true);
    const uso = resposta.usage?.type === 'tokens' ? resposta.usage : null;
    return {
      texto: resposta.text.trim(),
      modelo: this.modeloTranscricao,
      tokensEntrada: uso?.input_tokens ?? 0,
      tokensSaida: uso?.output_tokens ?? 0,
    };
  }

  private async chamar<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof OpenAI.APIConnectionTimeoutError) throw new FalhaProvedorIa('timeout', 'tempo esgotado', true);
      if (error instanceof OpenAI.APIUserAbortError) throw new FalhaProvedorIa('timeout', 'tempo esgotado', true);
      if (error instanceof OpenAI.APIError) throw falhaDeStatus(error.status, error.headers, error.message);
      throw error;
    }
  }
}
