import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum AutomacaoErrorCode {
  NaoEncontrada = 'AUTOMACAO_NAO_ENCONTRADA',
  Invalida = 'AUTOMACAO_INVALIDA',
  ReferenciaInvalida = 'AUTOMACAO_REFERENCIA_INVALIDA',
  OrdemIncompleta = 'AUTOMACAO_ORDEM_INCOMPLETA',
  CursorInvalido = 'AUTOMACAO_CURSOR_INVALIDO',
}

export class AutomacaoException extends AppException<AutomacaoErrorCode> {
  static naoEncontrada(): AutomacaoException {
    return new AutomacaoException(
      AutomacaoErrorCode.NaoEncontrada,
      'Automação não encontrada. Confira o id em GET /api/atendimento/automacoes.',
      HttpStatus.NOT_FOUND,
    );
  }

  /** A rule that is valid field by field but not as a whole (e.g. a webhook action without a secret). */
  static invalida(campo: string, mensagem: string): AutomacaoException {
    return new AutomacaoException(AutomacaoErrorCode.Invalida, `${campo}: ${mensagem}`, HttpStatus.BAD_REQUEST, {
      issues: [{ path: campo, message: mensagem }],
    });
  }

  static referenciaInvalida(campo: string, oQue: string): AutomacaoException {
    const mensagem = `${oQue} não encontrado(a) nesta empresa`;
    return new AutomacaoException(AutomacaoErrorCode.ReferenciaInvalida, `${campo}: ${mensagem}`, HttpStatus.BAD_REQUEST, {
      issues: [{ path: campo, message: mensagem }],
    });
  }

  static ordemIncompleta(faltando: string[], desconhecidos: string[]): AutomacaoException {
    const mensagem = 'ids deve conter exatamente as automações da empresa, cada uma uma vez';
    return new AutomacaoException(AutomacaoErrorCode.OrdemIncompleta, `ids: ${mensagem}`, HttpStatus.BAD_REQUEST, {
      faltando,
      desconhecidos,
      issues: [{ path: 'ids', message: mensagem }],
    });
  }

  static cursorInvalido(): AutomacaoException {
    return new AutomacaoException(
      AutomacaoErrorCode.CursorInvalido,
      'Cursor inválido: use o valor de nextCursor da página anterior, ou omita-o para a primeira página.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'cursor', message: 'cursor inválido' }] },
    );
  }
}
