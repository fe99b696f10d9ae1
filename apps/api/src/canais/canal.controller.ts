import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AtualizarCanal,
  atualizarCanalSchema,
  type CriarCanal,
  criarCanalSchema,
  type ListarCanaisQuery,
  listarCanaisQuerySchema,
  type TestarMensagemCanal,
  testarMensagemCanalSchema,
} from '@atende/shared';
import { Papeis } from '../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/zod-api.decorators.js';
import { CanalErro, CanalException } from './canal.exception.js';
import { CanalService } from './canal.service.js';
import { OrigemRequisicao } from './origem-requisicao.decorator.js';

/** The `:id` parameter: anything but a uuid is a 400 that names it. */
const ID = new ParseUUIDPipe({
  exceptionFactory: () =>
    new CanalException(
      CanalErro.ID_INVALIDO,
      'id: o id do canal deve ser um UUID (como devolvido por GET /api/atendimento/canais).',
      {
        campo: 'id',
      },
    ),
});

@ApiTags('canais')
@ApiBearerAuth()
@Papeis('admin')
@Controller('atendimento/canais')
export class CanalController {
  constructor(private readonly canais: CanalService) {}

  @Get()
  @ApiOperation({ summary: 'Canais da empresa, credenciais mascaradas (paginado: { items, nextCursor })' })
  @ApiZodQuery(listarCanaisQuerySchema)
  listar(@ZodQuery(listarCanaisQuerySchema) query: ListarCanaisQuery, @OrigemRequisicao() origem: string) {
    return this.canais.listar(query, origem);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um canal, credenciais mascaradas, com a URL de webhook para configurar no provedor' })
  buscar(@Param('id', ID) id: string, @OrigemRequisicao() origem: string) {
    return this.canais.buscar(id, origem);
  }

  @Post()
  @ApiOperation({
    summary: 'Criar um canal',
    description:
      'WhatsApp: configuracao { phoneNumberId, businessAccountId, accessToken, appSecret, verifyToken }. ' +
      'Telegram: configuracao { botToken }. As credenciais são cifradas e voltam mascaradas; o verify token ' +
      'da Meta aparece em claro só nesta resposta, junto com a URL do webhook.',
  })
  @ApiZodBody(criarCanalSchema)
  criar(@ZodBody(criarCanalSchema) dto: CriarCanal, @OrigemRequisicao() origem: string) {
    return this.canais.criar(dto, origem);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Alterar um canal',
    description:
      'configuracao é parcial: campos omitidos, ou enviados de volta mascarados como a API os mostrou, mantêm o valor guardado.',
  })
  @ApiZodBody(atualizarCanalSchema)
  atualizar(@Param('id', ID) id: string, @ZodBody(atualizarCanalSchema) dto: AtualizarCanal, @OrigemRequisicao() origem: string) {
    return this.canais.atualizar(id, dto, origem);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um canal (o histórico fica; o número/conta fica livre para outro canal)' })
  remover(@Param('id', ID) id: string) {
    return this.canais.remover(id);
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'Verificar as credenciais com o provedor (token expirado, permissões…) e o último evento/erro' })
  status(@Param('id', ID) id: string, @OrigemRequisicao() origem: string) {
    return this.canais.verificarStatus(id, origem);
  }

  @Post(':id/sincronizar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sincronizar com o provedor: templates (WhatsApp) e/ou registro do webhook (Telegram)' })
  sincronizar(@Param('id', ID) id: string, @OrigemRequisicao() origem: string) {
    return this.canais.sincronizar(id, origem);
  }

  @Post(':id/testar-mensagem')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enviar um texto de teste direto pelo provedor (sem ticket)' })
  @ApiZodBody(testarMensagemCanalSchema)
  testarMensagem(@Param('id', ID) id: string, @ZodBody(testarMensagemCanalSchema) dto: TestarMensagemCanal) {
    return this.canais.testarMensagem(id, dto);
  }
}
