import { Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AtualizarUsuario, atualizarUsuarioSchema, type CriarUsuario, criarUsuarioSchema } from '@atende/shared';
import { Papeis } from '../auth/auth.decorators.js';
import { ApiZodBody, ZodBody } from '../common/zod-api.decorators.js';
import { UsuarioService } from './usuario.service.js';

@ApiTags('usuarios')
@ApiBearerAuth()
@Papeis('admin')
@Controller('usuarios')
export class UsuarioController {
  constructor(private readonly usuarios: UsuarioService) {}

  @Get()
  @ApiOperation({ summary: 'Usuários da empresa' })
  listar() {
    return this.usuarios.listar();
  }

  @Get(':id')
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.usuarios.buscar(id);
  }

  @Post()
  @ApiOperation({ summary: 'Criar um usuário (convite) com papel' })
  @ApiZodBody(criarUsuarioSchema)
  criar(@ZodBody(criarUsuarioSchema) dto: CriarUsuario) {
    return this.usuarios.criar(dto);
  }

  @Patch(':id')
  @ApiZodBody(atualizarUsuarioSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarUsuarioSchema) dto: AtualizarUsuario) {
    return this.usuarios.atualizar(id, dto);
  }
}
