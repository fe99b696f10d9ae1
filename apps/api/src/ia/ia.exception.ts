import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum IaErrorCode {
  ChaveObrigatoria = 'IA_CHAVE_OBRIGATORIA',
  TicketNaoEncontrado = 'IA_TICKET_NAO_ENCONTRADO',
  IdInvalido = 'IA_ID_INVALIDO',
  RecursoDesligado = 'IA_RECURSO_DESLIGADO',
  ArtigoNaoEncontrado = 'IA_ARTIGO_NAO_ENCONTRADO',
}

export class IaException extends AppException<IaErrorCode> {
  static chaveObrigatoria(provedor: string): IaException {
    return new IaException(
      IaErrorCode.ChaveObrigatoria,
      `O provedor ${provedor} precisa de uma chave de API: envie chave (ou, para servidores compatíveis com OpenAI sem chave, baseUrl).`,
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'chave', message: 'chave obrigatória para este provedor' }] },
    );
  }

  static ticketNaoEncontrado(): IaException {
    return new IaException(IaErrorCode.TicketNaoEncontrado, 'Ticket não encontrado.', HttpStatus.NOT_FOUND);
  }

  static idInvalido(nome: string): IaException {
    return new IaException(IaErrorCode.IdInvalido, `O parâmetro ${nome} deve ser um uuid.`, HttpStatus.BAD_REQUEST, {
      issues: [{ path: nome, message: 'uuid inválido' }],
    });
  }

  static recursoDesligado(recurso: string): IaException {
    return new IaException(
      IaErrorCode.RecursoDesligado,
      `O recurso de IA "${recurso}" está desligado nesta empresa: um admin pode ligá-lo em PUT /api/atendimento/ia/config.`,
      HttpStatus.CONFLICT,
      { recurso },
    );
  }

  static artigoNaoEncontrado(): IaException {
    return new IaException(
      IaErrorCode.ArtigoNaoEncontrado,
      'Artigo não encontrado. Confira o id ou crie o artigo em POST /api/atendimento/artigos.',
      HttpStatus.NOT_FOUND,
    );
  }
}
