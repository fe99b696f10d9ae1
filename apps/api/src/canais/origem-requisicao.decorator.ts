import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * `scheme://host` the client used (proxies are trusted as configured in app.setup): the canal API shows the
 * webhook URL to paste into Meta/Telegram from it when ATENDE_PUBLIC_URL is not set.
 */
export const OrigemRequisicao = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<Request>();
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
});
