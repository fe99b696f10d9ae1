import { Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AplicarTag, aplicarTagSchema } from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { TagService } from './tag.service.js';

@ApiTags('tags')
@ApiBearerAuth()
@Controller('atendimento/tickets/:ticketId/tags')
export class TicketTagController {
  constructor(private readonly tags: TagService) {}

  @Post()
  @ApiOperation({ summary: 'Aplicar uma tag ao ticket (registra evento tag_adicionada); devolve as tags do ticket' })
  @ApiZodBody(aplicarTagSchema)
  adicionar(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @ZodBody(aplicarTagSchema) dto: AplicarTag,
    @AtorAtual() ator: Ator,
  ) {
    return this.tags.adicionarAoTicket(ticketId, dto.tagId, ator);
  }

  @Delete(':tagId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Tirar uma tag do ticket (registra evento tag_removida)' })
  remover(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Param('tagId', ParseUUIDPipe) tagId: string,
    @AtorAtual() ator: Ator,
  ) {
    return this.tags.removerDoTicket(ticketId, tagId, ator);
  }
}
