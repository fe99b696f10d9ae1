import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from './request-context.js';

/** Opens the per-request context; the auth guard fills in the empresa and the actor. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    RequestContext.run({ requestId: String(request.id ?? '') }, next);
  }
}
