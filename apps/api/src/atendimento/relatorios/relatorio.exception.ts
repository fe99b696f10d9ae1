import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum RelatorioErrorCode {
  FiltroNaoEncontrado = 'RELATORIO_FILTRO_NAO_ENCONTRADO',
  RecalculoNaoEncontrado = 'RELATORIO_RECALCULO_NAO_ENCONTRADO',
  IdInvalido = 'RELATORIO_ID_INVALIDO',
}

export class RelatorioException extends AppException<RelatorioErrorCode> {
  static filtroNaoEncontrado(campo: 'filaId' | 'canalId' | 'atendenteId'): RelatorioException {
    const nome = { filaId: 'Fila', canalId: 'Canal', atendenteId: 'Atendente' }[campo];
    return new RelatorioException(
      RelatorioErrorCode.FiltroNaoEncontrado,
      `${nome} do filtro ${campo} não encontrado(a).`,
      HttpStatus.NOT_FOUND,
      {
        campo,
      },
    );
  }

  static recalculoNaoEncontrado(): RelatorioException {
    return new RelatorioException(RelatorioErrorCode.RecalculoNaoEncontrado, 'Recálculo não encontrado.', HttpStatus.NOT_FOUND);
  }

  static idInvalido(): RelatorioException {
    return new RelatorioException(
      RelatorioErrorCode.IdInvalido,
      'id: o id do recálculo deve ser um UUID (como devolvido por POST /api/atendimento/relatorios/recalcular).',
      HttpStatus.BAD_REQUEST,
      { campo: 'id' },
    );
  }
}
