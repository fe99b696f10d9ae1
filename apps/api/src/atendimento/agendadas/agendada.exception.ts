import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum AgendadaErrorCode {
  NaoEncontrada = 'AGENDADA_NAO_ENCONTRADA',
  JaProcessada = 'AGENDADA_JA_PROCESSADA',
  NoPassado = 'AGENDADA_NO_PASSADO',
  ConteudoInvalido = 'AGENDADA_CONTEUDO_INVALIDO',
  TemplateInvalido = 'AGENDADA_TEMPLATE_INVALIDO',
}

export class AgendadaException extends AppException<AgendadaErrorCode> {
  static naoEncontrada(): AgendadaException {
    return new AgendadaException(AgendadaErrorCode.NaoEncontrada, 'Mensagem agendada não encontrada.', HttpStatus.NOT_FOUND);
  }

  static jaProcessada(status: string): AgendadaException {
    return new AgendadaException(
      AgendadaErrorCode.JaProcessada,
      `Esta mensagem agendada já está ${status}: só é possível alterar ou cancelar antes do envio.`,
      HttpStatus.CONFLICT,
      { status },
    );
  }

  static noPassado(): AgendadaException {
    return new AgendadaException(AgendadaErrorCode.NoPassado, 'agendadaPara deve ser no futuro.', HttpStatus.BAD_REQUEST, {
      issues: [{ path: 'agendadaPara', message: 'agendadaPara deve ser no futuro' }],
    });
  }

  static conteudoInvalido(): AgendadaException {
    return new AgendadaException(
      AgendadaErrorCode.ConteudoInvalido,
      'conteudo: informe conteudo (texto) ou templateId, um dos dois.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'conteudo', message: 'informe conteudo (texto) ou templateId, um dos dois' }] },
    );
  }

  static templateInvalido(): AgendadaException {
    return new AgendadaException(
      AgendadaErrorCode.TemplateInvalido,
      'templateId: template não encontrado nesta empresa.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'templateId', message: 'template não encontrado nesta empresa' }] },
    );
  }
}
