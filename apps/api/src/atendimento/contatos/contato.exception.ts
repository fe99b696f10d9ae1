import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum ContatoErrorCode {
  NaoEncontrado = 'CONTATO_NAO_ENCONTRADO',
  TelefoneInvalido = 'CONTATO_TELEFONE_INVALIDO',
  TelefoneEmUso = 'CONTATO_TELEFONE_EM_USO',
  EmailEmUso = 'CONTATO_EMAIL_EM_USO',
  IdentidadeInvalida = 'CONTATO_IDENTIDADE_INVALIDA',
  Mesclado = 'CONTATO_MESCLADO',
  MesclarComEleMesmo = 'CONTATO_MESCLAR_COM_ELE_MESMO',
  OutroJaMesclado = 'CONTATO_OUTRO_JA_MESCLADO',
  TicketsAbertosNoMesmoCanal = 'CONTATO_TICKETS_ABERTOS_NO_MESMO_CANAL',
  PossuiTickets = 'CONTATO_POSSUI_TICKETS',
  CursorInvalido = 'CONTATO_CURSOR_INVALIDO',
}

export class ContatoException extends AppException<ContatoErrorCode> {
  static naoEncontrado(): ContatoException {
    return new ContatoException(ContatoErrorCode.NaoEncontrado, 'Contato não encontrado.', HttpStatus.NOT_FOUND);
  }

  static telefoneInvalido(telefone: string): ContatoException {
    const message = `Telefone inválido: "${telefone}". Informe o número com DDD (ex.: +55 11 98888-7777) ou, se for de outro país, com o código do país.`;
    return new ContatoException(ContatoErrorCode.TelefoneInvalido, message, HttpStatus.BAD_REQUEST, {
      issues: [{ path: 'telefone', message }],
    });
  }

  static telefoneEmUso(contatoId: string): ContatoException {
    return new ContatoException(
      ContatoErrorCode.TelefoneEmUso,
      'Já existe um contato com este telefone. Abra-o, ou mescle os dois em POST /api/atendimento/contatos/:id/mesclar.',
      HttpStatus.CONFLICT,
      { contatoId },
    );
  }

  static emailEmUso(contatoId: string): ContatoException {
    return new ContatoException(
      ContatoErrorCode.EmailEmUso,
      'Já existe um contato com este e-mail. Abra-o, ou mescle os dois em POST /api/atendimento/contatos/:id/mesclar.',
      HttpStatus.CONFLICT,
      { contatoId },
    );
  }

  static identidadeInvalida(tipo: string): ContatoException {
    return new ContatoException(
      ContatoErrorCode.IdentidadeInvalida,
      `Identidade de canal vazia ou inválida (tipo ${tipo}): informe o id do cliente no canal.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static mesclado(mescladoParaId: string): ContatoException {
    return new ContatoException(
      ContatoErrorCode.Mesclado,
      `Este contato foi mesclado no contato ${mescladoParaId}: faça a alteração naquele contato.`,
      HttpStatus.CONFLICT,
      { mescladoParaId },
    );
  }

  static mesclarComEleMesmo(): ContatoException {
    return new ContatoException(
      ContatoErrorCode.MesclarComEleMesmo,
      'Não é possível mesclar um contato com ele mesmo: informe em outroContatoId o id do contato duplicado.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static outroJaMesclado(mescladoParaId: string): ContatoException {
    return new ContatoException(
      ContatoErrorCode.OutroJaMesclado,
      `O outro contato já foi mesclado no contato ${mescladoParaId}: mescle com aquele contato.`,
      HttpStatus.CONFLICT,
      { mescladoParaId },
    );
  }

  static ticketsAbertosNoMesmoCanal(numeros: number[]): ContatoException {
    const lista = numeros.map((numero) => `#${numero}`).join(', ');
    return new ContatoException(
      ContatoErrorCode.TicketsAbertosNoMesmoCanal,
      `Os dois contatos têm tickets abertos no mesmo canal (${lista}). Resolva um deles e tente mesclar de novo.`,
      HttpStatus.CONFLICT,
      { tickets: numeros },
    );
  }

  static possuiTickets(quantidade: number): ContatoException {
    return new ContatoException(
      ContatoErrorCode.PossuiTickets,
      `O contato tem ${quantidade} ticket(s) e não pode ser removido: o histórico precisa dele. Bloqueie-o ou mescle-o com outro contato.`,
      HttpStatus.CONFLICT,
      { tickets: quantidade },
    );
  }

  static cursorInvalido(): ContatoException {
    return new ContatoException(
      ContatoErrorCode.CursorInvalido,
      'Cursor inválido: use o valor de nextCursor da página anterior, ou omita-o para a primeira página.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'cursor', message: 'cursor inválido' }] },
    );
  }
}
