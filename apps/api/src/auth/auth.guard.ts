import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Papel } from '../common/request-context.js';
import { RequestContext } from '../common/request-context.js';
import { PAPEIS_KEY, PUBLICO_KEY } from './auth.decorators.js';
import { AuthException } from './auth.exception.js';
import { TokenService } from './token.service.js';

/** Global guard: every route needs a valid access token unless marked @Publico(); @Papeis() narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLICO_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw AuthException.tokenAusente();
    const ator = await this.tokens.verificarAcesso(token);

    const store = RequestContext.store;
    if (!store) throw new Error('RequestContext ausente: o middleware de contexto não rodou');
    store.ator = { usuarioId: ator.usuarioId, empresaId: ator.empresaId, papel: ator.papel, nome: ator.nome };
    store.empresaId = ator.empresaId;

    const papeis = this.reflector.getAllAndOverride<Papel[] | undefined>(PAPEIS_KEY, targets);
    if (papeis && !papeis.includes(ator.papel)) throw AuthException.papelInsuficiente(papeis);
    return true;
  }
}
