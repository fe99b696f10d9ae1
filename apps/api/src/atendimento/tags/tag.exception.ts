import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum TagErrorCode {
  NaoEncontrada = 'TAG_NAO_ENCONTRADA',
  NomeEmUso = 'TAG_NOME_EM_USO',
  TicketNaoEncontrado = 'TAG_TICKET_NAO_ENCONTRADO',
  ContatoNaoEncontrado = 'TAG_CONTATO_NAO_ENCONTRADO',
  ContatoMesclado = 'TAG_CONTATO_MESCLADO',
  CursorInvalido = 'TAG_CURSOR_INVALIDO',
}

export class TagException extends AppException<TagErrorCode> {
  static naoEncontrada(): TagException {
    return new TagException(
      TagErrorCode.NaoEncontrada,
      'Tag não encontrada. Confira o id ou crie a tag em POST /api/atendimento/tags.',
      HttpStatus.NOT_FOUND,
    );
  }

  static nomeEmUso(nome: string, tagId: string): TagException {
    return new TagException(
      TagErrorCode.NomeEmUso,
      `Já existe a tag "${nome}" (nomes não diferenciam maiúsculas): use-a ou escolha outro nome.`,
      HttpStatus.CONFLICT,
      { tagId },
    );
  }

  static ticketNaoEncontrado(): TagException {
    return new TagException(TagErrorCode.TicketNaoEncontrado, 'Ticket não encontrado.', HttpStatus.NOT_FOUND);
  }

  static contatoNaoEncontrado(): TagException {
    return new TagException(TagErrorCode.ContatoNaoEncontrado, 'Contato não encontrado.', HttpStatus.NOT_FOUND);
  }

  static contatoMesclado(mescladoParaId: string): TagException {
    return new TagException(
      TagErrorCode.ContatoMesclado,
      `Este contato foi mesclado no contato ${mescladoParaId}: aplique a tag naquele contato.`,
      HttpStatus.CONFLICT,
      { mescladoParaId },
    );
  }

  static cursorInvalido(): TagException {
    return new TagException(
      TagErrorCode.CursorInvalido,
      'Cursor inválido: use o valor de nextCursor da página anterior, ou omita-o para a primeira página.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'cursor', message: 'cursor inválido' }] },
    );
  }
}
