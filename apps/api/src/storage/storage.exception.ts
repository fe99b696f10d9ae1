import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';

export enum StorageErrorCode {
  AnexoNaoEncontrado = 'ANEXO_NAO_ENCONTRADO',
  ArquivoIndisponivel = 'ANEXO_ARQUIVO_INDISPONIVEL',
  AnexoIndisponivel = 'ANEXO_INDISPONIVEL',
  IdInvalido = 'ID_INVALIDO',
}

export class StorageException extends AppException<StorageErrorCode> {
  static anexoNaoEncontrado(): StorageException {
    return new StorageException(StorageErrorCode.AnexoNaoEncontrado, 'Anexo não encontrado.', HttpStatus.NOT_FOUND);
  }

  static arquivoIndisponivel(): StorageException {
    return new StorageException(
      StorageErrorCode.ArquivoIndisponivel,
      'O arquivo deste anexo não está mais no armazenamento (removido ou movido). Peça ao cliente que o envie de novo.',
      HttpStatus.GONE,
    );
  }

  /** Some of the anexos to link do not exist in the empresa or already belong to another mensagem. */
  static anexosIndisponiveis(ids: string[]): StorageException {
    return new StorageException(
      StorageErrorCode.AnexoIndisponivel,
      `Anexo(s) inexistente(s) ou já usado(s) em outra mensagem: ${ids.join(', ')}. Envie o arquivo de novo.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { anexoIds: ids },
    );
  }

  static idInvalido(): StorageException {
    return new StorageException(
      StorageErrorCode.IdInvalido,
      'id inválido: use o id (uuid) do anexo devolvido pela API.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'id', message: 'deve ser um uuid' }] },
    );
  }
}
