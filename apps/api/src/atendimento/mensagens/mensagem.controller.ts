import { Controller, Get, HttpCode, HttpStatus, Patch, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  enviarAnexoCamposSchema,
  enviarMensagemSchema,
  type ListarMensagensQuery,
  listarMensagensQuerySchema,
  mensagemPaginaSchema,
  mensagemSchema,
  ticketSchema,
} from '@atende/shared';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodQuery, ZodQuery } from '../../common/zod-api.decorators.js';
import { ApiZodResposta } from '../tickets/api-resposta.decorator.js';
import { IdParam } from '../tickets/id-param.decorator.js';
import { AnexoUploadInterceptor, TAMANHO_MAXIMO_ANEXO } from './anexo-upload.interceptor.js';
import { type CorpoDeEnvio, CorpoDeEnvioParam } from './corpo-de-envio.decorator.js';
import { MensagemService } from './mensagem.service.js';

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const multipartSchema = jsonSchema(enviarAnexoCamposSchema) as { properties?: Record<string, unknown> };

@ApiTags('mensagens')
@ApiBearerAuth()
@Controller('atendimento')
export class MensagemController {
  constructor(private readonly mensagens: MensagemService) {}

  @Get('tickets/:ticketId/mensagens')
  @ApiOperation({
    summary: 'Mensagens do ticket, das mais recentes para as mais antigas',
    description: 'nextCursor continua para trás no tempo e não muda quando chegam mensagens novas (busque as novas sem cursor).',
  })
  @ApiZodQuery(listarMensagensQuerySchema)
  @ApiZodResposta(mensagemPaginaSchema)
  listar(
    @IdParam('ticketId') ticketId: string,
    @ZodQuery(listarMensagensQuerySchema) query: ListarMensagensQuery,
    @AtorAtual() ator: Ator,
  ) {
    return this.mensagens.buscarMensagens(ticketId, query, ator);
  }

  @Post('tickets/:ticketId/mensagens')
  @UseInterceptors(AnexoUploadInterceptor)
  @ApiOperation({
    summary: 'Envia uma mensagem ao cliente (texto, template ou arquivo) ou registra uma nota interna',
    description:
      'JSON: {conteudo} (texto), {templateId | atalho, variaveis} (template), {conteudo, privada: true} (nota interna, nunca enviada), ' +
      `com respondeAId opcional (resposta citando). Arquivo: multipart/form-data com o arquivo no campo "arquivo" (até ${TAMANHO_MAXIMO_ANEXO / (1024 * 1024)} MB) ` +
      'e a legenda em "conteudo"; o tipo (imagem, audio, video, documento) vem do MIME. Responde 201 com a mensagem pendente; o envio ao canal é assíncrono. ' +
      '422 quando a política do canal recusa (ex.: janela de 24 h fechada: use um template).',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        jsonSchema(enviarMensagemSchema),
        {
          type: 'object',
          required: ['arquivo'],
          properties: { arquivo: { type: 'string', format: 'binary' }, ...(multipartSchema.properties ?? {}) },
        },
      ],
    },
  })
  @ApiZodResposta(mensagemSchema, HttpStatus.CREATED)
  enviar(@IdParam('ticketId') ticketId: string, @CorpoDeEnvioParam() envio: CorpoDeEnvio, @AtorAtual() ator: Ator) {
    return this.mensagens.enviarMensagem(ticketId, envio, ator);
  }

  @Post('tickets/:ticketId/ler')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Marca como lidas as mensagens do cliente (o atendente abriu a conversa)',
    description: 'Zera as não lidas e envia a confirmação de leitura ao canal para a última mensagem do cliente.',
  })
  @ApiZodResposta(ticketSchema)
  lerTicket(@IdParam('ticketId') ticketId: string, @AtorAtual() ator: Ator) {
    return this.mensagens.marcarTicketComoLido(ticketId, ator);
  }

  @Patch('mensagens/:id/ler')
  @ApiOperation({ summary: 'Marca como lidas as mensagens do cliente até esta (inclusive)' })
  @ApiZodResposta(mensagemSchema)
  ler(@IdParam('id') id: string, @AtorAtual() ator: Ator) {
    return this.mensagens.marcarComoLida(id, ator);
  }
}
