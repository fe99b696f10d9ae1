import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarFeriado,
  atualizarFeriadoSchema,
  type CarregarFeriadosNacionais,
  carregarFeriadosNacionaisSchema,
  type CriarFeriado,
  criarFeriadoSchema,
  type ListarFeriadosQuery,
  listarFeriadosQuerySchema,
} from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { ExpedienteService } from './expediente.service.js';

@ApiTags('expedientes')
@ApiBearerAuth()
@Controller('atendimento/feriados')
export class FeriadoController {
  constructor(private readonly expedientes: ExpedienteService) {}

  @Get()
  @ApiOperation({ summary: 'Feriados da empresa por data (filtros: ano, expedienteId)' })
  @ApiZodQuery(listarFeriadosQuerySchema)
  listar(@ZodQuery(listarFeriadosQuerySchema) query: ListarFeriadosQuery) {
    return this.expedientes.listarFeriados(query);
  }

  @Post()
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Criar um feriado (dia fechado, ou horário reduzido com intervalos)' })
  @ApiZodBody(criarFeriadoSchema)
  criar(@ZodBody(criarFeriadoSchema) dto: CriarFeriado) {
    return this.expedientes.criarFeriado(dto);
  }

  @Post('nacionais')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Carregar os feriados nacionais do Brasil de um ano (datas já cadastradas ficam como estão)' })
  @ApiZodBody(carregarFeriadosNacionaisSchema)
  carregarNacionais(@ZodBody(carregarFeriadosNacionaisSchema) dto: CarregarFeriadosNacionais) {
    return this.expedientes.carregarNacionais(dto.ano);
  }

  @Patch(':id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Alterar um feriado' })
  @ApiZodBody(atualizarFeriadoSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarFeriadoSchema) dto: AtualizarFeriado) {
    return this.expedientes.atualizarFeriado(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um feriado (inclusive um nacional: a empresa trabalha nesse dia)' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.expedientes.removerFeriado(id);
  }
}
