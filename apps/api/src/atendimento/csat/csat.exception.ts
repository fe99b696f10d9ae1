import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum CsatErrorCode {
  TicketNaoEncontrado = 'CSAT_TICKET_NAO_ENCONTRADO',
  PesquisaNaoAplicavel = 'CSAT_PESQUISA_NAO_APLICAVEL',
}

export class CsatException extends AppException<CsatErrorCode> {
  static ticketNaoEncontrado(): CsatException {
    return new CsatException(CsatErrorCode.TicketNaoEncontrado, 'Ticket não encontrado.', HttpStatus.NOT_FOUND);
  }

  static naoAplicavel(): CsatException {
    return new CsatException(
      CsatErrorCode.PesquisaNaoAplicavel,
      'A pesquisa só vai para um ticket resolvido ou fechado, com canal, ainda não avaliado nem já consultado nesta resolução.',
      HttpStatus.CONFLICT,
    );
  }
}
