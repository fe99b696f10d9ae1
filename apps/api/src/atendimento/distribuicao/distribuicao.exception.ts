import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum DistribuicaoErrorCode {
  FilaNaoEncontrada = 'DISTRIBUICAO_FILA_NAO_ENCONTRADA',
  IdInvalido = 'DISTRIBUICAO_ID_INVALIDO',
}

export class DistribuicaoException extends AppException<DistribuicaoErrorCode> {
  static filaNaoEncontrada(): DistribuicaoException {
    return new DistribuicaoException(DistribuicaoErrorCode.FilaNaoEncontrada, 'Fila não encontrada.', HttpStatus.NOT_FOUND);
  }

  static idInvalido(): DistribuicaoException {
    return new DistribuicaoException(
      DistribuicaoErrorCode.IdInvalido,
      'id: o id da fila deve ser um UUID (como devolvido por GET /api/atendimento/filas).',
      HttpStatus.BAD_REQUEST,
      { campo: 'id' },
    );
  }
}
