import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum WebchatErro {
  CANAL_NAO_ENCONTRADO = 'WEBCHAT_CANAL_NAO_ENCONTRADO',
  ORIGEM_NAO_PERMITIDA = 'WEBCHAT_ORIGEM_NAO_PERMITIDA',
  TOKEN_AUSENTE = 'WEBCHAT_TOKEN_AUSENTE',
  TOKEN_INVALIDO = 'WEBCHAT_TOKEN_INVALIDO',
  VALIDACAO = 'WEBCHAT_VALIDACAO',
  LIMITE_EXCEDIDO = 'WEBCHAT_LIMITE_EXCEDIDO',
  ANEXO_NAO_ENCONTRADO = 'WEBCHAT_ANEXO_NAO_ENCONTRADO',
  WIDGET_NAO_CONSTRUIDO = 'WEBCHAT_WIDGET_NAO_CONSTRUIDO',
}

/** The public visitor API's one exception type (messages in pt-BR; the widget shows its own texts). */
export class WebchatException extends AppException<WebchatErro> {
  static canalNaoEncontrado(): WebchatException {
    return new WebchatException(
      WebchatErro.CANAL_NAO_ENCONTRADO,
      'WebChat não encontrado: confira a chave pública (data-atende-key) do snippet; o canal pode ter sido desativado.',
      HttpStatus.NOT_FOUND,
    );
  }

  static origemNaoPermitida(origem: string): WebchatException {
    return new WebchatException(
      WebchatErro.ORIGEM_NAO_PERMITIDA,
      `Este WebChat não está liberado para o site ${origem}: inclua a origem em origensPermitidas na configuração do canal.`,
      HttpStatus.FORBIDDEN,
      { origem },
    );
  }

  static tokenAusente(): WebchatException {
    return new WebchatException(
      WebchatErro.TOKEN_AUSENTE,
      'Token de visitante ausente: inicie a conversa (POST /conversas) e envie o token em Authorization: Bearer <token>.',
      HttpStatus.UNAUTHORIZED,
    );
  }

  static tokenInvalido(): WebchatException {
    return new WebchatException(
      WebchatErro.TOKEN_INVALIDO,
      'Token de visitante inválido ou expirado para este WebChat: inicie uma nova conversa.',
      HttpStatus.UNAUTHORIZED,
    );
  }

  static validacao(campo: string, mensagem: string): WebchatException {
    return new WebchatException(WebchatErro.VALIDACAO, `${campo}: ${mensagem}`, HttpStatus.BAD_REQUEST, {
      campo,
      issues: [{ path: campo, message: mensagem }],
    });
  }

  static limiteExcedido(retryAfterSegundos: number): WebchatException {
    return new WebchatException(
      WebchatErro.LIMITE_EXCEDIDO,
      `Muitas mensagens em pouco tempo: tente de novo em ${retryAfterSegundos} s.`,
      HttpStatus.TOO_MANY_REQUESTS,
      { retryAfterSegundos },
    );
  }

  static anexoNaoEncontrado(): WebchatException {
    return new WebchatException(WebchatErro.ANEXO_NAO_ENCONTRADO, 'Anexo não encontrado nesta conversa.', HttpStatus.NOT_FOUND);
  }

  static widgetNaoConstruido(): WebchatException {
    return new WebchatException(
      WebchatErro.WIDGET_NAO_CONSTRUIDO,
      'O widget ainda não foi construído: rode `npm run build -w packages/widget`.',
      HttpStatus.NOT_FOUND,
    );
  }
}
