import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum MensagemErrorCode {
  NaoEncontrada = 'MENSAGEM_NAO_ENCONTRADA',
  CitadaNaoEncontrada = 'MENSAGEM_CITADA_NAO_ENCONTRADA',
  ArquivoAusente = 'MENSAGEM_ARQUIVO_AUSENTE',
  ArquivoVazio = 'MENSAGEM_ARQUIVO_VAZIO',
  ArquivoGrandeDemais = 'MENSAGEM_ARQUIVO_GRANDE_DEMAIS',
  MultipartInvalido = 'MENSAGEM_MULTIPART_INVALIDO',
  CursorInvalido = 'CURSOR_INVALIDO',
  Validacao = 'VALIDACAO',
}

export class MensagemException extends AppException<MensagemErrorCode> {
  static naoEncontrada(): MensagemException {
    return new MensagemException(MensagemErrorCode.NaoEncontrada, 'Mensagem não encontrada.', HttpStatus.NOT_FOUND);
  }

  static citadaNaoEncontrada(): MensagemException {
    return new MensagemException(
      MensagemErrorCode.CitadaNaoEncontrada,
      'A mensagem respondida (respondeAId) não existe neste ticket: cite uma mensagem da mesma conversa.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static arquivoAusente(): MensagemException {
    return new MensagemException(
      MensagemErrorCode.ArquivoAusente,
      'Envio multipart sem arquivo: mande o arquivo no campo "arquivo" (e a legenda, se houver, em "conteudo").',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'arquivo', message: 'obrigatório em multipart/form-data' }] },
    );
  }

  static arquivoVazio(): MensagemException {
    return new MensagemException(
      MensagemErrorCode.ArquivoVazio,
      'O arquivo enviado está vazio (0 bytes).',
      HttpStatus.BAD_REQUEST,
      {
        issues: [{ path: 'arquivo', message: 'arquivo vazio' }],
      },
    );
  }

  static arquivoGrandeDemais(limiteBytes: number): MensagemException {
    const mb = Math.round(limiteBytes / (1024 * 1024));
    return new MensagemException(
      MensagemErrorCode.ArquivoGrandeDemais,
      `O arquivo passa do limite de ${mb} MB por anexo: reduza-o ou envie um link.`,
      HttpStatus.PAYLOAD_TOO_LARGE,
      { limiteBytes },
    );
  }

  static multipartInvalido(detalhe: string): MensagemException {
    return new MensagemException(
      MensagemErrorCode.MultipartInvalido,
      `Corpo multipart/form-data inválido: ${detalhe}. Envie um único arquivo no campo "arquivo" e, opcionalmente, "conteudo", "privada" e "respondeAId".`,
      HttpStatus.BAD_REQUEST,
    );
  }

  static cursorInvalido(): MensagemException {
    return new MensagemException(
      MensagemErrorCode.CursorInvalido,
      'cursor inválido: use o nextCursor devolvido pela página anterior ou recomece sem cursor.',
      HttpStatus.BAD_REQUEST,
    );
  }

  static validacao(issues: { path: string; message: string }[]): MensagemException {
    return new MensagemException(
      MensagemErrorCode.Validacao,
      `Dados inválidos: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      HttpStatus.BAD_REQUEST,
      { issues },
    );
  }
}
