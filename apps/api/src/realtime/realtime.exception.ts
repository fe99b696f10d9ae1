import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum RealtimeErrorCode {
  PayloadInvalido = 'REALTIME_PAYLOAD_INVALIDO',
  ForaDoTicket = 'REALTIME_FORA_DO_TICKET',
  SemAtendente = 'REALTIME_SEM_ATENDENTE',
  CursorInvalido = 'REALTIME_CURSOR_INVALIDO',
  ErroInterno = 'REALTIME_ERRO_INTERNO',
}

/** Errors of the socket gateway (sent as the `erro` event and the acknowledgement) and of the catch-up route. */
export class RealtimeException extends AppException<RealtimeErrorCode> {
  static payloadInvalido(evento: string, detalhe: string): RealtimeException {
    return new RealtimeException(
      RealtimeErrorCode.PayloadInvalido,
      `Dados inválidos em "${evento}": ${detalhe}.`,
      HttpStatus.BAD_REQUEST,
    );
  }

  static foraDoTicket(): RealtimeException {
    return new RealtimeException(
      RealtimeErrorCode.ForaDoTicket,
      'Entre no ticket (evento "entrar") antes de avisar que está digitando nele.',
      HttpStatus.CONFLICT,
    );
  }

  static semAtendente(): RealtimeException {
    return new RealtimeException(
      RealtimeErrorCode.SemAtendente,
      'Só atendentes têm presença: peça a um administrador para cadastrar seu usuário como atendente.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static cursorInvalido(): RealtimeException {
    return new RealtimeException(
      RealtimeErrorCode.CursorInvalido,
      'cursor inválido: use o cursor recebido do tempo real (ou de uma resposta anterior), ou chame sem cursor para recomeçar.',
      HttpStatus.BAD_REQUEST,
    );
  }

  static erroInterno(): RealtimeException {
    return new RealtimeException(
      RealtimeErrorCode.ErroInterno,
      'Erro interno ao tratar o evento. Tente de novo.',
      HttpStatus.INTERNAL_SERVER_ERROR,
    );
  }
}
