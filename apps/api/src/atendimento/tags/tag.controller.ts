import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarTag,
  atualizarTagSchema,
  type CriarTag,
  criarTagSchema,
  type ListarTagsQuery,
  listarTagsQuerySchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { TagService } from './tag.service.js';

@ApiTags('tags')
@ApiBearerAuth()
@Controller('atendimento/tags')
export class TagController {
  constructor(private readonly tags: TagService) {}

  @Get()
  @ApiOperation({ summary: 'Tags da empresa, em ordem alfabética (filtro q por nome; paginação por cursor)' })
  @ApiZodQuery(listarTagsQuerySchema)
  listar(@ZodQuery(listarTagsQuerySchema) query: ListarTagsQuery) {
    return this.tags.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Uma tag' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.tags.buscar(id);
  }

  @Post()
  @ApiOperation({ summary: 'Criar uma tag (nome único na empresa, sem diferenciar maiúsculas)' })
  @ApiZodBody(criarTagSchema)
  criar(@ZodBody(criarTagSchema) dto: CriarTag) {
    return this.tags.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Renomear ou recolorir uma tag (admin ou supervisor)' })
  @ApiZodBody(atualizarTagSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarTagSchema) dto: AtualizarTag) {
    return this.tags.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover uma tag de todos os tickets e contatos e apagá-la (admin ou supervisor)' })
  remover(@Param('id', ParseUUIDPipe) id: string, @AtorAtual() ator: Ator) {
    return this.tags.remover(id, ator);
  }
}
