import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  type AuthSession,
  type LoginRequest,
  loginRequestSchema,
  type LogoutRequest,
  logoutRequestSchema,
  type RefreshRequest,
  refreshRequestSchema,
  type RegistrarRequest,
  registrarRequestSchema,
} from '@atende/shared';
import type { Ator } from '../common/request-context.js';
import { ApiZodBody, ZodBody } from '../common/zod-api.decorators.js';
import { AtorAtual, Publico } from './auth.decorators.js';
import { AuthService, type ClienteInfo } from './auth.service.js';

function cliente(request: Request): ClienteInfo {
  return { userAgent: request.headers['user-agent'], ip: request.ip };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Publico()
  @HttpCode(200)
  @ApiOperation({ summary: 'Entrar com e-mail e senha' })
  @ApiZodBody(loginRequestSchema)
  login(@ZodBody(loginRequestSchema) dto: LoginRequest, @Req() request: Request): Promise<AuthSession> {
    return this.auth.login(dto, cliente(request));
  }

  @Post('refresh')
  @Publico()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trocar o refresh token por um novo par de tokens (rotação)' })
  @ApiZodBody(refreshRequestSchema)
  refresh(@ZodBody(refreshRequestSchema) dto: RefreshRequest, @Req() request: Request): Promise<AuthSession> {
    return this.auth.refresh(dto.refreshToken, cliente(request));
  }

  @Post('logout')
  @Publico()
  @HttpCode(204)
  @ApiOperation({ summary: 'Encerrar a sessão do refresh token' })
  @ApiZodBody(logoutRequestSchema)
  logout(@ZodBody(logoutRequestSchema) dto: LogoutRequest): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Post('registrar')
  @Publico()
  @HttpCode(201)
  @ApiOperation({ summary: 'Cadastrar uma empresa e seu administrador (ATENDE_SIGNUP=true)' })
  @ApiZodBody(registrarRequestSchema)
  registrar(@ZodBody(registrarRequestSchema) dto: RegistrarRequest, @Req() request: Request): Promise<AuthSession> {
    return this.auth.registrar(dto, cliente(request));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'O usuário autenticado' })
  me(@AtorAtual() ator: Ator) {
    return this.auth.me(ator);
  }
}
