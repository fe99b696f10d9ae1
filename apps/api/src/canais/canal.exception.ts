import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';
import type { ProviderError } from './channel-adapter.js';

export enum CanalErro {
  TIPO_NAO_SUPORTADO = 'CANAL_TIPO_NAO_SUPORTADO',
  CREDENCIAIS_INVALIDAS = 'CANAL_CREDENCIAIS_INVALIDAS',
  PAYLOAD_INVALIDO = 'CANAL_PAYLOAD_INVALIDO',
  CONTEUDO_NAO_SUPORTADO = 'CANAL_CONTEUDO_NAO_SUPORTADO',
  PROVEDOR_ERRO = 'CANAL_PROVEDOR_ERRO',
  ENVIO_FALHOU = 'CANAL_ENVIO_FALHOU',
  NAO_ENCONTRADO = 'CANAL_NAO_ENCONTRADO',
  ID_INVALIDO = 'CANAL_ID_INVALIDO',
  CHAVE_ROTEAMENTO_EM_USO = 'CANAL_CHAVE_ROTEAMENTO_EM_USO',
  REFERENCIA_INVALIDA = 'CANAL_REFERENCIA_INVALIDA',
  CREDENCIAIS_ILEGIVEIS = 'CANAL_CREDENCIAIS_ILEGIVEIS',
  SEM_SINCRONIZACAO = 'CANAL_SEM_SINCRONIZACAO',
  PROVEDOR_RECUSOU = 'CANAL_PROVEDOR_RECUSOU',
  INATIVO = 'CANAL_INATIVO',
  JANELA_FECHADA = 'JANELA_FECHADA',
  TEMPLATE_NAO_APROVADO = 'CANAL_TEMPLATE_NAO_APROVADO',
}

const STATUS_POR_CODIGO: Record<CanalErro, HttpStatus> = {
  [CanalErro.TIPO_NAO_SUPORTADO]: HttpStatus.BAD_REQUEST,
  [CanalErro.CREDENCIAIS_INVALIDAS]: HttpStatus.BAD_REQUEST,
  [CanalErro.PAYLOAD_INVALIDO]: HttpStatus.BAD_REQUEST,
  [CanalErro.CONTEUDO_NAO_SUPORTADO]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.PROVEDOR_ERRO]: HttpStatus.BAD_GATEWAY,
  [CanalErro.ENVIO_FALHOU]: HttpStatus.BAD_GATEWAY,
  [CanalErro.NAO_ENCONTRADO]: HttpStatus.NOT_FOUND,
  [CanalErro.ID_INVALIDO]: HttpStatus.BAD_REQUEST,
  [CanalErro.CHAVE_ROTEAMENTO_EM_USO]: HttpStatus.CONFLICT,
  [CanalErro.REFERENCIA_INVALIDA]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.CREDENCIAIS_ILEGIVEIS]: HttpStatus.CONFLICT,
  [CanalErro.SEM_SINCRONIZACAO]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.PROVEDOR_RECUSOU]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.INATIVO]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.JANELA_FECHADA]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CanalErro.TEMPLATE_NAO_APROVADO]: HttpStatus.UNPROCESSABLE_ENTITY,
};

export type CanalExceptionDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/**
 * The canais module's one exception type; `code` is stable for clients, `message` is pt-BR, and the details
 * are spread into the body next to them (the AppException shape).
 */
export class CanalException extends AppException<CanalErro> {
  declare readonly details: CanalExceptionDetails;

  constructor(code: CanalErro, message: string, details: CanalExceptionDetails = {}, options: { cause?: unknown } = {}) {
    super(code, message, STATUS_POR_CODIGO[code], details);
    this.name = 'CanalException';
    this.message = message;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** What kind of failure a provider call hit: drives retries, the mensagem's error and the canal/contato status. */
export type ChannelErrorCategory =
  | 'limite_taxa'
  | 'provedor_indisponivel'
  | 'rede'
  | 'autenticacao'
  | 'permissao'
  | 'requisicao_invalida'
  | 'janela_fechada'
  | 'destinatario_indisponivel'
  | 'bloqueado_pelo_contato'
  | 'template'
  | 'midia'
  | 'desconhecido';

export interface ChannelApiErrorInit {
  transient: boolean;
  category: ChannelErrorCategory;
  /** Provider's code as a string (`130429`, `403`, `21211`), or `network`/`timeout`. */
  providerCode: string;
  providerMessage: string;
  httpStatus?: number;
  /** The provider asked us to wait this long before retrying. */
  retryAfterMs?: number;
  providerError?: ProviderError;
  cause?: unknown;
}

/** A provider API call failed. Carries what the worker needs to decide between retry and `falhou`. */
export class ChannelApiError extends CanalException {
  readonly transient: boolean;
  readonly category: ChannelErrorCategory;
  readonly providerCode: string;
  readonly providerMessage: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly providerError?: ProviderError;

  constructor(init: ChannelApiErrorInit, code: CanalErro = CanalErro.PROVEDOR_ERRO) {
    super(
      code,
      `${init.providerMessage} (${init.providerCode})`,
      {
        transient: init.transient,
        category: init.category,
        providerCode: init.providerCode,
        providerMessage: init.providerMessage,
        httpStatus: init.httpStatus ?? null,
        retryAfterMs: init.retryAfterMs ?? null,
      },
      { cause: init.cause },
    );
    this.name = 'ChannelApiError';
    this.transient = init.transient;
    this.category = init.category;
    this.providerCode = init.providerCode;
    this.providerMessage = init.providerMessage;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.providerError = init.providerError;
  }
}

/** `ChannelAdapter.send` failed; `transient` ones are retried with backoff, the rest mark the mensagem `falhou`. */
export class ChannelSendError extends ChannelApiError {
  constructor(init: ChannelApiErrorInit) {
    super(init, CanalErro.ENVIO_FALHOU);
    this.name = 'ChannelSendError';
  }

  static from(error: ChannelApiError): ChannelSendError {
    if (error instanceof ChannelSendError) return error;
    return new ChannelSendError({
      transient: error.transient,
      category: error.category,
      providerCode: error.providerCode,
      providerMessage: error.providerMessage,
      httpStatus: error.httpStatus,
      retryAfterMs: error.retryAfterMs,
      providerError: error.providerError,
      cause: error,
    });
  }
}
