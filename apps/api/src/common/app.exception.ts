import { HttpException, HttpStatus } from '@nestjs/common';

export interface AppErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  [extra: string]: unknown;
}

/**
 * Base of every module's typed exception. Each module declares a code enum and a subclass, so clients can
 * branch on `code` while people read `message`.
 */
export class AppException<Code extends string = string> extends HttpException {
  constructor(
    readonly code: Code,
    message: string,
    status: HttpStatus,
    readonly details: Record<string, unknown> = {},
  ) {
    super({ statusCode: status, error: HttpStatus[status] ?? 'Error', code, message, ...details }, status);
  }
}
