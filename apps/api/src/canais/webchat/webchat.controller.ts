import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type WebchatEnviarMensagem,
  type WebchatIniciarConversa,
  type WebchatListarMensagensQuery,
  webchatEnviarMensagemSchema,
  webchatIniciarConversaSchema,
  webchatListarMensagensQuerySchema,
} from '@atende/shared';
import { AnexoUploadInterceptor } from '../../atendimento/mensagens/anexo-upload.interceptor.js';
import { Publico } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { WebchatService } from './webchat.service.js';

type RequisicaoComArquivo = Request & { file?: Express.Multer.File };

/**
 * The public visitor API of the WebChat widget (no agent login): `:chave` is the canal's public key, the page's
 * Origin must be allowed by the canal, and every call after the pre-chat carries the visitor token.
 */
@ApiTags('webchat')
@Publico()
@Controller('atendimento/webchat')
export class WebchatController {
  constructor(private readonly webchat: WebchatService) {}

  @Get('widget.js')
  @ApiOperation({ summary: 'O widget (script) para colar nos sites: <script src=".../widget.js" data-atende-key="wc_...">' })
  widget(@Res() response: Response): void {
    this.webchat.servirWidget(response);
  }

  @Get(':chave/config')
  @ApiOperation({ summary: 'Título, cor, saudação, idioma e campos do pré-chat do WebChat' })
  config(@Param('chave') chave: string, @Headers('origin') origem: string | undefined) {
    return this.webchat.configPublica(chave, origem);
  }

  @Post(':chave/conversas')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Iniciar uma conversa (pré-chat): cria ou encontra o contato (pelo e-mail) e devolve o token do visitante',
  })
  @ApiZodBody(webchatIniciarConversaSchema)
  iniciar(
    @Param('chave') chave: string,
    @Headers('origin') origem: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @ZodBody(webchatIniciarConversaSchema) dto: WebchatIniciarConversa,
  ) {
    return this.webchat.iniciarConversa(chave, origem, request.ip ?? 'desconhecido', dto, (nome, valor) =>
      response.setHeader(nome, valor),
    );
  }

  @Get(':chave/mensagens')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mensagens da conversa do próprio visitante (sem notas internas), da mais antiga à mais recente' })
  @ApiZodQuery(webchatListarMensagensQuerySchema)
  listar(
    @Param('chave') chave: string,
    @Headers('origin') origem: string | undefined,
    @Headers('authorization') autorizacao: string | undefined,
    @ZodQuery(webchatListarMensagensQuerySchema) query: WebchatListarMensagensQuery,
  ) {
    return this.webchat.listarMensagens({ chave, origem, autorizacao }, query);
  }

  @Post(':chave/mensagens')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Enviar um texto como visitante ({ id, texto }; o id gerado pelo cliente torna o reenvio idempotente)',
    description: 'Limite por visitante (limiteMensagensPorMinuto do canal): 429 com Retry-After.',
  })
  @ApiZodBody(webchatEnviarMensagemSchema)
  enviar(
    @Param('chave') chave: string,
    @Headers('origin') origem: string | undefined,
    @Headers('authorization') autorizacao: string | undefined,
    @Res({ passthrough: true }) response: Response,
    @ZodBody(webchatEnviarMensagemSchema) dto: WebchatEnviarMensagem,
  ) {
    return this.webchat.enviarMensagem({ chave, origem, autorizacao }, dto, (nome, valor) => response.setHeader(nome, valor));
  }

  @Post(':chave/anexos')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Enviar um arquivo como visitante (multipart: arquivo, id e texto opcional como legenda)' })
  @UseInterceptors(AnexoUploadInterceptor)
  anexo(
    @Param('chave') chave: string,
    @Headers('origin') origem: string | undefined,
    @Headers('authorization') autorizacao: string | undefined,
    @Req() request: RequisicaoComArquivo,
    @Res({ passthrough: true }) response: Response,
  ) {
    const arquivo = request.file;
    return this.webchat.enviarAnexo(
      { chave, origem, autorizacao },
      (request.body ?? {}) as Record<string, unknown>,
      arquivo === undefined ? undefined : { dados: arquivo.buffer, nome: arquivo.originalname, mimeType: arquivo.mimetype },
      (nome, valor) => response.setHeader(nome, valor),
    );
  }

  @Get(':chave/mensagens/:id/anexo')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Baixar o arquivo de uma mensagem da conversa do próprio visitante' })
  baixar(
    @Param('chave') chave: string,
    @Param('id') id: string,
    @Headers('origin') origem: string | undefined,
    @Headers('authorization') autorizacao: string | undefined,
  ) {
    return this.webchat.baixarAnexo({ chave, origem, autorizacao }, id);
  }
}
