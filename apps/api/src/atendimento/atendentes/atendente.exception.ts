import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum AtendenteErrorCode {
  NaoEncontrado = 'ATENDENTE_NAO_ENCONTRADO',
  IdInvalido = 'ATENDENTE_ID_INVALIDO',
  UsuarioSemAtendente = 'ATENDENTE_USUARIO_SEM_ATENDENTE',
  UsuarioJaAtendente = 'ATENDENTE_USUARIO_JA_ATENDENTE',
  ReferenciaInvalida = 'ATENDENTE_REFERENCIA_INVALIDA',
  CapacidadeAcimaDoMaximo = 'ATENDENTE_CAPACIDADE_ACIMA_DO_MAXIMO',
  StatusDeOutro = 'ATENDENTE_STATUS_DE_OUTRO',
  Inativo = 'ATENDENTE_INATIVO',
  TicketsAbertos = 'ATENDENTE_COM_TICKETS_ABERTOS',
}

export class AtendenteException extends AppException<AtendenteErrorCode> {
  static naoEncontrado(): AtendenteException {
    return new AtendenteException(AtendenteErrorCode.NaoEncontrado, 'Atendente não encontrado.', HttpStatus.NOT_FOUND);
  }

  static idInvalido(): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.IdInvalido,
      'id: o id do atendente deve ser um UUID (como devolvido por GET /api/atendimento/atendentes).',
      HttpStatus.BAD_REQUEST,
      { campo: 'id' },
    );
  }

  static usuarioSemAtendente(): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.UsuarioSemAtendente,
      'Seu usuário ainda não é um atendente: peça a um administrador para cadastrá-lo em POST /api/atendimento/atendentes.',
      HttpStatus.NOT_FOUND,
    );
  }

  static usuarioJaAtendente(atendenteId: string): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.UsuarioJaAtendente,
      'Este usuário já é um atendente: altere o cadastro existente com PATCH /api/atendimento/atendentes/:id.',
      HttpStatus.CONFLICT,
      { campo: 'usuarioId', atendenteId },
    );
  }

  /** A referenced id (usuario, fila) that does not exist in the empresa. */
  static referenciaInvalida(campo: string, descricao: string, ids: string[]): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.ReferenciaInvalida,
      `${campo}: ${descricao} não encontrado(a) nesta empresa (${ids.join(', ')}). Confira o id na listagem correspondente.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campo, ids },
    );
  }

  static capacidadeAcimaDoMaximo(campo: string, capacidade: number, maximo: number): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.CapacidadeAcimaDoMaximo,
      `${campo}: a capacidade ${capacidade} na fila excede o máximo de ${maximo} tickets simultâneos do atendente. ` +
        'Use uma capacidade menor ou aumente maxTicketsSimultaneos.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campo, capacidade, maximo },
    );
  }

  static maximoAbaixoDaCapacidade(maximo: number, filas: string[]): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.CapacidadeAcimaDoMaximo,
      `maxTicketsSimultaneos: ${maximo} é menor que a capacidade do atendente nas filas ${filas.join(', ')}. ` +
        'Reduza antes essas capacidades (PUT /api/atendimento/atendentes/:id/filas) ou envie as novas filas no mesmo PATCH.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campo: 'maxTicketsSimultaneos', filas },
    );
  }

  static statusDeOutro(): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.StatusDeOutro,
      'Você só pode alterar o seu próprio status; supervisores e administradores alteram o de qualquer atendente.',
      HttpStatus.FORBIDDEN,
    );
  }

  static inativo(): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.Inativo,
      'Atendente desativado não pode ficar online nem ausente: reative-o com PATCH { "ativo": true }.',
      HttpStatus.CONFLICT,
    );
  }

  static ticketsAbertos(quantidade: number): AtendenteException {
    return new AtendenteException(
      AtendenteErrorCode.TicketsAbertos,
      `O atendente tem ${quantidade} ticket(s) em aberto: transfira-os antes (POST /api/atendimento/tickets/:id/transferir) ` +
        'ou desative-o com PATCH { "ativo": false } para manter o histórico.',
      HttpStatus.CONFLICT,
      { ticketsAbertos: quantidade },
    );
  }
}
