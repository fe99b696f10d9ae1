import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';
import { TRANSICOES_TICKET } from './ticket-transicoes.js';
import type { TicketStatus } from './ticket.entity.js';

export enum TicketErrorCode {
  NaoEncontrado = 'TICKET_NAO_ENCONTRADO',
  TransicaoInvalida = 'TICKET_TRANSICAO_INVALIDA',
  MesmoStatus = 'TICKET_MESMO_STATUS',
  JaAvaliado = 'TICKET_JA_AVALIADO',
  NaoAvaliavel = 'TICKET_NAO_AVALIAVEL',
  Encerrado = 'TICKET_ENCERRADO',
  TransferenciaSemMudanca = 'TICKET_TRANSFERENCIA_SEM_MUDANCA',
  ContatoNaoEncontrado = 'TICKET_CONTATO_NAO_ENCONTRADO',
  CanalNaoEncontrado = 'TICKET_CANAL_NAO_ENCONTRADO',
  CanalInativo = 'TICKET_CANAL_INATIVO',
  FilaNaoEncontrada = 'TICKET_FILA_NAO_ENCONTRADA',
  FilaInativa = 'TICKET_FILA_INATIVA',
  AtendenteNaoEncontrado = 'TICKET_ATENDENTE_NAO_ENCONTRADO',
  AtendenteInativo = 'TICKET_ATENDENTE_INATIVO',
  AtendenteOffline = 'TICKET_ATENDENTE_OFFLINE',
  UsuarioSemAtendente = 'TICKET_USUARIO_SEM_ATENDENTE',
  AtribuicaoProibida = 'TICKET_ATRIBUICAO_PROIBIDA',
  JaExisteAberto = 'TICKET_JA_EXISTE_ABERTO',
  NaoResolvido = 'TICKET_NAO_RESOLVIDO',
  CursorInvalido = 'CURSOR_INVALIDO',
  IdInvalido = 'ID_INVALIDO',
}

const codigo = (numero: number): string => `#${numero}`;

export class TicketException extends AppException<TicketErrorCode> {
  static naoEncontrado(): TicketException {
    return new TicketException(TicketErrorCode.NaoEncontrado, 'Ticket não encontrado.', HttpStatus.NOT_FOUND);
  }

  static transicaoInvalida(numero: number, de: TicketStatus, para: TicketStatus): TicketException {
    const possiveis = TRANSICOES_TICKET[de];
    const dica =
      possiveis.length > 0
        ? `A partir de "${de}" o ticket pode ir para: ${possiveis.join(', ')}.`
        : `"${de}" é um status final: para continuar a conversa, abra um novo ticket.`;
    return new TicketException(
      TicketErrorCode.TransicaoInvalida,
      `Transição inválida: o ticket ${codigo(numero)} está "${de}" e não pode passar para "${para}". ${dica}`,
      HttpStatus.CONFLICT,
      { de, para },
    );
  }

  static mesmoStatus(numero: number, status: TicketStatus): TicketException {
    return new TicketException(
      TicketErrorCode.MesmoStatus,
      `O ticket ${codigo(numero)} já está "${status}".`,
      HttpStatus.CONFLICT,
      { de: status, para: status },
    );
  }

  static jaAvaliado(numero: number): TicketException {
    return new TicketException(
      TicketErrorCode.JaAvaliado,
      `O ticket ${codigo(numero)} já foi avaliado nesta resolução: a avaliação vale uma vez por resolução.`,
      HttpStatus.CONFLICT,
    );
  }

  static naoAvaliavel(numero: number, status: TicketStatus): TicketException {
    return new TicketException(
      TicketErrorCode.NaoAvaliavel,
      `O ticket ${codigo(numero)} está "${status}": só tickets resolvidos ou fechados podem ser avaliados. Resolva-o antes.`,
      HttpStatus.CONFLICT,
    );
  }

  static encerrado(numero: number, status: TicketStatus, acao: string): TicketException {
    const dica = status === 'resolvido' ? 'Reabra o ticket antes' : 'Tickets fechados não mudam mais: abra um novo ticket';
    return new TicketException(
      TicketErrorCode.Encerrado,
      `Não é possível ${acao}: o ticket ${codigo(numero)} está "${status}". ${dica}.`,
      HttpStatus.CONFLICT,
      { status },
    );
  }

  static transferenciaSemMudanca(numero: number): TicketException {
    return new TicketException(
      TicketErrorCode.TransferenciaSemMudanca,
      `O ticket ${codigo(numero)} já está nessa fila e com esse atendente: escolha outro destino.`,
      HttpStatus.CONFLICT,
    );
  }

  static contatoNaoEncontrado(): TicketException {
    return new TicketException(TicketErrorCode.ContatoNaoEncontrado, 'Contato não encontrado.', HttpStatus.NOT_FOUND);
  }

  static canalNaoEncontrado(): TicketException {
    return new TicketException(TicketErrorCode.CanalNaoEncontrado, 'Canal não encontrado.', HttpStatus.NOT_FOUND);
  }

  static canalInativo(): TicketException {
    return new TicketException(
      TicketErrorCode.CanalInativo,
      'O canal está desativado: ative-o em /canais ou escolha outro canal.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static filaNaoEncontrada(): TicketException {
    return new TicketException(TicketErrorCode.FilaNaoEncontrada, 'Fila não encontrada.', HttpStatus.NOT_FOUND);
  }

  static filaInativa(): TicketException {
    return new TicketException(
      TicketErrorCode.FilaInativa,
      'A fila está desativada: ative-a em /filas ou escolha outra fila.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static atendenteNaoEncontrado(): TicketException {
    return new TicketException(TicketErrorCode.AtendenteNaoEncontrado, 'Atendente não encontrado.', HttpStatus.NOT_FOUND);
  }

  static atendenteInativo(): TicketException {
    return new TicketException(
      TicketErrorCode.AtendenteInativo,
      'O atendente está desativado: reative-o em /atendentes ou escolha outro atendente.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static atendenteOffline(nome: string): TicketException {
    return new TicketException(
      TicketErrorCode.AtendenteOffline,
      `${nome} está offline: transfira para a fila (a distribuição escolhe quem está online) ou, como supervisor, envie forcar: true.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static usuarioSemAtendente(): TicketException {
    return new TicketException(
      TicketErrorCode.UsuarioSemAtendente,
      'Seu usuário não é um atendente ativo: peça a um administrador para cadastrá-lo em /atendentes, ou informe atendenteId.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static atribuicaoProibida(): TicketException {
    return new TicketException(
      TicketErrorCode.AtribuicaoProibida,
      'Atendentes só podem atribuir tickets a si mesmos: para passar o ticket a outra pessoa, use /transferir com um motivo.',
      HttpStatus.FORBIDDEN,
    );
  }

  static jaExisteAberto(numero: number): TicketException {
    return new TicketException(
      TicketErrorCode.JaExisteAberto,
      `Este contato já tem o ticket ${codigo(numero)} em aberto neste canal: continue nele.`,
      HttpStatus.CONFLICT,
      { numero },
    );
  }

  static naoResolvido(numero: number, status: TicketStatus): TicketException {
    return new TicketException(
      TicketErrorCode.NaoResolvido,
      `Só tickets resolvidos podem ser reabertos: o ticket ${codigo(numero)} está "${status}", ou seja, ainda em aberto.`,
      HttpStatus.CONFLICT,
      { status },
    );
  }

  static cursorInvalido(): TicketException {
    return new TicketException(
      TicketErrorCode.CursorInvalido,
      'cursor inválido: use o nextCursor devolvido pela página anterior ou recomece sem cursor.',
      HttpStatus.BAD_REQUEST,
    );
  }

  static idInvalido(campo: string): TicketException {
    return new TicketException(
      TicketErrorCode.IdInvalido,
      `${campo} inválido: use o id (uuid) devolvido pela API, como 3f2b8c1e-6d4a-4b8e-9c3f-0a1b2c3d4e5f.`,
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: campo, message: 'deve ser um uuid' }] },
    );
  }
}
