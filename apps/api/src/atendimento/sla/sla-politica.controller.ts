import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarSlaPolitica,
  atualizarSlaPoliticaSchema,
  type CriarSlaPolitica,
  criarSlaPoliticaSchema,
} from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { SlaPoliticaService } from './sla-politica.service.js';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('atendimento/sla-politicas')
export class SlaPoliticaController {
  constructor(private readonly politicas: SlaPoliticaService) {}

  @Get()
  @ApiOperation({ summary: 'Políticas de SLA da empresa, na ordem de aplicação' })
  listar() {
    return this.politicas.listar();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Uma política de SLA' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.politicas.buscar(id);
  }

  @Post()
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Criar uma política de SLA (prazos em segundos, alerta em %, ação na violação)' })
  @ApiZodBody(criarSlaPoliticaSchema)
  criar(@ZodBody(criarSlaPoliticaSchema) dto: CriarSlaPolitica) {
    return this.politicas.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Alterar uma política de SLA (vale para os prazos planejados a partir de agora)' })
  @ApiZodBody(atualizarSlaPoliticaSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarSlaPoliticaSchema) dto: AtualizarSlaPolitica) {
    return this.politicas.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover uma política de SLA' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.politicas.remover(id);
  }
}
