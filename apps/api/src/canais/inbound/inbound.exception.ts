import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum InboundErrorCode {
  TipoDesconhecido = 'WEBHOOK_TIPO_DESCONHECIDO',
  RotaDoCanal = 'WEBHOOK_ROTA_DO_CANAL',
  CanalNaoEncontrado = 'WEBHOOK_CANAL_NAO_ENCONTRADO',
  CanalEmAlteracao = 'WEBHOOK_CANAL_EM_ALTERACAO',
  AssinaturaInvalida = 'WEBHOOK_ASSINATURA_INVALIDA',
  HandshakeRecusado = 'WEBHOOK_HANDSHAKE_RECUSADO',
  SemHandshake = 'WEBHOOK_SEM_HANDSHAKE',
  CorpoAusente = 'WEBHOOK_CORPO_AUSENTE',
  CorpoGrandeDemais = 'WEBHOOK_CORPO_GRANDE_DEMAIS',
  EventoNaoEncontrado = 'EVENTO_ENTRADA_NAO_ENCONTRADO',
  EventoNaoReprocessavel = 'EVENTO_ENTRADA_NAO_REPROCESSAVEL',
  CursorInvalido = 'EVENTO_ENTRADA_CURSOR_INVALIDO',
}

export class InboundException extends AppException<InboundErrorCode> {
  static tipoDesconhecido(tipo: string, suportados: string[]): InboundException {
    return new InboundException(
      InboundErrorCode.TipoDesconhecido,
      `Não há webhook para o tipo de canal "${tipo}". Tipos disponíveis: ${suportados.join(', ')}.`,
      HttpStatus.NOT_FOUND,
    );
  }

  /** The kind routes by canal id in the URL, or by the payload, and the request used the other form. */
  static rotaDoCanal(tipo: string, porUrl: boolean): InboundException {
    return new InboundException(
      InboundErrorCode.RotaDoCanal,
      porUrl
        ? `O webhook de ${tipo} identifica o canal pela URL: use /api/atendimento/webhooks/${tipo}/<canalId>.`
        : `O webhook de ${tipo} identifica o canal pelo corpo: use /api/atendimento/webhooks/${tipo}, sem o id do canal.`,
      HttpStatus.NOT_FOUND,
    );
  }

  static canalNaoEncontrado(): InboundException {
    return new InboundException(
      InboundErrorCode.CanalNaoEncontrado,
      'Canal não encontrado ou inativo. Confira a URL do webhook configurada no provedor (GET /api/atendimento/canais).',
      HttpStatus.NOT_FOUND,
    );
  }

  static canalEmAlteracao(): InboundException {
    return new InboundException(
      InboundErrorCode.CanalEmAlteracao,
      'O canal está sendo alterado neste momento; nada foi gravado. O provedor reenvia o webhook; tente de novo em instantes.',
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }

  static assinaturaInvalida(detalhe: string): InboundException {
    return new InboundException(
      InboundErrorCode.AssinaturaInvalida,
      `Assinatura do webhook recusada: ${detalhe} Confira o segredo do aplicativo configurado no canal.`,
      HttpStatus.UNAUTHORIZED,
    );
  }

  static handshakeRecusado(): InboundException {
    return new InboundException(
      InboundErrorCode.HandshakeRecusado,
      'Verificação do webhook recusada: o verify token não confere com o de nenhum canal ativo deste tipo.',
      HttpStatus.FORBIDDEN,
    );
  }

  static semHandshake(tipo: string): InboundException {
    return new InboundException(
      InboundErrorCode.SemHandshake,
      `O webhook de ${tipo} não tem verificação por GET; o provedor envia os eventos por POST.`,
      HttpStatus.NOT_FOUND,
    );
  }

  static corpoGrandeDemais(): InboundException {
    return new InboundException(
      InboundErrorCode.CorpoGrandeDemais,
      'O corpo do webhook é maior que o limite configurado (ATENDE_BODY_LIMIT): aumente o limite se o provedor envia lotes maiores.',
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }

  static corpoAusente(): InboundException {
    return new InboundException(
      InboundErrorCode.CorpoAusente,
      'O webhook chegou sem corpo: envie o JSON do provedor com Content-Type: application/json.',
      HttpStatus.BAD_REQUEST,
    );
  }

  static eventoNaoEncontrado(): InboundException {
    return new InboundException(InboundErrorCode.EventoNaoEncontrado, 'Evento de entrada não encontrado.', HttpStatus.NOT_FOUND);
  }

  static eventoNaoReprocessavel(status: string): InboundException {
    return new InboundException(
      InboundErrorCode.EventoNaoReprocessavel,
      `Só eventos com status "falhou" ou "ignorado" podem ser reprocessados; este está "${status}".`,
      HttpStatus.CONFLICT,
    );
  }

  static cursorInvalido(): InboundException {
    return new InboundException(
      InboundErrorCode.CursorInvalido,
      'Cursor de paginação inválido: use o nextCursor devolvido pela página anterior.',
      HttpStatus.BAD_REQUEST,
    );
  }
}
