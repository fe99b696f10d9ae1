import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum UsuarioErrorCode {
  NaoEncontrado = 'USUARIO_NAO_ENCONTRADO',
  EmailEmUso = 'USUARIO_EMAIL_EM_USO',
  UltimoAdmin = 'USUARIO_ULTIMO_ADMIN',
}

export class UsuarioException extends AppException<UsuarioErrorCode> {
  static naoEncontrado(): UsuarioException {
    return new UsuarioException(UsuarioErrorCode.NaoEncontrado, 'Usuário não encontrado.', HttpStatus.NOT_FOUND);
  }

  static emailEmUso(): UsuarioException {
    return new UsuarioException(UsuarioErrorCode.EmailEmUso, 'Já existe um usuário com este e-mail.', HttpStatus.CONFLICT);
  }

  static ultimoAdmin(): UsuarioException {
    return new UsuarioException(
      UsuarioErrorCode.UltimoAdmin,
      'A empresa precisa de ao menos um administrador ativo: promova outro usuário antes.',
      HttpStatus.CONFLICT,
    );
  }
}
