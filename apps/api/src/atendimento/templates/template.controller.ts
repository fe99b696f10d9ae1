import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarTemplate,
  atualizarTemplateSchema,
  type CriarTemplate,
  criarTemplateSchema,
  type ListarTemplatesQuery,
  listarTemplatesQuerySchema,
  type PrevisualizarTemplate,
  previsualizarTemplateSchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { TemplateService } from './template.service.js';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('atendimento/templates')
export class TemplateController {
  constructor(private readonly templates: TemplateService) {}

  @Get()
  @ApiOperation({
    summary: 'Templates (atalho=/sau busca por prefixo do atalho; q por nome, atalho e texto; paginação por cursor)',
  })
  @ApiZodQuery(listarTemplatesQuerySchema)
  listar(@ZodQuery(listarTemplatesQuerySchema) query: ListarTemplatesQuery) {
    return this.templates.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um template' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.templates.buscar(id);
  }

  @Post()
  @Papeis('admin')
  @ApiOperation({
    summary: 'Criar um template com categoria, atalho (/saudacao) e variáveis {{contato.nome}}, {{pedido}}… (admin)',
  })
  @ApiZodBody(criarTemplateSchema)
  criar(@ZodBody(criarTemplateSchema) dto: CriarTemplate) {
    return this.templates.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin')
  @ApiOperation({ summary: 'Alterar um template (admin; os sincronizados do WhatsApp só aceitam categoria, atalho e ativo)' })
  @ApiZodBody(atualizarTemplateSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarTemplateSchema) dto: AtualizarTemplate) {
    return this.templates.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um template (admin)' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.templates.remover(id);
  }

  @Post(':id/previsualizar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Texto do template com as variáveis preenchidas (422 lista as que ficaram sem valor)' })
  @ApiZodBody(previsualizarTemplateSchema)
  previsualizar(
    @Param('id', ParseUUIDPipe) id: string,
    @ZodBody(previsualizarTemplateSchema) dto: PrevisualizarTemplate,
    @AtorAtual() ator: Ator,
  ) {
    return this.templates.previsualizar(id, dto, ator);
  }
}
