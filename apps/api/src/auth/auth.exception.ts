import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum AuthErrorCode {
  CredenciaisInvalidas = 'CREDENCIAIS_INVALIDAS',
  TokenAusente = 'TOKEN_AUSENTE',
  TokenInvalido = 'TOKEN_INVALIDO',
  TokenExpirado = 'TOKEN_EXPIRADO',
  RefreshInvalido = 'REFRESH_INVALIDO',
  PapelInsuficiente = 'PAPEL_INSUFICIENTE',
  CadastroDesativado = 'CADASTRO_DESATIVADO',
  EmailEmUso = 'EMAIL_EM_USO',
}

export class AuthException extends AppException<AuthErrorCode> {
  static credenciaisInvalidas(): AuthException {
    return new AuthException(AuthErrorCode.CredenciaisInvalidas, 'E-mail ou senha incorretos.', HttpStatus.UNAUTHORIZED);
  }

  static tokenAusente(): AuthException {
    return new AuthException(
      AuthErrorCode.TokenAusente,
      'Faça login: envie o token de acesso no cabeçalho Authorization: Bearer <token>.',
      HttpStatus.UNAUTHORIZED,
    );
  }

  static tokenInvalido(): AuthException {
    return new AuthException(AuthErrorCode.TokenInvalido, 'Token de acesso inválido. Faça login de novo.', HttpStatus.UNAUTHORIZED);
  }

  static tokenExpirado(): AuthException {
    return new AuthException(
      AuthErrorCode.TokenExpirado,
      'Token de acesso expirado. Renove-o em POST /api/auth/refresh com o refresh token.',
      HttpStatus.UNAUTHORIZED,
    );
  }

  static refreshInvalido(): AuthException {
    return new AuthException(AuthErrorCode.RefreshInvalido, 'Sessão expirada ou encerrada. Faça login de novo.', HttpStatus.UNAUTHORIZED);
  }

  static papelInsuficiente(papeis: string[]): AuthException {
    return new AuthException(
      AuthErrorCode.PapelInsuficiente,
      `Ação permitida apenas para: ${papeis.join(', ')}. Peça a um administrador.`,
      HttpStatus.FORBIDDEN,
    );
  }

  static cadastroDesativado(): AuthException {
    return new AuthException(
      AuthErrorCode.CadastroDesativado,
      'O cadastro de novas empresas está desativado nesta instalação (ATENDE_SIGNUP=false).',
      HttpStatus.FORBIDDEN,
    );
  }

  static emailEmUso(): AuthException {
    return new AuthException(AuthErrorCode.EmailEmUso, 'Já existe um usuário com este e-mail. Faça login ou use outro e-mail.', HttpStatus.CONFLICT);
  }
}
