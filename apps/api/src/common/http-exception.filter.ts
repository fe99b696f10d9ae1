import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
}

/**
 * One JSON error shape for every failure: `{statusCode, error, code, message}`. A client's mistake is a
 * 4xx with what to fix; only our own faults are 500s, logged with the request id.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.responder(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  responder(exception: unknown, request: Request, response: Response): void {
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: request.url }, 'erro interno');
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): Record<string, unknown> & { statusCode: number } {
    // Express maps body-parser failures to HttpExceptions; the parser's own error, kept as the cause, says which.
    const bodyError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | undefined;
    if (bodyError?.type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        error: 'Bad Request',
        code: 'JSON_MALFORMADO',
        message: 'O corpo da requisição não é um JSON válido. Confira aspas, vírgulas e chaves.',
      };
    }
    if (bodyError?.type === 'entity.too.large') {
      return {
        statusCode: 413,
        error: 'Payload Too Large',
        code: 'CORPO_GRANDE_DEMAIS',
        message: 'O corpo da requisição é maior que o limite configurado (ATENDE_BODY_LIMIT).',
      };
    }
    if (bodyError?.expose && typeof bodyError.status === 'number' && bodyError.status < 500) {
      return { statusCode: bodyError.status, error: HttpStatus[bodyError.status], code: 'REQUISICAO_INVALIDA', message: bodyError.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        const record = payload as Record<string, unknown>;
        const message = Array.isArray(record.message) ? record.message.join('; ') : record.message;
        if (status === HttpStatus.NOT_FOUND && record.code === undefined && /^Cannot /.test(String(message))) {
          return {
            statusCode: 404,
            error: 'Not Found',
            code: 'ROTA_INEXISTENTE',
            message: `Rota inexistente: ${request.method} ${request.originalUrl.split('?')[0]}. Veja a documentação em /api/docs.`,
          };
        }
        return {
          statusCode: status,
          error: record.error ?? HttpStatus[status],
          code: record.code ?? HttpStatus[status],
          ...record,
          message,
        };
      }
      return { statusCode: status, error: HttpStatus[status], code: HttpStatus[status], message: String(payload) };
    }
    if (exception instanceof QueryFailedError) {
      const driverError = exception.driverError as PgError;
      if (driverError.code === '23505') {
        return {
          statusCode: 409,
          error: 'Conflict',
          code: 'DUPLICADO',
          message: 'Já existe um registro com esses dados.',
          constraint: driverError.constraint,
        };
      }
      if (driverError.code === '22P02') {
        return { statusCode: 400, error: 'Bad Request', code: 'VALOR_INVALIDO', message: 'Um identificador ou valor tem formato inválido.' };
      }
      if (driverError.code === '23503') {
        return { statusCode: 409, error: 'Conflict', code: 'REFERENCIA_INVALIDA', message: 'O registro referenciado não existe ou ainda está em uso.' };
      }
    }
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'ERRO_INTERNO',
      message: 'Erro interno. Tente de novo; se persistir, informe o id da requisição ao suporte.',
      requestId: request.id,
    };
  }
}
