import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarFila,
  atualizarFilaSchema,
  type CriarFila,
  criarFilaSchema,
  type DefinirAtendentesDaFila,
  definirAtendentesDaFilaSchema,
  type ListarFilasQuery,
  listarFilasQuerySchema,
} from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { FilaException } from './fila.exception.js';
import { FilaService } from './fila.service.js';

/** The `:id` parameter: anything but a uuid is a 400 that names it. */
const ID = new ParseUUIDPipe({ exceptionFactory: () => FilaException.idInvalido() });

@ApiTags('filas')
@ApiBearerAuth()
@Controller('atendimento/filas')
export class FilaController {
  constructor(private readonly filas: FilaService) {}

  @Get()
  @ApiOperation({ summary: 'Filas da empresa (paginado: { items, nextCursor })' })
  @ApiZodQuery(listarFilasQuerySchema)
  listar(@ZodQuery(listarFilasQuerySchema) query: ListarFilasQuery) {
    return this.filas.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Uma fila, com seus atendentes' })
  buscar(@Param('id', ID) id: string) {
    return this.filas.buscar(id);
  }

  @Post()
  @Papeis('admin')
  @ApiOperation({ summary: 'Criar uma fila (estratégia de distribuição, SLA padrão, mensagens)' })
  @ApiZodBody(criarFilaSchema)
  criar(@ZodBody(criarFilaSchema) dto: CriarFila) {
    return this.filas.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin')
  @ApiOperation({ summary: 'Alterar uma fila' })
  @ApiZodBody(atualizarFilaSchema)
  atualizar(@Param('id', ID) id: string, @ZodBody(atualizarFilaSchema) dto: AtualizarFila) {
    return this.filas.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover uma fila sem tickets em aberto (para manter o histórico, desative com PATCH)' })
  remover(@Param('id', ID) id: string) {
    return this.filas.remover(id);
  }

  @Get(':id/atendentes')
  @ApiOperation({ summary: 'Atendentes da fila, com a capacidade de cada um nela' })
  listarAtendentes(@Param('id', ID) id: string) {
    return this.filas.listarAtendentes(id);
  }

  @Put(':id/atendentes')
  @Papeis('admin')
  @ApiOperation({ summary: 'Definir a lista completa de atendentes da fila: [{ atendenteId, capacidade }]' })
  @ApiZodBody(definirAtendentesDaFilaSchema)
  definirAtendentes(@Param('id', ID) id: string, @ZodBody(definirAtendentesDaFilaSchema) dto: DefinirAtendentesDaFila) {
    return this.filas.definirAtendentes(id, dto);
  }
}
