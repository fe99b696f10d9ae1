import Anthropic from '@anthropic-ai/sdk';
import { type AiProvider, FalhaProvedorIa, falhaDeStatus, type PedidoJson, type RespostaJson } from './ai-provider.js';

export interface AnthropicOpcoes {
  chave: string | null;
  baseUrl: string | null;
  modelo: string | null;
  timeoutMs: number;
}

export const ANTHROPIC_MODELO_PADRAO = 'claude-haiku-4-5';

/**
 * Anthropic's Messages API. Structured output through a single forced tool: the tool's `input_schema` is the
 * JSON Schema and the answer is the `tool_use` block's input.
 */
export class AnthropicProvider implements AiProvider {
  readonly nome = 'anthropic' as const;
  readonly modelo: string;
  private readonly cliente: Anthropic;

  constructor(opcoes: AnthropicOpcoes) {
    this.modelo = opcoes.modelo ?? ANTHROPIC_MODELO_PADRAO;
    this.cliente = new Anthropic({
      apiKey: opcoes.chave ?? 'sem-chave',
      ...(opcoes.baseUrl ? { baseURL: opcoes.baseUrl } : {}),
      maxRetries: 0,
      timeout: opcoes.timeoutMs,
    });
  }

  async completarJson(pedido: PedidoJson, sinal: AbortSignal): Promise<RespostaJson> {
    let resposta: Anthropic.Message;
    try {
      resposta = await this.cliente.messages.create(
        {
          model: this.modelo,
          max_tokens: pedido.maxTokens,
          system: pedido.instrucoes,
          messages: [{ role: 'user', content: pedido.entrada }],
          tools: [
            {
              name: pedido.nome,
              description: `Responda chamando ${pedido.nome}.`,
              input_schema: { type: 'object', ...pedido.schema },
            },
          ],
          tool_choice: { type: 'tool', name: pedido.nome },
        },
        { signal: sinal },
      );
    } catch (error) {
      if (error instanceof Anthropic.APIConnectionTimeoutError || error instanceof Anthropic.APIUserAbortError) {
        throw new FalhaProvedorIa('timeout', 'tempo esgotado', true);
      }
      if (error instanceof Anthropic.APIError) throw falhaDeStatus(error.status, error.headers, error.message);
      throw error;
    }
    const bloco = resposta.content.find((parte) => parte.type === 'tool_use' && parte.name === pedido.nome);
    if (!bloco || bloco.type !== 'tool_use')
      throw new FalhaProvedorIa('resposta_invalida', 'resposta sem a chamada de ferramenta', true);
    return {
      json: bloco.input,
      modelo: resposta.model || this.modelo,
      tokensEntrada: resposta.usage.input_tokens,
      tokensSaida: resposta.usage.output_tokens,
    };
  }
}
