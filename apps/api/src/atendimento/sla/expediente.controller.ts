import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarExpediente,
  atualizarExpedienteSchema,
  type CriarExpediente,
  criarExpedienteSchema,
  type SituacaoExpedienteQuery,
  situacaoExpedienteQuerySchema,
} from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { ExpedienteService } from './expediente.service.js';

@ApiTags('expedientes')
@ApiBearerAuth()
@Controller('atendimento/expedientes')
export class ExpedienteController {
  constructor(private readonly expedientes: ExpedienteService) {}

  @Get()
  @ApiOperation({ summary: 'Expedientes (horários de atendimento) da empresa, o padrão primeiro' })
  listar() {
    return this.expedientes.listar();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um expediente, com todas as versões do horário' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.expedientes.buscar(id);
  }

  @Get(':id/situacao')
  @ApiOperation({ summary: 'Se o expediente está aberto em um instante (padrão: agora) e a próxima abertura' })
  @ApiZodQuery(situacaoExpedienteQuerySchema)
  situacao(@Param('id', ParseUUIDPipe) id: string, @ZodQuery(situacaoExpedienteQuerySchema) query: SituacaoExpedienteQuery) {
    return this.expedientes.situacao(id, query.em);
  }

  @Post()
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Criar um expediente (o primeiro vira o padrão; carrega os feriados nacionais)' })
  @ApiZodBody(criarExpedienteSchema)
  criar(@ZodBody(criarExpedienteSchema) dto: CriarExpediente) {
    return this.expedientes.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Alterar um expediente (novo horário vale a partir de agora; o histórico guarda o anterior)' })
  @ApiZodBody(atualizarExpedienteSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarExpedienteSchema) dto: AtualizarExpediente) {
    return this.expedientes.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um expediente (filas e políticas passam a usar o padrão)' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.expedientes.remover(id);
  }
}
