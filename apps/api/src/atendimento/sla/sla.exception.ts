import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum SlaErrorCode {
  ExpedienteNaoEncontrado = 'SLA_EXPEDIENTE_NAO_ENCONTRADO',
  ExpedienteNomeEmUso = 'SLA_EXPEDIENTE_NOME_EM_USO',
  FeriadoNaoEncontrado = 'SLA_FERIADO_NAO_ENCONTRADO',
  FeriadoDuplicado = 'SLA_FERIADO_DUPLICADO',
  PoliticaNaoEncontrada = 'SLA_POLITICA_NAO_ENCONTRADA',
  PoliticaNomeEmUso = 'SLA_POLITICA_NOME_EM_USO',
  PoliticaInvalida = 'SLA_POLITICA_INVALIDA',
  ReferenciaInvalida = 'SLA_REFERENCIA_INVALIDA',
}

export class SlaException extends AppException<SlaErrorCode> {
  static expedienteNaoEncontrado(): SlaException {
    return new SlaException(SlaErrorCode.ExpedienteNaoEncontrado, 'Expediente não encontrado.', HttpStatus.NOT_FOUND);
  }

  static expedienteNomeEmUso(nome: string, expedienteId: string): SlaException {
    return new SlaException(
      SlaErrorCode.ExpedienteNomeEmUso,
      `Já existe o expediente "${nome}": use-o ou escolha outro nome.`,
      HttpStatus.CONFLICT,
      { expedienteId },
    );
  }

  static feriadoNaoEncontrado(): SlaException {
    return new SlaException(SlaErrorCode.FeriadoNaoEncontrado, 'Feriado não encontrado.', HttpStatus.NOT_FOUND);
  }

  static feriadoDuplicado(data: string, feriadoId: string): SlaException {
    return new SlaException(
      SlaErrorCode.FeriadoDuplicado,
      `Já existe um feriado em ${data} para este expediente: altere-o em PATCH /api/atendimento/feriados/${feriadoId}.`,
      HttpStatus.CONFLICT,
      { feriadoId },
    );
  }

  static politicaNaoEncontrada(): SlaException {
    return new SlaException(SlaErrorCode.PoliticaNaoEncontrada, 'Política de SLA não encontrada.', HttpStatus.NOT_FOUND);
  }

  static politicaNomeEmUso(nome: string, slaPoliticaId: string): SlaException {
    return new SlaException(
      SlaErrorCode.PoliticaNomeEmUso,
      `Já existe a política de SLA "${nome}": use-a ou escolha outro nome.`,
      HttpStatus.CONFLICT,
      { slaPoliticaId },
    );
  }

  static politicaInvalida(campo: string, mensagem: string): SlaException {
    return new SlaException(SlaErrorCode.PoliticaInvalida, mensagem, HttpStatus.BAD_REQUEST, {
      issues: [{ path: campo, message: mensagem }],
    });
  }

  /** A referenced expediente, fila, atendente or tag that is not the empresa's. */
  static referenciaInvalida(campo: string, oQue: string): SlaException {
    const mensagem = `${campo}: ${oQue} não encontrado nesta empresa`;
    return new SlaException(SlaErrorCode.ReferenciaInvalida, mensagem, HttpStatus.BAD_REQUEST, {
      issues: [{ path: campo, message: mensagem }],
    });
  }
}
