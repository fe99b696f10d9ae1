import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtendenteFilas,
  atendenteFilasSchema,
  type AtualizarAtendente,
  atualizarAtendenteSchema,
  type AtualizarStatusAtendente,
  atualizarStatusAtendenteSchema,
  type CriarAtendente,
  criarAtendenteSchema,
  type ListarAtendentesQuery,
  listarAtendentesQuerySchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { AtendenteException } from './atendente.exception.js';
import { AtendenteService } from './atendente.service.js';

/** The `:id` parameter: anything but a uuid is a 400 that names it. */
const ID = new ParseUUIDPipe({ exceptionFactory: () => AtendenteException.idInvalido() });

@ApiTags('atendentes')
@ApiBearerAuth()
@Controller('atendimento/atendentes')
export class AtendenteController {
  constructor(private readonly atendentes: AtendenteService) {}

  @Get()
  @ApiOperation({ summary: 'Atendentes da empresa (filtros status, filaId, ativo; paginado: { items, nextCursor })' })
  @ApiZodQuery(listarAtendentesQuerySchema)
  listar(@ZodQuery(listarAtendentesQuerySchema) query: ListarAtendentesQuery) {
    return this.atendentes.listar(query);
  }

  @Get('me')
  @ApiOperation({ summary: 'O atendente do usuário logado' })
  meu(@AtorAtual() ator: Ator) {
    return this.atendentes.meu(ator);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um atendente, com suas filas' })
  buscar(@Param('id', ID) id: string) {
    return this.atendentes.buscar(id);
  }

  @Post()
  @Papeis('admin')
  @ApiOperation({ summary: 'Cadastrar um usuário como atendente (filas, capacidade, máximo de tickets simultâneos)' })
  @ApiZodBody(criarAtendenteSchema)
  criar(@ZodBody(criarAtendenteSchema) dto: CriarAtendente) {
    return this.atendentes.criar(dto);
  }

  @Patch(':id')
  @Papeis('admin')
  @ApiOperation({ summary: 'Alterar um atendente (nome, máximo de tickets, ativo, filas)' })
  @ApiZodBody(atualizarAtendenteSchema)
  atualizar(@Param('id', ID) id: string, @ZodBody(atualizarAtendenteSchema) dto: AtualizarAtendente) {
    return this.atendentes.atualizar(id, dto);
  }

  @Put(':id/filas')
  @Papeis('admin')
  @ApiOperation({ summary: 'Definir a lista completa de filas do atendente: [{ filaId, capacidade }]' })
  @ApiZodBody(atendenteFilasSchema)
  definirFilas(@Param('id', ID) id: string, @ZodBody(atendenteFilasSchema) dto: AtendenteFilas) {
    return this.atendentes.definirFilas(id, dto);
  }

  @Patch(':id/status')
  @ApiOperation({ summary: 'Alterar o status (online, ausente, offline): o próprio atendente, ou supervisores e admins' })
  @ApiZodBody(atualizarStatusAtendenteSchema)
  alterarStatus(
    @Param('id', ID) id: string,
    @ZodBody(atualizarStatusAtendenteSchema) dto: AtualizarStatusAtendente,
    @AtorAtual() ator: Ator,
  ) {
    return this.atendentes.alterarStatus(id, dto, ator);
  }

  @Delete(':id')
  @Papeis('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um atendente sem tickets em aberto (para manter o histórico, desative com PATCH)' })
  remover(@Param('id', ID) id: string) {
    return this.atendentes.remover(id);
  }
}
