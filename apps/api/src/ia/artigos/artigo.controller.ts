import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  type AtualizarArtigo,
  atualizarArtigoSchema,
  type CriarArtigo,
  criarArtigoSchema,
  type ListarArtigosQuery,
  listarArtigosQuerySchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { IaException } from '../ia.exception.js';
import { ArtigoService } from './artigo.service.js';
import { ImportacaoUploadInterceptor } from './importacao-upload.interceptor.js';

const idDoArtigo = new ParseUUIDPipe({ exceptionFactory: () => IaException.idInvalido('id') });

@ApiTags('ia')
@ApiBearerAuth()
@Controller('atendimento/artigos')
export class ArtigoController {
  constructor(private readonly artigos: ArtigoService) {}

  @Get()
  @ApiOperation({ summary: 'Artigos da base de conhecimento (q: busca no título e no conteúdo)' })
  @ApiZodQuery(listarArtigosQuerySchema)
  listar(@ZodQuery(listarArtigosQuerySchema) query: ListarArtigosQuery) {
    return this.artigos.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um artigo' })
  buscar(@Param('id', idDoArtigo) id: string) {
    return this.artigos.buscar(id);
  }

  @Post()
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Criar um artigo (admin ou supervisor)' })
  @ApiZodBody(criarArtigoSchema)
  criar(@ZodBody(criarArtigoSchema) dto: CriarArtigo, @AtorAtual() ator: Ator) {
    return this.artigos.criar(dto, ator);
  }

  @Post('importar')
  @Papeis('admin', 'supervisor')
  @UseInterceptors(ImportacaoUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Importar artigos de arquivos .md (um por arquivo ou um por título "# ") e .csv (titulo,conteudo,categoria,tags,publicado) no campo "arquivos"; tudo ou nada, 400 com as linhas inválidas',
  })
  importar(@Req() request: Request, @AtorAtual() ator: Ator) {
    const arquivos = (Array.isArray(request.files) ? request.files : []).map((f) => ({
      nome: f.originalname,
      mimeTipo: f.mimetype,
      dados: f.buffer,
    }));
    return this.artigos.importar(arquivos, ator);
  }

  @Patch(':id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Alterar um artigo (admin ou supervisor)' })
  @ApiZodBody(atualizarArtigoSchema)
  atualizar(@Param('id', idDoArtigo) id: string, @ZodBody(atualizarArtigoSchema) dto: AtualizarArtigo) {
    return this.artigos.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Apagar um artigo (admin ou supervisor)' })
  remover(@Param('id', idDoArtigo) id: string) {
    return this.artigos.remover(id);
  }
}
