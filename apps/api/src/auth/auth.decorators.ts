import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Ator, type Papel, RequestContext } from '../common/request-context.js';

export const PUBLICO_KEY = 'atende:publico';
export const PAPEIS_KEY = 'atende:papeis';

/** The route needs no access token (login, webhooks, health). */
export const Publico = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLICO_KEY, true);

/** Only these papéis may call the route; others get 403. */
export const Papeis = (...papeis: Papel[]): MethodDecorator & ClassDecorator => SetMetadata(PAPEIS_KEY, papeis);

/** The authenticated user of the request. */
export const AtorAtual = createParamDecorator((_data: unknown, _ctx: ExecutionContext): Ator => {
  const ator = RequestContext.ator;
  if (!ator) throw new Error('AtorAtual usado numa rota pública');
  return ator;
});
