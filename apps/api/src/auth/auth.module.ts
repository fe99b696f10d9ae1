import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WorkflowsModule } from '../atendimento/workflows/workflows.module.js';
import { EmpresasModule } from '../empresas/empresas.module.js';
import { UsuariosModule } from '../usuarios/usuarios.module.js';
import { AuthSessaoRepository } from './auth-sessao.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { DemoSeedService } from './demo-seed.service.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [EmpresasModule, UsuariosModule, WorkflowsModule],
  controllers: [AuthController],
  providers: [TokenService, AuthService, AuthSessaoRepository, DemoSeedService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, AuthService],
})
export class AuthModule {}
