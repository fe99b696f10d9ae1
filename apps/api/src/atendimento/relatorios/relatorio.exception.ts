import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum RelatorioErrorCode {
  FiltroNaoEncontrado = 'RELATORIO_FILTRO_NAO_ENCONTRADO',
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
}
