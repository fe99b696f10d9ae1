import { Module } from '@nestjs/common';
import { UsuarioController } from './usuario.controller.js';
import { UsuarioRepository } from './usuario.repository.js';
import { UsuarioService } from './usuario.service.js';

@Module({
  controllers: [UsuarioController],
  providers: [UsuarioRepository, UsuarioService],
  exports: [UsuarioRepository],
})
export class UsuariosModule {}
