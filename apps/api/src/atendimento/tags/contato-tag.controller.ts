import { Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AplicarTag, aplicarTagSchema } from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { TagService } from './tag.service.js';

@ApiTags('tags')
@ApiBearerAuth()
@Controller('atendimento/contatos/:contatoId/tags')
export class ContatoTagController {
  constructor(private readonly tags: TagService) {}

  @Post()
  @ApiOperation({ summary: 'Aplicar uma tag ao contato; devolve as tags do contato' })
  @ApiZodBody(aplicarTagSchema)
  adicionar(
    @Param('contatoId', ParseUUIDPipe) contatoId: string,
    @ZodBody(aplicarTagSchema) dto: AplicarTag,
    @AtorAtual() ator: Ator,
  ) {
    return this.tags.adicionarAoContato(contatoId, dto.tagId, ator);
  }

  @Delete(':tagId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Tirar uma tag do contato' })
  remover(@Param('contatoId', ParseUUIDPipe) contatoId: string, @Param('tagId', ParseUUIDPipe) tagId: string) {
    return this.tags.removerDoContato(contatoId, tagId);
  }
}
