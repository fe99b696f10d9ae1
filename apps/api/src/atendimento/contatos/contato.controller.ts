import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarContato,
  atualizarContatoSchema,
  type CriarContato,
  criarContatoSchema,
  type ListarContatosQuery,
  listarContatosQuerySchema,
  type MesclarContato,
  mesclarContatoSchema,
} from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { ContatoService } from './contato.service.js';

@ApiTags('contatos')
@ApiBearerAuth()
@Controller('atendimento/contatos')
export class ContatoController {
  constructor(private readonly contatos: ContatoService) {}

  @Get()
  @ApiOperation({ summary: 'Contatos da empresa (busca por nome, telefone ou e-mail; filtro por tag; paginação por cursor)' })
  @ApiZodQuery(listarContatosQuerySchema)
  listar(@ZodQuery(listarContatosQuerySchema) query: ListarContatosQuery) {
    return this.contatos.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um contato, com as identidades de canal e as tags' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.contatos.buscar(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Criar um contato (telefone normalizado para E.164; 409 se o telefone ou e-mail já for de outro contato)',
  })
  @ApiZodBody(criarContatoSchema)
  criar(@ZodBody(criarContatoSchema) dto: CriarContato) {
    return this.contatos.criar(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Alterar nome, telefone, e-mail, campos personalizados, observações ou bloqueio' })
  @ApiZodBody(atualizarContatoSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarContatoSchema) dto: AtualizarContato) {
    return this.contatos.atualizar(id, dto);
  }

  @Delete(':id')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um contato sem tickets (admin ou supervisor)' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.contatos.remover(id);
  }

  @Post(':id/mesclar')
  @Papeis('admin', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Mesclar outro contato neste: identidades, tickets, mensagens e tags passam para este (admin ou supervisor; idempotente)',
  })
  @ApiZodBody(mesclarContatoSchema)
  mesclar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(mesclarContatoSchema) dto: MesclarContato, @AtorAtual() ator: Ator) {
    return this.contatos.mesclar(id, dto, ator);
  }
}
