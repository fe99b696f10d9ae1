import { createHash, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { Secrets } from '../config/secrets.js';
import type { Ator, Papel } from '../common/request-context.js';
import { AuthException } from './auth.exception.js';

interface AccessClaims {
  sub: string;
  emp: string;
  papel: Papel;
  nome: string;
  typ: 'access';
}

export interface RefreshTokenParts {
  sessaoId: string;
  segredo: string;
}

/** Signs and checks access tokens (JWT, HS256) and builds opaque refresh tokens (`<sessao id>.<secret>`). */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(
    private readonly config: AppConfig,
    secrets: Secrets,
  ) {
    // A KeyObject, not the raw Buffer: given bytes, jsonwebtoken first tries (and fails) createPublicKey on every
    // verify, about 0.8 ms of CPU per request.
    this.jwt = new JwtService({ secret: createSecretKey(secrets.derive('jwt')), signOptions: { algorithm: 'HS256', issuer: 'atende' } });
  }

  async assinarAcesso(ator: Ator): Promise<string> {
    const claims: AccessClaims = { sub: ator.usuarioId, emp: ator.empresaId, papel: ator.papel, nome: ator.nome, typ: 'access' };
    return this.jwt.signAsync(claims, { expiresIn: Math.floor(this.config.values.ATENDE_ACCESS_TOKEN_TTL / 1000) });
  }

  /** Verifies an access token; expired and forged tokens are told apart so the client knows to refresh. */
  async verificarAcesso(token: string): Promise<Ator & { expiraEm: number }> {
    let claims: AccessClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp: number }>(token, { algorithms: ['HS256'], issuer: 'atende' });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw AuthException.tokenExpirado();
      throw AuthException.tokenInvalido();
    }
    if (claims.typ !== 'access' || !claims.sub || !claims.emp) throw AuthException.tokenInvalido();
    return { usuarioId: claims.sub, empresaId: claims.emp, papel: claims.papel, nome: claims.nome, expiraEm: claims.exp * 1000 };
  }

  novoSegredo(): { segredo: string; hash: string } {
    const segredo = randomBytes(32).toString('base64url');
    return { segredo, hash: this.hash(segredo) };
  }

  montarRefresh(sessaoId: string, segredo: string): string {
    return `${sessaoId}.${segredo}`;
  }

  lerRefresh(token: string): RefreshTokenParts {
    const [sessaoId, segredo, ...rest] = token.split('.');
    if (!sessaoId || !segredo || rest.length > 0 || !/^[0-9a-f-]{36}$/i.test(sessaoId)) throw AuthException.refreshInvalido();
    return { sessaoId, segredo };
  }

  confere(segredo: string, hash: string): boolean {
    const a = Buffer.from(this.hash(segredo), 'hex');
    const b = Buffer.from(hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private hash(segredo: string): string {
    return createHash('sha256').update(segredo).digest('hex');
  }
}
