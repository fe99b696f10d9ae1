import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum FilaErrorCode {
  NaoEncontrada = 'FILA_NAO_ENCONTRADA',
  IdInvalido = 'FILA_ID_INVALIDO',
  NomeEmUso = 'FILA_NOME_EM_USO',
  TicketsAbertos = 'FILA_COM_TICKETS_ABERTOS',
  ReferenciaInvalida = 'FILA_REFERENCIA_INVALIDA',
  CapacidadeAcimaDoMaximo = 'FILA_CAPACIDADE_ACIMA_DO_MAXIMO',
}

export class FilaException extends AppException<FilaErrorCode> {
  static naoEncontrada(): FilaException {
    return new FilaException(FilaErrorCode.NaoEncontrada, 'Fila não encontrada.', HttpStatus.NOT_FOUND);
  }

  static idInvalido(): FilaException {
    return new FilaException(
      FilaErrorCode.IdInvalido,
      'id: o id da fila deve ser um UUID (como devolvido por GET /api/atendimento/filas).',
      HttpStatus.BAD_REQUEST,
      { campo: 'id' },
    );
  }

  static nomeEmUso(nome: string): FilaException {
    return new FilaException(
      FilaErrorCode.NomeEmUso,
      `Já existe uma fila chamada "${nome}": escolha outro nome.`,
      HttpStatus.CONFLICT,
      { campo: 'nome' },
    );
  }

  static ticketsAbertos(quantidade: number): FilaException {
    return new FilaException(
      FilaErrorCode.TicketsAbertos,
      `A fila tem ${quantidade} ticket(s) em aberto: transfira-os para outra fila (POST /api/atendimento/tickets/:id/transferir) ` +
        'ou desative a fila com PATCH { "ativo": false } em vez de removê-la.',
      HttpStatus.CONFLICT,
      { ticketsAbertos: quantidade },
    );
  }

  /** A referenced id (política de SLA, expediente, atendente, fila) that does not exist in the empresa. */
  static referenciaInvalida(campo: string, descricao: string, ids: string[]): FilaException {
    return new FilaException(
      FilaErrorCode.ReferenciaInvalida,
      `${campo}: ${descricao} não encontrado(a) nesta empresa (${ids.join(', ')}). Confira o id na listagem correspondente.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campo, ids },
    );
  }

  static capacidadeAcimaDoMaximo(campo: string, nome: string, capacidade: number, maximo: number): FilaException {
    return new FilaException(
      FilaErrorCode.CapacidadeAcimaDoMaximo,
      `${campo}: a capacidade ${capacidade} na fila excede o máximo de ${maximo} tickets simultâneos de ${nome}. ` +
        'Use uma capacidade menor ou aumente o maxTicketsSimultaneos do atendente.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campo, capacidade, maximo },
    );
  }
}
