import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum IaErrorCode {
  ChaveObrigatoria = 'IA_CHAVE_OBRIGATORIA',
  TicketNaoEncontrado = 'IA_TICKET_NAO_ENCONTRADO',
  IdInvalido = 'IA_ID_INVALIDO',
  RecursoDesligado = 'IA_RECURSO_DESLIGADO',
  ArtigoNaoEncontrado = 'IA_ARTIGO_NAO_ENCONTRADO',
  IndexacaoNaoEncontrada = 'IA_INDEXACAO_NAO_ENCONTRADA',
  ImportacaoInvalida = 'IA_IMPORTACAO_INVALIDA',
  ContatoNaoEncontrado = 'IA_CONTATO_NAO_ENCONTRADO',
}

/** One rejected line of an imported file. */
export interface ErroDeImportacao {
  arquivo: string;
  linha: number;
  message: string;
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

  static indexacaoNaoEncontrada(): IaException {
    return new IaException(
      IaErrorCode.IndexacaoNaoEncontrada,
      'Reindexação não encontrada. Inicie uma em POST /api/atendimento/ia/reindexar.',
      HttpStatus.NOT_FOUND,
    );
  }

  static contatoNaoEncontrado(): IaException {
    return new IaException(IaErrorCode.ContatoNaoEncontrado, 'Contato não encontrado.', HttpStatus.NOT_FOUND);
  }

  /** Nothing is imported when any row is bad: the answer lists every bad row with its file and line. */
  static importacaoInvalida(message: string, erros: ErroDeImportacao[] = []): IaException {
    return new IaException(IaErrorCode.ImportacaoInvalida, message, HttpStatus.BAD_REQUEST, {
      issues: erros.map((e) => ({ path: `${e.arquivo}:${e.linha}`, message: e.message })),
      erros,
    });
  }

  static artigoNaoEncontrado(): IaException {
    return new IaException(
      IaErrorCode.ArtigoNaoEncontrado,
      'Artigo não encontrado. Confira o id ou crie o artigo em POST /api/atendimento/artigos.',
      HttpStatus.NOT_FOUND,
    );
  }
}
