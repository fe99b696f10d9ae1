import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarAutomacao,
  atualizarAutomacaoSchema,
  type CriarAutomacao,
  criarAutomacaoSchema,
  type ListarAutomacaoExecucoesQuery,
  listarAutomacaoExecucoesQuerySchema,
  type ReordenarAutomacoes,
  reordenarAutomacoesSchema,
} from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { AutomacaoService } from './automacao.service.js';

@ApiTags('automacoes')
@ApiBearerAuth()
@Papeis('admin', 'supervisor')
@Controller('atendimento/automacoes')
export class AutomacaoController {
  constructor(private readonly automacoes: AutomacaoService) {}

  @Get()
  @ApiOperation({ summary: 'Regras de automação da empresa, na ordem de execução' })
  listar() {
    return this.automacoes.listar();
  }

  @Put('ordem')
  @ApiOperation({ summary: 'Reordenar: ids de todas as regras, na nova ordem' })
  @ApiZodBody(reordenarAutomacoesSchema)
  reordenar(@ZodBody(reordenarAutomacoesSchema) dto: ReordenarAutomacoes) {
    return this.automacoes.reordenar(dto.ids);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Uma regra de automação' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.automacoes.buscar(id);
  }

  @Get(':id/execucoes')
  @ApiOperation({ summary: 'Log de execuções da regra (mais recentes primeiro, paginado)' })
  @ApiZodQuery(listarAutomacaoExecucoesQuerySchema)
  execucoes(
    @Param('id', ParseUUIDPipe) id: string,
    @ZodQuery(listarAutomacaoExecucoesQuerySchema) query: ListarAutomacaoExecucoesQuery,
  ) {
    return this.automacoes.execucoesDe(id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Criar uma regra: gatilho, condições (árvore e/ou) e ações' })
  @ApiZodBody(criarAutomacaoSchema)
  criar(@ZodBody(criarAutomacaoSchema) dto: CriarAutomacao) {
    return this.automacoes.criar(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Alterar uma regra' })
  @ApiZodBody(atualizarAutomacaoSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarAutomacaoSchema) dto: AtualizarAutomacao) {
    return this.automacoes.atualizar(id, dto);
  }

  @Post(':id/ativar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ativar uma regra' })
  ativar(@Param('id', ParseUUIDPipe) id: string) {
    return this.automacoes.definirAtivo(id, true);
  }

  @Post(':id/desativar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Desativar uma regra' })
  desativar(@Param('id', ParseUUIDPipe) id: string) {
    return this.automacoes.definirAtivo(id, false);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover uma regra (e o seu log)' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.automacoes.remover(id);
  }
}
