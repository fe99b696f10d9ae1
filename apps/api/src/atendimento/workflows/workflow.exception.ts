import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum WorkflowErrorCode {
  NaoEncontrado = 'WORKFLOW_NAO_ENCONTRADO',
  NomeEmUso = 'WORKFLOW_NOME_EM_USO',
  ReferenciaInvalida = 'WORKFLOW_REFERENCIA_INVALIDA',
  Inativo = 'WORKFLOW_INATIVO',
  TicketEncerrado = 'WORKFLOW_TICKET_ENCERRADO',
  JaEmAndamento = 'WORKFLOW_JA_EM_ANDAMENTO',
  NenhumEmAndamento = 'WORKFLOW_NENHUM_EM_ANDAMENTO',
  TicketSemCanal = 'WORKFLOW_TICKET_SEM_CANAL',
}

export class WorkflowException extends AppException<WorkflowErrorCode> {
  static naoEncontrado(): WorkflowException {
    return new WorkflowException(WorkflowErrorCode.NaoEncontrado, 'Workflow não encontrado.', HttpStatus.NOT_FOUND);
  }

  static nomeEmUso(nome: string, id: string): WorkflowException {
    return new WorkflowException(WorkflowErrorCode.NomeEmUso, `Já existe um workflow chamado "${nome}".`, HttpStatus.CONFLICT, {
      workflowId: id,
    });
  }

  /** A definition pointing at a fila or canal this empresa does not have: 400 naming the field. */
  static referenciaInvalida(path: string, mensagem: string): WorkflowException {
    return new WorkflowException(WorkflowErrorCode.ReferenciaInvalida, `${path}: ${mensagem}`, HttpStatus.BAD_REQUEST, {
      issues: [{ path, message: mensagem }],
    });
  }

  static inativo(nome: string): WorkflowException {
    return new WorkflowException(WorkflowErrorCode.Inativo, `O workflow "${nome}" está inativo: ative-o para iniciá-lo.`, HttpStatus.CONFLICT);
  }

  static ticketEncerrado(numero: number, status: string): WorkflowException {
    return new WorkflowException(
      WorkflowErrorCode.TicketEncerrado,
      `O ticket #${numero} está ${status}: um workflow só roda em ticket aberto.`,
      HttpStatus.CONFLICT,
    );
  }

  static jaEmAndamento(estadoId: string): WorkflowException {
    return new WorkflowException(
      WorkflowErrorCode.JaEmAndamento,
      'O ticket já está em um workflow: cancele-o antes de iniciar outro.',
      HttpStatus.CONFLICT,
      { estadoId },
    );
  }

  static nenhumEmAndamento(): WorkflowException {
    return new WorkflowException(WorkflowErrorCode.NenhumEmAndamento, 'O ticket não está em nenhum workflow.', HttpStatus.NOT_FOUND);
  }

  static ticketSemCanal(numero: number): WorkflowException {
    return new WorkflowException(
      WorkflowErrorCode.TicketSemCanal,
      `O ticket #${numero} não tem canal: o workflow não teria como falar com o cliente.`,
      HttpStatus.CONFLICT,
    );
  }
}
